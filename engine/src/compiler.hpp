// Syntax tree to predicates: resolves the statements of one pseudocode block
// (names, object:action, fields) against the data model, then lowers each
// output's conditions to bytecode. program_set.cpp drives it per analytic.
#pragma once

#include "carl/ast.hpp"
#include "carl/data_model.hpp"
#include "carl/diagnostic.hpp"
#include "carl/source.hpp"
#include "program.hpp"

#include <string>
#include <vector>

namespace carl {

// One output statement's stream on one object:action.
struct compiled_output {
    std::string name;
    predicate program;
};

// Compiles `tree`, parsed from `code`. Appends every problem to `out` and
// returns the outputs; the outputs are complete only when no error was
// appended.
std::vector<compiled_output> compile_block(const ast::program& tree,
                                           const source& code,
                                           const data_model& model,
                                           std::vector<diagnostic>& out);

} // namespace carl
