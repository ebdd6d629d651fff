// Wildcard patterns and numbers: one row per case.
#include "number.hpp"
#include "pattern.hpp"

#include <doctest/doctest.h>

#include <string>

using carl::pattern;
using carl::pattern_kind;

TEST_CASE("a literal compiles to the cheapest exact matcher") {
    struct row {
        const char* literal;
        pattern_kind kind;
    };
    const row rows[] = {
        {"lsass.exe", pattern_kind::equals},
        {"procdump*", pattern_kind::prefix},
        {"*.exe", pattern_kind::suffix},
        {"*lsass*", pattern_kind::contains},
        {"**lsass**", pattern_kind::contains},
        {"procdump*.exe", pattern_kind::glob},
        {"*a*b*", pattern_kind::glob},
        {"*", pattern_kind::anything},
        {"", pattern_kind::equals},
    };
    for (const row& r : rows) {
        CAPTURE(r.literal);
        CHECK(pattern(r.literal).kind() == r.kind);
    }
}

TEST_CASE("patterns match whole values, ignoring letter case") {
    struct row {
        const char* literal;
        const char* text;
        bool expected;
    };
    const row rows[] = {
        {"lsass.exe", "LSASS.EXE", true},
        {"lsass.exe", "lsass.exe ", false},
        {"lsass", "lsass.exe", false},
        {"procdump*", "ProcDump64.exe", true},
        {"procdump*", "xprocdump", false},
        {"*.exe", "a.EXE", true},
        {"*.exe", "a.exe.bak", false},
        {"*lsass*", "procdump -ma LSASS.exe", true},
        {"*lsass*", "lsas", false},
        {"procdump*.exe", "procdump64.exe", true},
        {"procdump*.exe", "procdump.exe", true},
        {"procdump*.exe", "procdump.ex", false},
        {"procdump*.exe", "procdum.exe", false},
        {"ab*ba", "aba", false},
        {"ab*ba", "abba", true},
        {"*a*b*c", "xaybzc", true},
        {"*a*b*c", "xcybza", false},
        {"a*b*c*d", "abcd", true},
        {"a*b*c*d", "abdc", false},
        {"*", "", true},
        {"", "", true},
        {"", "x", false},
        {"C:\\Windows\\*", "c:\\windows\\system32", true},
        {"é*", "É", false}, // only ASCII letters fold
    };
    for (const row& r : rows) {
        CAPTURE(r.literal);
        CAPTURE(r.text);
        CHECK(pattern(r.literal).matches(r.text) == r.expected);
    }
}

TEST_CASE("a general glob does not backtrack on a long value") {
    // A backtracking matcher takes exponential time here; ours one pass.
    const std::string text(200000, 'a');
    CHECK_FALSE(pattern("*a*a*a*a*a*a*a*a*b").matches(text));
    CHECK(pattern("*a*a*a*a*a*a*a*a*").matches(text));
}

TEST_CASE("numbers read the way CAR and the logs write them") {
    struct row {
        const char* text;
        bool is_number;
        double value;
    };
    const row rows[] = {
        {"445", true, 445},
        {"-12", true, -12},
        {"+7", true, 7},
        {"1.5", true, 1.5},
        {"0x1FFFFF", true, 2097151},
        {"0x001fffff", true, 2097151},
        {"0X10", true, 16},
        {"1.2.3", false, 0},
        {"10.0.0.1", false, 0},
        {"0x", false, 0},
        {"12ab", false, 0},
        {" 1", false, 0},
        {"", false, 0},
        {"1.", false, 0},
        {"445.00", true, 445},
        {"1234567890123456789012.0", true, 1.2345678901234568e21},
    };
    for (const row& r : rows) {
        CAPTURE(r.text);
        auto n = carl::parse_number(r.text);
        REQUIRE(n.has_value() == r.is_number);
        if (n)
            CHECK(n->real == doctest::Approx(r.value));
    }
}

TEST_CASE("numbers compare exactly, a fraction against an integer too") {
    struct row {
        const char* x;
        const char* y;
        int order;
    };
    const row rows[] = {
        {"445", "445.000", 0},
        {"0x1bd", "445", 0},
        {"5984.99999999999999999", "5985", -1},
        {"5985.00000000000000001", "5985", 1},
        {"5985", "5984.99999999999999999", 1},
        {"-1.5", "-1", -1},
        {"-1.5", "-2", 1},
        {"-0.5", "0", -1},
        {"0.5", "0", 1},
        {"1.5", "1.25", 1},
    };
    for (const row& r : rows) {
        CAPTURE(r.x);
        CAPTURE(r.y);
        auto x = carl::parse_number(r.x);
        auto y = carl::parse_number(r.y);
        REQUIRE(x);
        REQUIRE(y);
        CHECK(carl::compare(*x, *y) == r.order);
    }
}

TEST_CASE("one value inside another, in any case, in linear time") {
    struct row {
        const char* text;
        const char* part;
        bool inside;
    };
    const row rows[] = {
        {"C:\\Windows\\svc.exe -k", "SVC.EXE", true},
        {"abc", "", true},
        {"", "a", false},
        {"abc", "abcd", false},
        {"xxabcxx", "abc", true},
        {"xxabdxx", "abc", false},
        {"abc", "abc", true},
        {"aab", "ab", true},
    };
    for (const row& r : rows) {
        CAPTURE(r.text);
        CAPTURE(r.part);
        CHECK(carl::contains_folded(r.text, r.part) == r.inside);
    }

    // A search that backtracks would compare 10^5 places 10^5 bytes long.
    const std::string text(200000, 'a');
    const std::string part = std::string(100000, 'a') + "b";
    CHECK_FALSE(carl::contains_folded(text, part));
    CHECK(carl::contains_folded(text + "b", part));
}
