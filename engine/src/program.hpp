// A compiled predicate: the bytecode (opcodes.hpp) that tests events of one
// object:action, with its test table. The compiler (compiler.cpp) makes them,
// the verifier checks them and the VM (vm.cpp) runs them.
#pragma once

#include "carl/data_model.hpp"
#include "carl/event.hpp"
#include "carl/opcodes.hpp"
#include "test.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carl {

// Deeper programs are refused by the verifier, so the VM's stack is a fixed
// array and running a program never allocates.
inline constexpr std::size_t max_stack_depth = 256;

// The truth values on the VM's stack.
enum class truth : std::uint8_t { no = 0, yes = 1, unknown = 2 };

struct predicate {
    type_id type = 0;
    std::uint16_t field_count = 0; // of the type's object
    std::vector<instruction> code;
    std::vector<test> tests;
};

// Checks what the VM relies on: operands in range, jumps forward and inside
// the program, the same stack depth on every path into an instruction, no
// underflow, at most max_stack_depth, and one value left at `return_top`.
// Returns the first problem found, or nothing.
std::optional<std::string> verify(const predicate& program);

enum class run_status : std::uint8_t { no_match, match, over_budget };

// Runs `program` on `record` (one value per field of the object). Each
// instruction spends one unit of `budget`; when it runs out the run stops
// with over_budget. Never allocates; thread-safe for distinct records.
run_status run(const predicate& program, const value* record,
               std::uint32_t& budget);

// One line per instruction: index, opcode name, operands, and a comment
// naming the field and describing the test.
std::string disassemble(const predicate& program, const data_model& model);

} // namespace carl
