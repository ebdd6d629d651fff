// Deriving prefilter.hpp's literals: an abstract run of each program in which
// a stack entry holds what the text must contain for that entry to be true.
#include "prefilter.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

namespace carl {
namespace {

// Shorter literals would match nearly every event and only cost scan time.
constexpr std::size_t shortest_literal = 3;

// What a truth value being true requires: one of `alts` in the text. With
// `any` nothing is known; with no alts (and not `any`) it is never true.
struct need {
    bool any = true;
    std::vector<std::string> alts;
};

need never() {
    return {false, {}};
}

need either(const need& x, const need& y) {
    if (x.any || y.any)
        return {};
    need out = x;
    for (const std::string& alt : y.alts)
        if (std::find(out.alts.begin(), out.alts.end(), alt) == out.alts.end())
            out.alts.push_back(alt);
    return out;
}

// Words in nearly every Windows event: a literal made of one is a poor
// filter however long it is.
bool common(std::string_view literal) {
    static const char* const words[] = {
        "windows",       "system32", "syswow64", "microsoft",
        "program files", "users",    "appdata",  ".exe",
        ".dll",          "c:",       "local",    "temp"};
    for (const char* word : words)
        if (std::string_view(word).find(literal) != std::string_view::npos)
            return true;
    return false;
}

// How selective a literal is: not a common word, then longer.
std::pair<bool, std::size_t> strength(std::string_view literal) {
    return {!common(literal), literal.size()};
}

// How selective a need is: its weakest literal, then fewer of them.
std::tuple<bool, std::size_t, std::size_t> strength(const need& n) {
    std::pair<bool, std::size_t> weakest{true, ~std::size_t(0)};
    for (const std::string& alt : n.alts)
        weakest = std::min(weakest, strength(alt));
    return {weakest.first, weakest.second, ~n.alts.size()};
}

// Both must be true: either need alone is a sound requirement; keep the more
// selective one.
need both(const need& x, const need& y) {
    if (x.any)
        return y;
    if (y.any)
        return x;
    if (x.alts.empty() || y.alts.empty())
        return never();
    return strength(x) >= strength(y) ? x : y;
}

// Whether a mapped value is always a piece of one raw JSON string or number,
// so that a literal in the value is also in the event's text.
bool keeps_text(field_transform transform) {
    switch (transform) {
    case field_transform::copy:
    case field_transform::basename:
    case field_transform::md5:
    case field_transform::sha1:
    case field_transform::sha256:
    case field_transform::imphash:
        return true;
    }
    return false;
}

bool field_keeps_text(const mapping_set& mappings, type_id type,
                      std::uint32_t slot) {
    for (const mapping_rule& rule : mappings.rules()) {
        if (rule.type != type)
            continue;
        for (const field_rule& field : rule.fields)
            if (field.slot == slot && !keeps_text(field.transform))
                return false;
    }
    return true;
}

// JSON may escape these; a literal is cut at them rather than guessing how.
bool escapable(char c) {
    return c == '"' || c == '\\' || c == '/' || std::uint8_t(c) < 0x20;
}

// The most selective run of `segments` (folded text between stars) that
// JSON writes as it is; empty when none is long enough.
std::string best_piece(const std::vector<std::string>& segments) {
    std::string best;
    for (const std::string& segment : segments) {
        std::size_t start = 0;
        for (std::size_t i = 0; i <= segment.size(); ++i) {
            if (i < segment.size() && !escapable(segment[i]))
                continue;
            const std::string piece = segment.substr(start, i - start);
            if (piece.size() >= shortest_literal &&
                (best.empty() || strength(piece) > strength(best)))
                best = piece;
            start = i + 1;
        }
    }
    return best;
}

need any_of(const std::vector<std::string>& literals) {
    need out = never();
    for (const std::string& literal : literals) {
        std::string piece = best_piece({literal});
        if (piece.empty())
            return {};
        out = either(out, need{false, {std::move(piece)}});
    }
    return out;
}

// A value equal to the integer n is n in hex, which starts "0x" in either
// case, or n in decimal, which holds the digits of |n| whatever its sign,
// leading zeros or fraction of zeros; and so is the literal, when the value
// is text and compared as text. Fractions and short numbers give nothing.
need from_number(const number& n) {
    if (!n.integral)
        return {};
    const std::uint64_t magnitude =
        n.integer < 0 ? 0 - std::uint64_t(n.integer) : std::uint64_t(n.integer);
    std::string digits = std::to_string(magnitude);
    if (digits.size() < shortest_literal)
        return {};
    return need{false, {std::move(digits), "0x"}};
}

// A test that holds only when the value contains one of its literals.
// RE2 folds case beyond ASCII ('k' matches the Kelvin sign), so a regex's
// literals hold only for text that is all ASCII: `ascii_only` says so.
need from_test(const test& t, bool& ascii_only) {
    if (t.negated())
        return {};
    if (t.kind() == test_kind::regex) {
        const auto literals = t.regex_literals();
        if (!literals)
            return {};
        ascii_only = true;
        return any_of(*literals);
    }
    if (t.kind() != test_kind::equals && t.kind() != test_kind::in_list)
        return {};
    if (t.has_networks()) // "10.0.0.0/8" holds for "10.1.2.3"
        return {};
    need out = never();
    for (const literal_test& literal : t.literals()) {
        need one = literal.as_number
                       ? from_number(*literal.as_number)
                       : any_of({best_piece(literal.text.segments())});
        if (one.any)
            return {};
        out = either(out, one);
    }
    return out;
}

using stack = std::vector<need>;

void merge_into(std::optional<stack>& at, const stack& incoming) {
    if (!at) {
        at = incoming;
        return;
    }
    for (std::size_t i = 0; i < incoming.size(); ++i)
        (*at)[i] = either((*at)[i], incoming[i]);
}

// Runs `p` over needs instead of truth values. Jumps go forward, so one pass
// sees every path into an instruction before the instruction itself.
need derive(const predicate& p, const mapping_set& mappings, bool& ascii_only) {
    if (!mappings.covers(p.type))
        return never(); // no event of its object:action ever comes

    std::vector<std::optional<stack>> jumps_to(p.code.size() + 1);
    stack s;
    bool live = true; // whether the previous instruction falls through
    need result = never();
    for (std::size_t pc = 0; pc < p.code.size(); ++pc) {
        if (jumps_to[pc]) {
            if (live)
                merge_into(jumps_to[pc], s);
            s = *jumps_to[pc];
            live = true;
        }
        if (!live)
            continue;

        const instruction& in = p.code[pc];
        switch (in.op) {
        case opcode::test_field:
            s.push_back(field_keeps_text(mappings, p.type, in.a)
                            ? from_test(p.tests[in.b], ascii_only)
                            : need{});
            break;
        case opcode::test_exists:
        case opcode::compare_fields:
        case opcode::field_in_field:
            s.push_back({});
            break;
        case opcode::push_bool:
            s.push_back(in.a == 1 ? need{} : never());
            break;
        case opcode::logical_not:
            s.back() = {};
            break;
        case opcode::logical_and:
        case opcode::logical_or: {
            need y = std::move(s.back());
            s.pop_back();
            s.back() = in.op == opcode::logical_and ? both(s.back(), y)
                                                    : either(s.back(), y);
            break;
        }
        case opcode::jump_if_false: {
            stack taken = s; // jumped only when false: never true there
            taken.back() = never();
            merge_into(jumps_to[pc + in.a], taken);
            break;
        }
        case opcode::jump_if_true:
            merge_into(jumps_to[pc + in.a], s);
            break;
        case opcode::return_top:
            result = either(result, s.back());
            live = false;
            break;
        }
    }
    return result;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whether the text can be one JSON object; one that cannot is decoded, so
// that its error is reported rather than skipped. Loops of their own:
// find_first_not_of calls memchr over its set for each character.
bool object_shaped(std::string_view json) {
    std::size_t first = 0, end = json.size();
    while (first < end && is_blank(json[first]))
        ++first;
    while (end > first && is_blank(json[end - 1]))
        --end;
    return first < end && json[first] == '{' && json[end - 1] == '}';
}

// Whether to scan every line for every literal before reading its event id.
// The scan of many literals costs several times the id's, so it pays only
// when it rules out most lines, and a short or common literal lets most
// lines through (docs/performance.md).
bool worth_scanning_first(const std::vector<std::string>& literals) {
    if (literals.size() <= 4)
        return true;
    for (const std::string& literal : literals)
        if (literal.size() < 4 || common(literal))
            return false;
    return true;
}

bool all_possible(std::vector<std::uint8_t>& possible) {
    possible.assign(possible.size(), 1);
    return true;
}

} // namespace

prefilter::prefilter(const std::vector<const predicate*>& programs,
                     const mapping_set& mappings) {
    m_active = !programs.empty();
    std::vector<bool> needs_any;
    for (const predicate* program : programs) {
        bool from_regex = false;
        const need n = derive(*program, mappings, from_regex);
        std::vector<std::uint32_t> ids;
        for (const std::string& alt : n.alts) {
            auto at = std::find(m_literals.begin(), m_literals.end(), alt);
            ids.push_back(std::uint32_t(at - m_literals.begin()));
            if (at == m_literals.end())
                m_literals.push_back(alt);
        }
        needs_any.push_back(n.any);
        m_rule_literals.push_back(std::move(ids));
        m_ascii_only.push_back(from_regex && !n.any);
    }

    // Every rule, for an event whose text does not tell its id; its
    // scanner's ids are m_literals' own, as it meets them in that order.
    std::vector<std::uint32_t> every(programs.size());
    std::iota(every.begin(), every.end(), 0u);
    m_scan_first = std::none_of(needs_any.begin(), needs_any.end(),
                                [](bool any) { return any; }) &&
                   worth_scanning_first(m_literals);
    m_routes.push_back(make_route(every, needs_any, true, m_scan_first));
    if (m_scan_first && !m_routes[0].decode_all)
        m_first_plain = literal_scanner(m_literals);

    // One route per set of rules that the object:actions of an event id
    // read; Sysmon's 1 and Security's 4688 share process:create's.
    std::map<std::uint32_t, std::vector<type_id>> types_of_id;
    for (const mapping_rule& rule : mappings.rules())
        types_of_id[std::uint32_t(std::stoul(rule.event_id))].push_back(
            rule.type);
    std::map<std::vector<std::uint32_t>, std::uint32_t> route_of_rules;
    route_of_rules.emplace(every, 0);
    for (auto& [id, types] : types_of_id) {
        std::sort(types.begin(), types.end());
        std::vector<std::uint32_t> rules;
        for (std::uint32_t rule : every)
            if (std::binary_search(types.begin(), types.end(),
                                   programs[rule]->type))
                rules.push_back(rule);
        const auto [at, added] =
            route_of_rules.emplace(rules, std::uint32_t(m_routes.size()));
        if (added)
            m_routes.push_back(
                make_route(std::move(rules), needs_any, !m_scan_first, false));
        m_route_of_id.emplace_back(id, at->second);
    }
    index_small_ids();
}

// Windows event ids fit 16 bits: a table of those costs at most 256 KiB,
// and the ids of one log, a few cache lines.
void prefilter::index_small_ids() {
    constexpr std::uint32_t small_ids = 1u << 16;
    for (const auto& [id, index] : m_route_of_id) {
        if (id >= small_ids)
            break;
        m_route_by_id.resize(id + 1, 0);
        m_route_by_id[id] = index + 1;
    }
}

prefilter::route prefilter::make_route(std::vector<std::uint32_t> rules,
                                       const std::vector<bool>& needs_any,
                                       bool scanner, bool escapes) const {
    route r;
    r.rules = std::move(rules);

    // The route's literals, by the ids its hits will have.
    std::vector<std::uint32_t> ids; // in m_literals, by hit id
    for (std::uint32_t rule : r.rules) {
        r.decode_all = r.decode_all || needs_any[rule];
        r.ascii_only = r.ascii_only || m_ascii_only[rule];
        for (std::uint32_t id : m_rule_literals[rule])
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                ids.push_back(id);
    }
    if (!scanner) {
        ids.resize(m_literals.size());
        std::iota(ids.begin(), ids.end(), 0u);
    }

    // For each hit id, the rules with that literal.
    r.first_rule.push_back(0);
    for (std::uint32_t id : ids) {
        for (std::uint32_t rule : r.rules) {
            const auto& mine = m_rule_literals[rule];
            if (std::find(mine.begin(), mine.end(), id) != mine.end())
                r.rule_list.push_back(rule);
        }
        r.first_rule.push_back(std::uint32_t(r.rule_list.size()));
    }

    if (!r.decode_all && !r.rules.empty() && scanner) {
        std::vector<std::string> literals;
        for (std::uint32_t id : ids)
            literals.push_back(m_literals[id]);
        r.scanner = literal_scanner(std::move(literals), escapes);
    }
    r.decode_all = r.decode_all || !r.scanner.ok();
    return r;
}

void prefilter::prepare(prefilter_scratch& scratch) const {
    scratch.ready = m_first_plain.prepare(scratch.space);
    for (const route& r : m_routes)
        scratch.ready = scratch.ready && r.scanner.prepare(scratch.space);
}

// The route of events with this id, or null when no mapping routes it.
const prefilter::route* prefilter::route_for(std::uint32_t event_id) const {
    if (event_id < m_route_by_id.size()) {
        const std::uint32_t index = m_route_by_id[event_id];
        return index ? &m_routes[index - 1] : nullptr;
    }
    auto at = std::lower_bound(
        m_route_of_id.begin(), m_route_of_id.end(), event_id,
        [](const auto& entry, std::uint32_t id) { return entry.first < id; });
    if (at == m_route_of_id.end() || at->first != event_id)
        return nullptr;
    return &m_routes[at->second];
}

// The route of the event id the marks found; null when no rule can see the
// event: it names no id, or one that no mapping routes, or whose
// object:actions no loaded analytic reads.
const prefilter::route* prefilter::route_of(std::string_view json,
                                            const line_marks& marks) const {
    const event_id_scan found = read_event_id(json, marks);
    if (found.status == event_id_status::none)
        return nullptr;
    if (found.status == event_id_status::unclear)
        return &m_routes[0];
    const route* r = route_for(found.id);
    return r && !r->rules.empty() ? r : nullptr;
}

// A regex's literals hold only for ASCII text: on a line with another byte,
// the rules of `r` that a regex gave literals may match whatever it holds.
// Returns whether it admitted any.
bool prefilter::admit_regex_rules(const route& r, bool non_ascii,
                                  std::vector<std::uint8_t>& possible) const {
    if (!r.ascii_only || !non_ascii)
        return false;
    for (std::uint32_t rule : r.rules)
        possible[rule] = possible[rule] || m_ascii_only[rule];
    return true;
}

// Marks the rules that the hits make possible, going by the hits' bits:
// few are set. Returns whether any rule was marked.
bool prefilter::mark(const route& r, const literal_hits& hits,
                     std::vector<std::uint8_t>& possible) {
    bool any = false;
    for (std::size_t word = 0; word < hits.size(); ++word) {
        for (std::uint64_t bits = hits[word]; bits; bits &= bits - 1) {
            const std::size_t id =
                word * 64 + std::size_t(__builtin_ctzll(bits));
            for (std::uint32_t k = r.first_rule[id]; k < r.first_rule[id + 1];
                 ++k)
                possible[r.rule_list[k]] = 1;
            any = any || r.first_rule[id] < r.first_rule[id + 1];
        }
    }
    return any;
}

bool prefilter::scan(std::string_view json, std::vector<std::uint8_t>& possible,
                     prefilter_scratch& scratch,
                     const line_marks* marks) const {
    possible.resize(m_rule_literals.size());
    if (!object_shaped(json) || !scratch.ready ||
        (marks && marks->unicode_escape))
        return all_possible(possible);
    return m_scan_first ? scan_first(json, possible, scratch, marks)
                        : route_first(json, possible, scratch, marks);
}

// Every literal first, and \u escapes in the same pass unless the marks
// told them: most lines hold neither.
bool prefilter::scan_first(std::string_view json,
                           std::vector<std::uint8_t>& possible,
                           prefilter_scratch& scratch,
                           const line_marks* marks) const {
    const route& every = m_routes[0];
    bool escape = false;
    const bool scanned =
        marks ? m_first_plain.scan(json, scratch.hits, scratch.space)
              : every.scanner.scan(json, scratch.hits, scratch.space, &escape);
    if (!scanned || escape)
        return all_possible(possible);
    if (literal_scanner::any(scratch.hits))
        return route_first(json, possible, scratch, marks);
    if (!every.ascii_only)
        return false;
    possible.assign(possible.size(), 0);
    return admit_regex_rules(every, has_non_ascii(json), possible);
}

// The event id first, then the literals of its route's rules (found
// already when scan_first() ran).
bool prefilter::route_first(std::string_view json,
                            std::vector<std::uint8_t>& possible,
                            prefilter_scratch& scratch,
                            const line_marks* known) const {
    const line_marks marks = known && known->keys_known
                                 ? *known
                                 : find_marks(json, true, scratch.lines);
    if (marks.unicode_escape)
        return all_possible(possible);
    possible.assign(possible.size(), 0);
    const route* r = route_of(json, marks);
    if (!r)
        return false;
    if (r->decode_all) {
        for (std::uint32_t rule : r->rules)
            possible[rule] = 1;
        return true;
    }
    // Without the first scan, the route's own literals are yet to find.
    const literal_hits* hits = &scratch.hits;
    if (!m_scan_first) {
        if (!r->scanner.scan(json, scratch.local, scratch.space))
            return all_possible(possible);
        hits = &scratch.local;
    }
    const bool any = mark(*r, *hits, possible);
    return admit_regex_rules(*r, marks.non_ascii, possible) || any;
}

std::vector<std::string> prefilter::literals_of(std::size_t rule) const {
    std::vector<std::string> out;
    for (std::uint32_t id : m_rule_literals[rule])
        out.push_back(m_literals[id]);
    return out;
}

bool prefilter::decodes_every(std::uint32_t event_id) const {
    const route* r = route_for(event_id);
    return r && r->decode_all;
}

} // namespace carl
