// The checker behind compiler.hpp: walks a block's statements, resolves
// every name against the data model and the statements before it, and
// hands each output's conditions to lowerer.hpp.
#include "compiler.hpp"
#include "carl/parse.hpp"
#include "lowerer.hpp"
#include "rewrite.hpp"
#include "stateful/lowering.hpp"

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

// `run` of `run` of ... deeper than this is taken for a cycle.
constexpr int max_run_depth = 8;

// Walks the statements in order: resolves each name, object:action and
// field as it is used, reports what cannot run yet where it is written, and
// lowers every output's stream. What needs state goes to the graph builder.
class block_compiler {
public:
    block_compiler(const source& code, const data_model& model,
                   std::vector<diagnostic>& out, const compile_context& context,
                   std::shared_ptr<stateful::graph> graph)
        : m_code(code), m_model(model), m_out(out), m_context(context),
          m_graph(std::move(graph)),
          m_builder(*m_graph, code, model, out, hooks()) {}

    compiled_block run(const ast::program& tree) {
        bool has_output = false;
        for (const ast::statement& s : tree.statements) {
            has_output = has_output || s.kind == ast::statement_kind::output ||
                         s.kind == ast::statement_kind::implicit_filter;
            on_statement(s);
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
            if (s.kind != ast::statement_kind::output)
                on_statement(s);
            else if (!result && !s.sources.empty())
                result = m_builder.node_of(s.sources[0]);
        }
        for (compiled_output& o : m_outputs)
            outputs.push_back(std::move(o));
        return result;
    }

private:
    void on_statement(const ast::statement& s) {
        using ast::statement_kind;
        if (m_builder.handles(s))
            return m_builder.lower(s);
        switch (s.kind) {
        case statement_kind::search:
            m_builder.forget(s.target.text);
            return on_search(s);
        case statement_kind::filter:
            m_builder.forget(s.target.text);
            return on_filter(s);
        case statement_kind::input:
            // bind_constants (rewrite.hpp) put its value in every use.
            m_names.values.insert(s.target.text);
            return;
        case statement_kind::compute:
            return on_compute(s);
        case statement_kind::output:
            return on_output(s);
        case statement_kind::derive:
            return on_derive(s);
        case statement_kind::list:
            // bind_constants put the list in every use.
            m_names.values.insert(s.target.text);
            return;
        case statement_kind::implicit_filter:
            return on_implicit_filter(s);
        default: // every other kind needs rows: the builder took it
            return;
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
        if (m_builder.defines(s.target.text))
            return m_builder.derive(s);
        auto found = m_names.streams.find(s.target.text);
        if (found == m_names.streams.end()) {
            lookup(s.target);
            return;
        }
        stream& target = found->second;
        const expr& value = *s.value;
        if (value.kind != expr_kind::field)
            return report(value.where,
                          "expected a field, found " + std::string("a value"));
        std::vector<std::string> path = value.path;
        if (path.size() > 1 && path[0] == s.target.text)
            path.erase(path.begin());
        else if (path.size() > 1 && m_names.streams.count(path[0]))
            return report(value.where, "a derived field must come from '" +
                                           s.target.text + "' itself");
        if (!target.stateful)
            check_field(target, value, join_path(path));
        target.aliases[s.field.text] = std::move(path);
    }

    stateful::graph_builder::hooks hooks() {
        stateful::graph_builder::hooks h;
        h.event_types = [this](const std::string& name) {
            auto found = m_names.streams.find(name);
            const bool events =
                found != m_names.streams.end() && !found->second.stateful;
            return events ? &found->second.types : nullptr;
        };
        h.feed = [this](const ast::name& name, std::uint32_t node,
                        const std::vector<std::vector<std::uint16_t>>& maps) {
            const stream& s = m_names.streams.at(name.text);
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
        if (!other || other->blocks.empty()) {
            report(s.analytic.where, "'" + s.analytic.text +
                                         "' is not among the analytics "
                                         "loaded, or has no pseudocode");
            return std::nullopt;
        }
        if (m_context.depth >= max_run_depth) {
            report(s.analytic.where, "'run' nests too deeply: do these "
                                     "analytics run each other?");
            return std::nullopt;
        }

        const source& code = other->blocks[0].code;
        parse_result parsed = parse(code);
        m_out.insert(m_out.end(), parsed.diagnostics.begin(),
                     parsed.diagnostics.end());
        if (!parsed.ok())
            return std::nullopt;
        static const std::map<std::string, std::string> none;
        bind_constants(parsed.program,
                       m_context.parameters ? *m_context.parameters : none,
                       code, m_out);
        split_row_conditions(parsed.program);
        compile_context nested = m_context;
        ++nested.depth;
        const std::size_t reported = m_out.size();
        block_compiler inner(code, m_model, m_out, nested, m_graph);
        auto node = inner.run_nested(parsed.program, m_outputs);
        if (!node && m_out.size() == reported)
            report(s.analytic.where,
                   "'" + s.analytic.text + "' has no output to run");
        return node;
    }

    void on_output(const ast::statement& s) {
        for (const ast::name& n : s.sources) {
            if (m_builder.defines(n.text)) {
                m_builder.add_output(n);
                continue;
            }
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
                has_all =
                    has_all && m_model.find_field(object, join_path(f->path));
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

    // `NAME = EXPRESSION` that reads no value of the whole input (the
    // graph builder takes those): a constant, which bind_constants
    // (rewrite.hpp) put in every use, or an error at what it reads.
    void on_compute(const ast::statement& s) {
        const expr* read = first_read(*s.value);
        if (read)
            report_read(*read);
        m_names.values.insert(s.target.text);
    }

    // Why `read` cannot be in a constant: a call, a stream or one of its
    // fields, or a name not defined before (`x = x + 1`).
    void report_read(const expr& read) {
        if (read.kind == expr_kind::call)
            return report(read.where,
                          "an aggregate in arithmetic needs a name: write "
                          "'NAME = " +
                              read.text + "(...)' before, and use NAME");
        const std::string& name = read.path[0];
        const bool stream =
            m_names.streams.count(name) || m_builder.defines(name);
        if (stream && read.path.size() > 1)
            return report(read.where,
                          "'" + join_path(read.path) +
                              "' differs from event to event: compare it "
                              "in a filter's condition");
        if (stream)
            return report(read.where, "'" + name +
                                          "' is a stream, not a value "
                                          "to compute with");
        if (!m_names.values.count(name)) // else reported where it failed
            lookup({name, read.where});
    }

    // The first field or call `e` reads, or null.
    static const expr* first_read(const expr& e) {
        if (e.kind == expr_kind::field || e.kind == expr_kind::call)
            return &e;
        for (const auto& child : e.children)
            if (const expr* found = first_read(*child))
                return found;
        return nullptr;
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
            lower_conditions(m_code, object, m_model, m_names, s, {&condition},
                             scratch, m_out);
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
                           "'" + object.name + "' has no field '" + name + "'",
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

        if (!lower_conditions(m_code, object, m_model, m_names, s, s.conditions,
                              result.program, m_out))
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
        if (m_names.values.count(n.text)) {
            report(n.where, "'" + n.text +
                                "' is a value, not a stream of "
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
                           guess_field(data_model::normalize(t.action.text),
                                       object->actions));
            return {};
        }
        return {*type};
    }

    void report(ast::span where, std::string message) {
        m_out.push_back(m_code.make(severity::error, where.offset, where.length,
                                    std::move(message)));
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
    const compile_context& m_context;
    scope m_names;
    std::vector<compiled_output> m_outputs;
    std::shared_ptr<stateful::graph> m_graph;
    stateful::graph_builder m_builder;
};

// Drops the diagnostics from `first` on that repeat an earlier one: the
// fields of a filter are checked at the filter and again at the output.
void tidy(std::vector<diagnostic>& out, std::size_t first) {
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::string>> seen;
    std::vector<diagnostic> kept;
    for (std::size_t i = first; i < out.size(); ++i)
        if (seen.insert(
                    {out[i].where.line, out[i].where.column, out[i].message})
                .second)
            kept.push_back(std::move(out[i]));
    out.resize(first);
    std::move(kept.begin(), kept.end(), std::back_inserter(out));
}

} // namespace

compiled_block compile_block(const ast::program& tree, const source& code,
                             const data_model& model,
                             std::vector<diagnostic>& out,
                             const compile_context& context) {
    const std::size_t first = out.size();
    compiled_block result = block_compiler(code, model, out, context,
                                           std::make_shared<stateful::graph>())
                                .run(tree);
    tidy(out, first);
    return result;
}

} // namespace carl
