// Lowering stateful statements into an operator graph, for lowering.hpp.
// Joins are in join_lowering.cpp, groups and aggregates in group_lowering.cpp.
#include "lowering.hpp"

#include <algorithm>

namespace carl::stateful {
namespace {

std::string dotted(const std::vector<std::string>& path, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < path.size(); ++i)
        out += (i > from ? "." : "") + path[i];
    return out;
}

// N in a call `TOPn(...)`, in any letter case; nothing for another call.
std::optional<std::size_t> top_count(const ast::expr& e) {
    if (e.kind != ast::expr_kind::call || e.text.size() < 4)
        return std::nullopt;
    for (std::size_t i = 0; i < 3; ++i)
        if ((e.text[i] | 0x20) != "top"[i])
            return std::nullopt;
    std::size_t n = 0;
    for (std::size_t i = 3; i < e.text.size(); ++i) {
        if (e.text[i] < '0' || e.text[i] > '9' || n > 1'000'000)
            return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(e.text[i] - '0');
    }
    return n;
}

// `f in TOPn(g)` or `f not in TOPn(g)`, the whole condition.
bool is_rank(const ast::expr& e) {
    return e.kind == ast::expr_kind::in_list && top_count(*e.children[1]) &&
           e.children[1]->children.size() == 1;
}

} // namespace

bool mentions_now(const ast::expr& e) {
    if (e.kind == ast::expr_kind::now)
        return true;
    return std::any_of(e.children.begin(), e.children.end(),
                       [](const auto& child) { return mentions_now(*child); });
}

bool graph_builder::handles(const ast::statement& s) const {
    switch (s.kind) {
    case ast::statement_kind::join:
    case ast::statement_kind::group:
    case ast::statement_kind::select:
    case ast::statement_kind::aggregate:
    case ast::statement_kind::difference:
    case ast::statement_kind::run:
        return true;
    case ast::statement_kind::compute: {
        std::vector<std::string> values;
        scalars_in(*s.value, values);
        return !values.empty();
    }
    case ast::statement_kind::filter: {
        const std::string& from =
            s.sources.empty() ? s.target.text : s.sources[0].text;
        std::vector<std::string> values;
        if (s.condition)
            scalars_in(*s.condition, values);
        return defines(from) || !values.empty() ||
               (s.condition &&
                (mentions_now(*s.condition) || is_rank(*s.condition)));
    }
    default:
        return false;
    }
}

void graph_builder::lower(const ast::statement& s) {
    const std::size_t errors = m_errors;
    m_failed.erase(s.target.text);
    dispatch(s);
    if (m_errors > errors) {
        m_names.erase(s.target.text);
        m_groups.erase(s.target.text);
        m_failed.insert(s.target.text);
    }
}

void graph_builder::dispatch(const ast::statement& s) {
    switch (s.kind) {
    case ast::statement_kind::join:
        return on_join(s);
    case ast::statement_kind::group:
        return on_group(s);
    case ast::statement_kind::select:
        return on_select(s);
    case ast::statement_kind::aggregate:
        return on_aggregate(s);
    case ast::statement_kind::difference:
        return on_difference(s);
    case ast::statement_kind::run:
        return on_run(s);
    case ast::statement_kind::compute:
        return on_compute(s);
    default:
        return on_filter(s);
    }
}

void graph_builder::forget(const std::string& name) {
    m_failed.erase(name);
    m_names.erase(name);
    m_groups.erase(name);
    m_sources.erase(name);
}

bool graph_builder::aggregated(const std::string& name) const {
    auto found = m_names.find(name);
    return m_groups.count(name) ||
           (found != m_names.end() && found->second.aggregated);
}

void graph_builder::add_output(const ast::name& name) {
    const bool rows_of_values = aggregated(name.text);
    if (auto node = node_of(name))
        m_graph.outputs.push_back({*node, name.text, rows_of_values});
}

std::optional<std::uint32_t> graph_builder::node_of(const ast::name& name) {
    if (m_failed.count(name.text)) {
        ++m_errors; // already reported: fail quietly
        return std::nullopt;
    }
    if (m_groups.count(name.text))
        return materialize(name.text);
    auto found = m_names.find(name.text);
    if (found != m_names.end())
        return found->second.node;
    if (const auto* types = m_hooks.event_types(name.text))
        return source_node(name, *types);
    fail(name.where, "'" + name.text + "' is not defined");
    return std::nullopt;
}

