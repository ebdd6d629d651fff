// The predicate bytecode: every opcode declared once, here. The enum, the
// names `carl disasm` prints and the verifier's stack effects are all made
// from this one list, so they cannot drift apart.
//
// A program tests one event. Its stack holds truth values of three-valued
// logic: true, false and unknown. Unknown is what a comparison with an absent
// field gives; `not` keeps it unknown, and an event matches only when the
// program returns true. So `parent_exe != "x"` does not match an event that
// has no parent_exe. Jumps go forward only, so a program always ends.
//
// Operands: `a` and `b` are unsigned. A field operand is a field_slot of the
// object the program runs on; a test operand indexes the program's test
// table (a matcher with its comparison, see engine/src/program.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace carl {

// X(name, pops, pushes, description). The description says what the
// operands are and what an absent field does.
#define CARL_OPCODES(X)                                                       \
    X(test_field, 0, 1,                                                       \
      "a: field, b: test. Pushes the test applied to the field; unknown "     \
      "when the field is absent")                                             \
    X(test_exists, 0, 1,                                                      \
      "a: field. Pushes true when the field is present, else false; never "   \
      "unknown")                                                              \
    X(compare_fields, 0, 1,                                                   \
      "a: field, b: field and comparison (b & 0xffff is the field, b >> 16 " \
      "the compare_op). Unknown when either field is absent")                 \
    X(field_in_field, 0, 1,                                                   \
      "a: field, b: field. Pushes true when a's value occurs in b's, "        \
      "ignoring case (`exe in command_line`); unknown when either is absent") \
    X(push_bool, 0, 1, "a: 0 false, 1 true, 2 unknown. Pushes a constant")    \
    X(logical_not, 1, 1, "Negates the top: true and false swap, unknown "     \
      "stays unknown")                                                        \
    X(logical_and, 2, 1, "Kleene and: false if either is false, else "        \
      "unknown if either is unknown, else true")                              \
    X(logical_or, 2, 1, "Kleene or: true if either is true, else unknown "    \
      "if either is unknown, else false")                                     \
    X(jump_if_false, 0, 0, "a: distance. When the top is false, jumps a "     \
      "instructions forward, keeping it; the short cut of `and`")             \
    X(jump_if_true, 0, 0, "a: distance. When the top is true, jumps a "       \
      "instructions forward, keeping it; the short cut of `or`")              \
    X(return_top, 1, 0, "Ends the program: the event matches when the top "   \
      "is true")

enum class opcode : std::uint8_t {
#define CARL_OPCODE_ENUM(name, pops, pushes, text) name,
    CARL_OPCODES(CARL_OPCODE_ENUM)
#undef CARL_OPCODE_ENUM
};

struct opcode_info {
    std::string_view name;
    std::uint8_t pops;
    std::uint8_t pushes;
    std::string_view description;
};

inline constexpr opcode_info opcode_table[] = {
#define CARL_OPCODE_INFO(name, pops, pushes, text) {#name, pops, pushes, text},
    CARL_OPCODES(CARL_OPCODE_INFO)
#undef CARL_OPCODE_INFO
};

inline constexpr std::size_t opcode_count =
    sizeof(opcode_table) / sizeof(opcode_table[0]);

inline const opcode_info& info(opcode op) {
    return opcode_table[static_cast<std::size_t>(op)];
}

// One instruction: 8 bytes, so a whole analytic sits in a cache line or two.
struct instruction {
    opcode op;
    std::uint8_t unused = 0;
    std::uint16_t a = 0;
    std::uint32_t b = 0;
};

} // namespace carl
