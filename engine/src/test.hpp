// The tests a `test_field` instruction applies to one field value: a literal
// compared the CAR way (case-insensitive, `*` wildcards, numbers as numbers),
// a regular expression, or membership of a list.
#pragma once

#include "carl/ast.hpp"
#include "network.hpp"
#include "number.hpp"
#include "pattern.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace carl {

// Whether `order` (negative, zero, positive: a three-way comparison) satisfies
// `op`.
bool holds(ast::compare_op op, int order);

// The comparison with its sides swapped: `3 < x` is `x > 3`.
ast::compare_op mirror(ast::compare_op op);

// A literal as compared with `=`: a pattern, and its number when it reads as
// one. A value that also reads as a number is compared as a number.
struct literal_test {
    pattern text;
    std::optional<number> as_number;

    explicit literal_test(std::string_view literal);
    bool equals(std::string_view value) const;
};

enum class test_kind : unsigned char {
    equals,  // `=`, `!=` (negated), `CONTAINS` (a pattern "*x*")
    order,   // `<`, `<=`, `>`, `>=`
    regex,   // `match`
    in_list, // `in`, `not in` (negated); also `== 10.0.0.0/8`
};

class test {
public:
    static test make_equals(std::string_view literal, bool negated);
    static test make_order(ast::compare_op op, std::string_view literal);
    // Membership of literals and of IP networks (CIDR): holds when the
    // value equals a literal or is an address inside a network.
    static test make_in(std::vector<std::string> literals, bool negated,
                        std::vector<network> networks = {});

    // Fails with a message when RE2 rejects `expression`.
    static std::optional<test> make_regex(std::string_view expression,
                                          std::string& error);

    // The test applied to a present value.
    bool apply(std::string_view value) const;

    // For the disassembler: `equals "lsass.exe"`, `not in [3 items]`, ...
    std::string describe() const;

    // For the prefilter: what the test compares with.
    test_kind kind() const { return m_kind; }
    bool negated() const { return m_negated; }
    const std::vector<literal_test>& literals() const { return m_literals; }
    // True when an address in a network (CIDR) also satisfies the test:
    // then its literals are not all the values it holds for.
    bool has_networks() const { return !m_networks.empty(); }

    // For a regex: texts (lower case) one of which every value it matches
    // contains, ignoring ASCII case. Nothing when RE2 knows none.
    std::optional<std::vector<std::string>> regex_literals() const;

private:
    bool order_holds(std::string_view value) const;

    test_kind m_kind = test_kind::equals;
    bool m_negated = false;
    ast::compare_op m_op = ast::compare_op::eq;
    std::string m_literal;
    std::vector<literal_test> m_literals;
    std::vector<network> m_networks;
    std::shared_ptr<const re2::RE2> m_regex;
};

} // namespace carl
