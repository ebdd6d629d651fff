// Resolution and lowering for compiler.hpp.
#include "compiler.hpp"
#include "network.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace carl {
namespace {

using ast::expr;
using ast::expr_kind;

// A named stream: the events a search selects, narrowed by every filter on
// the way to it, with the fields derived on the way (`s.f = s.path`).
// A stream made by a construct that cannot run yet is `stateful`: it was
// reported where it was made, and is checked no further.
struct stream {
    std::vector<type_id> types;
    std::vector<const expr*> conditions;
    std::map<std::string, std::vector<std::string>> aliases;
    bool stateful = false;
};

// Everything a block has named so far.
struct scope {
    std::map<std::string, stream> streams;
    std::map<std::string, const expr*> lists; // list variables
    std::set<std::string> values;             // inputs, aggregates, ...
};

std::string join_path(const std::vector<std::string>& path) {
    std::string out;
    for (const std::string& part : path)
        out += (out.empty() ? "" : ".") + part;
    return out;
}

bool is_literal(const expr& e) {
    return e.kind == expr_kind::string || e.kind == expr_kind::number;
}

ast::compare_op mirror(ast::compare_op op) {
    switch (op) {
    case ast::compare_op::lt:
        return ast::compare_op::gt;
    case ast::compare_op::le:
        return ast::compare_op::ge;
    case ast::compare_op::gt:
        return ast::compare_op::lt;
    case ast::compare_op::ge:
        return ast::compare_op::le;
    default:
        return op;
    }
}

// The fields `wrong` may mean: the closest by spelling, or else those that
// hold it as whole words (`image` for `image_path`, `protocol` for
// `transport_protocol`), as CAR often drops or adds a word. Shown as
// "'a'" or "'a' or 'b'"; empty when nothing fits.
std::string guess_field(const std::string& wrong,
                        const std::vector<std::string>& fields) {
    std::string guess = data_model::closest(wrong, fields);
    if (!guess.empty())
        return "'" + guess + "'";
    std::vector<std::string> holding;
    for (const std::string& f : fields) {
        const bool prefix = f.rfind(wrong + "_", 0) == 0;
        const bool suffix =
            f.size() > wrong.size() &&
            f.compare(f.size() - wrong.size() - 1, std::string::npos,
                      "_" + wrong) == 0;
        if (prefix || suffix)
            holding.push_back("'" + f + "'");
    }
    if (holding.empty() || holding.size() > 3)
        return "";
    for (std::size_t i = 0; i < holding.size(); ++i)
        guess += (i == 0 ? "" : i + 1 == holding.size() ? " or " : ", ") +
                 holding[i];
    return guess;
}

std::string quoted(const std::string& name) {
    return name.empty() ? name : "'" + name + "'";
}

// Lowers the conditions of one stream to one predicate over one object.
class lowerer {
public:
    lowerer(const source& code, const object_info& object,
            const data_model& model, const scope& names, const stream& from,
            std::vector<diagnostic>& out)
        : m_code(code), m_object(object), m_model(model), m_names(names),
          m_from(from), m_out(out) {}

    bool lower(const std::vector<const expr*>& conditions, predicate& program) {
        m_program = &program;
        if (conditions.empty())
            emit(opcode::push_bool, 1);
        else
            lower_chain(conditions, opcode::jump_if_false,
                        opcode::logical_and);
        emit(opcode::return_top);
        return m_ok;
    }

private:
    void lower(const expr& e) {
        switch (e.kind) {
        case expr_kind::logical_and:
            return lower_chain(operands(e), opcode::jump_if_false,
                               opcode::logical_and);
        case expr_kind::logical_or:
            return lower_chain(operands(e), opcode::jump_if_true,
                               opcode::logical_or);
        case expr_kind::logical_not:
            lower(*e.children[0]);
            return emit(opcode::logical_not);
        case expr_kind::compare:
            return lower_compare(e);
        case expr_kind::in_list:
            return lower_in(e);
        case expr_kind::match:
            return lower_match(e);
        case expr_kind::contains:
            return lower_contains(e);
        case expr_kind::exists:
            if (auto slot = field_of(*e.children[0]))
                emit(opcode::test_exists, *slot);
            return;
        default:
            return fail(e, "expected a condition, found " + describe(e));
        }
    }

