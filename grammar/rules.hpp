// The PEGTL grammar of CAR pseudocode. grammar/parse.cpp runs it with the
// actions of grammar/actions.hpp (which build the AST) and the error control
// of grammar/errors.hpp (which names what was expected where parsing failed).
#pragma once

#include <tao/pegtl.hpp>

// The whole grammar, in EBNF; every production below is a rule of the same
// name in this file.
//
//   program          = implicit_block | { line } ;
//   implicit_block   = condition ;               (a block that is a condition)
//   line             = [ statement ] line_end ;
//   statement        = output_statement | return_statement | input_statement
//                    | assignment ;
//   output_statement = "output" ( "(" source { "," source } ")"
//                               | source { "," source } ) ;
//   return_statement = "return" source ;
//   input_statement  = "input" target ;
//   assignment       = target [ "." derived_field ] "=" operation ;
//   operation        = search_statement | filter_statement | join_statement
//                    | group_statement | select_statement | run_statement
//                    | list_value | computation ;
//   search_statement = "search" search_target [ "where" condition ] ;
//   search_target    = "(" type_union ")" | type_union ;
//   type_union       = type_set { ( "or" | "and" ) type_set } ;
//   type_set         = object_name [ ":" ( "*" | action_name
//                                          { "," action_name } ) ] ;
//   filter_statement = "filter" [ source ] ( "where" condition
//                    | "(" "where" condition ")" | "(" condition ")" ) ;
//   join_statement   = "join" ( "(" source "," source ")"
//                             | source "," source ) [ "where" condition ] ;
//   group_statement  = "group" source { "," source } by_clause
//                      [ "where" condition ] ;
//   select_statement = "from" source "select" select_item
//                      { "," select_item } ;
//   select_item      = arith_expr [ "as" alias ] ;
//   run_statement    = "run" "Analytic" ":" analytic_id ;
//   computation      = arith_expr [ by_clause ] ;
//   by_clause        = "by" field { "," field } ;
//   list_value       = list_literal ;
//   target = source = object_name = action_name = alias = name ;
//   derived_field    = path ;
//
//   condition        = disjunction ;
//   disjunction      = conjunction { "or" conjunction } ;
//   conjunction      = negation { "and" negation } ;
//   negation         = inversion | primary ;
//   inversion        = "not" negation ;
//   primary          = parenthesized | comparison ;
//   parenthesized    = "(" disjunction ")" ;
//   comparison       = value predicate ;
//   predicate        = relation | membership | any_of | none_of
//                    | regex_match | method_match | containment
//                    | existence ;
//   relation         = compare_op value { chained_relation } ;
//   chained_relation = compare_op value ;         (a < b < c)
//   compare_op       = "==" | "!=" | "<=" | ">=" | "=" | "<" | ">" ;
//   membership       = [ "not" ] "in" ( list_literal | call | field ) ;
//   any_of           = "includes" "one" "of" list_literal ;
//   none_of          = "does" "not" ( "contain" | "contains" ) list_literal ;
//   regex_match      = "match" string_literal ;
//   method_match     = "." "matches" "(" string_literal ")" ;
//   containment      = "contains" "(" ( string_literal | unquoted ) ")" ;
//   existence        = "exists" ;
//
//   value            = string_literal | cidr_literal | unquoted
//                    | null_literal | arith_expr ;
//   arith_expr       = term { ( "+" | "-" ) term } ;
//   term             = factor { ( "*" | "/" ) factor } ;
//   factor           = duration | number_literal | "now" | call | field
//                    | "(" arith_expr ")" ;
//   call             = name "(" [ arith_expr { "," arith_expr } ] ")" ;
//   duration         = decimal_number unit ;      ("1 hour", "1sec")
//   unit             = "second" | "sec" | "minute" | "min" | "hour" | "day"
//                    | "week" | "ms", each also with a final "s" ;
//   field            = path | "[" path "]" ;
//   path             = name { "." name } ;
//   list_literal     = "[" [ list_item { "," list_item } ] "]" ;
//   list_item        = string_literal | cidr_literal | number_literal
//                    | unquoted ;
//   unquoted         = a run of non-blank characters other than ( ) [ ] ,
//                      " and ' holding a "*" or a "\" ("*transfer*",
//                      "C:\Windows\net.exe"), or a name ending in a file
//                      extension such as ".exe" after "=" ("svchost.exe") ;
//   cidr_literal     = ipv4 "/" digits | ipv6 "/" digits ;
//   null_literal     = "null" ;
//   number_literal   = [ "-" ] ( hex_number | decimal_number ) ;
//   hex_number       = "0" ( "x" | "X" ) hex_digit { hex_digit } ;
//   decimal_number   = digit { digit } [ "." digit { digit } ] ;
//   string_literal   = quote { char } quote ;   (quote: " ' or a curly one)
//   name             = ( letter | "_" ) { letter | digit | "_" } ;
//   analytic_id      = letter { letter | digit | "-" } ;
//
// Keywords ("search", "and", "not", "in", ...) match in any letter case, only
// as whole words ("order" is a name, not "or" and "der"), and are not names.
// The words that only start a statement or a predicate ("join", "group",
// "from", "select", "by", "as", "run", "input", "return", "includes",
// "does", "now") are not reserved.
// A number must not run into a letter, digit or "." ("1sec", "10.0.0.0/8").
// Inside a string, "\\" is one backslash; "\"" is a quote unless the quote
// is followed by a blank, ")", "]" or the end of the line (then the backslash
// is literal and the quote ends the string); any other backslash is literal.
// The same holds for "\'" in single-quoted strings. A string ends on its line.
// Lexical repairs, each with a warning: a curly double quote (U+201C,
// U+201D) opens or closes a string like '"'; in a string, an en dash
// (U+2013) is read as "-" and "{{pipe}}" as "|".
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

