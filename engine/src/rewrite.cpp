// Binding constants and splitting conditions in the syntax tree, for
// rewrite.hpp.
#include "rewrite.hpp"

#include "number.hpp"
#include "stateful/lowering.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace carl {
namespace {

using ast::expr;
using ast::expr_kind;

// True when `e` reads no field and calls nothing: its value is known
// before any event is read.
bool is_constant(const expr& e) {
    if (e.kind == expr_kind::field || e.kind == expr_kind::call)
        return false;
    for (const auto& child : e.children)
        if (!is_constant(*child))
            return false;
    return true;
}

// The value of a number literal, or of a string that reads as a number
// (an input's value is a string).
std::optional<double> numeric(const expr& e) {
    if (e.kind == expr_kind::number)
        return e.number;
    if (e.kind != expr_kind::string)
        return std::nullopt;
    auto n = parse_number(e.text);
    return n ? std::optional<double>(n->real) : std::nullopt;
}

// The shortest text that reads back as `value`: "49152", "0.5".
std::string number_text(double value) {
    if (std::floor(value) == value && std::fabs(value) < 9e15)
        return std::to_string(static_cast<std::int64_t>(value));
    char text[32];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value)
            break;
    }
    return text;
}

class binder {
public:
    binder(const std::map<std::string, std::string>& values,
           const source& code, std::vector<diagnostic>& out)
        : m_values(values), m_code(code), m_out(out) {}

    void on_statement(ast::statement& s) {
        for (expr* e : {s.condition.get(), s.value.get()})
            if (e)
                rewrite(*e);
        for (auto& item : s.items)
            rewrite(*item.value);

        // What the target stands for from here on.
        if (s.target.text.empty() || s.kind == ast::statement_kind::derive)
            return;
        m_bound.erase(s.target.text);
        m_streams.insert(s.target.text);
        if (s.kind == ast::statement_kind::input)
            bind_input(s);
        else if (s.kind == ast::statement_kind::list)
            m_bound[s.target.text] = ast::clone(*s.value);
        else if (s.kind == ast::statement_kind::compute &&
                 is_constant(*s.value))
            m_bound[s.target.text] = ast::clone(*s.value);
        if (m_bound.count(s.target.text))
            m_streams.erase(s.target.text);
    }

private:
    // Substitutes bound names, then folds arithmetic over numbers, from
    // the leaves up.
    void rewrite(expr& e) {
        if (e.kind == expr_kind::string && e.unquoted)
            read_as_field(e);
        if (e.kind == expr_kind::field && e.path.size() == 1) {
            auto found = m_bound.find(e.path[0]);
            if (found != m_bound.end()) {
                const ast::span use = e.where;
                e = std::move(*ast::clone(*found->second));
                e.where = use;
                return;
            }
        }
        for (auto& child : e.children)
            rewrite(*child);
        if (e.kind == expr_kind::arithmetic)
            fold(e);
    }

    // `procs.exe` reads as the file name "procs.exe" (CAR writes
    // `exe=svchost.exe`), but where `procs` is a stream it is its field.
    void read_as_field(expr& e) {
        std::vector<std::string> path;
        std::size_t from = 0;
        for (std::size_t dot; (dot = e.text.find('.', from)) != e.text.npos;
             from = dot + 1)
            path.push_back(e.text.substr(from, dot - from));
        path.push_back(e.text.substr(from));
        for (const std::string& part : path)
            if (!is_name(part))
                return;
        if (path.size() < 2 || !m_streams.count(path[0]))
            return;
        e.kind = expr_kind::field;
        e.path = std::move(path);
        e.text.clear();
        e.unquoted = false;
    }

    static bool is_name(const std::string& word) {
        if (word.empty() || std::isdigit(static_cast<unsigned char>(word[0])))
            return false;
        return std::all_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    }

    void fold(expr& e) {
        const auto x = numeric(*e.children[0]);
        const auto y = numeric(*e.children[1]);
        if (!x || !y)
            return;
        double value = 0;
        switch (e.arith) {
        case ast::arith_op::add:
            value = *x + *y;
            break;
        case ast::arith_op::sub:
            value = *x - *y;
            break;
        case ast::arith_op::mul:
            value = *x * *y;
            break;
        case ast::arith_op::div:
            if (*y == 0) {
                m_out.push_back(m_code.make(severity::error, e.where.offset,
                                            e.where.length,
                                            "division by zero"));
                return;
            }
            value = *x / *y;
            break;
        }
        if (!std::isfinite(value))
            return;
        e.kind = expr_kind::number;
        e.number = value;
        e.text = number_text(value);
        e.children.clear();
    }

