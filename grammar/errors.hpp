// The error messages of the grammar (grammar/rules.hpp): what each rule under
// `must<>` expected, and the PEGTL control that raises them as syntax_error
// ("expected ')', found 'output'") for grammar/parse.cpp to report.
#pragma once

#include "grammar/builder.hpp"
#include "grammar/rules.hpp"
#include "grammar/syntax_error.hpp"

namespace carl::grammar {

// What the parser expected when a rule under `must<>` failed; completes
// "expected X, found Y". Every such rule has one (checked at compile time).
template <typename Rule> inline constexpr const char* expected = nullptr;

template <> inline constexpr const char* expected<statement> = "a statement";
template <> inline constexpr const char* expected<line_end> = "end of line";
template <> inline constexpr const char* expected<pg::eof> = "end of input";
template <>
inline constexpr const char* expected<implicit_end> = "end of input";
template <> inline constexpr const char* expected<assign_op> = "'='";
template <>
inline constexpr const char* expected<operation> =
    "'search', 'filter', 'join', 'group', 'from', 'run', a list or a value";
template <>
inline constexpr const char* expected<search_target> =
    "an object:action such as 'Process:Create'";
template <>
inline constexpr const char* expected<type_union<ws>> =
    "an object:action such as 'Process:Create'";
template <> inline constexpr const char* expected<type_set> = "an object name";
template <>
inline constexpr const char* expected<action_list> = "an action name or '*'";
template <> inline constexpr const char* expected<colon> = "':'";
template <> inline constexpr const char* expected<comma> = "','";
template <>
inline constexpr const char* expected<action_name> = "an action name";
template <> inline constexpr const char* expected<source> = "a name";
template <> inline constexpr const char* expected<target> = "a name";
template <> inline constexpr const char* expected<alias> = "a name";
template <>
inline constexpr const char* expected<derived_field> = "a field name";
template <> inline constexpr const char* expected<by_key> = "a field";
template <> inline constexpr const char* expected<by_clause> = "'by'";
template <> inline constexpr const char* expected<kw_select> = "'select'";
template <>
inline constexpr const char* expected<select_item> = "a field or an aggregate";
template <> inline constexpr const char* expected<kw_analytic> = "'Analytic'";
template <>
inline constexpr const char* expected<analytic_id> =
    "an analytic id such as 'CAR-2013-05-003'";
template <>
inline constexpr const char* expected<join_sources> = "two names to join";
template <>
inline constexpr const char* expected<filter_body> = "'where' or '('";
template <>
inline constexpr const char* expected<output_list> = "a name or '('";

template <> inline constexpr const char* expected<condition> = "a condition";
template <typename S>
inline constexpr const char* expected<disjunction<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<conjunction<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<negation<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<predicate<S>> = "a comparison operator";
template <typename S>
inline constexpr const char* expected<value<S>> = "a value";
template <typename S>
inline constexpr const char* expected<arith_expr<S>> = "a value";
template <typename S>
inline constexpr const char* expected<term<S>> = "a value";
template <> inline constexpr const char* expected<factor> = "a value";
template <> inline constexpr const char* expected<kw_in> = "'in'";
template <> inline constexpr const char* expected<kw_not> = "'not'";
template <> inline constexpr const char* expected<kw_one> = "'one'";
template <> inline constexpr const char* expected<kw_of> = "'of'";
template <>
inline constexpr const char* expected<pg::sor<kw_contains, kw_contain>> =
    "'contain'";
template <>
inline constexpr const char* expected<in_operand> = "a list or a field";
template <> inline constexpr const char* expected<list_literal> = "'['";
template <>
inline constexpr const char* expected<list_item> = "a string or a number";
template <> inline constexpr const char* expected<list_close> = "',' or ']'";
template <> inline constexpr const char* expected<string_literal> = "a string";
template <> inline constexpr const char* expected<needle> = "a string";
template <> inline constexpr const char* expected<open_paren> = "'('";
template <> inline constexpr const char* expected<close_paren> = "')'";
template <> inline constexpr const char* expected<path> = "a field name";
template <> inline constexpr const char* expected<name> = "a field name";
template <> inline constexpr const char* expected<close_bracket> = "']'";

// Raises "expected X, found Y" at the point of failure.
template <typename Rule> struct control : pg::normal<Rule> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        static_assert(expected<Rule> != nullptr,
                      "a rule under must<> needs a message in errors.hpp");
        throw expected_error(b.code(), b.offset_of(in.current()),
                             expected<Rule>);
    }
};

// A line that cannot start a statement may be a condition continued the wrong
// way; statement_error says so. It may also hold a ')' too many.
template <> struct control<statement> : pg::normal<statement> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        auto e = statement_error(b.code(), b.offset_of(in.current()));
        add_end_notes(b.code(), b.last_outer_close(), e);
        throw e;
    }
};

// Text after a complete statement: a ')' too many, or a missing ','.
template <> struct control<line_end> : pg::normal<line_end> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        auto e = expected_error(b.code(), b.offset_of(in.current()),
                                expected<line_end>);
        add_end_notes(b.code(), b.last_outer_close(), e);
        throw e;
    }
};

// A missing ')' also points at the '(' it would close (syntax_error.hpp).
template <> struct control<close_paren> : pg::normal<close_paren> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        throw unclosed_error(b.code(), b.offset_of(in.current()),
                             b.innermost_paren());
    }
};

template <> struct control<implicit_end> : pg::normal<implicit_end> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        throw trailing_error(b.code(), b.offset_of(in.current()));
    }
};

// A string that reaches the end of its line is reported where it starts,
// underlined to the end of the line.
template <char Quote>
struct control<string_close<Quote>> : pg::normal<string_close<Quote>> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        const auto start = b.string_start();
        throw syntax_error{start,
                           b.offset_of(in.current()) - start,
                           "unterminated string",
                           {}};
    }
};

} // namespace carl::grammar
