// The lowering of lowerer.hpp: one condition node at a time, with a test
// (test.hpp) per comparison of a field with literals.
#include "lowerer.hpp"

#include "network.hpp"
#include "stateful/lowering.hpp"

#include <optional>

namespace carl {

using ast::expr;
using ast::expr_kind;

std::string join_path(const std::vector<std::string>& path) {
    std::string out;
    for (const std::string& part : path)
        out += (out.empty() ? "" : ".") + part;
    return out;
}

std::string quoted(const std::string& name) {
    return name.empty() ? name : "'" + name + "'";
}

std::string guess_field(const std::string& wrong,
                        const std::vector<std::string>& fields) {
    std::string guess = data_model::closest(wrong, fields);
    if (!guess.empty())
        return "'" + guess + "'";
    std::vector<std::string> holding;
    for (const std::string& f : fields) {
        const bool prefix = f.rfind(wrong + "_", 0) == 0;
        const bool suffix = f.size() > wrong.size() &&
                            f.compare(f.size() - wrong.size() - 1,
                                      std::string::npos, "_" + wrong) == 0;
        if (prefix || suffix)
            holding.push_back("'" + f + "'");
    }
    if (holding.empty() || holding.size() > 3)
        return "";
    for (std::size_t i = 0; i < holding.size(); ++i)
        guess += (i == 0                    ? ""
                  : i + 1 == holding.size() ? " or "
                                            : ", ") +
                 holding[i];
    return guess;
}

namespace {

bool is_literal(const expr& e) {
    return e.kind == expr_kind::string || e.kind == expr_kind::number;
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
            lower_chain(conditions, opcode::jump_if_false, opcode::logical_and);
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
        if (computes(*left) || computes(*right))
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
        add_test(*slot, equality ? test::make_equals(right->text,
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

    // `exe in command_line`: one field's value inside another's.
    void lower_in_field(const expr& e) {
        auto part = field_of(*e.children[0]);
        auto whole = field_of(*e.children[1]);
        if (!part || !whole)
            return;
        emit(opcode::field_in_field, *part, *whole);
        if (e.negated)
            emit(opcode::logical_not);
    }

    void lower_in(const expr& e) {
        const expr* list = e.children[1].get();
        if (list->kind == expr_kind::field)
            return lower_in_field(e);
        auto slot = field_of(*e.children[0]);
        if (list->kind != expr_kind::list)
            return fail(*list, "expected a list, found " + describe(*list));
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
                return fail(*item, "expected a string or number, found " +
                                       describe(*item));
            literals.push_back(item->text);
        }
        if (slot)
            add_test(*slot, test::make_in(std::move(literals), e.negated,
                                          std::move(networks)));
    }

    // What needs rows (stateful::needs_rows) the compiler hands to the
    // graph builder, but for a block that is one condition, which names no
    // stream to make rows of: reported. True when `e` is such a value.
    bool computes(const expr& e) {
        if (!stateful::needs_rows(e))
            return false;
        fail(e, "a block that is one condition cannot compute: name its "
                "events with 'search' and 'filter' them");
        return true;
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
            // A value that works is in every use, or the graph builder
            // took the condition: this one failed where it was defined.
            m_ok = false;
            return std::nullopt;
        }

        diagnostic d =
            m_code.make(severity::error, e.where.offset, e.where.length,
                        "'" + m_object.name + "' has no field '" + name + "'");
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

} // namespace

bool lower_conditions(const source& code, const object_info& object,
                      const data_model& model, const scope& names,
                      const stream& from,
                      const std::vector<const ast::expr*>& conditions,
                      predicate& program, std::vector<diagnostic>& out) {
    return lowerer(code, object, model, names, from, out)
        .lower(conditions, program);
}

} // namespace carl