// Words with a meaning only where they stand; they stay usable as names.
struct kw_return : keyword<TAO_PEGTL_ISTRING("return")> {};
struct kw_input : keyword<TAO_PEGTL_ISTRING("input")> {};
struct kw_join : keyword<TAO_PEGTL_ISTRING("join")> {};
struct kw_group : keyword<TAO_PEGTL_ISTRING("group")> {};
struct kw_by : keyword<TAO_PEGTL_ISTRING("by")> {};
struct kw_from : keyword<TAO_PEGTL_ISTRING("from")> {};
struct kw_select : keyword<TAO_PEGTL_ISTRING("select")> {};
struct kw_as : keyword<TAO_PEGTL_ISTRING("as")> {};
struct kw_run : keyword<TAO_PEGTL_ISTRING("run")> {};
struct kw_analytic : keyword<TAO_PEGTL_ISTRING("analytic")> {};
struct kw_includes : keyword<TAO_PEGTL_ISTRING("includes")> {};
struct kw_one : keyword<TAO_PEGTL_ISTRING("one")> {};
struct kw_of : keyword<TAO_PEGTL_ISTRING("of")> {};
struct kw_does : keyword<TAO_PEGTL_ISTRING("does")> {};
struct kw_contain : keyword<TAO_PEGTL_ISTRING("contain")> {};
struct kw_matches : keyword<TAO_PEGTL_ISTRING("matches")> {};
struct kw_now : keyword<TAO_PEGTL_ISTRING("now")> {};

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
// the unescaped text. A curly double quote stands for '"'; the repairs are
// read as the character CAR meant, and each raises a warning.
struct curly_quote : pg::utf8::one<0x201c, 0x201d> {};
struct pipe_placeholder : pg::string<'{', '{', 'p', 'i', 'p', 'e', '}', '}'> {};
struct en_dash : pg::utf8::one<0x2013> {};
struct repaired_char : pg::sor<pipe_placeholder, en_dash> {};
struct quote_closer : pg::sor<pg::blank, pg::one<')', ']'>, pg::eolf> {};
struct escaped_backslash : pg::two<'\\'> {};
template <char Quote>
struct escaped_quote
    : pg::seq<pg::one<'\\'>, pg::one<Quote>, pg::not_at<quote_closer>> {};
template <char Quote>
struct plain_char
    : pg::seq<pg::not_at<curly_quote>, pg::not_one<Quote, '\r', '\n'>> {};
template <char Quote>
struct quoted_char : pg::sor<escaped_backslash, escaped_quote<Quote>,
                             repaired_char, plain_char<Quote>> {};
struct dq_char : quoted_char<'"'> {};
struct sq_char : quoted_char<'\''> {};
template <char Quote> struct string_open : pg::one<Quote> {};
template <char Quote> struct string_close : pg::one<Quote> {};
template <> struct string_open<'"'> : pg::sor<pg::one<'"'>, curly_quote> {};
template <> struct string_close<'"'> : pg::sor<pg::one<'"'>, curly_quote> {};
template <char Quote, typename Char>
struct quoted : pg::seq<string_open<Quote>, pg::star<Char>,
                        pg::must<string_close<Quote>>> {};
