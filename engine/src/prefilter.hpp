// The prefilter: from each compiled program, the literals an event's raw JSON
// text must contain for it to match, so that the evaluator (program_set.cpp)
// skips most events before decoding them and most programs after. The event
// id, read off the text (event_id_scan.hpp), narrows the rules to those of
// the object:actions the event can be.
//
// Soundness is the point: a skipped event can never match. The literals come
// from `=`, `in` and `match` tests on fields whose mapped value is a piece of
// one raw JSON string (copied, basename, a hash out of a list), split
// wherever JSON may write a character escaped (`"`, `\`, `/`, control
// characters), and compared ignoring ASCII case as the VM does. An event
// holding a \u escape, or not shaped like one JSON object, is never skipped;
// on a line with a non-ASCII byte, neither are the rules whose literals a
// regex gave (RE2 folds case beyond ASCII).
#pragma once

#include "carl/mapping.hpp"
#include "literal_scanner.hpp"
#include "program.hpp"
#include "raw_marks.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

// Scratch space for prefilter::scan, one per evaluator, readied by
// prefilter::prepare().
struct prefilter_scratch {
    literal_scanner::scratch space;
    bool ready = false;
    literal_hits hits;  // by the prefilter's literal ids
    literal_hits local; // by one route's own scanner's ids
    json_lines lines;   // for a line whose marks were not given
};

class prefilter {
public:
    // Inactive: every event is decoded and every routed program run.
    prefilter() = default;

    // Derives the literals of `programs` (program i is rule i), whose fields
    // `mappings` fill, and for each event id the mappings know, the rules an
    // event with that id may be routed to. Each program must have passed
    // verify().
    prefilter(const std::vector<const predicate*>& programs,
              const mapping_set& mappings);

    // False when scan() could never rule an event out: then it only costs
    // time.
    bool active() const { return m_active; }

    // Readies `scratch` for scan(). When it cannot (no memory), scan()
    // lets every event through.
    void prepare(prefilter_scratch& scratch) const;

    // Scans one event's raw JSON text. Sets possible[i] to 1 for each rule
    // that may match it, 0 for the others, and returns false when none may,
    // so that the event need not be decoded. `marks`, when a json_lines
    // scan gave them, spare a look at the text. Thread-safe: state lives in
    // the caller's buffers.
    bool scan(std::string_view json, std::vector<std::uint8_t>& possible,
              prefilter_scratch& scratch,
              const line_marks* marks = nullptr) const;

    // The literals of rule `rule`, one of which its events contain (folded);
    // empty when the rule needs none or can never match. For tests.
    std::vector<std::string> literals_of(std::size_t rule) const;

    // True when every event whose text says it has this event id is
    // decoded: a rule it may be routed to needs no literal. For tests.
    bool decodes_every(std::uint32_t event_id) const;

    // True when every line is scanned for every literal before its event
    // id is read: no rule needs no literal, and the literals are strong
    // enough to rule out most lines. For tests.
    bool scans_first() const { return m_scan_first; }

private:
    // The rules that events with some event ids may be routed to (those of
    // the object:actions mapped from the ids), and how to rule them out.
    struct route {
        std::vector<std::uint32_t> rules;
        bool decode_all = false;
        bool ascii_only = false; // some rule's literals come from a regex
        // The literals of `rules`, found in one scan (not ok():
        // decode_all). By the id of a hit, the rules it makes possible:
        // rule_list[first_rule[id], first_rule[id + 1]); ids are this
        // scanner's, or m_literals' when the route has no scanner.
        literal_scanner scanner;
        std::vector<std::uint32_t> first_rule;
        std::vector<std::uint32_t> rule_list;
    };

    // A route has no scanner of its own when the first scan finds every
    // literal already (!scanner); the first scan's finds escapes too.
    route make_route(std::vector<std::uint32_t> rules,
                     const std::vector<bool>& needs_any, bool scanner,
                     bool escapes) const;
    void index_small_ids();
    const route* route_for(std::uint32_t event_id) const;
    const route* route_of(std::string_view json, const line_marks& marks) const;
    bool scan_first(std::string_view json, std::vector<std::uint8_t>& possible,
                    prefilter_scratch& scratch, const line_marks* marks) const;
    bool route_first(std::string_view json, std::vector<std::uint8_t>& possible,
                     prefilter_scratch& scratch, const line_marks* marks) const;
    bool admit_regex_rules(const route& r, bool non_ascii,
                           std::vector<std::uint8_t>& possible) const;
    static bool mark(const route& r, const literal_hits& hits,
                     std::vector<std::uint8_t>& possible);

    std::vector<std::string> m_literals;
    // Per rule, the ids of its literals; empty when it needs none.
    std::vector<std::vector<std::uint32_t>> m_rule_literals;
    // m_routes[0] holds every rule, for an event whose text does not tell
    // its id; (event id, index in m_routes), sorted, for the others.
    std::vector<route> m_routes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_route_of_id;
    // The same for ids below its size, by id: the index plus one, 0 when
    // no route. One load per line where the search mispredicted its way.
    std::vector<std::uint32_t> m_route_by_id;
    // With m_scan_first: every literal without the escapes, for lines
    // whose marks are known (m_routes[0]'s scanner finds them too).
    literal_scanner m_first_plain;
    bool m_scan_first = false;
    bool m_active = false;
    // Per rule: a regex gave its literals, which hold only for ASCII text.
    std::vector<bool> m_ascii_only;
};

class program_set;

// The prefilter a program set was compiled with; for tests.
const prefilter& prefilter_of(const program_set& programs);

} // namespace carl