    // a and b and c: a; jump_if_false end; b; logical_and; jump_if_false
    // end; c; logical_and; end. A false operand skips the rest.
    void lower_chain(const std::vector<const expr*>& items, opcode shortcut,
                     opcode combine) {
        std::vector<std::size_t> jumps;
        lower(*items[0]);
        for (std::size_t i = 1; i < items.size(); ++i) {
            jumps.push_back(m_program->code.size());
            emit(shortcut);
            lower(*items[i]);
            emit(combine);
        }
        for (std::size_t at : jumps)
            m_program->code[at].a =
                static_cast<std::uint16_t>(m_program->code.size() - at);
    }

    static std::vector<const expr*> operands(const expr& e) {
        std::vector<const expr*> out;
        for (const auto& child : e.children)
            out.push_back(child.get());
        return out;
    }

    void lower_compare(const expr& e) {
        const expr* left = e.children[0].get();
        const expr* right = e.children[1].get();
        ast::compare_op op = e.op;
        if (left->kind != expr_kind::field && right->kind == expr_kind::field) {
            std::swap(left, right);
            op = mirror(op);
        }
        if (unsupported(*left) || unsupported(*right))
            return;
        if (left->kind != expr_kind::field)
            return fail(*left, "expected a field, found " + describe(*left));

        auto slot = field_of(*left);
        if (!slot)
            return;
        if (right->kind == expr_kind::cidr)
            return lower_network(e, *slot, *right);
        if (right->kind == expr_kind::null)
            return lower_null(e, *slot, op);
        if (right->kind == expr_kind::field) {
            if (auto other = field_of(*right))
                emit(opcode::compare_fields, *slot,
                     *other | static_cast<std::uint32_t>(op) << 16);
            return;
        }
        if (!is_literal(*right))
            return fail(*right, "expected a value, found " + describe(*right));

        const bool equality =
            op == ast::compare_op::eq || op == ast::compare_op::ne;
        add_test(*slot, equality
                            ? test::make_equals(right->text,
                                                op == ast::compare_op::ne)
                            : test::make_order(op, right->text));
    }

    // `f == null` holds when f is absent; `f != null` when it is present.
    void lower_null(const expr& e, field_slot slot, ast::compare_op op) {
        if (op != ast::compare_op::eq && op != ast::compare_op::ne)
            return fail(e, "null can only be compared with '==' or '!='");
        emit(opcode::test_exists, slot);
        if (op == ast::compare_op::eq)
            emit(opcode::logical_not);
    }

    // `f == 10.0.0.0/8` holds for an address inside the network.
    void lower_network(const expr& e, field_slot slot, const expr& cidr) {
        if (e.op != ast::compare_op::eq && e.op != ast::compare_op::ne)
            return fail(e, "a network can only be compared with '==' or '!='");
        auto net = network::parse(cidr.text);
        if (!net)
            return fail(cidr, "invalid network '" + cidr.text + "'");
        add_test(slot, test::make_in({}, e.op == ast::compare_op::ne,
                                     {std::move(*net)}));
    }

    // The list that `in` reads: a literal, or a list variable by name.
    const expr* list_of(const expr& operand) {
        if (operand.kind == expr_kind::list)
            return &operand;
        if (operand.kind == expr_kind::field && operand.path.size() == 1) {
            auto found = m_names.lists.find(operand.path[0]);
            if (found != m_names.lists.end())
                return found->second;
        }
        if (unsupported(operand))
            return nullptr;
        if (operand.kind == expr_kind::field) {
            // TODO(#6): `exe in command_line` needs a test between two
            // fields of one event.
            fail(operand, "'in' a field is not supported yet");
            return nullptr;
        }
        fail(operand, "expected a list, found " + describe(operand));
        return nullptr;
    }