struct string_literal : pg::sor<quoted<'"', dq_char>, quoted<'\'', sq_char>> {};

// Words CAR leaves unquoted: wildcard patterns and Windows paths (any run of
// word characters holding a '*' or a '\'), and file names.
struct bare_char
    : pg::seq<pg::not_at<curly_quote>,
              pg::not_one<' ', '\t', '\r', '\n', '(', ')', '[', ']', ',', '"',
                          '\'', '=', '<', '>', '!'>> {};
struct wild_char : pg::one<'*', '\\'> {};
struct unquoted
    : atomic<pg::at<pg::star<pg::not_at<wild_char>, bare_char>, wild_char>,
             pg::plus<bare_char>> {};
struct file_extension
    : pg::sor<TAO_PEGTL_ISTRING("exe"), TAO_PEGTL_ISTRING("dll"),
              TAO_PEGTL_ISTRING("sys"), TAO_PEGTL_ISTRING("bat"),
              TAO_PEGTL_ISTRING("cmd"), TAO_PEGTL_ISTRING("ps1"),
              TAO_PEGTL_ISTRING("vbs"), TAO_PEGTL_ISTRING("scr"),
              TAO_PEGTL_ISTRING("msc"), TAO_PEGTL_ISTRING("cpl")> {};
struct file_word
    : atomic<pg::plus<name_char>,
             pg::star<pg::one<'.'>, pg::plus<name_char>, pg::at<pg::one<'.'>>>,
             pg::one<'.'>, file_extension,
             pg::not_at<pg::sor<name_char, pg::one<'.', '('>>>> {};

// Numbers, durations and networks.
struct hex_number
    : pg::seq<pg::one<'0'>, pg::one<'x', 'X'>, pg::plus<pg::xdigit>> {};
struct decimal_number
    : pg::seq<pg::plus<pg::digit>, pg::opt<pg::one<'.'>, pg::plus<pg::digit>>> {
};
struct number_literal
    : atomic<pg::opt<pg::one<'-'>>, pg::sor<hex_number, decimal_number>,
             pg::not_at<pg::sor<name_char, pg::one<'.'>>>> {};
struct unit : pg::sor<TAO_PEGTL_ISTRING("seconds"), TAO_PEGTL_ISTRING("second"),
                      TAO_PEGTL_ISTRING("secs"), TAO_PEGTL_ISTRING("sec"),
                      TAO_PEGTL_ISTRING("minutes"), TAO_PEGTL_ISTRING("minute"),
                      TAO_PEGTL_ISTRING("mins"), TAO_PEGTL_ISTRING("min"),
                      TAO_PEGTL_ISTRING("hours"), TAO_PEGTL_ISTRING("hour"),
                      TAO_PEGTL_ISTRING("days"), TAO_PEGTL_ISTRING("day"),
                      TAO_PEGTL_ISTRING("weeks"), TAO_PEGTL_ISTRING("week"),
                      TAO_PEGTL_ISTRING("ms")> {};
struct duration
    : atomic<decimal_number, pg::star<pg::blank>, unit, pg::not_at<name_char>> {
};
struct ipv4 : pg::seq<pg::plus<pg::digit>,
                      pg::rep<3, pg::one<'.'>, pg::plus<pg::digit>>> {};
struct ipv6 : pg::seq<pg::at<pg::star<pg::xdigit>, pg::one<':'>>,
                      pg::plus<pg::sor<pg::xdigit, pg::one<':', '.'>>>> {};
struct cidr_literal
    : atomic<pg::sor<ipv4, ipv6>, pg::one<'/'>, pg::plus<pg::digit>,
             pg::not_at<pg::sor<name_char, pg::one<'.'>>>> {};

struct null_literal : kw_null {};
struct now_literal : kw_now {};

// Fields. `f.matches(...)` is a predicate, not a part of the path.
struct path_step
    : pg::seq<pg::one<'.'>,
              pg::not_at<kw_matches, pg::star<pg::blank>, pg::one<'('>>,
              pg::must<name>> {};
struct path : pg::seq<name, pg::star<path_step>> {};
struct field : pg::sor<path, pg::seq<open_bracket, ws, pg::must<path>, ws,
                                     pg::must<close_bracket>>> {};

