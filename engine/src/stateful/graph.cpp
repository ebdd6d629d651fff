// Running operator graphs, and describing them, for graph.hpp.
#include "graph.hpp"

namespace carl::stateful {

struct runtime::node_state {
    std::unique_ptr<join_state> join;
    std::unique_ptr<group_state> group;
    std::unique_ptr<difference_state> difference;
    std::unique_ptr<hold_state> hold;
    std::unique_ptr<rank_state> rank;
    std::unique_ptr<cross_state> cross;

    const counters* stats() const {
        if (join)
            return &join->stats();
        if (group)
            return &group->stats();
        if (difference)
            return &difference->stats();
        if (hold)
            return &hold->stats();
        if (rank)
            return &rank->stats();
        if (cross)
            return &cross->stats();
        return nullptr;
    }
};

struct runtime::graph_state {
    std::shared_ptr<const graph> spec;
    std::vector<node_state> nodes;
};

runtime::runtime(const std::vector<std::shared_ptr<const graph>>& graphs,
                 const limits& limits)
    : m_limits(limits) {
    for (const auto& g : graphs) {
        auto state = std::make_unique<graph_state>();
        state->spec = g;
        state->nodes.resize(g->nodes.size());
        for (std::size_t i = 0; i < g->nodes.size(); ++i) {
            const node& n = g->nodes[i];
            node_state& s = state->nodes[i];
            if (n.kind == node_kind::join)
                s.join = std::make_unique<join_state>(n.join, limits);
            if (n.kind == node_kind::group)
                s.group = std::make_unique<group_state>(n.group, limits);
            if (n.kind == node_kind::difference)
                s.difference =
                    std::make_unique<difference_state>(n.difference, limits);
            if (n.kind == node_kind::hold)
                s.hold = std::make_unique<hold_state>(*n.condition, limits);
            if (n.kind == node_kind::rank)
                s.rank = std::make_unique<rank_state>(n.rank, limits);
            if (n.kind == node_kind::cross)
                s.cross = std::make_unique<cross_state>(n.cross, limits);
        }
        m_graphs.push_back(std::move(state));
    }
}

runtime::~runtime() = default;

void runtime::push(std::size_t graph, std::uint32_t node, row r,
                   const eval_context& context, const output_fn& on_output) {
    emit(graph, node, std::move(r), context, on_output);
}

void runtime::emit(std::size_t graph, std::uint32_t from, row r,
                   const eval_context& context, const output_fn& on_output) {
    const struct graph& g = *m_graphs[graph]->spec;
    for (const graph_output& out : g.outputs)
        if (out.node == from)
            on_output(graph, out, r);
    const std::vector<edge>& next = g.nodes[from].next;
    for (std::size_t i = 0; i < next.size(); ++i)
        deliver(graph, next[i], i + 1 == next.size() ? std::move(r) : r,
                context, on_output);
}

void runtime::deliver(std::size_t graph, edge to, row r,
                      const eval_context& context, const output_fn& on_output) {
    const node& n = m_graphs[graph]->spec->nodes[to.node];
    node_state& s = m_graphs[graph]->nodes[to.node];
    auto onward = [&](row out) {
        emit(graph, to.node, std::move(out), context, on_output);
    };

    switch (n.kind) {
    case node_kind::source:
        return onward(std::move(r));
    case node_kind::filter:
        if (decide(*n.condition, r, context) == verdict::yes)
            onward(std::move(r));
        return;
    case node_kind::hold:
        return s.hold->push(std::move(r), context, onward);
    case node_kind::join:
        return s.join->push(to.port, std::move(r), context, onward);
    case node_kind::group:
        return s.group->push(to.port, r, context, onward);
    case node_kind::difference:
        return s.difference->push(to.port, std::move(r));
    case node_kind::rank:
        return s.rank->push(std::move(r));
    case node_kind::cross:
        return s.cross->push(to.port, std::move(r));
    case node_kind::project: {
        row out;
        out.time = r.time;
        for (const row_expr& item : n.items)
            out.cells.push_back(evaluate(item, r, context));
        out.events = std::move(r.events);
        return onward(std::move(out));
    }
    }
}

void runtime::finish(const eval_context& context, const output_fn& on_output) {
    for (std::size_t g = 0; g < m_graphs.size(); ++g) {
        graph_state& state = *m_graphs[g];
        for (std::uint32_t i = 0; i < state.nodes.size(); ++i) {
            node_state& s = state.nodes[i];
            auto onward = [&](row out) {
                emit(g, i, std::move(out), context, on_output);
            };
            if (s.group)
                s.group->finish(onward);
            if (s.difference)
                s.difference->finish(onward);
            if (s.hold)
                s.hold->finish(context, onward);
            if (s.rank)
                s.rank->finish(onward);
            if (s.cross)
                s.cross->finish(onward);
            if (s.join)
                s.join->clear();
        }
    }
}

namespace {

const char* kind_name(node_kind kind) {
    static const char* const names[] = {"source",  "filter", "hold",
                                        "join",    "group",  "difference",
                                        "project", "rank",   "cross"};
    return names[static_cast<int>(kind)];
}

std::string window_text(const join_spec& j) {
    if (!j.timed())
        return "";
    std::string out = " window ";
    out += j.lower ? std::string(j.lower_strict ? "(" : "[") +
                         format_duration(*j.lower)
                   : "(-inf";
    out += ", ";
    out += j.upper ? format_duration(*j.upper) + (j.upper_strict ? ")" : "]")
                   : "+inf)";
    return out;
}

// "keys a.hostname = b.hostname": the columns of a join's output.
std::string join_keys(const node& n) {
    std::string out;
    for (std::size_t i = 0; i < n.join.left_keys.size(); ++i)
        out += std::string(i ? ", " : " keys ") +
               n.columns.columns[n.join.left_keys[i]] + " = " +
               n.columns.columns[n.join.left_columns + n.join.right_keys[i]];
    return out;
}

std::string details(const node& n) {
    switch (n.kind) {
    case node_kind::join:
        return join_keys(n) + window_text(n.join) +
               (n.join.residual ? " and a condition" : "");
    case node_kind::group: {
        // The key columns come first, then one per aggregate.
        const std::size_t keys =
            n.columns.columns.size() - n.group.aggregates.size();
        std::string out = keys ? " by" : " of everything";
        for (std::size_t c = 0; c < n.columns.columns.size(); ++c)
            out += (c == keys ? ": " : c ? ", " : " ") + n.columns.columns[c];
        return out;
    }
    case node_kind::rank:
        return " marks " + n.columns.columns[n.rank.value] + " in top " +
               std::to_string(n.rank.top) + " of " +
               n.columns.columns[n.rank.ranked];
    case node_kind::cross: {
        std::string out = " with";
        for (std::size_t c = n.cross.left_columns; c < n.columns.columns.size();
             ++c)
            out +=
                (c > n.cross.left_columns ? ", " : " ") + n.columns.columns[c];
        return out;
    }
    case node_kind::difference: {
        std::string out = " on";
        for (std::size_t c : n.difference.left_keys)
            out += (out.size() > 3 ? ", " : " ") + n.columns.columns[c];
        return out;
    }
    default:
        return "";
    }
}

} // namespace

std::string graph::describe() const {
    std::string out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const node& n = nodes[i];
        out += "node " + std::to_string(i) + ": " + kind_name(n.kind) + " " +
               n.name + details(n);
        for (const edge& e : n.next)
            out +=
                ", to " + std::to_string(e.node) + "." + std::to_string(e.port);
        for (const graph_output& o : outputs)
            if (o.node == i)
                out += ", output " + o.name;
        out += "\n";
    }
    return out;
}

