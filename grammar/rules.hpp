// The PEGTL grammar of CAR pseudocode. grammar/parse.cpp runs it with the
// actions of grammar/actions.hpp (which build the AST) and the error control
// of grammar/errors.hpp (which names what was expected where parsing failed).
#pragma once

#include <tao/pegtl.hpp>

// The whole grammar, in EBNF; every production below is a rule of the same
// name in this file.
//
//   program          = { line } ;
//   line             = [ statement ] line_end ;
//   statement        = output_statement | assignment ;
//   assignment       = target "=" operation ;
//   operation        = search_statement | filter_statement ;
//   search_statement = "search" event_type ;
//   event_type       = object_name ":" action_name ;
//   filter_statement = "filter" source "where" condition ;
//   output_statement = "output" source { "," source } ;
//   target           = name ;
//   source           = name ;
//   object_name      = name ;
//   action_name      = name ;
//
//   condition        = disjunction ;
//   disjunction      = conjunction { "or" conjunction } ;
//   conjunction      = negation { "and" negation } ;
//   negation         = inversion | primary ;
//   inversion        = "not" negation ;
//   primary          = parenthesized | comparison ;
//   parenthesized    = "(" disjunction ")" ;
//   comparison       = value predicate ;
//   predicate        = relation | membership | regex_match | containment
//                    | existence ;
//   relation         = compare_op value ;
//   compare_op       = "==" | "!=" | "<=" | ">=" | "=" | "<" | ">" ;
//   membership       = [ "not" ] "in" list_literal ;
//   regex_match      = "match" string_literal ;
//   containment      = "contains" "(" string_literal ")" ;
//   existence        = "exists" ;
//
//   value            = string_literal | number_literal | null_literal
//                    | field ;
//   field            = path | "[" path "]" ;
//   path             = name { "." name } ;
//   list_literal     = "[" [ list_item { "," list_item } ] "]" ;
//   list_item        = string_literal | number_literal ;
//   null_literal     = "null" ;
//   number_literal   = [ "-" ] ( hex_number | decimal_number ) ;
//   hex_number       = "0" ( "x" | "X" ) hex_digit { hex_digit } ;
//   decimal_number   = digit { digit } [ "." digit { digit } ] ;
//   string_literal   = '"' { dq_char } '"' | "'" { sq_char } "'" ;
//   name             = ( letter | "_" ) { letter | digit | "_" } ;
//
// Keywords ("search", "and", "not", "in", ...) match in any letter case, only
// as whole words ("order" is a name, not "or" and "der"), and are not names.
// A number must not run into a letter, digit or "." ("1sec", "10.0.0.0/8").
// Inside a string, "\\" is one backslash; "\"" is a quote unless the quote
// is followed by a blank, ")", "]" or the end of the line (then the backslash
// is literal and the quote ends the string); any other backslash is literal.
// The same holds for "\'" in single-quoted strings. A string ends on its line.
//
// The whitespace rule. Tokens are separated by any number of blanks (spaces
// and tabs). A line break ends a statement, except that line breaks count as
// blanks inside "(" ... ")" and "[" ... "]", and right after a binary "and"
// or "or". Rules that may span lines are templates over their separator S:
// `sp` (blanks only) at the top level of a statement, `ws` (blanks and line
// breaks) inside brackets.

