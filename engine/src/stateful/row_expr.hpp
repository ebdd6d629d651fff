// Conditions and values over rows, for what the per-event VM cannot do
// (`latest_time - earliest_time <= 1 hour`, a join's extra conditions,
// `now`); a tree walk, since only rows that reached an operator run them.
#pragma once

#include "../test.hpp"
#include "carl/ast.hpp"
#include "row.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace carl::stateful {

enum class expr_op : std::uint8_t {
    constant,    // `constant`
    column,      // the row's cell `column`
    now,         // the run's `now`
    arithmetic,  // children[0] `arith` children[1]
    compare,     // children[0] `compare` children[1], as data
    text_test,   // `matcher` on the text of children[0]: =, in, match...
    logical_and, // children
    logical_or,  // children
    logical_not, // children[0]
    exists,      // children[0] is present
    inside,      // the text of children[0] inside that of children[1]
};

struct row_expr {
    expr_op op = expr_op::constant;
    ast::compare_op compare = ast::compare_op::eq;
    ast::arith_op arith = ast::arith_op::add;
    std::size_t column = 0;
    datum constant;
    std::shared_ptr<const test> matcher;
    std::vector<row_expr> children;
};

// The cell `c` of a row.
inline row_expr column_at(std::size_t c) {
    row_expr e;
    e.op = expr_op::column;
    e.column = c;
    return e;
}

struct eval_context {
    std::optional<nanos> now; // nothing until it is known
};

// The value of `e` on `r`; absent where a field is, or `now` is unknown.
datum evaluate(const row_expr& e, const row& r, const eval_context& context);

// Whether `e` holds on `r`, in the VM's three-valued logic: a comparison
// with an absent value is unknown, `not unknown` too, and only true counts.
enum class verdict : std::uint8_t { no, yes, unknown };
verdict decide(const row_expr& e, const row& r, const eval_context& context);

// True when `e` reads `now` anywhere.
bool uses_now(const row_expr& e);

// Builds row expressions from the syntax tree. `resolve` maps a field
// reference to a column, or reports why not and returns nothing; `fail`
// reports any other problem at an expression. Not thread-safe.
class expr_builder {
public:
    using resolver =
        std::function<std::optional<std::size_t>(const ast::expr&)>;
    using reporter = std::function<void(const ast::expr&, std::string)>;
    // Builds a call (`max(time)`) or `in` a call (`user in TOP30(user)`),
    // or reports why not and returns nothing.
    using call_builder =
        std::function<std::optional<row_expr>(const ast::expr&)>;

    expr_builder(resolver resolve, reporter fail, call_builder calls = {})
        : m_resolve(std::move(resolve)), m_fail(std::move(fail)),
          m_calls(std::move(calls)) {}

    // Nothing after a problem was reported.
    std::optional<row_expr> condition(const ast::expr& e);
    std::optional<row_expr> value(const ast::expr& e);

private:
    std::optional<row_expr> compare(const ast::expr& e);
    std::optional<row_expr> text_test(const ast::expr& e, test t);
    std::optional<row_expr> in_list(const ast::expr& e);
    std::optional<row_expr> inside(const ast::expr& e);
    std::optional<row_expr> all_children(const ast::expr& e, expr_op op);

    std::optional<row_expr> call(const ast::expr& e);

    resolver m_resolve;
    reporter m_fail;
    call_builder m_calls;
};

} // namespace carl::stateful
