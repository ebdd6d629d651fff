// Text to syntax tree: the PEGTL grammar in grammar/ behind one function.
#pragma once

#include "carl/ast.hpp"
#include "carl/diagnostic.hpp"
#include "carl/source.hpp"

#include <vector>

namespace carl {

struct parse_result {
    ast::program program; // complete only when `diagnostics` has no error
    std::vector<diagnostic> diagnostics;

    bool ok() const { return !has_errors(diagnostics); }
};

// Parses the pseudocode of `src`. Never throws on bad input: a syntax error
// becomes a diagnostic pointing into the user's file. Thread-safe.
parse_result parse(const source& src);

} // namespace carl
