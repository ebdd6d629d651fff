// Applying literals, regular expressions and lists to field values.
#include "test.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>

namespace carl {
namespace {

void set_regex_options(RE2::Options& options) {
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_never_capture(true);
}

const char* op_text(ast::compare_op op) {
    static const char* const texts[] = {"==", "!=", "<", "<=", ">", ">="};
    return texts[static_cast<int>(op)];
}

} // namespace

bool holds(ast::compare_op op, int order) {
    switch (op) {
    case ast::compare_op::lt:
        return order < 0;
    case ast::compare_op::le:
        return order <= 0;
    case ast::compare_op::gt:
        return order > 0;
    case ast::compare_op::ge:
        return order >= 0;
    case ast::compare_op::eq:
        return order == 0;
    case ast::compare_op::ne:
        return order != 0;
    }
    return false;
}

ast::compare_op mirror(ast::compare_op op) {
    switch (op) {
    case ast::compare_op::lt:
        return ast::compare_op::gt;
    case ast::compare_op::le:
        return ast::compare_op::ge;
    case ast::compare_op::gt:
        return ast::compare_op::lt;
    case ast::compare_op::ge:
        return ast::compare_op::le;
    default:
        return op;
    }
}

literal_test::literal_test(std::string_view literal)
    : text(literal), as_number(parse_number(literal)) {}

bool literal_test::equals(std::string_view value) const {
    if (as_number) {
        if (auto n = parse_number(value))
            return compare(*n, *as_number) == 0;
    }
    return text.matches(value);
}

test test::make_equals(std::string_view literal, bool negated) {
    test t;
    t.m_kind = test_kind::equals;
    t.m_negated = negated;
    t.m_literal = literal;
    t.m_literals.emplace_back(literal);
    return t;
}

test test::make_order(ast::compare_op op, std::string_view literal) {
    test t;
    t.m_kind = test_kind::order;
    t.m_op = op;
    t.m_literal = literal;
    t.m_literals.emplace_back(literal);
    return t;
}

test test::make_in(std::vector<std::string> literals, bool negated,
                   std::vector<network> networks) {
    test t;
    t.m_kind = test_kind::in_list;
    t.m_negated = negated;
    for (const std::string& literal : literals)
        t.m_literals.emplace_back(literal);
    t.m_networks = std::move(networks);
    return t;
}

std::optional<test> test::make_regex(std::string_view expression,
                                     std::string& error) {
    RE2::Options options;
    set_regex_options(options);
    auto regex = std::make_shared<const RE2>(expression, options);
    if (!regex->ok()) {
        error = regex->error();
        return std::nullopt;
    }
    test t;
    t.m_kind = test_kind::regex;
    t.m_literal = expression;
    t.m_regex = std::move(regex);
    return t;
}

bool test::apply(std::string_view value) const {
    switch (m_kind) {
    case test_kind::equals:
        return m_literals[0].equals(value) != m_negated;
    case test_kind::order:
        return order_holds(value);
    case test_kind::regex:
        return RE2::PartialMatch(value, *m_regex);
    case test_kind::in_list:
        for (const literal_test& literal : m_literals)
            if (literal.equals(value))
                return !m_negated;
        for (const network& n : m_networks)
            if (n.contains(value))
                return !m_negated;
        return m_negated;
    }
    return false;
}

// Numbers order as numbers when both sides read as one; anything else orders
// as text, ignoring case (so ISO times and dotted versions order sensibly).
bool test::order_holds(std::string_view value) const {
    const literal_test& literal = m_literals[0];
    if (literal.as_number) {
        if (auto n = parse_number(value))
            return holds(m_op, compare(*n, *literal.as_number));
    }
    return holds(m_op, compare_folded(value, m_literal));
}

// FilteredRE2 keeps its and-or formula over atoms to itself, so ask it: with
// every atom but one present, does the regex still pass? If not, that atom
// is required. If no atom is, one of them all is, unless the regex passes
// with none.
std::optional<std::vector<std::string>> test::regex_literals() const {
    if (m_kind != test_kind::regex)
        return std::nullopt;
    re2::FilteredRE2 filter(3);
    RE2::Options options;
    set_regex_options(options);
    int id = 0;
    if (filter.Add(m_literal, options, &id) != RE2::NoError)
        return std::nullopt;
    std::vector<std::string> atoms;
    filter.Compile(&atoms);

    auto passes = [&](const std::vector<int>& present) {
        std::vector<int> potential;
        filter.AllPotentials(present, &potential);
        return !potential.empty();
    };
    if (atoms.empty() || passes({}))
        return std::nullopt;

    std::vector<std::string> required;
    for (std::size_t skip = 0; skip < atoms.size(); ++skip) {
        std::vector<int> present;
        for (std::size_t i = 0; i < atoms.size(); ++i)
            if (i != skip)
                present.push_back(int(i));
        if (!passes(present))
            required.push_back(atoms[skip]);
    }
    if (required.empty())
        return atoms;
    // Any one required atom will do; the longest is the most selective.
    return std::vector<std::string>{*std::max_element(
        required.begin(), required.end(),
        [](const std::string& x, const std::string& y) {
            return x.size() < y.size();
        })};
}

std::string test::describe() const {
    switch (m_kind) {
    case test_kind::equals:
        return (m_negated ? "not " : "") + m_literals[0].text.describe();
    case test_kind::order:
        return std::string(op_text(m_op)) + " \"" + m_literal + "\"";
    case test_kind::regex:
        return "regex \"" + m_literal + "\"";
    case test_kind::in_list: {
        std::string out = m_negated ? "not in [" : "in [";
        for (std::size_t i = 0; i < m_literals.size(); ++i)
            out += (i ? ", " : "") + m_literals[i].text.describe();
        for (std::size_t i = 0; i < m_networks.size(); ++i)
            out +=
                (i || !m_literals.empty() ? ", " : "") + m_networks[i].text();
        return out + "]";
    }
    }
    return "?";
}

} // namespace carl
