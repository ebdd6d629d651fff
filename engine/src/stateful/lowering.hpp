// Lowers stateful statements (join, group, select, aggregates, set
// difference, filters after them, on `now` or on TOPn(...)) into an
// operator graph; the block compiler (compiler.cpp) feeds the sources.
#pragma once

#include "carl/data_model.hpp"
#include "carl/source.hpp"
#include "graph.hpp"

#include <map>
#include <set>

namespace carl::stateful {

class graph_builder {
public:
    struct hooks {
        // The object:actions of event stream `name`, or nullptr when
        // `name` is not an event stream.
        std::function<const std::vector<type_id>*(const std::string& name)>
            event_types;
        // Compiles event stream `name`'s predicates so that each match of
        // type `types[i]` feeds source node `node`, its fields laid out by
        // `columns[i]` (field slot to column).
        std::function<void(
            const ast::name& name, std::uint32_t node,
            const std::vector<std::vector<std::uint16_t>>& columns)>
            feed;
        // `run Analytic:ID`: compiles that analytic into the same graph and
        // returns the node of its output, with its schema, or nothing
        // after reporting why not.
        std::function<std::optional<std::uint32_t>(const ast::statement&)> run;
    };

    graph_builder(graph& target, const source& code, const data_model& model,
                  std::vector<diagnostic>& out, hooks hooks)
        : m_graph(target), m_code(code), m_model(model), m_out(out),
          m_hooks(std::move(hooks)) {}

    // True when `s` needs rows: a statement kind of its own, a filter over
    // a stateful name, on a value of the whole input or whose condition
    // needs_rows(), or arithmetic over values of the whole input.
    bool handles(const ast::statement& s) const;

    // Lowers one statement `handles()` accepted; reports problems to `out`.
    void lower(const ast::statement& s);

    // True when `name` is a stateful stream of this block, or one whose
    // statement failed (and was reported).
    bool defines(const std::string& name) const {
        return m_names.count(name) > 0 || m_groups.count(name) > 0 ||
               m_failed.count(name) > 0;
    }

    // The block compiler (re)defined event stream `name`: whatever this
    // builder knew by that name is gone.
    void forget(const std::string& name);

    // `s.f = s.path` for a stateful `s`: its rows get a column `f`, a copy
    // of the one `path` names. Reports problems to `out`.
    void derive(const ast::statement& s);

    // `output NAME` for a stateful NAME: its rows become matches.
    void add_output(const ast::name& name);

    // The node behind any stream name, making a source node for an event
    // stream; nothing (reported) when the name is unknown.
    std::optional<std::uint32_t> node_of(const ast::name& name);

private:
    struct named {
        std::uint32_t node = 0;
        bool aggregated = false; // rows of values, not of events
        // One row at the end of the input, a value of the whole input: an
        // aggregate with no `by`, or arithmetic over such values.
        bool scalar = false;
    };
    // `group S by K` before its `select`: the select says what to sum up.
    struct pending_group {
        std::vector<std::uint32_t> inputs;
        std::vector<std::vector<std::size_t>> keys;
        std::vector<std::string> key_names;
        ast::span where;
        std::string stream; // the first source's name
        // `where` on the group: which groups to keep. Points into the
        // syntax tree, which outlives the builder.
        const ast::expr* condition = nullptr;
    };

    void dispatch(const ast::statement& s);
    void on_join(const ast::statement& s);
    void on_group(const ast::statement& s);
    void on_select(const ast::statement& s);
    void on_aggregate(const ast::statement& s);
    void on_difference(const ast::statement& s);
    void on_filter(const ast::statement& s);
    std::uint32_t first_columns(std::uint32_t from, std::size_t count,
                                const std::string& name);
    std::uint32_t with_ranks(const ast::expr& e, const std::string& stream,
                             const std::string& target, std::uint32_t at,
                             std::map<const ast::expr*, std::size_t>& marks);
    std::optional<row_expr>
    mark_test(const ast::expr& e,
              const std::map<const ast::expr*, std::size_t>& marks);
    bool is_stream(const std::string& name) const;
    void on_compute(const ast::statement& s);
    void scalars_in(const ast::expr& e, std::vector<std::string>& out) const;
    std::uint32_t with_values(std::uint32_t input,
                              const std::vector<std::string>& values);
    void on_run(const ast::statement& s);
    void project(const ast::statement& s, std::uint32_t input);

    std::uint32_t add_node(node n, const std::vector<edge>& inputs);
    std::optional<std::uint32_t> materialize(const std::string& name);
    std::uint32_t source_node(const ast::name& name,
                              const std::vector<type_id>& types);
    bool add_key(const ast::expr& c, const std::string& a, const std::string& b,
                 node& n, std::uint32_t left, std::uint32_t right);
    // The column `field` names in `columns`; `stream` is the name the rows
    // go by, which may prefix the field (`stream.field`).
    std::optional<std::size_t> column_of(const ast::expr& field,
                                         const schema& columns,
                                         const std::string& stream);
    std::optional<aggregate> make_aggregate(const ast::expr& call,
                                            std::uint32_t input,
                                            const std::string& stream);
    void make_group(const std::string& target, pending_group group,
                    std::vector<aggregate> aggregates,
                    std::vector<std::string> names);
    bool add_aggregates_of(const ast::expr& e, const pending_group& group,
                           std::vector<aggregate>& aggregates,
                           std::vector<std::string>& names,
                           std::map<const ast::expr*, std::size_t>& columns);
    std::uint32_t keep_groups(std::uint32_t group_node,
                              const pending_group& group, std::size_t shown,
                              const std::map<const ast::expr*, std::size_t>&
                                  columns);
    void fail(ast::span where, std::string message);
    void bind(const std::string& name, std::uint32_t node, bool aggregated,
              bool scalar = false);
    bool aggregated(const std::string& name) const;

    graph& m_graph;
    const source& m_code;
    const data_model& m_model;
    std::vector<diagnostic>& m_out;
    hooks m_hooks;
    std::map<std::string, named> m_names;
    std::map<std::string, pending_group> m_groups;
    std::map<std::string, std::uint32_t> m_sources; // event stream -> node
    std::size_t m_errors = 0;                       // reported so far
    // Targets of statements that failed: later uses stay quiet.
    std::set<std::string> m_failed;
};

// True when deciding `e` needs rows, not the per-event VM: it computes
// (arithmetic, durations, `now`) or calls a function (`TOP30(user)`).
bool needs_rows(const ast::expr& e);

} // namespace carl::stateful
