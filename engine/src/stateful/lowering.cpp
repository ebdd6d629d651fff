// Lowering stateful statements into an operator graph, for lowering.hpp.
// Joins are in join_lowering.cpp.
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

std::optional<aggregate_fn> function_named(std::string name) {
    name = data_model::normalize(name);
    static const std::pair<const char*, aggregate_fn> names[] = {
        {"count", aggregate_fn::count},
        {"unique", aggregate_fn::unique},
        {"min", aggregate_fn::min},
        {"max", aggregate_fn::max},
        {"sum", aggregate_fn::sum},
        {"average", aggregate_fn::average},
        {"avg", aggregate_fn::average},
        {"mean", aggregate_fn::average},
        {"standard_deviation", aggregate_fn::standard_deviation},
        {"stdev", aggregate_fn::standard_deviation},
        {"stddev", aggregate_fn::standard_deviation},
    };
    for (const auto& [text, fn] : names)
        if (name == text)
            return fn;
    return std::nullopt;
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
               (s.condition && mentions_now(*s.condition));
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

std::optional<std::size_t>
graph_builder::column_of(const ast::expr& field, const schema& columns,
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
    diagnostic d = m_code.make(severity::error, field.where.offset,
                               field.where.length,
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

void graph_builder::on_group(const ast::statement& s) {
    if (s.condition)
        // TODO(#6): a `where` on a group (CAR writes it in English).
        return fail(s.condition->where,
                    "a condition on 'group' is not supported yet");
    pending_group g;
    g.where = s.where;
    const std::size_t errors = m_errors;
    for (const ast::name& source : s.sources) {
        auto input = node_of(source);
        if (!input)
            return;
        std::vector<std::size_t> keys;
        for (const auto& key : s.keys)
            if (auto c = column_of(*key, m_graph.nodes[*input].columns,
                                   source.text))
                keys.push_back(*c);
        g.inputs.push_back(*input);
        g.keys.push_back(std::move(keys));
    }
    for (const auto& key : s.keys)
        g.key_names.push_back(key->path.empty() ? "" : key->path.back());
    if (m_errors > errors)
        return;
    m_names.erase(s.target.text);
    m_groups[s.target.text] = std::move(g);
}

std::optional<std::uint32_t>
graph_builder::materialize(const std::string& name) {
    pending_group g = m_groups[name];
    std::vector<aggregate> count(1);
    make_group(name, std::move(g), std::move(count), {"count"});
    return m_names[name].node;
}

void graph_builder::make_group(const std::string& target, pending_group g,
                               std::vector<aggregate> aggregates,
                               std::vector<std::string> names) {
    node n;
    n.kind = node_kind::group;
    n.name = target;
    n.columns.columns = g.key_names;
    n.columns.columns.insert(n.columns.columns.end(), names.begin(),
                             names.end());
    n.group.keys = std::move(g.keys);
    n.group.aggregates = std::move(aggregates);
    std::vector<edge> inputs;
    for (std::size_t i = 0; i < g.inputs.size(); ++i)
        inputs.push_back({g.inputs[i], static_cast<std::uint8_t>(i)});
    bind(target, add_node(std::move(n), inputs), true);
}

std::optional<aggregate>
graph_builder::make_aggregate(const ast::expr& call, std::uint32_t input,
                              const std::string& stream) {
    auto fn = function_named(call.text);
    if (!fn) {
        fail(call.where, "unknown aggregate '" + call.text +
                             "': expected count, unique, min, max, sum, "
                             "average or standard_deviation");
        return std::nullopt;
    }
    aggregate a;
    a.fn = *fn;
    if (call.children.empty())
        return a;
    const ast::expr& arg = *call.children[0];
    const schema& columns = m_graph.nodes[input].columns;
    // count(STREAM) counts rows; FN(COUNTS), over the rows of `NAME =
    // count(...) by ...`, reads their count, the column named NAME.
    const bool whole_stream =
        arg.kind == ast::expr_kind::field && arg.path.size() == 1 &&
        (arg.path[0] == stream || m_names.count(arg.path[0]) ||
         m_hooks.event_types(arg.path[0]));
    if (whole_stream && a.fn == aggregate_fn::count)
        return a;
    if (whole_stream && !columns.find(arg.path[0])) {
        fail(arg.where, "expected a field of '" + arg.path[0] + "', found "
                        "the stream itself");
        return std::nullopt;
    }
    auto column = column_of(arg, columns, stream);
    if (!column)
        return std::nullopt;
    row_expr e;
    e.op = expr_op::column;
    e.column = *column;
    a.argument = std::move(e);
    return a;
}

// `from S select ...`: over a pending group, its aggregates; over rows
// with aggregates, one group of everything; else a projection.
void graph_builder::on_select(const ast::statement& s) {
    const std::string& from = s.sources.at(0).text;
    const bool grouped = m_groups.count(from) > 0;
    pending_group g = grouped ? m_groups[from] : pending_group{};
    if (!grouped) {
        auto input = node_of(s.sources[0]);
        if (!input)
            return;
        g.inputs = {*input};
    }
    const std::uint32_t input = g.inputs.at(0);
    const bool aggregating =
        grouped || std::any_of(s.items.begin(), s.items.end(), [](auto& i) {
            return i.value->kind == ast::expr_kind::call;
        });
    if (!aggregating)
        return project(s, input);
    if (!grouped)
        g.keys = {{}};

    const std::size_t errors = m_errors;
    std::vector<aggregate> aggregates;
    std::vector<std::string> names;
    for (const ast::select_item& item : s.items) {
        const ast::expr& v = *item.value;
        if (v.kind != ast::expr_kind::call) {
            // A `by` field selected again is already in the row.
            if (v.kind == ast::expr_kind::field &&
                std::count(g.key_names.begin(), g.key_names.end(),
                           v.path.back()))
                continue;
            fail(v.where, "expected an aggregate or a 'by' field");
            continue;
        }
        if (auto a = make_aggregate(v, input, from)) {
            aggregates.push_back(std::move(*a));
            names.push_back(item.alias.text.empty() ? v.text
                                                    : item.alias.text);
        }
    }
    if (m_errors == errors)
        make_group(s.target.text, std::move(g), std::move(aggregates),
                   std::move(names));
}

// `from S select f, g as h`: those columns, and the time, of each row.
void graph_builder::project(const ast::statement& s, std::uint32_t input) {
    const schema& in = m_graph.nodes[input].columns;
    const std::string& from = s.sources[0].text;
    node n;
    n.kind = node_kind::project;
    n.name = s.target.text;
    const std::size_t errors = m_errors;
    for (const ast::select_item& item : s.items) {
        auto column = column_of(*item.value, in, from);
        if (!column)
            continue;
        row_expr e;
        e.op = expr_op::column;
        e.column = *column;
        n.items.push_back(std::move(e));
        n.columns.columns.push_back(item.alias.text.empty()
                                        ? in.columns[*column]
                                        : item.alias.text);
    }
    if (auto time = in.find("time"); time && !n.columns.find("time")) {
        row_expr e;
        e.op = expr_op::column;
        e.column = *time;
        n.items.push_back(std::move(e));
        n.columns.columns.push_back("time");
    }
    if (m_errors == errors)
        bind(s.target.text, add_node(std::move(n), {{input, 0}}), true);
}

// `NAME = FN(S.f) [by k...]` and `NAME = count(S) by k`.
void graph_builder::on_aggregate(const ast::statement& s) {
    const ast::expr& v = *s.value;
    if (v.kind != ast::expr_kind::field || v.path.empty())
        return fail(v.where, "expected a stream or a stream's field");
    ast::name source{v.path[0], v.where};
    auto input = node_of(source);
    if (!input)
        return;

    pending_group g;
    g.inputs = {*input};
    g.keys.emplace_back();
    for (const auto& key : s.keys) {
        auto c = column_of(*key, m_graph.nodes[*input].columns, source.text);
        if (!c)
            return;
        g.keys[0].push_back(*c);
        g.key_names.push_back(key->path.back());
    }
    ast::expr call;
    call.kind = ast::expr_kind::call;
    call.text = s.function.text;
    call.where = s.function.where;
    if (v.path.size() > 1) {
        auto arg = std::make_unique<ast::expr>();
        arg->kind = ast::expr_kind::field;
        arg->path = v.path;
        arg->where = v.where;
        call.children.push_back(std::move(arg));
    }
    auto a = make_aggregate(call, *input, source.text);
    if (!a)
        return;
    std::vector<aggregate> aggregates;
    aggregates.push_back(std::move(*a));
    make_group(s.target.text, std::move(g), std::move(aggregates),
               {s.target.text});
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

void graph_builder::on_run(const ast::statement& s) {
    if (auto node = m_hooks.run(s))
        bind(s.target.text, *node, false);
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
