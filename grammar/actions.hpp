// The PEGTL actions that turn the rules of grammar/rules.hpp into calls on
// the builder (grammar/builder.hpp). Rules without an action build nothing.
#pragma once

#include "grammar/builder.hpp"
#include "grammar/rules.hpp"

namespace carl::grammar {

template <typename Rule> struct action : pg::nothing<Rule> {};

// The name matched, with its span.
template <typename Input>
ast::name matched_name(const Input& in, const builder& b) {
    return {in.string(), b.span_of(in.begin(), in.end())};
}

// Runs Rule, then hands the values Rule pushed (from `mark` on) and Rule's
// span to Finish, which combines them.
template <void (builder::*Finish)(std::size_t, ast::span)>
struct collect : pg::maybe_nothing {
    template <typename Rule, pg::apply_mode A, pg::rewind_mode M,
              template <typename...> class Action,
              template <typename...> class Control, typename ParseInput>
    static bool match(ParseInput& in, builder& b) {
        const std::size_t mark = b.mark();
        const char* begin = in.current();
        if (!pg::match<Rule, A, M, Action, Control>(in, b))
            return false;
        if constexpr (A == pg::apply_mode::action)
            (b.*Finish)(mark, b.span_of(begin, in.current()));
        return true;
    }
};

// Counts one level of nesting while Rule runs; the action of the opening
// token checks it against max_depth.
struct nested : pg::maybe_nothing {
    template <typename Rule, pg::apply_mode A, pg::rewind_mode M,
              template <typename...> class Action,
              template <typename...> class Control, typename ParseInput>
    static bool match(ParseInput& in, builder& b) {
        b.enter();
        const bool ok = pg::match<Rule, A, M, Action, Control>(in, b);
        b.leave();
        return ok;
    }
};

// Strings.
template <char Quote> struct action<string_open<Quote>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.begin_string(in.begin());
    }
};
template <> struct action<escaped_backslash> {
    template <typename Input> static void apply(const Input&, builder& b) {
        b.append("\\");
    }
};
template <char Quote> struct action<escaped_quote<Quote>> {
    template <typename Input> static void apply(const Input&, builder& b) {
        static constexpr char quote[] = {Quote, '\0'};
        b.append(quote);
    }
};
template <char Quote> struct action<plain_char<Quote>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.append(in.string_view());
    }
};
template <> struct action<string_literal> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.end_string(b.span_of(in.begin(), in.end()));
    }
};

// Other values.
template <> struct action<number_literal> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.number(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<null_literal> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.null(b.span_of(in.begin(), in.end()));
    }
};
template <> struct action<field> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.field(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<list_literal> : collect<&builder::list> {};
template <> struct action<unquoted> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.unquoted(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<file_word> : action<unquoted> {};
template <> struct action<cidr_literal> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.cidr(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<duration> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.duration(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<now_literal> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.now(b.span_of(in.begin(), in.end()));
    }
};

// Lexical repairs.
template <> struct action<curly_quote> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.warn(b.span_of(in.begin(), in.end()), "curly quote read as '\"'");
    }
};
template <> struct action<pipe_placeholder> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.repair(b.span_of(in.begin(), in.end()), "|",
                 "'{{pipe}}' read as '|'");
    }
};
template <> struct action<en_dash> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.repair(b.span_of(in.begin(), in.end()), "-", "en dash read as '-'");
    }
};

// Arithmetic and calls.
template <typename S> struct action<add_tail<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.arithmetic(in.string_view().front(), b.offset_of(in.end()));
    }
};
template <typename S> struct action<mul_tail<S>> : action<add_tail<S>> {};
template <> struct action<call_name> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.call_name(b.span_of(in.begin(), in.end()), in.string_view());
    }
};
template <> struct action<call> : collect<&builder::call> {};
template <> struct action<call_args> : nested {};