    void lower_in(const expr& e) {
        auto slot = field_of(*e.children[0]);
        const expr* list = list_of(*e.children[1]);
        if (!list)
            return;
        std::vector<std::string> literals;
        std::vector<network> networks;
        for (const auto& item : list->children) {
            if (item->kind == expr_kind::cidr) {
                auto net = network::parse(item->text);
                if (!net)
                    return fail(*item, "invalid network '" + item->text + "'");
                networks.push_back(std::move(*net));
                continue;
            }
            if (!is_literal(*item))
                return fail(*item,
                            "expected a string or number, found " +
                                describe(*item));
            literals.push_back(item->text);
        }
        if (slot)
            add_test(*slot, test::make_in(std::move(literals), e.negated,
                                          std::move(networks)));
    }

    // Values that need state or a clock: reported, as issue 6 will lower
    // them. True when `e` is one.
    bool unsupported(const expr& e) {
        // TODO(#6): lower time (`now`, durations), arithmetic and aggregate
        // calls such as TOP30(user) in conditions.
        switch (e.kind) {
        case expr_kind::now:
            fail(e, "'now' is not supported yet");
            return true;
        case expr_kind::duration:
            fail(e, "durations are not supported yet");
            return true;
        case expr_kind::arithmetic:
            fail(e, "arithmetic is not supported yet");
            return true;
        case expr_kind::call:
            fail(e, "'" + e.text + "(...)' is not supported yet");
            return true;
        default:
            return false;
        }
    }

    void lower_match(const expr& e) {
        auto slot = field_of(*e.children[0]);
        const expr& regex = *e.children[1];
        if (regex.kind != expr_kind::string)
            return fail(regex, "expected a regular expression string, found " +
                                   describe(regex));
        std::string error;
        auto made = test::make_regex(regex.text, error);
        if (!made)
            return fail(regex, "invalid regular expression: " + error);
        if (slot)
            add_test(*slot, std::move(*made));
    }

    void lower_contains(const expr& e) {
        auto slot = field_of(*e.children[0]);
        const expr& needle = *e.children[1];
        if (!is_literal(needle))
            return fail(needle, "expected a string, found " + describe(needle));
        if (slot)
            add_test(*slot, test::make_equals("*" + needle.text + "*", false));
    }

    // The slot of a field reference. `name.field` where `name` is a stream
    // is the stream's field, as CAR writes in joins.
    std::optional<field_slot> field_of(const expr& e) {
        if (e.kind != expr_kind::field) {
            fail(e, "expected a field, found " + describe(e));
            return std::nullopt;
        }
        const std::string name = join_path(e.path);
        if (auto slot = find(name))
            return slot;
        if (e.path.size() > 1 && m_names.streams.count(e.path[0])) {
            std::vector<std::string> rest(e.path.begin() + 1, e.path.end());
            if (auto slot = find(join_path(rest)))
                return slot;
        }
        if (e.path.size() == 1 && m_names.values.count(name)) {
            // TODO(#6): compare with a value computed from other events.
            fail(e, "'" + name + "' is computed from other events, which is "
                    "not supported yet");
            return std::nullopt;
        }

        diagnostic d = m_code.make(severity::error, e.where.offset,
                                   e.where.length,
                                   "'" + m_object.name + "' has no field '" +
                                       name + "'");
        suggest(d, e, guess_field(name, m_object.fields));
        m_out.push_back(std::move(d));
        m_ok = false;
        return std::nullopt;
    }

    // A field of the object, by name: a derived field of the stream first,
    // and `timestamp` as CAR's other name for `time`.
    std::optional<field_slot> find(const std::string& name) {
        auto alias = m_from.aliases.find(name);
        if (alias != m_from.aliases.end())
            return m_model.find_field(m_object, join_path(alias->second));
        if (auto slot = m_model.find_field(m_object, name))
            return slot;
        if (name == "timestamp")
            return m_model.find_field(m_object, "time");
        return std::nullopt;
    }

    void suggest(diagnostic& d, const expr& e, const std::string& guess) {
        if (guess.empty())
            return;
        d.notes.push_back(m_code.make(severity::note, e.where.offset,
                                      e.where.length,
                                      "did you mean " + guess + "?"));
    }

    void add_test(field_slot slot, test t) {
        m_program->tests.push_back(std::move(t));
        emit(opcode::test_field, slot,
             static_cast<std::uint32_t>(m_program->tests.size() - 1));
    }

    void emit(opcode op, std::uint16_t a = 0, std::uint32_t b = 0) {
        m_program->code.push_back({op, 0, a, b});
    }

