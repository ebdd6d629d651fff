// Resolution and lowering for compiler.hpp. Statements that need state go
// to the graph builder (stateful/lowering.hpp).
#include "compiler.hpp"
#include "carl/parse.hpp"
#include "stateful/lowering.hpp"

#include <map>
#include <optional>

namespace carl {
namespace {

using ast::expr;
using ast::expr_kind;

// A named stream: the events a search selects, narrowed by every filter on
// the way to it.
struct stream {
    std::vector<type_id> types;
    std::vector<const expr*> conditions;
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

// Lowers the conditions of one stream to one predicate over one object.
class lowerer {
public:
    lowerer(const source& code, const object_info& object,
            const data_model& model, const std::map<std::string, stream>& names,
            std::vector<diagnostic>& out)
        : m_code(code), m_object(object), m_model(model), m_names(names),
          m_out(out) {}

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
        if (left->kind != expr_kind::field)
            return fail(*left, "expected a field, found " + describe(*left));

        auto slot = field_of(*left);
        if (!slot)
            return;
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

    void lower_in(const expr& e) {
        auto slot = field_of(*e.children[0]);
        const expr& list = *e.children[1];
        if (list.kind != expr_kind::list)
            return fail(list, "expected a list, found " + describe(list));
        std::vector<std::string> literals;
        for (const auto& item : list.children) {
            if (!is_literal(*item))
                return fail(*item,
                            "expected a string or number, found " +
                                describe(*item));
            literals.push_back(item->text);
        }
        if (slot)
            add_test(*slot, test::make_in(std::move(literals), e.negated));
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
        if (auto slot = m_model.find_field(m_object, name))
            return slot;
        if (e.path.size() > 1 && m_names.count(e.path[0])) {
            std::vector<std::string> rest(e.path.begin() + 1, e.path.end());
            if (auto slot = m_model.find_field(m_object, join_path(rest)))
                return slot;
        }

        diagnostic d = m_code.make(severity::error, e.where.offset,
                                   e.where.length,
                                   "'" + m_object.name + "' has no field '" +
                                       name + "'");
        suggest(d, e, data_model::closest(name, m_object.fields));
        m_out.push_back(std::move(d));
        m_ok = false;
        return std::nullopt;
    }

    void suggest(diagnostic& d, const expr& e, const std::string& guess) {
        if (guess.empty())
            return;
        d.notes.push_back(m_code.make(severity::note, e.where.offset,
                                      e.where.length,
                                      "did you mean '" + guess + "'?"));
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
    const std::map<std::string, stream>& m_names;
    std::vector<diagnostic>& m_out;
    predicate* m_program = nullptr;
    bool m_ok = true;
};

// `run` of `run` of ... deeper than this is taken for a cycle.
constexpr int max_run_depth = 8;

class block_compiler {
public:
    block_compiler(const source& code, const data_model& model,
                   std::vector<diagnostic>& out,
                   const compile_context& context,
                   std::shared_ptr<stateful::graph> graph)
        : m_code(code), m_model(model), m_out(out), m_context(context),
          m_graph(std::move(graph)),
          m_builder(*m_graph, code, model, out, hooks()) {}

    compiled_block run(const ast::program& tree) {
        bool has_output = false;
        for (const ast::statement& s : tree.statements) {
            if (s.kind == ast::statement_kind::output) {
                has_output = true;
                on_output(s);
            } else {
                on_statement(s);
            }
        }
        if (!has_output)
            m_out.push_back(m_code.make(severity::error, 0, 0,
                                        "the analytic has no 'output' "
                                        "statement, so nothing can match"));
        compiled_block result;
        result.outputs = std::move(m_outputs);
        if (!m_graph->nodes.empty())
            result.graph = m_graph;
        return result;
    }

    // For `run`: lowers `tree` into the graph, and returns the node of its
    // first output, moving its predicates to `outputs`.
    std::optional<std::uint32_t>
    run_nested(const ast::program& tree,
               std::vector<compiled_output>& outputs) {
        std::optional<std::uint32_t> result;
        for (const ast::statement& s : tree.statements) {
            if (s.kind != ast::statement_kind::output) {
                on_statement(s);
            } else if (!result && !s.sources.empty()) {
                result = m_builder.node_of(s.sources[0]);
            }
        }
        for (compiled_output& o : m_outputs)
            outputs.push_back(std::move(o));
        return result;
    }

private:
    void on_statement(const ast::statement& s) {
        if (m_builder.handles(s))
            return m_builder.lower(s);
        switch (s.kind) {
        case ast::statement_kind::search:
            m_builder.forget(s.target.text);
            return on_search(s);
        case ast::statement_kind::filter:
            m_builder.forget(s.target.text);
            return on_filter(s);
        default:
            // TODO(#3): check and lower the statements of issue 3.
            return;
        }
    }

    stateful::graph_builder::hooks hooks() {
        stateful::graph_builder::hooks h;
        h.event_types = [this](const std::string& name) {
            auto found = m_names.find(name);
            return found == m_names.end() ? nullptr : &found->second.types;
        };
        h.feed = [this](const ast::name& name, std::uint32_t node,
                        const std::vector<std::vector<std::uint16_t>>& maps) {
            const stream& s = m_names.at(name.text);
            for (std::size_t i = 0; i < s.types.size(); ++i)
                lower(name.text, s, s.types[i], static_cast<std::int32_t>(node),
                      maps[i]);
        };
        h.run = [this](const ast::statement& s) { return run_other(s); };
        return h;
    }

