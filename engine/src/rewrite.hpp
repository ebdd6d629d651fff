// Rewrites of a block's syntax tree between parsing and compiling
// (program_set.cpp, and compiler.cpp for `run`): names that stand for
// values known before any event is read become those values, and
// conditions the per-event VM cannot decide are split from those it can.
#pragma once

#include "carl/ast.hpp"
#include "carl/source.hpp"

#include <map>
#include <string>
#include <vector>

namespace carl {

// Gives every later bare use of a constant name a copy of its value:
// `input NAME` the parameter's value (`values`) as a string, `NAME = [...]`
// the list, and `NAME = EXPRESSION` its expression when that reads no
// field (numbers, durations, `now`, strings and other constants). A name
// stands for its value until a statement gives it another meaning.
// Arithmetic over two numbers (or strings that read as numbers) becomes
// its result, everywhere, and a bare `NAME.exe` where NAME is a stream is
// that stream's field `exe`, not a file name. Appends to `out` an input with no value (its
// uses read "") and a division of numbers by zero.
void bind_constants(ast::program& tree,
                    const std::map<std::string, std::string>& values,
                    const source& code, std::vector<diagnostic>& out);

// Splits each `search ... where C` and `filter ... where C` whose condition
// needs rows (arithmetic, durations, `now`, calls: stateful/lowering.hpp)
// into the part the VM decides, top-level `and` operands that need none,
// and a `filter (REST)` after it, so that the VM rules out what it can
// before any row is made. A condition with a call stays whole: `TOPn(f)`
// ranks the filter's whole input.
void split_row_conditions(ast::program& tree);

} // namespace carl