// Predicates: each combines the value before it with its own operand.
template <> struct action<compare_op> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.set_op(in.string_view());
    }
};
template <typename S> struct action<first_relation<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.relation(b.offset_of(in.end()));
    }
};
template <typename S> struct action<chained_relation<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.chain(b.offset_of(in.end()));
    }
};
template <typename S> struct action<membership<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        const char c = in.string_view().front();
        const bool negated = c == 'n' || c == 'N';
        b.membership(negated, b.offset_of(in.end()), negated ? "not in" : "in");
    }
};
template <typename S> struct action<any_of<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.membership(false, b.offset_of(in.end()), "includes one of");
    }
};
template <typename S> struct action<none_of<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.membership(true, b.offset_of(in.end()), "does not contain");
    }
};
template <> struct action<method_match> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.method_match(b.offset_of(in.end()));
    }
};
template <typename S> struct action<regex_match<S>> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.regex_match(b.offset_of(in.end()));
    }
};
template <> struct action<containment> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.containment(b.offset_of(in.end()));
    }
};
template <> struct action<existence> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.existence(b.offset_of(in.end()));
    }
};

// Boolean structure.
template <> struct action<open_paren> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.open_paren(in.begin());
    }
};
template <> struct action<kw_not> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.check_depth(in.begin());
    }
};
template <> struct action<close_paren> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.close_paren(in.begin());
    }
};
template <> struct action<parenthesized> : nested {};
template <typename S> struct action<inversion<S>> : nested {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.negate(b.span_of(in.begin(), in.end()));
    }
};
template <typename S>
struct action<conjunction<S>> : collect<&builder::logical_and> {};
template <typename S>
struct action<disjunction<S>> : collect<&builder::logical_or> {};

// Statements.
template <> struct action<target> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.target(matched_name(in, b));
    }
};
template <> struct action<source> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.source(matched_name(in, b));
    }
};
template <> struct action<object_name> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.object_name(matched_name(in, b));
    }
};
template <> struct action<action_name> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.action_name(matched_name(in, b));
    }
};
template <> struct action<any_action> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.any_action(b.span_of(in.begin(), in.end()));
    }
};
template <> struct action<type_set> {
    template <typename Input> static void apply(const Input&, builder& b) {
        b.type_set();
    }
};
template <> struct action<union_and> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.warn(b.span_of(in.begin(), in.end()),
               "an event has one action: 'and' read as 'or'");
    }
};
template <> struct action<derived_field> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.derived_field(matched_name(in, b));
    }
};
template <> struct action<alias> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.alias(matched_name(in, b));
    }
};
template <> struct action<select_item> {
    template <typename Input> static void apply(const Input&, builder& b) {
        b.select_item();
    }
};
template <> struct action<by_key> {
    template <typename Input> static void apply(const Input&, builder& b) {
        b.by_key();
    }
};
template <> struct action<analytic_id> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.analytic(matched_name(in, b));
    }
};

// Each statement names its keyword as written (`output` or `return`,
// `join`...), then says what it is.
template <void (builder::*Kind)()> struct statement_action {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.keyword(b.word_at(in.begin()));
        (b.*Kind)();
    }
};
template <>
struct action<search_statement> : statement_action<&builder::search> {};
template <>
struct action<filter_statement> : statement_action<&builder::filter> {};
template <> struct action<join_statement> : statement_action<&builder::join> {};
template <>
struct action<group_statement> : statement_action<&builder::group> {};
template <>
struct action<select_statement> : statement_action<&builder::select> {};
template <>
struct action<list_value> : statement_action<&builder::list_value> {};
template <>
struct action<computation> : statement_action<&builder::computation> {};
template <>
struct action<output_statement> : statement_action<&builder::output> {};
template <>
struct action<return_statement> : statement_action<&builder::output> {};
template <> struct action<run_statement> : statement_action<&builder::run> {};
template <>
struct action<input_statement> : statement_action<&builder::input> {};
template <> struct action<implicit_block> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.implicit_filter(b.span_of(in.begin(), in.end()));
    }
};
template <> struct action<statement> {
    template <typename Input> static void apply(const Input& in, builder& b) {
        b.end_statement(b.span_of(in.begin(), in.end()));
    }
};

} // namespace carl::grammar
