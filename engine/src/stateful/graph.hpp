// The operator graph of one stateful block, which the compiler builds
// (lowering.hpp) and shares immutable, and the runtime each evaluator keeps
// for its graphs: source nodes fed by predicates, operators, outputs.
#pragma once

#include "buffered.hpp"
#include "group.hpp"
#include "join.hpp"

#include <memory>

namespace carl::stateful {

enum class node_kind : std::uint8_t {
    source,     // rows made from events that passed a predicate
    filter,     // rows for which `condition` holds
    hold,       // a filter on `now`, held to the end when now is unknown
    join,       // port 0 left, port 1 right: `join`
    group,      // one port per source: `group`
    difference, // port 0 A, port 1 B: `difference`
    project,    // one cell per `items`, events kept
    rank,       // `f [not] in TOPn(g)`, decided at the end of the input
    cross,      // port 0's rows with port 1's one row, at the end
};

// Where a node's rows go: another node's input.
struct edge {
    std::uint32_t node = 0;
    std::uint8_t port = 0;
};

struct node {
    node_kind kind = node_kind::source;
    std::string name; // the statement's target, for messages and disasm
    schema columns;   // of the rows it emits
    std::vector<edge> next;

    std::optional<row_expr> condition; // filter, hold
    join_spec join;
    group_spec group;
    difference_spec difference;
    std::vector<row_expr> items; // project
    rank_spec rank;
    cross_spec cross;
};

// An output statement naming a node: its rows are matches.
struct graph_output {
    std::uint32_t node = 0;
    std::string name;
    // Matches report the row's cells by column name (aggregates), not
    // only its events.
    bool report_cells = false;
};

struct graph {
    std::vector<node> nodes; // each feeds only later ones
    std::vector<graph_output> outputs;

    // The graph as text, one node a line, for `carl disasm`.
    std::string describe() const;

    // By node, which columns of its rows something after it reads: so that
    // the events feeding a source need only those fields decoded.
    std::vector<std::vector<bool>> columns_read() const;
};

// The state of every graph of a program set in one evaluator. Not
// thread-safe.
class runtime {
public:
    using output_fn = std::function<void(
        std::size_t graph, const graph_output& output, const row& r)>;

    runtime(const std::vector<std::shared_ptr<const graph>>& graphs,
            const limits& limits);
    ~runtime();

    // Gives `r` to source node `node` of graph `graph`, and runs everything
    // it sets off; rows reaching an output go to `on_output`.
    void push(std::size_t graph, std::uint32_t node, row r,
              const eval_context& context, const output_fn& on_output);

    // The end of the input: each operator, in order, emits what it held;
    // joins forget theirs. The counters stay.
    void finish(const eval_context& context, const output_fn& on_output);

    // Summed over every operator.
    counters totals() const;

private:
    struct node_state;
    struct graph_state;

    void deliver(std::size_t graph, edge to, row r, const eval_context& context,
                 const output_fn& on_output);
    void emit(std::size_t graph, std::uint32_t from, row r,
              const eval_context& context, const output_fn& on_output);

    std::vector<std::unique_ptr<graph_state>> m_graphs;
    const limits& m_limits;
};

} // namespace carl::stateful