// The rows of an event stream: one column per field of its objects, in
// slot order, the fields of a second object after the first's.
std::uint32_t graph_builder::source_node(const ast::name& name,
                                         const std::vector<type_id>& types) {
    auto cached = m_sources.find(name.text);
    if (cached != m_sources.end())
        return cached->second;
    node n;
    n.kind = node_kind::source;
    n.name = name.text;
    std::vector<std::vector<std::uint16_t>> columns;
    for (type_id type : types) {
        std::vector<std::uint16_t> map;
        for (const std::string& field : m_model.object_of(type).fields) {
            auto at = n.columns.find(field);
            if (!at) {
                at = n.columns.columns.size();
                n.columns.columns.push_back(field);
            }
            map.push_back(static_cast<std::uint16_t>(*at));
        }
        columns.push_back(std::move(map));
    }
    const std::uint32_t index = add_node(std::move(n), {});
    m_sources[name.text] = index;
    m_hooks.feed(name, index, columns);
    return index;
}

std::optional<std::size_t> graph_builder::column_of(const ast::expr& field,
                                                    const schema& columns,
                                                    const std::string& stream) {
    if (field.kind != ast::expr_kind::field) {
        fail(field.where, "expected a field");
        return std::nullopt;
    }
    std::vector<std::string> path = field.path;
    if (path.back() == "timestamp")
        path.back() = "time";
    const bool prefixed = path.size() > 1 && path[0] == stream;
    if (auto at = columns.find(dotted(path, prefixed ? 1 : 0)))
        return at;
    if (auto at = columns.find(dotted(path, 0)))
        return at;

    const std::string name = dotted(path, prefixed ? 1 : 0);
    diagnostic d =
        m_code.make(severity::error, field.where.offset, field.where.length,
                    "'" + stream + "' has no field '" + name + "'");
    const std::string guess = data_model::closest(name, columns.columns);
    if (!guess.empty())
        d.notes.push_back(m_code.make(severity::note, field.where.offset,
                                      field.where.length,
                                      "did you mean '" + guess + "'?"));
    m_out.push_back(std::move(d));
    ++m_errors;
    return std::nullopt;
}

// A - B compares the fields both have, except the time.
void graph_builder::on_difference(const ast::statement& s) {
    auto a = node_of(s.sources.at(0));
    auto b = node_of(s.sources.at(1));
    if (!a || !b)
        return;
    node n;
    n.kind = node_kind::difference;
    n.name = s.target.text;
    n.columns = m_graph.nodes[*a].columns;
    const schema& other = m_graph.nodes[*b].columns;
    for (std::size_t c = 0; c < n.columns.columns.size(); ++c) {
        const std::string& column = n.columns.columns[c];
        auto match = other.find(column);
        if (!match || column == "time")
            continue;
        n.difference.left_keys.push_back(c);
        n.difference.right_keys.push_back(*match);
    }
    if (n.difference.left_keys.empty())
        return fail(s.where, "'" + s.sources[0].text + "' and '" +
                                 s.sources[1].text +
                                 "' have no field in common to compare");
    bind(s.target.text, add_node(std::move(n), {{*a, 0}, {*b, 1}}),
         aggregated(s.sources[0].text));
}

void graph_builder::on_filter(const ast::statement& s) {
    const ast::name& from = s.sources.empty() ? s.target : s.sources[0];
    auto input = node_of(from);
    if (!input || !s.condition)
        return;
    node n;
    n.name = s.target.text;
    n.columns = m_graph.nodes[*input].columns;
    if (is_rank(*s.condition))
        return on_rank(s, std::move(n), *input);

    // A value of the whole input (`count < lower_bound`) is known at the
    // end: the rows wait for it, its cells after theirs.
    std::vector<std::string> values;
    scalars_in(*s.condition, values);
    const std::uint32_t own = *input;
    if (!values.empty()) {
        input = with_values(*input, values);
        n.columns = m_graph.nodes[*input].columns;
    }

    expr_builder builder(
        [&](const ast::expr& f) { return column_of(f, n.columns, from.text); },
        [&](const ast::expr& e, std::string m) { fail(e.where, m); });
    n.condition = builder.condition(*s.condition);
    if (!n.condition)
        return;
    n.kind = uses_now(*n.condition) ? node_kind::hold : node_kind::filter;
    std::uint32_t result = add_node(std::move(n), {{*input, 0}});

    // Past the filter, the rows are the stream's own again.
    if (!values.empty()) {
        node back;
        back.kind = node_kind::project;
        back.name = s.target.text;
        back.columns = m_graph.nodes[own].columns;
        for (std::size_t c = 0; c < back.columns.columns.size(); ++c) {
            row_expr cell;
            cell.op = expr_op::column;
            cell.column = c;
            back.items.push_back(std::move(cell));
        }
        result = add_node(std::move(back), {{result, 0}});
    }
    bind(s.target.text, result, aggregated(from.text));
}

