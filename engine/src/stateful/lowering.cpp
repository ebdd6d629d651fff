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
    return e.kind == ast::expr_kind::in_list &&
           top_count(*e.children[1]) && e.children[1]->children.size() == 1;
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
    case ast::statement_kind::filter: {
        const std::string& from =
            s.sources.empty() ? s.target.text : s.sources[0].text;
        return defines(from) ||
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
    expr_builder builder(
        [&](const ast::expr& f) { return column_of(f, n.columns, from.text); },
        [&](const ast::expr& e, std::string m) { fail(e.where, m); });
    n.condition = builder.condition(*s.condition);
    if (!n.condition)
        return;
    n.kind = uses_now(*n.condition) ? node_kind::hold : node_kind::filter;
    bind(s.target.text, add_node(std::move(n), {{*input, 0}}),
         aggregated(from.text));
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
                         bool aggregated) {
    m_groups.erase(name);
    m_names[name] = {node, aggregated};
}

void graph_builder::fail(ast::span where, std::string message) {
    m_out.push_back(m_code.make(severity::error, where.offset, where.length,
                                std::move(message)));
    ++m_errors;
}

} // namespace carl::stateful
