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

} // namespace

bool needs_rows(const ast::expr& e) {
    switch (e.kind) {
    case ast::expr_kind::arithmetic:
    case ast::expr_kind::duration:
    case ast::expr_kind::now:
    case ast::expr_kind::call:
        return true;
    default:
        return std::any_of(
            e.children.begin(), e.children.end(),
            [](const auto& child) { return needs_rows(*child); });
    }
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
               (s.condition && needs_rows(*s.condition));
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
    const std::uint32_t own = *input;

    // What the condition reads besides the rows' own cells comes after
    // them: values of the whole input (`count < lower_bound`), known at
    // the end, then the mark of each `f in TOPn(g)`.
    std::vector<std::string> values;
    scalars_in(*s.condition, values);
    std::uint32_t at = values.empty() ? own : with_values(own, values);
    std::map<const ast::expr*, std::size_t> marks;
    const std::size_t errors = m_errors;
    at = with_ranks(*s.condition, from.text, s.target.text, at, marks);
    if (m_errors > errors)
        return;

    node n;
    n.name = s.target.text;
    n.columns = m_graph.nodes[at].columns;
    expr_builder builder(
        [&](const ast::expr& f) { return column_of(f, n.columns, from.text); },
        [&](const ast::expr& e, std::string m) { fail(e.where, m); },
        [&](const ast::expr& e) { return mark_test(e, marks); });
    n.condition = builder.condition(*s.condition);
    if (!n.condition)
        return;
    n.kind = uses_now(*n.condition) ? node_kind::hold : node_kind::filter;
    std::uint32_t result = add_node(std::move(n), {{at, 0}});
    if (at != own)
        result = first_columns(
            result, m_graph.nodes[own].columns.columns.size(), s.target.text);
    bind(s.target.text, result, aggregated(from.text));
}

// The rows of node `from` with only their first `count` cells: what a
// filter or a group added for its condition goes past it.
std::uint32_t graph_builder::first_columns(std::uint32_t from,
                                           std::size_t count,
                                           const std::string& name) {
    node back;
    back.kind = node_kind::project;
    back.name = name;
    const schema& cells = m_graph.nodes[from].columns;
    back.columns.columns.assign(cells.columns.begin(),
                                cells.columns.begin() + count);
    for (std::size_t c = 0; c < count; ++c)
        back.items.push_back(column_at(c));
    return add_node(std::move(back), {{from, 0}});
}

// A rank node after `at` for each `f [not] in TOPn(g)` in `e`, whose mark
// column goes to `marks`; returns the last node. `stream` is the filter's
// input, whose own events TOPn ranks, and `target` the filter's name.
std::uint32_t
graph_builder::with_ranks(const ast::expr& e, const std::string& stream,
                          const std::string& target, std::uint32_t at,
                          std::map<const ast::expr*, std::size_t>& marks) {
    for (const auto& child : e.children)
        at = with_ranks(*child, stream, target, at, marks);
    if (e.kind != ast::expr_kind::in_list || !top_count(*e.children[1]))
        return at;

    const ast::expr& call = *e.children[1];
    if (call.children.size() != 1 || *top_count(call) == 0) {
        fail(call.where, "expected TOPn(FIELD) with n of 1 or more, found '" +
                             call.text + "(...)'");
        return at;
    }
    const ast::expr& ranked = *call.children[0];
    if (ranked.kind == ast::expr_kind::field && ranked.path.size() > 1 &&
        ranked.path[0] != stream && is_stream(ranked.path[0])) {
        fail(ranked.where, "TOPn ranks the events of '" + stream +
                               "', the filter's own, not those of '" +
                               ranked.path[0] + "'");
        return at;
    }
    node n;
    n.kind = node_kind::rank;
    n.name = target;
    n.columns = m_graph.nodes[at].columns;
    auto value = column_of(*e.children[0], n.columns, stream);
    auto counted = column_of(ranked, n.columns, stream);
    if (!value || !counted)
        return at;
    n.rank = {*value, *counted, *top_count(call)};
    marks[&e] = n.columns.columns.size();
    n.columns.columns.push_back(call.text + "(" + dotted(ranked.path, 0) +
                                ")");
    return add_node(std::move(n), {{at, 0}});
}

// `f in TOPn(g)` reads its mark: 1 in the top, 0 not; absent, unknown.
std::optional<row_expr>
graph_builder::mark_test(const ast::expr& e,
                         const std::map<const ast::expr*, std::size_t>& marks) {
    auto found = marks.find(&e);
    if (found == marks.end()) {
        const ast::expr& call =
            e.kind == ast::expr_kind::call ? e : *e.children[1];
        fail(call.where,
             top_count(call) ? "TOPn(...) stands after 'in': f in TOPn(g)"
                             : "unknown function '" + call.text +
                                   "': a condition calls only TOPn(...), "
                                   "after 'in'");
        return std::nullopt;
    }
    row_expr wanted; // a constant
    wanted.constant = datum::of_number(e.negated ? 0 : 1);
    row_expr out;
    out.op = expr_op::compare;
    out.compare = ast::compare_op::eq;
    out.children = {column_at(found->second), std::move(wanted)};
    return out;
}

bool graph_builder::is_stream(const std::string& name) const {
    auto found = m_names.find(name);
    return (found != m_names.end() && !found->second.scalar) ||
           m_groups.count(name) || m_hooks.event_types(name);
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

void graph_builder::derive(const ast::statement& s) {
    auto input = node_of(s.target);
    if (!input)
        return;
    const schema& in = m_graph.nodes[*input].columns;
    auto copied = column_of(*s.value, in, s.target.text);
    if (!copied)
        return;

    // Every cell as it was, and the new field: a column of its own, or in
    // place of one of the same name.
    node n;
    n.kind = node_kind::project;
    n.name = s.target.text;
    n.columns = in;
    for (std::size_t c = 0; c < in.columns.size(); ++c)
        n.items.push_back(column_at(c));
    if (auto replaced = in.find(s.field.text)) {
        n.items[*replaced] = column_at(*copied);
    } else {
        n.columns.columns.push_back(s.field.text);
        n.items.push_back(column_at(*copied));
    }
    const named was = m_names.at(s.target.text);
    bind(s.target.text, add_node(std::move(n), {{*input, 0}}), was.aggregated,
         was.scalar);
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
