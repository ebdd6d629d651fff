// Diagnostics as data: a severity, a place in the file the user wrote and a
// message. The library returns them; only the CLI renders and prints them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace carl {

enum class severity : std::uint8_t { error, warning, note };

// A place in the user's file: 1-based line and column, the column counted in
// characters (UTF-8 code points), not bytes.
struct position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

// One finding about one place. `source_line` is that whole line of the user's
// file, so a diagnostic can be rendered without the file at hand. `length` is
// the number of characters to underline (at least one is drawn).
struct diagnostic {
    severity level = severity::error;
    std::string file;
    position where;
    std::uint32_t length = 1;
    std::string message;
    std::string source_line;
    std::vector<diagnostic> notes;
};

// Renders gcc-style text: "file:line:column: error: message", the source line
// and a caret under the span, then each note the same way. Ends with '\n'.
std::string render(const diagnostic& d);

// True when any diagnostic in `ds` is an error.
bool has_errors(const std::vector<diagnostic>& ds);

} // namespace carl