    void fail(const expr& e, std::string message) {
        m_out.push_back(m_code.make(severity::error, e.where.offset,
                                    e.where.length, std::move(message)));
        m_ok = false;
    }

    static std::string describe(const expr& e) {
        switch (e.kind) {
        case expr_kind::field:
            return "field '" + join_path(e.path) + "'";
        case expr_kind::string:
            return "string \"" + e.text + "\"";
        case expr_kind::number:
            return "number " + e.text;
        case expr_kind::list:
            return "a list";
        case expr_kind::null:
            return "null";
        default:
            return "a condition";
        }
    }

    const source& m_code;
    const object_info& m_object;
    const data_model& m_model;
    const scope& m_names;
    const stream& m_from;
    std::vector<diagnostic>& m_out;
    predicate* m_program = nullptr;
    bool m_ok = true;
};

// Walks the statements in order: resolves each name, object:action and
// field as it is used, reports what cannot run yet where it is written, and
// lowers every output's stream.
class block_compiler {
public:
    block_compiler(const source& code, const data_model& model,
                   std::vector<diagnostic>& out)
        : m_code(code), m_model(model), m_out(out) {}

    std::vector<compiled_output> run(const ast::program& tree) {
        bool has_output = false;
        for (const ast::statement& s : tree.statements) {
            has_output = has_output ||
                         s.kind == ast::statement_kind::output ||
                         s.kind == ast::statement_kind::implicit_filter;
            on_statement(s);
        }
        if (!has_output)
            m_out.push_back(m_code.make(severity::error, 0, 0,
                                        "the analytic has no 'output' "
                                        "statement, so nothing can match"));
        return std::move(m_outputs);
    }

private:
    void on_statement(const ast::statement& s) {
        using ast::statement_kind;
        switch (s.kind) {
        case statement_kind::search:
            return on_search(s);
        case statement_kind::filter:
            return on_filter(s);
        case statement_kind::output:
            return on_output(s);
        case statement_kind::derive:
            return on_derive(s);
        case statement_kind::list:
            m_names.lists[s.target.text] = s.value.get();
            return;
        case statement_kind::implicit_filter:
            return on_implicit_filter(s);
        default:
            return on_stateful(s);
        }
    }

    void on_search(const ast::statement& s) {
        stream found;
        for (const ast::event_type& t : s.types)
            for (type_id type : resolve(t))
                if (std::find(found.types.begin(), found.types.end(), type) ==
                    found.types.end())
                    found.types.push_back(type);
        if (s.condition) {
            found.conditions.push_back(s.condition.get());
            check(found, *s.condition);
        }
        m_names.streams[s.target.text] = std::move(found);
    }

    // `filter (...)` with no source narrows the stream of its own target.
    void on_filter(const ast::statement& s) {
        const ast::name& from_name =
            s.sources.empty() ? s.target : s.sources[0];
        const stream* from = lookup(from_name);
        stream narrowed = from ? *from : stream{};
        narrowed.stateful = !from || from->stateful;
        if (s.condition) {
            narrowed.conditions.push_back(s.condition.get());
            check(narrowed, *s.condition);
        }
        m_names.streams[s.target.text] = std::move(narrowed);
    }

    // `set.field = set.path`: `field` reads `path` in every later use.
    void on_derive(const ast::statement& s) {
        auto found = m_names.streams.find(s.target.text);
        if (found == m_names.streams.end()) {
            lookup(s.target);
            return;
        }
        stream& target = found->second;
        const expr& value = *s.value;
        if (value.kind != expr_kind::field)
            return report(value.where, "expected a field, found " +
                                           std::string("a value"));
        std::vector<std::string> path = value.path;
        if (path.size() > 1 && path[0] == s.target.text)
            path.erase(path.begin());
        else if (path.size() > 1 && m_names.streams.count(path[0]))
            return report(value.where,
                          "a derived field must come from '" +
                              s.target.text + "' itself");
        if (!target.stateful)
            check_field(target, value, join_path(path));
        target.aliases[s.field.text] = std::move(path);
    }

    void on_output(const ast::statement& s) {
        for (const ast::name& n : s.sources) {
            const stream* out = lookup(n);
            if (!out || out->stateful)
                continue;
            for (type_id type : out->types)
                lower(n.text, *out, type);
        }
    }

