// Checks every program the compiler emits before the VM may run it.
#include "program.hpp"

#include <vector>

namespace carl {
namespace {

std::string at(std::size_t pc, const std::string& problem) {
    return "instruction " + std::to_string(pc) + ": " + problem;
}

std::optional<std::string> check_operands(const predicate& program,
                                          std::size_t pc) {
    const instruction& in = program.code[pc];
    const std::size_t size = program.code.size();
    switch (in.op) {
    case opcode::test_field:
        if (in.a >= program.field_count || in.b >= program.tests.size())
            return at(pc, "field or test out of range");
        break;
    case opcode::test_exists:
        if (in.a >= program.field_count)
            return at(pc, "field out of range");
        break;
    case opcode::compare_fields:
        if (in.a >= program.field_count ||
            (in.b & 0xffff) >= program.field_count || (in.b >> 16) > 5)
            return at(pc, "field or comparison out of range");
        break;
    case opcode::field_in_field:
        if (in.a >= program.field_count || in.b >= program.field_count)
            return at(pc, "field out of range");
        break;
    case opcode::push_bool:
        if (in.a > 2)
            return at(pc, "not a truth value");
        break;
    case opcode::jump_if_false:
    case opcode::jump_if_true:
        if (in.a == 0 || pc + in.a >= size)
            return at(pc, "jump outside the program");
        break;
    default:
        break;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> verify(const predicate& program) {
    const std::size_t size = program.code.size();
    if (size == 0 || program.code.back().op != opcode::return_top)
        return std::string("program does not end with return_top");

    // Depth on entry to each instruction, -1 until a path reaches it. Jumps
    // go forward, so one pass in order sees every path into an instruction.
    std::vector<int> depth(size, -1);
    depth[0] = 0;
    for (std::size_t pc = 0; pc < size; ++pc) {
        if (depth[pc] < 0)
            return at(pc, "unreachable");
        if (auto problem = check_operands(program, pc))
            return problem;

        const instruction& in = program.code[pc];
        const opcode_info& op = info(in.op);
        const bool is_jump =
            in.op == opcode::jump_if_false || in.op == opcode::jump_if_true;
        if (depth[pc] < op.pops || (is_jump && depth[pc] < 1))
            return at(pc, "stack underflow");
        const int after = depth[pc] - op.pops + op.pushes;
        if (after > static_cast<int>(max_stack_depth))
            return at(pc,
                      "stack deeper than " + std::to_string(max_stack_depth));

        if (in.op == opcode::return_top) {
            if (depth[pc] != 1)
                return at(pc, "return_top needs exactly one value");
            continue;
        }
        auto reach = [&](std::size_t target) -> std::optional<std::string> {
            if (depth[target] >= 0 && depth[target] != after)
                return at(target, "stack depths differ between paths");
            depth[target] = after;
            return std::nullopt;
        };
        if (is_jump)
            if (auto problem = reach(pc + in.a))
                return problem;
        if (pc + 1 < size)
            if (auto problem = reach(pc + 1))
                return problem;
    }
    return std::nullopt;
}

} // namespace carl