namespace {

void mark_columns(const row_expr& e, std::vector<bool>& read) {
    if (e.op == expr_op::column && e.column < read.size())
        read[e.column] = true;
    for (const row_expr& child : e.children)
        mark_columns(child, read);
}

void mark(const std::vector<std::size_t>& columns, std::vector<bool>& read) {
    for (std::size_t c : columns)
        read[c] = true;
}

// What node `n` reads of its own rows: its condition, keys, items.
std::vector<bool> reads_of(const node& n, std::vector<bool> read) {
    if (n.condition)
        mark_columns(*n.condition, read);
    if (n.join.residual)
        mark_columns(*n.join.residual, read);
    if (n.kind == node_kind::rank)
        mark({n.rank.value, n.rank.ranked}, read);
    return read;
}

} // namespace

// Backwards, consumers before producers: each node passes on to its inputs
// what it and the nodes after it read. Over-approximate where cheap.
std::vector<std::vector<bool>> graph::columns_read() const {
    std::vector<std::vector<bool>> read(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i)
        read[i].assign(nodes[i].columns.columns.size(), false);
    for (const graph_output& o : outputs)
        if (o.report_cells)
            read[o.node].assign(read[o.node].size(), true);

    for (std::size_t i = nodes.size(); i-- > 0;) {
        const node& n = nodes[i];
        const std::vector<bool> needed = reads_of(n, read[i]);
        for (std::size_t from = 0; from < i; ++from) {
            for (const edge& e : nodes[from].next) {
                if (e.node != i)
                    continue;
                std::vector<bool>& in = read[from];
                switch (n.kind) {
                case node_kind::join:
                    for (std::size_t c = 0; c < needed.size(); ++c) {
                        const bool left = c < n.join.left_columns;
                        if (needed[c] && left == (e.port == 0))
                            in[left ? c : c - n.join.left_columns] = true;
                    }
                    mark(e.port == 0 ? n.join.left_keys : n.join.right_keys,
                         in);
                    break;
                case node_kind::group:
                    mark(n.group.keys.at(e.port), in);
                    for (const aggregate& a : n.group.aggregates)
                        if (a.argument)
                            mark_columns(*a.argument, in);
                    break;
                case node_kind::project:
                    for (const row_expr& item : n.items)
                        mark_columns(item, in);
                    break;
                case node_kind::cross:
                    // Port 0's cells come first, port 1's after them.
                    for (std::size_t c = 0; c < needed.size(); ++c) {
                        const bool left = c < n.cross.left_columns;
                        if (needed[c] && left == (e.port == 0))
                            in[left ? c : c - n.cross.left_columns] = true;
                    }
                    break;
                case node_kind::difference:
                    mark(e.port == 0 ? n.difference.left_keys
                                     : n.difference.right_keys,
                         in);
                    if (e.port == 0)
                        for (std::size_t c = 0; c < needed.size(); ++c)
                            in[c] = in[c] || needed[c];
                    break;
                default: // filter, hold: the same columns
                    for (std::size_t c = 0; c < needed.size(); ++c)
                        in[c] = in[c] || needed[c];
                }
            }
        }
    }
    return read;
}

counters runtime::totals() const {
    counters sum;
    for (const auto& g : m_graphs) {
        for (const node_state& s : g->nodes) {
            const counters* c = s.stats();
            if (!c)
                continue;
            sum.evicted += c->evicted;
            sum.late += c->late;
            sum.untimed += c->untimed;
            sum.held += c->held;
            sum.peak += c->peak;
        }
    }
    return sum;
}

} // namespace carl::stateful