    // A block that is one condition filters every event of the objects
    // that have all its fields.
    void on_implicit_filter(const ast::statement& s) {
        std::vector<const expr*> fields;
        collect_fields(*s.condition, fields);
        stream all;
        all.conditions.push_back(s.condition.get());
        for (const object_info& object : m_model.objects()) {
            bool has_all = true;
            for (const expr* f : fields)
                has_all = has_all && m_model.find_field(
                                         object, join_path(f->path));
            if (has_all)
                all.types.insert(all.types.end(), object.types.begin(),
                                 object.types.end());
        }
        if (all.types.empty())
            return report_no_object(fields);
        for (type_id type : all.types)
            lower("condition", all, type);
    }

    void report_no_object(const std::vector<const expr*>& fields) {
        std::vector<std::string> known;
        for (const object_info& object : m_model.objects())
            known.insert(known.end(), object.fields.begin(),
                         object.fields.end());
        std::sort(known.begin(), known.end());
        known.erase(std::unique(known.begin(), known.end()), known.end());
        for (const expr* f : fields) {
            const std::string name = join_path(f->path);
            bool anywhere = false;
            for (const object_info& object : m_model.objects())
                anywhere = anywhere || m_model.find_field(object, name);
            if (!anywhere)
                return report_unknown({name, f->where},
                                      "no object has a field '" + name + "'",
                                      guess_field(name, known));
        }
        report(fields.front()->where,
               "no object has all the fields this condition reads");
    }

    // Constructs that parse and check but need state to run.
    void on_stateful(const ast::statement& s) {
        // TODO(#6): lower join, group, select, aggregates, set difference,
        // arithmetic, input and run; until then each is reported here.
        for (const ast::name& n : s.sources)
            lookup(n);
        report(what_span(s), what_is(s) + " not supported yet");

        stream made;
        made.stateful = true;
        if (s.kind == ast::statement_kind::aggregate && s.keys.empty())
            m_names.values.insert(s.target.text);
        else if (s.kind == ast::statement_kind::compute ||
                 s.kind == ast::statement_kind::input)
            m_names.values.insert(s.target.text);
        else
            m_names.streams[s.target.text] = std::move(made);
    }

    static std::string what_is(const ast::statement& s) {
        using ast::statement_kind;
        switch (s.kind) {
        case statement_kind::join:
            return "'join' is";
        case statement_kind::group:
            return "'group' is";
        case statement_kind::select:
            return "'from ... select' is";
        case statement_kind::aggregate:
            return "'" + s.function.text + "(...)' is";
        case statement_kind::difference:
            return "set difference is";
        case statement_kind::compute:
            return "arithmetic over values is";
        case statement_kind::input:
            return "'input' is";
        case statement_kind::run:
            return "'run' is";
        default:
            return "this statement is";
        }
    }

    static ast::span what_span(const ast::statement& s) {
        if (s.kind == ast::statement_kind::aggregate)
            return s.function.where;
        if (s.kind == ast::statement_kind::difference ||
            s.kind == ast::statement_kind::compute)
            return s.where;
        return s.keyword.where.length ? s.keyword.where : s.where;
    }

    // Checks the fields of `condition` on every object of `s` now, so that
    // streams which never reach an output are checked too. Lowering the
    // output reports the same problems again; compile_block drops repeats.
    void check(const stream& s, const expr& condition) {
        if (s.stateful)
            return;
        std::set<const object_info*> seen;
        for (type_id type : s.types) {
            const object_info& object = m_model.object_of(type);
            if (!seen.insert(&object).second)
                continue;
            predicate scratch;
            scratch.type = type;
            lowerer(m_code, object, m_model, m_names, s, m_out)
                .lower({&condition}, scratch);
        }
    }

    void check_field(const stream& s, const expr& field,
                     const std::string& name) {
        std::set<const object_info*> seen;
        for (type_id type : s.types) {
            const object_info& object = m_model.object_of(type);
            if (!seen.insert(&object).second ||
                m_model.find_field(object, name))
                continue;
            report_unknown({name, field.where},
                           "'" + object.name + "' has no field '" + name +
                               "'",
                           guess_field(name, object.fields));
        }
    }

