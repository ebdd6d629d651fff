// The text form of a predicate, printed by `carl disasm` and compared whole
// by the golden tests.
#include "program.hpp"

#include <cstdio>

namespace carl {
namespace {

const char* const truth_names[] = {"false", "true", "unknown"};
const char* const compare_names[] = {"==", "!=", "<", "<=", ">", ">="};

std::string comment(const predicate& program, const instruction& in,
                    const object_info& object, std::size_t pc) {
    switch (in.op) {
    case opcode::test_field:
        return object.fields[in.a] + " " + program.tests[in.b].describe();
    case opcode::test_exists:
        return object.fields[in.a] + " exists";
    case opcode::compare_fields:
        return object.fields[in.a] + " " + compare_names[in.b >> 16] + " " +
               object.fields[in.b & 0xffff];
    case opcode::field_in_field:
        return object.fields[in.a] + " in " + object.fields[in.b];
    case opcode::push_bool:
        return truth_names[in.a];
    case opcode::jump_if_false:
    case opcode::jump_if_true:
        return "to " + std::to_string(pc + in.a);
    default:
        return "";
    }
}

} // namespace

std::string disassemble(const predicate& program, const data_model& model) {
    const object_info& object = model.object_of(program.type);
    std::string out;
    for (std::size_t pc = 0; pc < program.code.size(); ++pc) {
        const instruction& in = program.code[pc];
        const opcode_info& op = info(in.op);
        char line[64];
        std::snprintf(line, sizeof line, "%4zu  %-15s %5u %5u", pc,
                      std::string(op.name).c_str(), unsigned(in.a),
                      unsigned(in.b));
        out += line;
        const std::string note = comment(program, in, object, pc);
        if (!note.empty())
            out += "  ; " + note;
        out += '\n';
    }
    return out;
}

} // namespace carl
