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
template <> inline constexpr const char* expected<assign_op> = "'='";
template <>
inline constexpr const char* expected<operation> = "'search' or 'filter'";
template <>
inline constexpr const char* expected<event_type> =
    "an object:action such as 'Process:Create'";
template <> inline constexpr const char* expected<colon> = "':'";
template <>
inline constexpr const char* expected<action_name> = "an action name";
template <> inline constexpr const char* expected<source> = "a name";
template <> inline constexpr const char* expected<kw_where> = "'where'";

template <> inline constexpr const char* expected<condition> = "a condition";
template <typename S>
inline constexpr const char* expected<disjunction<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<conjunction<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<negation<S>> = "a condition";
template <typename S>
inline constexpr const char* expected<predicate<S>> = "a comparison operator";
template <> inline constexpr const char* expected<value> = "a value";
template <> inline constexpr const char* expected<kw_in> = "'in'";
template <> inline constexpr const char* expected<list_literal> = "'['";
template <>
inline constexpr const char* expected<list_item> = "a string or a number";
template <> inline constexpr const char* expected<list_close> = "',' or ']'";
template <> inline constexpr const char* expected<string_literal> = "a string";
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
// way; statement_error says so.
template <> struct control<statement> : pg::normal<statement> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        throw statement_error(b.code(), b.offset_of(in.current()));
    }
};

// A missing ')' also points at the '(' it would close.
template <> struct control<close_paren> : pg::normal<close_paren> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, builder& b) {
        auto e = expected_error(b.code(), b.offset_of(in.current()),
                                expected<close_paren>);
        e.notes.push_back({b.innermost_paren(), 1, "to match this '('"});
        throw e;
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
