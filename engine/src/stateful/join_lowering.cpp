// Lowering `join A, B where (...)`, for lowering.hpp: the condition's
// conjuncts become equality keys, a time window and a residual condition.
#include "lowering.hpp"
#include "test.hpp"

namespace carl::stateful {
namespace {

void conjuncts(const ast::expr& e, std::vector<const ast::expr*>& out) {
    if (e.kind != ast::expr_kind::logical_and) {
        out.push_back(&e);
        return;
    }
    for (const auto& child : e.children)
        conjuncts(*child, out);
}

bool is_time(const std::string& field) {
    return field == "time" || field == "timestamp";
}

// `A.time`, `A.time + 1 second`, `A.time - 2 seconds`: which side, and
// the offset added to its time.
struct time_term {
    int side = -1;
    nanos offset = 0;
};

std::optional<time_term> time_of(const ast::expr& e, const std::string& a,
                                 const std::string& b) {
    if (e.kind == ast::expr_kind::field && e.path.size() == 2 &&
        is_time(e.path[1]) && (e.path[0] == a || e.path[0] == b))
        return time_term{e.path[0] == a ? 0 : 1, 0};
    if (e.kind != ast::expr_kind::arithmetic ||
        (e.arith != ast::arith_op::add && e.arith != ast::arith_op::sub) ||
        e.children[1]->kind != ast::expr_kind::duration)
        return std::nullopt;
    auto term = time_of(*e.children[0], a, b);
    if (!term)
        return std::nullopt;
    const ast::expr& d = *e.children[1];
    const auto length = parse_duration(d.text);
    const nanos n =
        length ? *length : static_cast<nanos>(d.number * nanos_per_second);
    term->offset += e.arith == ast::arith_op::add ? n : -n;
    return term;
}

// Narrows the window by `d op v`, where d = right.time - left.time.
void bound(join_spec& spec, ast::compare_op op, nanos v) {
    const bool strict = op == ast::compare_op::lt || op == ast::compare_op::gt;
    if (op == ast::compare_op::lt || op == ast::compare_op::le) {
        if (!spec.upper || v < *spec.upper || (v == *spec.upper && strict)) {
            spec.upper = v;
            spec.upper_strict = strict;
        }
    } else if (!spec.lower || v > *spec.lower || (v == *spec.lower && strict)) {
        spec.lower = v;
        spec.lower_strict = strict;
    }
}

// `x.time + ox op y.time + oy` on different sides: a bound on d.
bool window_bound(const ast::expr& c, const std::string& a,
                  const std::string& b, join_spec& spec) {
    if (c.op == ast::compare_op::eq || c.op == ast::compare_op::ne)
        return false;
    const auto x = time_of(*c.children[0], a, b);
    const auto y = time_of(*c.children[1], a, b);
    if (!x || !y || x->side == y->side)
        return false;
    // left + ol op right + or  <=>  ol - or op d, that is d mirror(op) ...
    if (x->side == 0)
        bound(spec, mirror(c.op), x->offset - y->offset);
    else
        bound(spec, c.op, y->offset - x->offset);
    return true;
}

} // namespace

void graph_builder::on_join(const ast::statement& s) {
    if (s.sources.size() != 2)
        return fail(s.where, "expected two streams to join, found " +
                                 std::to_string(s.sources.size()));
    const std::string& a = s.sources[0].text;
    const std::string& b = s.sources[1].text;
    const auto left = node_of(s.sources[0]);
    const auto right = node_of(s.sources[1]);
    if (!left || !right)
        return;
    const std::size_t errors = m_errors;

    node n;
    n.kind = node_kind::join;
    n.name = s.target.text;
    for (const std::string& c : m_graph.nodes[*left].columns.columns)
        n.columns.columns.push_back(a + "." + c);
    for (const std::string& c : m_graph.nodes[*right].columns.columns)
        n.columns.columns.push_back(b + "." + c);
    n.join.left_columns = m_graph.nodes[*left].columns.columns.size();

    std::vector<const ast::expr*> parts;
    if (s.condition)
        conjuncts(*s.condition, parts);
    std::vector<const ast::expr*> residual;
    for (const ast::expr* c : parts) {
        if (c->kind == ast::expr_kind::compare &&
            window_bound(*c, a, b, n.join))
            continue;
        if (c->kind == ast::expr_kind::compare &&
            c->op == ast::compare_op::eq && add_key(*c, a, b, n, *left, *right))
            continue;
        residual.push_back(c);
    }

    // The residual is checked on the joined row, by qualified names.
    if (!residual.empty()) {
        expr_builder builder(
            [&](const ast::expr& f) {
                return column_of(f, n.columns, s.target.text);
            },
            [&](const ast::expr& e, std::string m) { fail(e.where, m); });
        row_expr combined;
        combined.op = expr_op::logical_and;
        for (const ast::expr* c : residual)
            if (auto part = builder.condition(*c))
                combined.children.push_back(std::move(*part));
        n.join.residual = std::move(combined);
    }
    if (m_errors > errors)
        return;
    bind(s.target.text, add_node(std::move(n), {{*left, 0}, {*right, 1}}),
         false);
}

// `a.f == b.g` with one field on each side: a key of the join.
bool graph_builder::add_key(const ast::expr& c, const std::string& a,
                            const std::string& b, node& n, std::uint32_t left,
                            std::uint32_t right) {
    const ast::expr* x = c.children[0].get();
    const ast::expr* y = c.children[1].get();
    if (x->kind != ast::expr_kind::field || y->kind != ast::expr_kind::field ||
        x->path.size() < 2 || y->path.size() < 2)
        return false;
    if (x->path[0] == b && y->path[0] == a)
        std::swap(x, y);
    if (x->path[0] != a || y->path[0] != b || a == b)
        return false;
    const auto lc = column_of(*x, m_graph.nodes[left].columns, a);
    const auto rc = column_of(*y, m_graph.nodes[right].columns, b);
    if (!lc || !rc)
        return true; // reported: the join is not built
    n.join.left_keys.push_back(*lc);
    n.join.right_keys.push_back(*rc);
    return true;
}

} // namespace carl::stateful
