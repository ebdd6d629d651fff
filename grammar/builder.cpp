// The AST construction behind grammar/actions.hpp.
#include "grammar/builder.hpp"

#include "grammar/syntax_error.hpp"

#include <cctype>
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

// Seconds in one `unit` of a duration (as the grammar's `unit` spells it).
double unit_seconds(std::string_view unit) {
    std::string u;
    for (char c : unit)
        u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (u == "ms")
        return 0.001;
    if (u.rfind("sec", 0) == 0)
        return 1;
    if (u.rfind("min", 0) == 0)
        return 60;
    if (u.rfind("hour", 0) == 0)
        return 3600;
    if (u.rfind("day", 0) == 0)
        return 86400;
    return 604800; // weeks
}

// The leading word of `text`, with its span starting at `offset`.
ast::name leading_word(std::string_view text, std::size_t offset) {
    std::size_t n = 0;
    while (
        n < text.size() &&
        (std::isalnum(static_cast<unsigned char>(text[n])) || text[n] == '_'))
        ++n;
    return {
        std::string(text.substr(0, n)),
        {static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(n)}};
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

void builder::unquoted(ast::span where, std::string_view text) {
    auto e = make(ast::expr_kind::string, where);
    e->text = std::string(text);
    e->unquoted = true;
    push(std::move(e));
}

void builder::cidr(ast::span where, std::string_view text) {
    auto e = make(ast::expr_kind::cidr, where);
    e->text = std::string(text);
    push(std::move(e));
}

void builder::duration(ast::span where, std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) ||
            text[digits] == '.'))
        ++digits;
    auto e = make(ast::expr_kind::duration, where);
    e->text = std::string(text);
    if (!number_value(text.substr(0, digits), e->number))
        throw syntax_error{where.offset,
                           where.length,
                           "duration '" + e->text + "' is out of range",
                           {}};
    e->number *= unit_seconds(trim(text.substr(digits)));
    push(std::move(e));
}

void builder::now(ast::span where) {
    push(make(ast::expr_kind::now, where));
}

void builder::arithmetic(char op, std::size_t end) {
    if (++m_operators > max_operators) {
        const auto& right = *m_values.back();
        throw syntax_error{right.where.offset,
                           right.where.length,
                           "more than " + std::to_string(max_operators) +
                               " arithmetic operators in one statement",
                           {}};
    }
    binary(ast::expr_kind::arithmetic, end);
    auto& e = *m_values.back();
    e.arith = op == '+'   ? ast::arith_op::add
              : op == '-' ? ast::arith_op::sub
              : op == '*' ? ast::arith_op::mul
                          : ast::arith_op::div;
}

void builder::call_name(ast::span where, std::string_view name) {
    auto e = make(ast::expr_kind::call, where);
    e->text = std::string(name);
    push(std::move(e));
}

void builder::call(std::size_t mark, ast::span where) {
    // The call node is the first value pushed; its arguments follow.
    auto& node = m_values[mark];
    node->where = where;
    for (auto i = mark + 1; i < m_values.size(); ++i)
        node->children.push_back(std::move(m_values[i]));
    m_values.resize(mark + 1);
}

void builder::repair(ast::span where, std::string_view text,
                     std::string message) {
    append(text);
    warn(where, std::move(message));
}