    static void collect_fields(const expr& e, std::vector<const expr*>& out) {
        if (e.kind == expr_kind::field) {
            out.push_back(&e);
            return;
        }
        for (const auto& child : e.children)
            collect_fields(*child, out);
    }

    void lower(const std::string& name, const stream& s, type_id type) {
        compiled_output result;
        result.name = name;
        result.program.type = type;
        const object_info& object = m_model.object_of(type);
        result.program.field_count =
            static_cast<std::uint16_t>(object.fields.size());

        lowerer emitter(m_code, object, m_model, m_names, s, m_out);
        if (!emitter.lower(s.conditions, result.program))
            return;
        if (auto problem = verify(result.program)) {
            // A verifier finding is a compiler bug, but still the user's
            // analytic that cannot run: say so where it is.
            m_out.push_back(m_code.make(severity::error, 0, 0,
                                        "internal error: " + *problem));
            return;
        }
        m_outputs.push_back(std::move(result));
    }

    const stream* lookup(const ast::name& n) {
        auto found = m_names.streams.find(n.text);
        if (found != m_names.streams.end())
            return &found->second;
        if (m_names.lists.count(n.text) || m_names.values.count(n.text)) {
            report(n.where, "'" + n.text + "' is a value, not a stream of "
                                           "events");
            return nullptr;
        }

        std::vector<std::string> known;
        for (const auto& [name, unused] : m_names.streams)
            known.push_back(name);
        report_unknown(n, "'" + n.text + "' is not defined",
                       quoted(data_model::closest(n.text, known)));
        return nullptr;
    }

    // Every type `Object:Action` names: one, or all the object's actions
    // for `Object` alone and `Object:*`.
    std::vector<type_id> resolve(const ast::event_type& t) {
        const object_info* object = m_model.find_object(t.object.text);
        if (!object) {
            std::vector<std::string> names;
            for (const object_info& o : m_model.objects())
                names.push_back(o.name);
            report_unknown(t.object, "unknown object '" + t.object.text + "'",
                           quoted(data_model::closest(
                               data_model::normalize(t.object.text), names)));
            return {};
        }
        if (t.action.text.empty() || t.action.text == "*")
            return object->types;
        auto type = m_model.find_type(t.object.text, t.action.text);
        if (!type) {
            report_unknown(t.action,
                           "'" + object->name + "' has no action '" +
                               t.action.text + "'",
                           quoted(data_model::closest(
                               data_model::normalize(t.action.text),
                               object->actions)));
            return {};
        }
        return {*type};
    }

    void report(ast::span where, std::string message) {
        m_out.push_back(m_code.make(severity::error, where.offset,
                                    where.length, std::move(message)));
    }

    void report_unknown(const ast::name& n, std::string message,
                        const std::string& guess) {
        diagnostic d = m_code.make(severity::error, n.where.offset,
                                   n.where.length, std::move(message));
        if (!guess.empty())
            d.notes.push_back(m_code.make(severity::note, n.where.offset,
                                          n.where.length,
                                          "did you mean " + guess + "?"));
        m_out.push_back(std::move(d));
    }

    const source& m_code;
    const data_model& m_model;
    std::vector<diagnostic>& m_out;
    scope m_names;
    std::vector<compiled_output> m_outputs;
};

// Drops the diagnostics from `first` on that repeat an earlier one: the
// fields of a filter are checked at the filter and again at the output.
void tidy(std::vector<diagnostic>& out, std::size_t first) {
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::string>> seen;
    std::vector<diagnostic> kept;
    for (std::size_t i = first; i < out.size(); ++i)
        if (seen.insert({out[i].where.line, out[i].where.column,
                         out[i].message})
                .second)
            kept.push_back(std::move(out[i]));
    out.resize(first);
    std::move(kept.begin(), kept.end(), std::back_inserter(out));
}

} // namespace

std::vector<compiled_output> compile_block(const ast::program& tree,
                                           const source& code,
                                           const data_model& model,
                                           std::vector<diagnostic>& out) {
    const std::size_t first = out.size();
    auto outputs = block_compiler(code, model, out).run(tree);
    tidy(out, first);
    return outputs;
}

} // namespace carl
