// The syntax tree of CAR pseudocode, as the grammar (grammar/) builds it and
// the checker and compiler (engine/src/) read it. Every node carries the span
// of code it came from, so any later stage can point at it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace carl::ast {

// A run of bytes of source::code().
struct span {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
};

enum class expr_kind : std::uint8_t {
    logical_and, // children: two or more operands
    logical_or,  // children: two or more operands
    logical_not, // children: one operand
    // children[0] `op` children[1]. A chain `a < b < c` is built as
    // `a < b and b < c` (a logical_and whose operands share a copy of b).
    compare,
    // children[0] in children[1]; `negated` for `not in`. children[1] is a
    // list, or a field (a list variable or another field, `exe not in
    // command_line`), or a call (`user not in TOP30(user)`). `includes one
    // of [...]` is `in` and `does not contain [...]` is `not in`; `text`
    // keeps the words used ("in", "includes one of", "does not contain").
    in_list,
    // children[0] match children[1]: an RE2 search. `f.matches("re")` is the
    // same node with `text` "matches".
    match,
    contains, // children[0] CONTAINS(children[1])
    exists,   // children[0] exists
    field,    // a field reference: `path` (`time`/`timestamp`: event time)
    // A string literal: `text` after escapes. `unquoted` when CAR wrote a
    // bare wildcard word or path (`*transfer*`, `C:\Windows\net.exe`).
    // `%VAR%` is kept literally.
    string,
    number, // a number literal: `text` as written, `number` its value
    list,   // [a, b, ...]: children
    null,   // null
    // children[0] `arith` children[1]: `now - 1 day`, `stdev * 1.5`.
    arithmetic,
    // A duration: `text` as written (`1 hour`, `2 seconds`, `1sec`),
    // `number` its length in seconds.
    duration,
    now, // `now`: the time the analytic runs
    // A function call FN(ARG, ...): `text` the function's name as written,
    // children its arguments (`min(time)`, `count(user)`, `TOP30(user)`).
    call,
    // An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`): `text` as
    // written. Compared with `in`/`==`, it holds for any address inside.
    cidr,
};

enum class compare_op : std::uint8_t { eq, ne, lt, le, gt, ge };

enum class arith_op : std::uint8_t { add, sub, mul, div };

struct expr {
    expr_kind kind = expr_kind::null;
    span where;
    compare_op op = compare_op::eq;
    arith_op arith = arith_op::add;
    bool negated = false;
    bool unquoted = false;
    std::vector<std::string> path; // `a.b.c` is {"a", "b", "c"}
    std::string text;
    double number = 0;
    std::vector<std::unique_ptr<expr>> children;
};

// A deep copy of `e`, spans included: for a chained comparison's shared
// operand, and for a constant put in place of each use of its name.
inline std::unique_ptr<expr> clone(const expr& e) {
    auto copy = std::make_unique<expr>();
    copy->kind = e.kind;
    copy->where = e.where;
    copy->op = e.op;
    copy->arith = e.arith;
    copy->negated = e.negated;
    copy->unquoted = e.unquoted;
    copy->path = e.path;
    copy->text = e.text;
    copy->number = e.number;
    for (const auto& child : e.children)
        copy->children.push_back(clone(*child));
    return copy;
}

// A name as written, with its span.
struct name {
    std::string text;
    span where;
};

// `Object:Action` as written in a search, before it is resolved against the
// data model (which folds case and CamelCase). `action.text` is empty for
// `Object` alone and "*" for `Object:*`: every action of the object.
// `Object:A,B` and `(Object:A or Object:B)` give one event_type per action.
struct event_type {
    name object;
    name action;
};

// One item of `from SRC select ITEM [as NAME], ...`: a field or an
// aggregate call (`min(time)`), and the name it is given (empty when none).
struct select_item {
    std::unique_ptr<expr> value;
    name alias;
};

enum class statement_kind : std::uint8_t {
    search, // target = search types [where condition]
    // target = filter sources[0] where condition; also `filter SRC (where
    // EXPR)`. `filter (EXPR)` has no source: it narrows `target` itself.
    filter,
    // output sources...; also `output (A, B)` and `return NAME`
    // (`keyword` says which was written).
    output,
    // target = join sources[0], sources[1] [where condition]; also
    // `join (A, B) where (...)`.
    join,
    // target = group sources... by keys... [where condition]
    group,
    // target = from sources[0] select items...
    select,
    // target = function(value) [by keys...]: an aggregate over a stream or
    // a field of one (`count(procs) by exe`, `max(all_boots.time)`,
    // `unique`, `average`, `standard_deviation`). `function` is the name.
    aggregate,
    difference, // target = sources[0] - sources[1]: events of A not in B
    compute,    // target = value: arithmetic over earlier names
    // target.field = value: a derived field of the stream `target`,
    // computed from a field of it (`smb.file_name = smb.proto_info.name`).
    derive,
    list,  // target = value: a list variable, `value` a list expr
    input, // input target: a value supplied when the analytic runs
    run,   // target = run Analytic:`analytic`: another analytic's output
    // A block that is only a boolean expression (`condition`): a filter
    // over every event, output as the block's only result. No target.
    implicit_filter,
};

struct statement {
    statement_kind kind = statement_kind::search;
    span where;
    name target;
    std::vector<event_type> types;
    std::vector<name> sources;
    std::unique_ptr<expr> condition;

    name keyword;  // the statement's keyword as written (`output`, `return`)
    name field;    // derive: the field being defined, after `target.`
    name function; // aggregate: the function's name as written
    name analytic; // run: the analytic id, `CAR-2013-05-003`
    std::unique_ptr<expr> value;             // aggregate, compute, derive, list
    std::vector<std::unique_ptr<expr>> keys; // group / aggregate: `by` fields
    std::vector<select_item> items;          // select
};

struct program {
    std::vector<statement> statements;
};

} // namespace carl::ast
