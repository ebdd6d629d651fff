// Building and running row expressions, for row_expr.hpp.
#include "row_expr.hpp"

#include "../network.hpp"
#include "../pattern.hpp"

namespace carl::stateful {
namespace {

verdict from_bool(bool b) {
    return b ? verdict::yes : verdict::no;
}

bool is_literal(const ast::expr& e) {
    return e.kind == ast::expr_kind::string || e.kind == ast::expr_kind::number;
}

row_expr constant(datum d) {
    row_expr e;
    e.op = expr_op::constant;
    e.constant = std::move(d);
    return e;
}

verdict combine(const row_expr& e, const row& r, const eval_context& c) {
    // Kleene logic: a decisive operand settles it, else unknown wins.
    const verdict decisive =
        e.op == expr_op::logical_and ? verdict::no : verdict::yes;
    bool unknown = false;
    for (const row_expr& child : e.children) {
        const verdict v = decide(child, r, c);
        if (v == decisive)
            return decisive;
        unknown = unknown || v == verdict::unknown;
    }
    if (unknown)
        return verdict::unknown;
    return decisive == verdict::no ? verdict::yes : verdict::no;
}

} // namespace

datum evaluate(const row_expr& e, const row& r, const eval_context& c) {
    switch (e.op) {
    case expr_op::constant:
        return e.constant;
    case expr_op::column:
        return r.cells[e.column];
    case expr_op::now:
        return c.now ? datum::of_time(*c.now) : datum{};
    case expr_op::arithmetic: {
        const datum x = evaluate(e.children[0], r, c);
        const datum y = evaluate(e.children[1], r, c);
        switch (e.arith) {
        case ast::arith_op::add:
            return add(x, y);
        case ast::arith_op::sub:
            return subtract(x, y);
        case ast::arith_op::mul:
            return multiply(x, y);
        case ast::arith_op::div:
            return divide(x, y);
        }
        return {};
    }
    default: {
        const verdict v = decide(e, r, c);
        return v == verdict::unknown ? datum{}
                                     : datum::of_number(v == verdict::yes);
    }
    }
}

verdict decide(const row_expr& e, const row& r, const eval_context& c) {
    switch (e.op) {
    case expr_op::compare: {
        const auto order = stateful::compare(evaluate(e.children[0], r, c),
                                             evaluate(e.children[1], r, c));
        return order ? from_bool(holds(e.compare, *order)) : verdict::unknown;
    }
    case expr_op::text_test: {
        const datum d = evaluate(e.children[0], r, c);
        return d.present() ? from_bool(e.matcher->apply(to_text(d)))
                           : verdict::unknown;
    }
    case expr_op::logical_and:
    case expr_op::logical_or:
        return combine(e, r, c);
    case expr_op::logical_not: {
        const verdict v = decide(e.children[0], r, c);
        return v == verdict::unknown ? v : from_bool(v == verdict::no);
    }
    case expr_op::exists:
        return from_bool(evaluate(e.children[0], r, c).present());
    case expr_op::inside: {
        const datum part = evaluate(e.children[0], r, c);
        const datum whole = evaluate(e.children[1], r, c);
        if (!part.present() || !whole.present())
            return verdict::unknown;
        return from_bool(contains_folded(to_text(whole), to_text(part)));
    }
    default: {
        const datum d = evaluate(e, r, c);
        if (!d.present())
            return verdict::unknown;
        return from_bool(d.kind != datum_kind::number || d.number != 0);
    }
    }
}

bool uses_now(const row_expr& e) {
    if (e.op == expr_op::now)
        return true;
    for (const row_expr& child : e.children)
        if (uses_now(child))
            return true;
    return false;
}

std::optional<row_expr> expr_builder::condition(const ast::expr& e) {
    switch (e.kind) {
    case ast::expr_kind::logical_and:
        return all_children(e, expr_op::logical_and);
    case ast::expr_kind::logical_or:
        return all_children(e, expr_op::logical_or);
    case ast::expr_kind::logical_not:
        return all_children(e, expr_op::logical_not);
    case ast::expr_kind::exists:
        return all_children(e, expr_op::exists);
    case ast::expr_kind::compare:
        return compare(e);
    case ast::expr_kind::in_list:
        return in_list(e);
    case ast::expr_kind::contains:
        if (!is_literal(*e.children[1]))
            break;
        return text_test(
            e, test::make_equals("*" + e.children[1]->text + "*", false));
    case ast::expr_kind::match: {
        std::string error;
        auto regex = test::make_regex(e.children[1]->text, error);
        if (!regex) {
            m_fail(*e.children[1], "invalid regular expression: " + error);
            return std::nullopt;
        }
        return text_test(e, std::move(*regex));
    }
    default:
        break;
    }
    m_fail(e, "expected a condition");
    return std::nullopt;
}

std::optional<row_expr> expr_builder::value(const ast::expr& e) {
    switch (e.kind) {
    case ast::expr_kind::field: {
        auto column = m_resolve(e);
        if (!column)
            return std::nullopt;
        return column_at(*column);
    }
    case ast::expr_kind::string:
        return constant(datum::of_text(e.text));
    case ast::expr_kind::number:
        return constant(datum::of_number(e.number));
    case ast::expr_kind::duration: {
        // The text is exact; the seconds are a double.
        auto length = parse_duration(e.text);
        return constant(datum::of_duration(
            length ? *length
                   : static_cast<nanos>(e.number * nanos_per_second)));
    }
    case ast::expr_kind::now: {
        row_expr out;
        out.op = expr_op::now;
        return out;
    }
    case ast::expr_kind::arithmetic: {
        auto out = all_children(e, expr_op::arithmetic);
        if (out)
            out->arith = e.arith;
        return out;
    }
    case ast::expr_kind::call:
        return call(e);
    default:
        m_fail(e, "expected a value");
        return std::nullopt;
    }
}

std::optional<row_expr> expr_builder::call(const ast::expr& e) {
    if (m_calls)
        return m_calls(e);
    const ast::expr& named = e.kind == ast::expr_kind::call ? e : *e.children[1];
    m_fail(named, "'" + named.text + "(...)' cannot be called here");
    return std::nullopt;
}

std::optional<row_expr> expr_builder::all_children(const ast::expr& e,
                                                   expr_op op) {
    row_expr out;
    out.op = op;
    const bool logical = op == expr_op::logical_and ||
                         op == expr_op::logical_or ||
                         op == expr_op::logical_not;
    for (const auto& child : e.children) {
        auto built = logical ? condition(*child) : value(*child);
        if (!built)
            return std::nullopt;
        out.children.push_back(std::move(*built));
    }
    return out;
}

// `f == "lit*"` and `f != "lit"` match the CAR way (case, wildcards);
// anything else compares data: numbers, times, durations, fields.
std::optional<row_expr> expr_builder::compare(const ast::expr& e) {
    const ast::expr& left = *e.children[0];
    const ast::expr& right = *e.children[1];
    const bool equality =
        e.op == ast::compare_op::eq || e.op == ast::compare_op::ne;
    if (equality && right.kind == ast::expr_kind::string)
        return text_test(
            e, test::make_equals(right.text, e.op == ast::compare_op::ne));
    if (equality && right.kind == ast::expr_kind::null) {
        auto subject = value(left);
        if (!subject)
            return std::nullopt;
        row_expr present;
        present.op = expr_op::exists;
        present.children.push_back(std::move(*subject));
        if (e.op == ast::compare_op::ne)
            return present;
        row_expr absent;
        absent.op = expr_op::logical_not;
        absent.children.push_back(std::move(present));
        return absent;
    }
    auto x = value(left);
    auto y = x ? value(right) : std::nullopt;
    if (!y)
        return std::nullopt;
    row_expr out;
    out.op = expr_op::compare;
    out.compare = e.op;
    out.children.push_back(std::move(*x));
    out.children.push_back(std::move(*y));
    return out;
}

std::optional<row_expr> expr_builder::text_test(const ast::expr& e, test t) {
    auto subject = value(*e.children[0]);
    if (!subject)
        return std::nullopt;
    row_expr out;
    out.op = expr_op::text_test;
    out.matcher = std::make_shared<const test>(std::move(t));
    out.children.push_back(std::move(*subject));
    return out;
}

// `f in [...]`, `f in g` (one text inside the other) or `f in TOPn(g)`.
std::optional<row_expr> expr_builder::in_list(const ast::expr& e) {
    const ast::expr& list = *e.children[1];
    if (list.kind == ast::expr_kind::call)
        return call(e);
    if (list.kind == ast::expr_kind::field)
        return inside(e);
    if (list.kind != ast::expr_kind::list) {
        m_fail(list, "expected a list, a field or TOPn(...) after 'in'");
        return std::nullopt;
    }
    std::vector<std::string> literals;
    std::vector<network> networks;
    for (const auto& item : list.children) {
        if (item->kind == ast::expr_kind::cidr) {
            auto net = network::parse(item->text);
            if (!net) {
                m_fail(*item, "invalid network '" + item->text + "'");
                return std::nullopt;
            }
            networks.push_back(std::move(*net));
            continue;
        }
        if (!is_literal(*item)) {
            m_fail(*item, "expected a string or number");
            return std::nullopt;
        }
        literals.push_back(item->text);
    }
    return text_test(e, test::make_in(std::move(literals), e.negated,
                                      std::move(networks)));
}

std::optional<row_expr> expr_builder::inside(const ast::expr& e) {
    auto both = all_children(e, expr_op::inside);
    if (!both || !e.negated)
        return both;
    row_expr out;
    out.op = expr_op::logical_not;
    out.children.push_back(std::move(*both));
    return out;
}

} // namespace carl::stateful