    // `NAME = run Analytic:ID`: the other analytic's first block, lowered
    // into this graph.
    std::optional<std::uint32_t> run_other(const ast::statement& s) {
        const analytic* other = nullptr;
        for (const auto* list : {m_context.library, m_context.analytics})
            for (std::size_t i = 0; list && i < list->size(); ++i)
                if ((*list)[i].info.id == s.analytic.text)
                    other = &(*list)[i];
        auto fail = [&](std::string message) {
            m_out.push_back(m_code.make(severity::error, s.analytic.where.offset,
                                        s.analytic.where.length,
                                        std::move(message)));
            return std::nullopt;
        };
        if (!other || other->blocks.empty())
            return fail("'" + s.analytic.text +
                        "' is not among the analytics loaded, or has no "
                        "pseudocode");
        if (m_context.depth >= max_run_depth)
            return fail("'run' nests too deeply: do these analytics run "
                        "each other?");

        const source& code = other->blocks[0].code;
        parse_result parsed = parse(code);
        m_out.insert(m_out.end(), parsed.diagnostics.begin(),
                     parsed.diagnostics.end());
        if (!parsed.ok())
            return std::nullopt;
        compile_context nested = m_context;
        ++nested.depth;
        block_compiler inner(code, m_model, m_out, nested, m_graph);
        return inner.run_nested(parsed.program, m_outputs);
    }

    void on_search(const ast::statement& s) {
        stream found;
        for (const ast::event_type& t : s.types)
            if (auto type = resolve(t))
                found.types.push_back(*type);
        if (s.condition)
            found.conditions.push_back(s.condition.get());
        m_names[s.target.text] = std::move(found);
    }

    void on_filter(const ast::statement& s) {
        const stream* from = lookup(s.sources.at(0));
        stream narrowed = from ? *from : stream{};
        if (s.condition)
            narrowed.conditions.push_back(s.condition.get());
        m_names[s.target.text] = std::move(narrowed);
    }

    void on_output(const ast::statement& s) {
        for (const ast::name& n : s.sources) {
            if (m_builder.defines(n.text)) {
                m_builder.add_output(n);
                continue;
            }
            const stream* out = lookup(n);
            if (!out)
                continue;
            for (type_id type : out->types)
                lower(n.text, *out, type);
        }
    }

    void lower(const std::string& name, const stream& s, type_id type,
               std::int32_t feed = -1,
               std::vector<std::uint16_t> columns = {}) {
        compiled_output result;
        result.name = name;
        result.feed = feed;
        result.columns = std::move(columns);
        result.program.type = type;
        const object_info& object = m_model.object_of(type);
        result.program.field_count =
            static_cast<std::uint16_t>(object.fields.size());

        lowerer emitter(m_code, object, m_model, m_names, m_out);
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
        auto found = m_names.find(n.text);
        if (found != m_names.end())
            return &found->second;

        std::vector<std::string> known;
        for (const auto& [name, unused] : m_names)
            known.push_back(name);
        report_unknown(n, "'" + n.text + "' is not defined",
                       data_model::closest(n.text, known));
        return nullptr;
    }

    std::optional<type_id> resolve(const ast::event_type& t) {
        const object_info* object = m_model.find_object(t.object.text);
        if (!object) {
            std::vector<std::string> names;
            for (const object_info& o : m_model.objects())
                names.push_back(o.name);
            report_unknown(t.object, "unknown object '" + t.object.text + "'",
                           data_model::closest(
                               data_model::normalize(t.object.text), names));
            return std::nullopt;
        }
        auto type = m_model.find_type(t.object.text, t.action.text);
        if (!type)
            report_unknown(t.action,
                           "'" + object->name + "' has no action '" +
                               t.action.text + "'",
                           data_model::closest(
                               data_model::normalize(t.action.text),
                               object->actions));
        return type;
    }

    void report_unknown(const ast::name& n, std::string message,
                        const std::string& guess) {
        diagnostic d = m_code.make(severity::error, n.where.offset,
                                   n.where.length, std::move(message));
        if (!guess.empty())
            d.notes.push_back(m_code.make(severity::note, n.where.offset,
                                          n.where.length,
                                          "did you mean '" + guess + "'?"));
        m_out.push_back(std::move(d));
    }

    const source& m_code;
    const data_model& m_model;
    std::vector<diagnostic>& m_out;
    const compile_context& m_context;
    std::map<std::string, stream> m_names;
    std::vector<compiled_output> m_outputs;
    std::shared_ptr<stateful::graph> m_graph;
    stateful::graph_builder m_builder;
};

} // namespace

compiled_block compile_block(const ast::program& tree, const source& code,
                             const data_model& model,
                             std::vector<diagnostic>& out,
                             const compile_context& context) {
    return block_compiler(code, model, out, context,
                          std::make_shared<stateful::graph>())
        .run(tree);
}

} // namespace carl
