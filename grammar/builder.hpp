// Builds the carl::ast while the grammar (grammar/rules.hpp) runs: the actions
// of grammar/actions.hpp call it, and grammar/parse.cpp takes the program.
#pragma once

#include "carl/ast.hpp"
#include "grammar/syntax_error.hpp"

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace carl::grammar {

// How deeply parentheses and `not`s may nest, so that no input can exhaust
// the stack of the parser, of the builder or of later passes over the AST.
inline constexpr std::size_t max_depth = 256;

// How many arithmetic operators one statement may hold. Operators chain to
// the left, so this bounds the depth that chains add to max_depth.
inline constexpr std::size_t max_operators = 256;

// The parse state. Values (literals, fields, sub-conditions) are pushed on a
// stack as they are recognised and combined by the rule that contains them.
// The grammar never backtracks over a rule with an action, so the stack
// always matches the text read so far. Throws syntax_error on a number out
// of range, on nesting deeper than max_depth or on more than max_operators
// arithmetic operators in a statement. Repairs of the text (curly quotes,
// `{{pipe}}`) are kept as warnings.
class builder {
public:
    explicit builder(std::string_view code) : m_code(code) {}

    std::string_view code() const { return m_code; }
    std::size_t offset_of(const char* p) const { return p - m_code.data(); }
    ast::span span_of(const char* begin, const char* end) const;
    ast::name word_at(const char* p) const; // the name that starts at p

    // Literals and fields.
    void begin_string(const char* quote);
    void append(std::string_view text) { m_text += text; }
    void end_string(ast::span where);
    std::size_t string_start() const { return m_string_start; }
    void number(ast::span where, std::string_view text);
    void null(ast::span where);
    void field(ast::span where, std::string_view text);
    void list(std::size_t mark, ast::span where);
    void unquoted(ast::span where, std::string_view text);
    void cidr(ast::span where, std::string_view text);
    void duration(ast::span where, std::string_view text);
    void now(ast::span where);

    // Arithmetic and calls. `call_name` pushes the call, `call` adopts the
    // arguments pushed after it.
    void arithmetic(char op, std::size_t end);
    void call_name(ast::span where, std::string_view name);
    void call(std::size_t mark, ast::span where);

    // Lexical repairs: `text` is appended in place of what was written.
    void repair(ast::span where, std::string_view text, std::string message);
    void warn(ast::span where, std::string message);
    const std::vector<syntax_note>& warnings() const { return m_warnings; }

    // Conditions. `end` is the offset just past the predicate.
    std::size_t mark() const { return m_values.size(); }
    void set_op(std::string_view op);
    void relation(std::size_t end);
    void membership(bool negated, std::size_t end,
                    std::string_view words = "in");
    void chain(std::size_t end);
    void method_match(std::size_t end);
    void regex_match(std::size_t end);
    void containment(std::size_t end);
    void existence(std::size_t end);
    void negate(ast::span where);
    void logical_and(std::size_t mark, ast::span where);
    void logical_or(std::size_t mark, ast::span where);

    // Bracket nesting: open parentheses (for the note of an unclosed one)
    // and the depth of the parentheses and `not`s being read. The depth is
    // checked at the token that opens a level, as a rule that is only tried
    // must not fail the parse.
    void open_paren(const char* p);
    void close_paren(const char* p);
    // Where the last outermost '(' was closed, for a ')' too many; npos
    // when none was.
    std::size_t last_outer_close() const { return m_last_outer_close; }
    std::size_t innermost_paren() const;
    void enter() { ++m_depth; }
    void leave() { --m_depth; }
    void check_depth(const char* p) const;

    // Statements.
    void target(ast::name n) { m_statement.target = std::move(n); }
    void object_name(ast::name n);
    void action_name(ast::name n);
    void any_action(ast::span where);
    void type_set();
    void source(ast::name n) { m_statement.sources.push_back(std::move(n)); }
    void derived_field(ast::name n) { m_statement.field = std::move(n); }
    void alias(ast::name n) { m_alias = std::move(n); }
    void select_item();
    void by_key() { m_statement.keys.push_back(pop()); }
    void keyword(ast::name n) { m_statement.keyword = std::move(n); }
    void search();
    void filter();
    void join() { stateful(ast::statement_kind::join); }
    void group() { stateful(ast::statement_kind::group); }
    void select() { m_statement.kind = ast::statement_kind::select; }
    void analytic(ast::name id) { m_statement.analytic = std::move(id); }
    void run() { m_statement.kind = ast::statement_kind::run; }
    void list_value();
    void computation();
    void output() { m_statement.kind = ast::statement_kind::output; }
    void input() { m_statement.kind = ast::statement_kind::input; }
    void end_statement(ast::span where);
    void implicit_filter(ast::span where);

    ast::program take_program() { return std::move(m_program); }

private:
    std::unique_ptr<ast::expr> pop();
    void push(std::unique_ptr<ast::expr> e) {
        m_values.push_back(std::move(e));
    }
    void binary(ast::expr_kind kind, std::size_t end);
    void logical(ast::expr_kind kind, std::size_t mark, ast::span where);
    void stateful(ast::statement_kind kind);
    bool is_stream(const ast::expr& e) const;

    std::string_view m_code;
    ast::program m_program;
    ast::statement m_statement;
    ast::name m_object;
    std::vector<std::unique_ptr<ast::expr>> m_values;
    std::string m_text;
    std::size_t m_string_start = 0;
    ast::compare_op m_op = ast::compare_op::eq;
    ast::name m_alias;
    std::size_t m_first_action = 0;  // index in types of the current object
    std::set<std::string> m_streams; // targets that name streams of events
    std::vector<syntax_note> m_warnings;
    std::vector<std::size_t> m_open_parens;
    std::size_t m_last_outer_close = std::string_view::npos;
    std::size_t m_depth = 0;
    std::size_t m_operators = 0; // in the current statement
};

} // namespace carl::grammar
