// The interpreter loop of the predicate bytecode; see opcodes.hpp.
#include "program.hpp"

namespace carl {
namespace {

truth to_truth(bool b) {
    return b ? truth::yes : truth::no;
}

truth kleene_and(truth x, truth y) {
    if (x == truth::no || y == truth::no)
        return truth::no;
    if (x == truth::unknown || y == truth::unknown)
        return truth::unknown;
    return truth::yes;
}

truth kleene_or(truth x, truth y) {
    if (x == truth::yes || y == truth::yes)
        return truth::yes;
    if (x == truth::unknown || y == truth::unknown)
        return truth::unknown;
    return truth::no;
}

truth kleene_not(truth x) {
    if (x == truth::unknown)
        return x;
    return x == truth::yes ? truth::no : truth::yes;
}

// Two field values: numbers when both read as numbers, else text ignoring
// case. A `*` in a value is a character, not a wildcard.
truth compare_values(const value& x, const value& y, ast::compare_op op) {
    if (!x.present || !y.present)
        return truth::unknown;
    const auto nx = parse_number(x.text);
    const auto ny = parse_number(y.text);
    const int order =
        nx && ny ? compare(*nx, *ny) : compare_folded(x.text, y.text);
    return to_truth(holds(op, order));
}

} // namespace

run_status run(const predicate& program, const value* record,
               std::uint32_t& budget) {
    truth stack[max_stack_depth];
    std::size_t top = 0; // number of values on the stack
    const instruction* code = program.code.data();
    const std::size_t size = program.code.size();

    for (std::size_t pc = 0; pc < size; ++pc) {
        if (budget == 0)
            return run_status::over_budget;
        --budget;

        const instruction& in = code[pc];
        switch (in.op) {
        case opcode::test_field: {
            const value& v = record[in.a];
            stack[top++] = v.present
                               ? to_truth(program.tests[in.b].apply(v.text))
                               : truth::unknown;
            break;
        }
        case opcode::test_exists:
            stack[top++] = to_truth(record[in.a].present);
            break;
        case opcode::compare_fields: {
            const auto op = static_cast<ast::compare_op>(in.b >> 16);
            stack[top++] =
                compare_values(record[in.a], record[in.b & 0xffff], op);
            break;
        }
        case opcode::field_in_field: {
            const value& part = record[in.a];
            const value& whole = record[in.b];
            stack[top++] =
                part.present && whole.present
                    ? to_truth(contains_folded(whole.text, part.text))
                    : truth::unknown;
            break;
        }
        case opcode::push_bool:
            stack[top++] = static_cast<truth>(in.a);
            break;
        case opcode::logical_not:
            stack[top - 1] = kleene_not(stack[top - 1]);
            break;
        case opcode::logical_and:
            --top;
            stack[top - 1] = kleene_and(stack[top - 1], stack[top]);
            break;
        case opcode::logical_or:
            --top;
            stack[top - 1] = kleene_or(stack[top - 1], stack[top]);
            break;
        case opcode::jump_if_false:
            if (stack[top - 1] == truth::no)
                pc += in.a - 1;
            break;
        case opcode::jump_if_true:
            if (stack[top - 1] == truth::yes)
                pc += in.a - 1;
            break;
        case opcode::return_top:
            return stack[top - 1] == truth::yes ? run_status::match
                                                : run_status::no_match;
        }
    }
    return run_status::no_match;
}

} // namespace carl