    // An input with no value is reported here, and reads as "" so that its
    // uses add no errors of their own.
    void bind_input(const ast::statement& s) {
        auto value = std::make_unique<expr>();
        value->kind = expr_kind::string;
        value->where = s.target.where;
        auto found = m_values.find(s.target.text);
        if (found != m_values.end())
            value->text = found->second;
        else
            m_out.push_back(m_code.make(
                severity::error, s.target.where.offset, s.target.where.length,
                "input '" + s.target.text +
                    "' has no value: give one as a parameter (carl hunt "
                    "--param " +
                    s.target.text + "=VALUE)"));
        m_bound[s.target.text] = std::move(value);
    }

    const std::map<std::string, std::string>& m_values;
    const source& m_code;
    std::vector<diagnostic>& m_out;
    std::map<std::string, std::unique_ptr<expr>> m_bound;
    std::set<std::string> m_streams; // names given to streams so far
};

std::unique_ptr<expr> conjunction(std::vector<std::unique_ptr<expr>> parts,
                                  ast::span where) {
    if (parts.size() == 1)
        return std::move(parts[0]);
    auto all = std::make_unique<expr>();
    all->kind = expr_kind::logical_and;
    all->where = where;
    all->children = std::move(parts);
    return all;
}

bool has_call(const expr& e) {
    if (e.kind == expr_kind::call)
        return true;
    for (const auto& child : e.children)
        if (has_call(*child))
            return true;
    return false;
}

// The `filter (REST)` that takes what the VM cannot decide from `s`, or
// nothing when `s` stays whole.
std::optional<ast::statement> split(ast::statement& s) {
    expr& condition = *s.condition;
    if (!stateful::needs_rows(condition))
        return std::nullopt;

    // A call ranks the whole input: the condition moves whole.
    std::vector<std::unique_ptr<expr>> operands;
    if (condition.kind == expr_kind::logical_and && !has_call(condition))
        operands = std::move(condition.children);
    else
        operands.push_back(std::move(s.condition));
    std::vector<std::unique_ptr<expr>> decided, rows;
    for (auto& operand : operands)
        (stateful::needs_rows(*operand) ? rows : decided)
            .push_back(std::move(operand));

    // A filter that the VM can take nothing from stays as it was.
    const ast::span where = condition.where;
    if (decided.empty() && s.kind == ast::statement_kind::filter) {
        s.condition = conjunction(std::move(rows), where);
        return std::nullopt;
    }
    s.condition =
        decided.empty() ? nullptr : conjunction(std::move(decided), where);
    ast::statement rest;
    rest.kind = ast::statement_kind::filter;
    rest.where = s.where;
    rest.target = s.target;
    rest.condition = conjunction(std::move(rows), where);
    return rest;
}

} // namespace

void bind_constants(ast::program& tree,
                    const std::map<std::string, std::string>& values,
                    const source& code, std::vector<diagnostic>& out) {
    binder b(values, code, out);
    for (ast::statement& s : tree.statements)
        b.on_statement(s);
}

void split_row_conditions(ast::program& tree) {
    // The streams of rows made so far: a filter over one has nothing to
    // give the VM.
    std::set<std::string> rows;
    std::vector<ast::statement> result;
    for (ast::statement& s : tree.statements) {
        const std::string target = s.target.text;
        std::optional<ast::statement> rest;
        if (s.kind == ast::statement_kind::search ||
            s.kind == ast::statement_kind::filter) {
            const std::string& from =
                s.sources.empty() ? target : s.sources[0].text;
            const bool of_rows =
                s.kind == ast::statement_kind::filter && rows.count(from);
            if (s.condition && !of_rows)
                rest = split(s);
            if (of_rows || rest ||
                (s.condition && stateful::needs_rows(*s.condition)))
                rows.insert(target);
            else
                rows.erase(target);
        } else if (s.kind != ast::statement_kind::derive &&
                   s.kind != ast::statement_kind::output) {
            rows.insert(target);
        }
        result.push_back(std::move(s));
        if (rest)
            result.push_back(std::move(*rest));
    }
    tree.statements = std::move(result);
}

} // namespace carl
