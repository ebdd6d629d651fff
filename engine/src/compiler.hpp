// Syntax tree to predicates: resolves the statements of one pseudocode block
// (names, object:action, fields) against the data model, then lowers each
// output's conditions to bytecode. program_set.cpp drives it per analytic.
#pragma once

#include "carl/analytic.hpp"
#include "carl/ast.hpp"
#include "carl/data_model.hpp"
#include "carl/diagnostic.hpp"
#include "carl/source.hpp"
#include "program.hpp"
#include "stateful/graph.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace carl {

// One output statement's stream on one object:action; or, when `feed` is
// set, a stream that feeds source node `feed` of the block's graph, each
// field slot going to column `columns[slot]` of the row.
struct compiled_output {
    std::string name;
    predicate program;
    std::int32_t feed = -1;
    std::vector<std::uint16_t> columns;
};

// What a block may refer to beyond itself: the other analytics compiled
// with it (`run Analytic:ID`), and how deep in such runs it is.
struct compile_context {
    const std::vector<analytic>* analytics = nullptr;
    const std::vector<analytic>* library = nullptr; // looked in second
    // The values of `input` statements, for analytics that `run` reads.
    const std::map<std::string, std::string>* parameters = nullptr;
    int depth = 0;
};

struct compiled_block {
    std::vector<compiled_output> outputs;
    // The operators of the stateful statements; null when there are none.
    std::shared_ptr<const stateful::graph> graph;
};

// Compiles `tree`, parsed from `code`. Appends every problem to `out`; the
// result is complete only when no error was appended.
compiled_block compile_block(const ast::program& tree, const source& code,
                             const data_model& model,
                             std::vector<diagnostic>& out,
                             const compile_context& context = {});

} // namespace carl
