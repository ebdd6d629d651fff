// Prints a carl::ast as one line per statement, in a Lisp-like form, so that
// tests can compare whole trees as text and tools can dump them:
//
//   (search processes Process:Create)
//   (filter lsass processes (and (== exe "procdump*.exe") (exists pid)))
//   (output lsass)
//
// Strings are shown in double quotes with `"` and `\` escaped by a backslash;
// numbers as written; fields as their dotted path.
#pragma once

#include "carl/ast.hpp"

#include <string>

namespace carl::grammar {

enum class print_spans : bool { no, yes };

// The printed form of one condition. With print_spans::yes every node is
// followed by `@offset+length`, its span in the code.
std::string to_string(const ast::expr& e, print_spans spans = print_spans::no);

// The printed form of a program: each statement on its own line, each line
// ending in '\n'.
std::string to_string(const ast::program& p,
                      print_spans spans = print_spans::no);

} // namespace carl::grammar
