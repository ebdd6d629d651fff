// The verifier accepts what the VM can run and refuses the rest.
#include "program.hpp"

#include <doctest/doctest.h>

#include <vector>

using carl::instruction;
using carl::opcode;

namespace {

carl::predicate program_of(std::vector<instruction> code) {
    carl::predicate p;
    p.field_count = 2;
    p.code = std::move(code);
    p.tests.push_back(carl::test::make_equals("x", false));
    return p;
}

} // namespace

TEST_CASE("the verifier checks every program") {
    struct row {
        const char* what;
        std::vector<instruction> code;
        bool valid;
    };
    const std::vector<row> rows = {
        {"a test and return", {{opcode::test_field, 0, 0, 0},
                               {opcode::return_top}}, true},
        {"a short-cut and",
         {{opcode::test_field, 0, 0, 0}, {opcode::jump_if_false, 0, 3, 0},
          {opcode::test_exists, 0, 1, 0}, {opcode::logical_and},
          {opcode::return_top}}, true},
        {"empty", {}, false},
        {"no return", {{opcode::push_bool, 0, 1, 0}}, false},
        {"field out of range", {{opcode::test_field, 0, 2, 0},
                                {opcode::return_top}}, false},
        {"test out of range", {{opcode::test_field, 0, 0, 1},
                               {opcode::return_top}}, false},
        {"underflow", {{opcode::push_bool, 0, 1, 0}, {opcode::logical_and},
                       {opcode::return_top}}, false},
        {"two values at return", {{opcode::push_bool, 0, 1, 0},
                                  {opcode::push_bool, 0, 1, 0},
                                  {opcode::return_top}}, false},
        {"jump past the end", {{opcode::push_bool, 0, 1, 0},
                               {opcode::jump_if_true, 0, 5, 0},
                               {opcode::return_top}}, false},
        {"zero jump", {{opcode::push_bool, 0, 1, 0},
                       {opcode::jump_if_true, 0, 0, 0},
                       {opcode::return_top}}, false},
        {"depths differ at a join",
         {{opcode::push_bool, 0, 1, 0}, {opcode::jump_if_true, 0, 2, 0},
          {opcode::push_bool, 0, 1, 0}, {opcode::return_top}}, false},
        {"bad truth value", {{opcode::push_bool, 0, 3, 0},
                             {opcode::return_top}}, false},
    };
    for (const row& r : rows) {
        CAPTURE(r.what);
        CHECK(!carl::verify(program_of(r.code)).has_value() == r.valid);
    }
}

TEST_CASE("the VM stops a program that exceeds its budget") {
    carl::predicate p = program_of({{opcode::push_bool, 0, 1, 0},
                                    {opcode::logical_not},
                                    {opcode::logical_not},
                                    {opcode::return_top}});
    REQUIRE_FALSE(carl::verify(p).has_value());
    carl::value record[2];

    std::uint32_t budget = 3;
    CHECK(carl::run(p, record, budget) == carl::run_status::over_budget);
    budget = 4;
    CHECK(carl::run(p, record, budget) == carl::run_status::match);
    CHECK(budget == 0);
}
