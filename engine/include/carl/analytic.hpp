// Analytics as files: a CAR YAML document (whose pseudocode implementations
// are read) or a `.car` file of bare pseudocode. Loading reads and extracts;
// compiling (carl.hpp) parses and checks.
#pragma once

#include "carl/diagnostic.hpp"
#include "carl/source.hpp"

#include <string>
#include <vector>

namespace carl {

struct analytic_info {
    std::string id;                      // "CAR-2019-07-002"
    std::string title;                   // empty for a `.car` file
    std::vector<std::string> techniques; // "T1003", "T1003.001"
    std::vector<std::string> tactics;    // "TA0006"
    std::string file;                    // as given to the loader
};

// One pseudocode implementation of an analytic.
struct pseudocode_block {
    std::string name; // the implementation's `name`, if any
    source code;
};

struct analytic {
    analytic_info info;
    std::vector<pseudocode_block> blocks;
};

struct load_result {
    std::vector<analytic> analytics;
    std::vector<diagnostic> diagnostics;
};

// Loads one file, or every `.yaml`, `.yml` and `.car` file directly inside a
// directory (in name order). A YAML analytic contributes each implementation
// whose `type` is pseudocode, in any letter case (also misspelt
// "psuedocode", as one published analytic has it); a `.car` file is one block
// and its id is the file name without the extension. Unreadable files and
// YAML errors become diagnostics naming the file, line and column. A YAML
// analytic with no pseudocode block is loaded with no blocks. Never throws.
load_result load_analytics(const std::string& path);

// An analytic from pseudocode in memory, for programs that embed carl.
// `path` is only used to name the text in diagnostics.
analytic analytic_from_text(std::string id, std::string pseudocode,
                            std::string path = "<string>");

} // namespace carl
