// The AST construction behind grammar/actions.hpp.
#include "grammar/builder.hpp"

#include "grammar/syntax_error.hpp"

#include <charconv>
#include <cstdint>

namespace carl::grammar {

namespace {

std::unique_ptr<ast::expr> make(ast::expr_kind kind, ast::span where) {
    auto e = std::make_unique<ast::expr>();
    e->kind = kind;
    e->where = where;
    return e;
}

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

// The value of a number literal the grammar accepted; false when it does
// not fit.
bool number_value(std::string_view text, double& value) {
    const bool negative = !text.empty() && text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    const char* first = text.data();
    const char* last = first + text.size();
    std::from_chars_result r{};
    if (text.size() > 2 && (text[1] == 'x' || text[1] == 'X')) {
        std::uint64_t n = 0;
        r = std::from_chars(first + 2, last, n, 16);
        value = static_cast<double>(n);
    } else {
        r = std::from_chars(first, last, value);
    }
    if (negative)
        value = -value;
    return r.ec == std::errc() && r.ptr == last;
}

} // namespace

ast::span builder::span_of(const char* begin, const char* end) const {
    return {static_cast<std::uint32_t>(offset_of(begin)),
            static_cast<std::uint32_t>(end - begin)};
}

void builder::begin_string(const char* quote) {
    m_text.clear();
    m_string_start = offset_of(quote);
}

void builder::end_string(ast::span where) {
    auto e = make(ast::expr_kind::string, where);
    e->text = std::move(m_text);
    m_text.clear();
    push(std::move(e));
}

void builder::number(ast::span where, std::string_view text) {
    auto e = make(ast::expr_kind::number, where);
    e->text = std::string(text);
    if (!number_value(text, e->number)) {
        throw syntax_error{where.offset,
                           where.length,
                           "number '" + e->text + "' is out of range",
                           {}};
    }
    push(std::move(e));
}

void builder::null(ast::span where) {
    push(make(ast::expr_kind::null, where));
}

void builder::field(ast::span where, std::string_view text) {
    // `[a.b]` names the same field as `a.b`.
    text = trim(text);
    if (!text.empty() && text.front() == '[') {
        text.remove_prefix(1);
        text.remove_suffix(1);
        text = trim(text);
    }
    auto e = make(ast::expr_kind::field, where);
    for (;;) {
        const auto dot = text.find('.');
        e->path.emplace_back(text.substr(0, dot));
        if (dot == std::string_view::npos)
            break;
        text.remove_prefix(dot + 1);
    }
    push(std::move(e));
}

void builder::list(std::size_t mark, ast::span where) {
    auto e = make(ast::expr_kind::list, where);
    for (auto i = mark; i < m_values.size(); ++i)
        e->children.push_back(std::move(m_values[i]));
    m_values.resize(mark);
    push(std::move(e));
}

void builder::set_op(std::string_view op) {
    using ast::compare_op;
    if (op == "=" || op == "==")
        m_op = compare_op::eq;
    else if (op == "!=")
        m_op = compare_op::ne;
    else if (op == "<")
        m_op = compare_op::lt;
    else if (op == "<=")
        m_op = compare_op::le;
    else if (op == ">")
        m_op = compare_op::gt;
    else
        m_op = compare_op::ge;
}

void builder::binary(ast::expr_kind kind, std::size_t end) {
    auto right = pop();
    auto left = pop();
    const auto begin = left->where.offset;
    auto e = make(kind, {begin, static_cast<std::uint32_t>(end - begin)});
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    push(std::move(e));
}

void builder::relation(std::size_t end) {
    binary(ast::expr_kind::compare, end);
    m_values.back()->op = m_op;
}

void builder::membership(bool negated, std::size_t end) {
    binary(ast::expr_kind::in_list, end);
    m_values.back()->negated = negated;
}

void builder::regex_match(std::size_t end) {
    binary(ast::expr_kind::match, end);
}

void builder::containment(std::size_t end) {
    binary(ast::expr_kind::contains, end);
}

void builder::existence(std::size_t end) {
    auto operand = pop();
    const auto begin = operand->where.offset;
    auto e = make(ast::expr_kind::exists,
                  {begin, static_cast<std::uint32_t>(end - begin)});
    e->children.push_back(std::move(operand));
    push(std::move(e));
}

void builder::negate(ast::span where) {
    auto e = make(ast::expr_kind::logical_not, where);
    e->children.push_back(pop());
    push(std::move(e));
}

void builder::logical(ast::expr_kind kind, std::size_t mark, ast::span where) {
    // A single operand stands for itself.
    if (m_values.size() - mark < 2)
        return;
    auto e = make(kind, where);
    for (auto i = mark; i < m_values.size(); ++i)
        e->children.push_back(std::move(m_values[i]));
    m_values.resize(mark);
    push(std::move(e));
}

void builder::logical_and(std::size_t mark, ast::span where) {
    logical(ast::expr_kind::logical_and, mark, where);
}

void builder::logical_or(std::size_t mark, ast::span where) {
    logical(ast::expr_kind::logical_or, mark, where);
}

std::size_t builder::innermost_paren() const {
    return m_open_parens.empty() ? 0 : m_open_parens.back();
}

void builder::open_paren(const char* p) {
    check_depth(p);
    m_open_parens.push_back(offset_of(p));
}

void builder::check_depth(const char* p) const {
    if (m_depth > max_depth) {
        throw syntax_error{offset_of(p),
                           1,
                           "expression nested more than " +
                               std::to_string(max_depth) + " levels deep",
                           {}};
    }
}

void builder::action_name(ast::name n) {
    m_statement.types.push_back({std::move(m_object), std::move(n)});
    m_object = {};
}

void builder::filter() {
    m_statement.kind = ast::statement_kind::filter;
    m_statement.condition = pop();
}

void builder::end_statement(ast::span where) {
    m_statement.where = where;
    m_program.statements.push_back(std::move(m_statement));
    m_statement = {};
}

std::unique_ptr<ast::expr> builder::pop() {
    auto e = std::move(m_values.back());
    m_values.pop_back();
    return e;
}

} // namespace carl::grammar