// The names of the values of the whole input that `e` reads, once each, in
// the order it reads them.
void graph_builder::scalars_in(const ast::expr& e,
                               std::vector<std::string>& out) const {
    if (e.kind == ast::expr_kind::field && !e.path.empty()) {
        auto found = m_names.find(e.path[0]);
        if (found != m_names.end() && found->second.scalar &&
            std::find(out.begin(), out.end(), e.path[0]) == out.end())
            out.push_back(e.path[0]);
        return;
    }
    for (const auto& child : e.children)
        scalars_in(*child, out);
}

// `input`'s rows, each with the cells of `values` after its own: a cross
// node per value, in order.
std::uint32_t
graph_builder::with_values(std::uint32_t input,
                           const std::vector<std::string>& values) {
    std::uint32_t at = input;
    for (const std::string& name : values) {
        const std::uint32_t value = m_names.at(name).node;
        node n;
        n.kind = node_kind::cross;
        n.name = m_graph.nodes[at].name;
        n.columns = m_graph.nodes[at].columns;
        n.cross.left_columns = n.columns.columns.size();
        const schema& cells = m_graph.nodes[value].columns;
        n.cross.value_columns = cells.columns.size();
        n.columns.columns.insert(n.columns.columns.end(), cells.columns.begin(),
                                 cells.columns.end());
        at = add_node(std::move(n), {{at, 0}, {value, 1}});
    }
    return at;
}

// `lower_bound = average - deviation * 1.5`: arithmetic over values of the
// whole input, itself such a value, one row with one column.
void graph_builder::on_compute(const ast::statement& s) {
    std::vector<std::string> values;
    scalars_in(*s.value, values);
    const std::uint32_t first = m_names.at(values[0]).node;
    values.erase(values.begin());
    const std::uint32_t input = with_values(first, values);

    node n;
    n.kind = node_kind::project;
    n.name = s.target.text;
    n.columns.columns = {s.target.text};
    const schema& read = m_graph.nodes[input].columns;
    expr_builder builder(
        [&](const ast::expr& f) { return column_of(f, read, s.target.text); },
        [&](const ast::expr& e, std::string m) { fail(e.where, m); });
    auto item = builder.value(*s.value);
    if (!item)
        return;
    n.items.push_back(std::move(*item));
    bind(s.target.text, add_node(std::move(n), {{input, 0}}), true, true);
}

// A TOPn(...) call ranks the whole input, so it holds its rows to the end.
// TODO(#6): TOPn(...) inside a larger condition, or over another stream.
void graph_builder::on_rank(const ast::statement& s, node n,
                            std::uint32_t input) {
    const ast::name& from = s.sources.empty() ? s.target : s.sources[0];
    const ast::expr& test = *s.condition;
    const ast::expr& call = *test.children[1];
    auto value = column_of(*test.children[0], n.columns, from.text);
    auto ranked = column_of(*call.children[0], n.columns, from.text);
    if (!value || !ranked)
        return;
    if (*top_count(call) == 0)
        return fail(call.where, "expected TOPn with n of 1 or more, found '" +
                                    call.text + "'");
    n.kind = node_kind::rank;
    n.rank = {*value, *ranked, *top_count(call), test.negated};
    bind(s.target.text, add_node(std::move(n), {{input, 0}}),
         aggregated(from.text));
}

void graph_builder::on_run(const ast::statement& s) {
    if (auto node = m_hooks.run(s))
        bind(s.target.text, *node, false);
    else
        ++m_errors; // the hook said why
}

std::uint32_t graph_builder::add_node(node n, const std::vector<edge>& inputs) {
    const auto index = static_cast<std::uint32_t>(m_graph.nodes.size());
    m_graph.nodes.push_back(std::move(n));
    for (const edge& from : inputs)
        m_graph.nodes[from.node].next.push_back({index, from.port});
    return index;
}

void graph_builder::bind(const std::string& name, std::uint32_t node,
                         bool aggregated, bool scalar) {
    m_groups.erase(name);
    m_names[name] = {node, aggregated, scalar};
}

void graph_builder::fail(ast::span where, std::string message) {
    m_out.push_back(m_code.make(severity::error, where.offset, where.length,
                                std::move(message)));
    ++m_errors;
}

} // namespace carl::stateful