void builder::warn(ast::span where, std::string message) {
    m_warnings.push_back({where.offset, where.length, std::move(message)});
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

void builder::membership(bool negated, std::size_t end,
                         std::string_view words) {
    binary(ast::expr_kind::in_list, end);
    m_values.back()->negated = negated;
    m_values.back()->text = std::string(words);
}

// `a < b < c`: the last comparison's right operand is also the left one of
// the next, and the comparisons are joined by `and`.
void builder::chain(std::size_t end) {
    auto right = pop();
    auto& before = m_values.back();
    if (before->kind != ast::expr_kind::logical_and) {
        auto both = make(ast::expr_kind::logical_and, before->where);
        both->children.push_back(std::move(before));
        before = std::move(both);
    }
    const ast::expr& last = *before->children.back();
    auto left = clone(*last.children[1]);
    const auto begin = left->where.offset;
    auto e = make(ast::expr_kind::compare,
                  {begin, static_cast<std::uint32_t>(end - begin)});
    e->op = m_op;
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    before->children.push_back(std::move(e));
    before->where.length =
        static_cast<std::uint32_t>(end - before->where.offset);
}

void builder::method_match(std::size_t end) {
    binary(ast::expr_kind::match, end);
    m_values.back()->text = "matches";
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

void builder::close_paren(const char* p) {
    m_open_parens.pop_back();
    if (m_open_parens.empty())
        m_last_outer_close = offset_of(p);
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

void builder::object_name(ast::name n) {
    m_object = std::move(n);
    m_first_action = m_statement.types.size();
}

void builder::action_name(ast::name n) {
    m_statement.types.push_back({m_object, std::move(n)});
}

void builder::any_action(ast::span where) {
    action_name({"*", where});
}

// `Object` alone: every action, as an empty action name just after it.
void builder::type_set() {
    if (m_statement.types.size() > m_first_action)
        return;
    const ast::span end{m_object.where.offset + m_object.where.length, 0};
    m_statement.types.push_back({m_object, {"", end}});
}

void builder::select_item() {
    m_statement.items.push_back({pop(), std::move(m_alias)});
    m_alias = {};
}

void builder::search() {
    m_statement.kind = ast::statement_kind::search;
    if (!m_values.empty())
        m_statement.condition = pop();
}

void builder::filter() {
    m_statement.kind = ast::statement_kind::filter;
    m_statement.condition = pop();
}

void builder::stateful(ast::statement_kind kind) {
    m_statement.kind = kind;
    if (!m_values.empty())
        m_statement.condition = pop();
}

void builder::list_value() {
    m_statement.kind = ast::statement_kind::list;
    m_statement.value = pop();
}

bool builder::is_stream(const ast::expr& e) const {
    return e.kind == ast::expr_kind::field && e.path.size() == 1 &&
           m_streams.count(e.path[0]) > 0;
}

// What `target = expression [by keys]` means depends on its shape: a call
// is an aggregate, `A - B` of two streams a set difference, a dotted target
// a derived field, anything else arithmetic.
void builder::computation() {
    using ast::statement_kind;
    auto value = pop();
    const auto where = value->where;
    if (!m_statement.field.text.empty()) {
        m_statement.kind = statement_kind::derive;
    } else if (value->kind == ast::expr_kind::call) {
        m_statement.kind = statement_kind::aggregate;
        m_statement.function = {
            value->text,
            {where.offset, static_cast<std::uint32_t>(value->text.size())}};
    } else if (value->kind == ast::expr_kind::arithmetic &&
               value->arith == ast::arith_op::sub &&
               is_stream(*value->children[0]) &&
               is_stream(*value->children[1])) {
        m_statement.kind = statement_kind::difference;
        for (const auto& side : value->children)
            m_statement.sources.push_back({side->path[0], side->where});
    } else {
        m_statement.kind = statement_kind::compute;
    }
    if (!m_statement.keys.empty() &&
        m_statement.kind != statement_kind::aggregate)
        throw syntax_error{m_statement.keys[0]->where.offset,
                           m_statement.keys[0]->where.length,
                           "'by' needs an aggregate such as 'count(...)' "
                           "before it",
                           {}};
    if (m_statement.kind == statement_kind::aggregate &&
        value->children.size() == 1)
        m_statement.value = std::move(value->children[0]);
    else if (m_statement.kind != statement_kind::difference)
        m_statement.value = std::move(value);
}

void builder::end_statement(ast::span where) {
    using ast::statement_kind;
    m_statement.where = where;
    switch (m_statement.kind) {
    case statement_kind::search:
    case statement_kind::filter:
    case statement_kind::join:
    case statement_kind::group:
    case statement_kind::select:
    case statement_kind::difference:
    case statement_kind::run:
        m_streams.insert(m_statement.target.text);
        break;
    case statement_kind::aggregate:
        if (!m_statement.keys.empty())
            m_streams.insert(m_statement.target.text);
        break;
    default:
        break;
    }
    m_program.statements.push_back(std::move(m_statement));
    m_statement = {};
    m_operators = 0;
}

void builder::implicit_filter(ast::span where) {
    m_statement.kind = ast::statement_kind::implicit_filter;
    m_statement.condition = pop();
    end_statement(where);
}

ast::name builder::word_at(const char* p) const {
    return leading_word(std::string_view(p, m_code.data() + m_code.size() - p),
                        offset_of(p));
}

std::unique_ptr<ast::expr> builder::pop() {
    auto e = std::move(m_values.back());
    m_values.pop_back();
    return e;
}

} // namespace carl::grammar
