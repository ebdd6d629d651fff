// Lowering `group`, `from ... select`, `count(...) by` and FN(ARG), for
// lowering.hpp: each becomes a group operator (group.hpp), or a projection.
#include "lowering.hpp"

#include <algorithm>

namespace carl::stateful {
namespace {

// `max(time)`, `count(reg)`: a call as a column's name.
std::string call_text(const ast::expr& call) {
    std::string out = call.text + "(";
    for (std::size_t i = 0; i < call.children.size(); ++i) {
        const ast::expr& arg = *call.children[i];
        out += i ? ", " : "";
        for (std::size_t p = 0; p < arg.path.size(); ++p)
            out += (p ? "." : "") + arg.path[p];
    }
    return out + ")";
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

void graph_builder::on_group(const ast::statement& s) {
    pending_group g;
    g.where = s.where;
    g.stream = s.sources.at(0).text;
    g.condition = s.condition.get();
    const std::size_t errors = m_errors;
    for (const ast::name& source : s.sources) {
        auto input = node_of(source);
        if (!input)
            return;
        std::vector<std::size_t> keys;
        for (const auto& key : s.keys)
            if (auto c =
                    column_of(*key, m_graph.nodes[*input].columns, source.text))
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

// The group node, and when the group has a condition, the filter that
// keeps the groups it holds for, with the aggregates it reads computed
// after the others.
void graph_builder::make_group(const std::string& target, pending_group g,
                               std::vector<aggregate> aggregates,
                               std::vector<std::string> names) {
    const std::size_t shown = g.key_names.size() + names.size();
    std::map<const ast::expr*, std::size_t> hidden;
    if (g.condition &&
        !add_aggregates_of(*g.condition, g, aggregates, names, hidden))
        return;

    node n;
    n.kind = node_kind::group;
    n.name = target;
    n.columns.columns = g.key_names;
    n.columns.columns.insert(n.columns.columns.end(), names.begin(),
                             names.end());
    n.group.keys = g.keys;
    n.group.aggregates = std::move(aggregates);
    std::vector<edge> inputs;
    for (std::size_t i = 0; i < g.inputs.size(); ++i)
        inputs.push_back({g.inputs[i], static_cast<std::uint8_t>(i)});
    std::uint32_t at = add_node(std::move(n), inputs);
    if (g.condition)
        at = keep_groups(at, g, shown, hidden);
    bind(target, at, true);
}

// Each aggregate call in a group's condition, as one more aggregate of
// the group, whose column goes to `columns`. A bare `count` is count().
bool graph_builder::add_aggregates_of(
    const ast::expr& e, const pending_group& g,
    std::vector<aggregate>& aggregates, std::vector<std::string>& names,
    std::map<const ast::expr*, std::size_t>& columns) {
    const bool bare_count =
        e.kind == ast::expr_kind::field && e.path.size() == 1 &&
        e.path[0] == "count" &&
        !std::count(g.key_names.begin(), g.key_names.end(), "count") &&
        !std::count(names.begin(), names.end(), "count");
    if (e.kind == ast::expr_kind::call || bare_count) {
        ast::expr counting;
        counting.kind = ast::expr_kind::call;
        counting.text = "count";
        auto a = make_aggregate(bare_count ? counting : e, g.inputs.at(0),
                                g.stream);
        if (!a)
            return false;
        columns[&e] = g.key_names.size() + names.size();
        aggregates.push_back(std::move(*a));
        names.push_back(bare_count ? "count" : call_text(e));
        return true;
    }
    for (const auto& child : e.children)
        if (!add_aggregates_of(*child, g, aggregates, names, columns))
            return false;
    return true;
}

// The filter of a group's condition after `group_node`, then, when it
// computed aggregates of its own, the projection back to the `shown` ones.
std::uint32_t graph_builder::keep_groups(
    std::uint32_t group_node, const pending_group& g, std::size_t shown,
    const std::map<const ast::expr*, std::size_t>& columns) {
    const schema cells = m_graph.nodes[group_node].columns;
    auto resolve = [&](const ast::expr& f) -> std::optional<std::size_t> {
        auto found = columns.find(&f);
        if (found != columns.end())
            return found->second;
        const std::string name = f.path.empty() ? "" : f.path.back();
        for (std::size_t c = 0; c < shown; ++c)
            if (cells.columns[c] == name)
                return c;
        fail(f.where, "'" + name +
                          "' is neither a 'by' field of the group nor "
                          "one it computes: read it through an "
                          "aggregate, such as max(" +
                          name + ")");
        return std::nullopt;
    };
    auto call = [&](const ast::expr& e) -> std::optional<row_expr> {
        auto column = resolve(e);
        return column ? std::optional<row_expr>(column_at(*column))
                      : std::nullopt;
    };
    expr_builder builder(
        resolve, [&](const ast::expr& e, std::string m) { fail(e.where, m); },
        call);

    node n;
    n.kind = node_kind::filter;
    n.name = m_graph.nodes[group_node].name;
    n.columns = cells;
    n.condition = builder.condition(*g.condition);
    if (!n.condition)
        return group_node;
    const std::uint32_t kept = add_node(std::move(n), {{group_node, 0}});
    if (shown == cells.columns.size())
        return kept;
    return first_columns(kept, shown, m_graph.nodes[group_node].name);
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
        fail(arg.where, "expected a field of '" + arg.path[0] +
                            "', found "
                            "the stream itself");
        return std::nullopt;
    }
    auto column = column_of(arg, columns, stream);
    if (!column)
        return std::nullopt;
    a.argument = column_at(*column);
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
            names.push_back(item.alias.text.empty() ? v.text : item.alias.text);
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
        n.items.push_back(column_at(*column));
        n.columns.columns.push_back(
            item.alias.text.empty() ? in.columns[*column] : item.alias.text);
    }
    if (auto time = in.find("time"); time && !n.columns.find("time")) {
        n.items.push_back(column_at(*time));
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
    // `average(process_count)` over an aggregate's rows reads its value:
    // the column named as the stream is.
    const bool own_value =
        v.path.size() == 1 && aggregated(source.text) &&
        m_graph.nodes[*input].columns.find(source.text).has_value();
    if (v.path.size() > 1 || own_value) {
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
    const bool of_everything = s.keys.empty();
    make_group(s.target.text, std::move(g), std::move(aggregates),
               {s.target.text});
    if (of_everything && m_names.count(s.target.text))
        m_names[s.target.text].scalar = true;
}

} // namespace carl::stateful