namespace carl::grammar {

namespace pg = tao::pegtl;

// Separators.
struct sp : pg::star<pg::blank> {};
struct ws : pg::star<pg::sor<pg::blank, pg::eol>> {};
struct line_end : pg::eolf {};

// Matches all of R or nothing at all, whatever rewind mode the caller asks
// for; a failed token then never moves the input, so an error raised after
// it points at the start of the token.
template <typename... R> struct atomic : pg::seq<R...> {
    template <pg::apply_mode A, pg::rewind_mode M,
              template <typename...> class Action,
              template <typename...> class Control, typename ParseInput,
              typename... States>
    static bool match(ParseInput& in, States&&... st) {
        return pg::seq<R...>::template match<A, pg::rewind_mode::required,
                                             Action, Control>(in, st...);
    }
};

// Names and keywords.
struct name_char : pg::sor<pg::alnum, pg::one<'_'>> {};
template <typename Word>
struct keyword : atomic<Word, pg::not_at<name_char>> {};

struct kw_search : keyword<TAO_PEGTL_ISTRING("search")> {};
struct kw_filter : keyword<TAO_PEGTL_ISTRING("filter")> {};
struct kw_where : keyword<TAO_PEGTL_ISTRING("where")> {};
struct kw_output : keyword<TAO_PEGTL_ISTRING("output")> {};
struct kw_and : keyword<TAO_PEGTL_ISTRING("and")> {};
struct kw_or : keyword<TAO_PEGTL_ISTRING("or")> {};
struct kw_not : keyword<TAO_PEGTL_ISTRING("not")> {};
struct kw_in : keyword<TAO_PEGTL_ISTRING("in")> {};
struct kw_match : keyword<TAO_PEGTL_ISTRING("match")> {};
struct kw_contains : keyword<TAO_PEGTL_ISTRING("contains")> {};
struct kw_exists : keyword<TAO_PEGTL_ISTRING("exists")> {};
struct kw_null : keyword<TAO_PEGTL_ISTRING("null")> {};

struct any_keyword
    : pg::sor<kw_search, kw_filter, kw_where, kw_output, kw_and, kw_or, kw_not,
              kw_in, kw_match, kw_contains, kw_exists, kw_null> {};

struct name : atomic<pg::not_at<any_keyword>, pg::sor<pg::alpha, pg::one<'_'>>,
                     pg::star<name_char>> {};

// Punctuation, named so that each can carry its own error message.
struct open_paren : pg::one<'('> {};
struct close_paren : pg::one<')'> {};
struct open_bracket : pg::one<'['> {};
struct close_bracket : pg::one<']'> {};
struct list_close : pg::one<']'> {};
struct comma : pg::one<','> {};
struct colon : pg::one<':'> {};
struct assign_op : atomic<pg::one<'='>, pg::not_at<pg::one<'='>>> {};

// Strings. The character rules carry the escape rules; their actions append
// the unescaped text.
struct quote_closer : pg::sor<pg::blank, pg::one<')', ']'>, pg::eolf> {};
struct escaped_backslash : pg::two<'\\'> {};
template <char Quote>
struct escaped_quote
    : pg::seq<pg::one<'\\'>, pg::one<Quote>, pg::not_at<quote_closer>> {};
template <char Quote> struct plain_char : pg::not_one<Quote, '\r', '\n'> {};
template <char Quote>
struct quoted_char
    : pg::sor<escaped_backslash, escaped_quote<Quote>, plain_char<Quote>> {};
struct dq_char : quoted_char<'"'> {};
struct sq_char : quoted_char<'\''> {};
template <char Quote> struct string_open : pg::one<Quote> {};
template <char Quote> struct string_close : pg::one<Quote> {};
template <char Quote, typename Char>
struct quoted : pg::seq<string_open<Quote>, pg::star<Char>,
                        pg::must<string_close<Quote>>> {};
struct string_literal : pg::sor<quoted<'"', dq_char>, quoted<'\'', sq_char>> {};

// Numbers.
struct hex_number
    : pg::seq<pg::one<'0'>, pg::one<'x', 'X'>, pg::plus<pg::xdigit>> {};
struct decimal_number
    : pg::seq<pg::plus<pg::digit>, pg::opt<pg::one<'.'>, pg::plus<pg::digit>>> {
};
struct number_literal
    : atomic<pg::opt<pg::one<'-'>>, pg::sor<hex_number, decimal_number>,
             pg::not_at<pg::sor<name_char, pg::one<'.'>>>> {};

struct null_literal : kw_null {};

// Values and fields.
struct path : pg::seq<name, pg::star<pg::one<'.'>, pg::must<name>>> {};
struct field : pg::sor<path, pg::seq<open_bracket, ws, pg::must<path>, ws,
                                     pg::must<close_bracket>>> {};
struct value : pg::sor<string_literal, number_literal, null_literal, field> {};
struct list_item : pg::sor<string_literal, number_literal> {};
struct list_literal
    : pg::seq<pg::one<'['>, ws,
              pg::sor<list_close,
                      pg::seq<pg::must<list_item>,
                              pg::star<ws, comma, ws, pg::must<list_item>>, ws,
                              pg::must<list_close>>>> {};

// Conditions.
template <typename S> struct disjunction;

struct compare_op
    : pg::sor<pg::string<'=', '='>, pg::string<'!', '='>, pg::string<'<', '='>,
              pg::string<'>', '='>, pg::one<'='>, pg::one<'<'>, pg::one<'>'>> {
};
template <typename S>
struct relation : pg::seq<compare_op, S, pg::must<value>> {};
template <typename S>
struct membership
    : pg::sor<pg::seq<kw_not, S, pg::must<kw_in>, S, pg::must<list_literal>>,
              pg::seq<kw_in, S, pg::must<list_literal>>> {};
template <typename S>
struct regex_match : pg::seq<kw_match, S, pg::must<string_literal>> {};
struct containment
    : pg::seq<kw_contains, ws, pg::must<open_paren>, ws,
              pg::must<string_literal>, ws, pg::must<close_paren>> {};
struct existence : kw_exists {};
// New predicates (`includes one of`, ...) are new alternatives here.
template <typename S>
struct predicate : pg::sor<relation<S>, membership<S>, regex_match<S>,
                           containment, existence> {};
template <typename S>
struct comparison : pg::seq<value, S, pg::must<predicate<S>>> {};

struct parenthesized : pg::seq<open_paren, ws, pg::must<disjunction<ws>>, ws,
                               pg::must<close_paren>> {};
template <typename S> struct primary : pg::sor<parenthesized, comparison<S>> {};
template <typename S> struct negation;
template <typename S>
struct inversion : pg::seq<kw_not, S, pg::must<negation<S>>> {};
template <typename S> struct negation : pg::sor<inversion<S>, primary<S>> {};
template <typename S>
struct conjunction
    : pg::seq<negation<S>, pg::star<S, kw_and, ws, pg::must<negation<S>>>> {};
template <typename S>
struct disjunction : pg::seq<conjunction<S>,
                             pg::star<S, kw_or, ws, pg::must<conjunction<S>>>> {
};
struct condition : pg::seq<disjunction<sp>> {};

// Statements.
struct target : name {};
struct source : name {};
struct object_name : name {};
struct action_name : name {};
struct event_type
    : pg::seq<object_name, sp, pg::must<colon>, sp, pg::must<action_name>> {};
struct search_statement : pg::seq<kw_search, sp, pg::must<event_type>> {};
struct filter_statement : pg::seq<kw_filter, sp, pg::must<source>, sp,
                                  pg::must<kw_where>, sp, pg::must<condition>> {
};
struct output_statement : pg::seq<kw_output, sp, pg::must<source>,
                                  pg::star<sp, comma, sp, pg::must<source>>> {};
// New kinds of assignment (join, group, ...) are new alternatives here.
struct operation : pg::sor<search_statement, filter_statement> {};
struct assignment
    : pg::seq<target, sp, pg::must<assign_op>, sp, pg::must<operation>> {};
struct statement : pg::sor<output_statement, assignment> {};
// Every line consumes input (blanks at the very end are left to `program`),
// so that the star over lines provably makes progress.
struct line
    : pg::seq<sp,
              pg::sor<pg::eol, pg::seq<pg::not_at<pg::eof>, pg::must<statement>,
                                       sp, pg::must<line_end>>>> {};
struct program : pg::seq<pg::star<line>, sp, pg::must<pg::eof>> {};

} // namespace carl::grammar