// Arithmetic. Calls nest, and are limited in depth like parentheses.
template <typename S> struct arith_expr;
struct call_name : pg::seq<name, pg::at<pg::star<pg::blank>, pg::one<'('>>> {};
struct call_args
    : pg::seq<open_paren, ws,
              pg::opt<arith_expr<ws>,
                      pg::star<ws, comma, ws, pg::must<arith_expr<ws>>>>,
              ws, pg::must<close_paren>> {};
struct call : pg::seq<call_name, pg::star<pg::blank>, call_args> {};
struct factor : pg::sor<duration, number_literal, now_literal, call, field> {};
struct mul_op : pg::one<'*', '/'> {};
struct add_op : atomic<pg::one<'+', '-'>, pg::not_at<pg::one<'>'>>> {};
template <typename S>
struct mul_tail : pg::seq<mul_op, ws, pg::must<factor>> {};
template <typename S>
struct term : pg::seq<factor, pg::star<S, mul_tail<S>>> {};
template <typename S>
struct add_tail : pg::seq<add_op, ws, pg::must<term<S>>> {};
template <typename S>
struct arith_expr : pg::seq<term<S>, pg::star<S, add_tail<S>>> {};

// Values.
template <typename S>
struct value : pg::sor<string_literal, cidr_literal, unquoted, file_word,
                       null_literal, arith_expr<S>> {};
struct list_item
    : pg::sor<string_literal, cidr_literal, number_literal, unquoted> {};
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
struct chained_relation : pg::seq<compare_op, S, pg::must<value<S>>> {};
template <typename S>
struct first_relation : pg::seq<compare_op, S, pg::must<value<S>>> {};
template <typename S>
struct relation : pg::seq<first_relation<S>, pg::star<S, chained_relation<S>>> {
};
struct in_operand : pg::sor<list_literal, call, field> {};
template <typename S>
struct membership
    : pg::sor<pg::seq<kw_not, S, pg::must<kw_in>, S, pg::must<in_operand>>,
              pg::seq<kw_in, S, pg::must<in_operand>>> {};
template <typename S>
struct any_of : pg::seq<kw_includes, S, pg::must<kw_one>, S, pg::must<kw_of>, S,
                        pg::must<list_literal>> {};
template <typename S>
struct none_of : pg::seq<kw_does, S, pg::must<kw_not>, S,
                         pg::must<pg::sor<kw_contains, kw_contain>>, S,
                         pg::must<list_literal>> {};
template <typename S>
struct regex_match : pg::seq<kw_match, S, pg::must<string_literal>> {};
struct method_match
    : pg::seq<pg::one<'.'>, kw_matches, pg::star<pg::blank>,
              pg::must<open_paren>, ws, pg::must<string_literal>, ws,
              pg::must<close_paren>> {};
struct needle : pg::sor<string_literal, unquoted> {};
struct containment : pg::seq<kw_contains, ws, pg::must<open_paren>, ws,
                             pg::must<needle>, ws, pg::must<close_paren>> {};
struct existence : kw_exists {};
template <typename S>
struct predicate
    : pg::sor<relation<S>, membership<S>, any_of<S>, none_of<S>, regex_match<S>,
              method_match, containment, existence> {};
template <typename S>
struct comparison : pg::seq<value<S>, S, pg::must<predicate<S>>> {};

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

// Search targets.
struct object_name : name {};
struct action_name : name {};
struct any_action : pg::one<'*'> {};
struct action_list
    : pg::sor<any_action,
              pg::seq<action_name,
                      pg::star<sp, comma, sp, pg::must<action_name>>>> {};
struct type_set
    : pg::seq<object_name, pg::opt<sp, colon, sp, pg::must<action_list>>> {};
struct union_and : kw_and {};
template <typename S>
struct type_union
    : pg::seq<type_set,
              pg::star<S, pg::sor<kw_or, union_and>, ws, pg::must<type_set>>> {
};
struct search_target : pg::sor<pg::seq<open_paren, ws, pg::must<type_union<ws>>,
                                       ws, pg::must<close_paren>>,
                               type_union<sp>> {};
struct where_clause : pg::seq<kw_where, sp, pg::must<condition>> {};

// Statements.
struct target : name {};
struct source : name {};
struct derived_field : pg::seq<name, pg::star<pg::one<'.'>, pg::must<name>>> {};
struct alias : name {};
struct analytic_id
    : pg::seq<pg::alpha, pg::star<pg::sor<name_char, pg::one<'-'>>>> {};
struct by_key : pg::seq<field> {};
struct by_clause : pg::seq<kw_by, sp, pg::must<by_key>,
                           pg::star<sp, comma, sp, pg::must<by_key>>> {};

