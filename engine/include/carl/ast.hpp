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
    compare,     // children[0] `op` children[1]
    in_list,     // children[0] in children[1]; `negated` for `not in`
    match,       // children[0] match children[1]: an RE2 search
    contains,    // children[0] CONTAINS(children[1])
    exists,      // children[0] exists
    field,       // a field reference: `path`
    string,      // a string literal: `text` after escapes
    number,      // a number literal: `text` as written, `number` its value
    list,        // [a, b, ...]: children
    null,        // null
};

enum class compare_op : std::uint8_t { eq, ne, lt, le, gt, ge };

struct expr {
    expr_kind kind = expr_kind::null;
    span where;
    compare_op op = compare_op::eq;
    bool negated = false;
    std::vector<std::string> path; // `a.b.c` is {"a", "b", "c"}
    std::string text;
    double number = 0;
    std::vector<std::unique_ptr<expr>> children;
};

// A name as written, with its span.
struct name {
    std::string text;
    span where;
};

// `Object:Action` as written in a search, before it is resolved against the
// data model (which folds case and CamelCase).
struct event_type {
    name object;
    name action;
};

enum class statement_kind : std::uint8_t {
    search, // target = search types [where condition]
    filter, // target = filter sources[0] where condition
    output, // output sources...
};

struct statement {
    statement_kind kind = statement_kind::search;
    span where;
    name target;
    std::vector<event_type> types;
    std::vector<name> sources;
    std::unique_ptr<expr> condition;
};

struct program {
    std::vector<statement> statements;
};

} // namespace carl::ast
