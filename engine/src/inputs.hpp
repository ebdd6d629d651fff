// `input NAME` statements: a value the user gives when the analytic runs
// (compile_options::parameters, `carl hunt --param NAME=VALUE`). Before a
// block is compiled (program_set.cpp), each use of NAME becomes its value.
#pragma once

#include "carl/ast.hpp"
#include "carl/source.hpp"

#include <map>
#include <string>
#include <vector>

namespace carl {

// Replaces every bare field reference to an input's name, after its
// `input` statement, by a string literal of its value. An input with no
// value is an error at its statement, appended to `out` (its uses read "").
void bind_inputs(ast::program& tree,
                 const std::map<std::string, std::string>& values,
                 const source& code, std::vector<diagnostic>& out);

} // namespace carl