struct search_statement : pg::seq<kw_search, sp, pg::must<search_target>,
                                  pg::opt<sp, where_clause>> {};
struct filter_body
    : pg::sor<where_clause,
              pg::seq<open_paren, ws,
                      pg::sor<pg::seq<kw_where, ws, pg::must<disjunction<ws>>>,
                              pg::must<disjunction<ws>>>,
                      ws, pg::must<close_paren>>> {};
struct filter_statement
    : pg::seq<kw_filter, sp, pg::opt<source, sp>, pg::must<filter_body>> {};
struct join_sources
    : pg::sor<pg::seq<open_paren, ws, pg::must<source>, ws, pg::must<comma>, ws,
                      pg::must<source>, ws, pg::must<close_paren>>,
              pg::seq<source, sp, pg::must<comma>, sp, pg::must<source>>> {};
struct join_statement
    : pg::seq<kw_join, sp, pg::must<join_sources>, pg::opt<sp, where_clause>> {
};
struct group_statement
    : pg::seq<kw_group, sp, pg::must<source>,
              pg::star<sp, comma, sp, pg::must<source>>, sp,
              pg::must<by_clause>, pg::opt<sp, where_clause>> {};
struct select_item
    : pg::seq<arith_expr<sp>, pg::opt<sp, kw_as, sp, pg::must<alias>>> {};
struct select_statement
    : pg::seq<kw_from, sp, pg::must<source>, sp, pg::must<kw_select>, sp,
              pg::must<select_item>,
              pg::star<sp, comma, sp, pg::must<select_item>>> {};
struct run_statement : pg::seq<kw_run, sp, pg::must<kw_analytic>, sp,
                               pg::must<colon>, sp, pg::must<analytic_id>> {};
struct list_value : pg::seq<list_literal> {};
struct computation : pg::seq<arith_expr<sp>, pg::opt<sp, by_clause>> {};
struct operation : pg::sor<search_statement, filter_statement, join_statement,
                           group_statement, select_statement, run_statement,
                           list_value, computation> {};
struct assignment
    : pg::seq<target, pg::opt<pg::one<'.'>, pg::must<derived_field>>, sp,
              pg::must<assign_op>, sp, pg::must<operation>> {};
struct output_list
    : pg::sor<pg::seq<open_paren, ws, pg::must<source>,
                      pg::star<ws, comma, ws, pg::must<source>>, ws,
                      pg::must<close_paren>>,
              pg::seq<source, pg::star<sp, comma, sp, pg::must<source>>>> {};
struct output_statement : pg::seq<kw_output, sp, pg::must<output_list>> {};
struct return_statement
    : pg::seq<kw_return, sp, pg::at<name>, pg::must<source>> {};
struct input_statement : pg::seq<kw_input, sp, pg::at<name>, pg::must<target>> {
};
struct statement
    : pg::sor<output_statement, return_statement, input_statement, assignment> {
};
// Every line consumes input (blanks at the very end are left to `program`),
// so that the star over lines provably makes progress.
struct line
    : pg::seq<sp,
              pg::sor<pg::eol, pg::seq<pg::not_at<pg::eof>, pg::must<statement>,
                                       sp, pg::must<line_end>>>> {};

// A block that is only a condition. It is told from a block of statements
// by its first tokens: no statement starts with a comparison or a '(', and
// `name = "text"` is a comparison (no statement assigns a bare string).
struct statement_start
    : pg::sor<kw_output, pg::seq<pg::sor<kw_return, kw_input>, sp, name>,
              pg::seq<name, pg::opt<pg::one<'.'>, path>, sp, assign_op, sp,
                      pg::not_at<pg::one<'"', '\''>>>> {};
struct condition_start
    : pg::sor<
          open_paren, kw_not,
          pg::seq<pg::sor<string_literal, path,
                          pg::seq<pg::one<'['>, sp, path, sp, pg::one<']'>>>,
                  sp,
                  pg::sor<compare_op, kw_in, kw_not, kw_match, kw_contains,
                          kw_exists>>> {};
struct implicit_end : pg::eof {};
struct implicit_block
    : pg::seq<ws, pg::not_at<statement_start>, pg::at<condition_start>,
              pg::must<condition>, ws, pg::must<implicit_end>> {};
struct program
    : pg::seq<pg::sor<implicit_block, pg::star<line>>, sp, pg::must<pg::eof>> {
};

} // namespace carl::grammar
