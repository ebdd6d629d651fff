// A syntax error as the grammar raises it, in byte offsets of the code block;
// grammar/parse.cpp turns it into a carl::diagnostic through carl::source.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carl::grammar {

struct syntax_note {
    std::size_t offset = 0;
    std::size_t length = 1; // bytes to underline
    std::string message;
};

// Thrown by the error control (grammar/errors.hpp) and by the builder; it
// never leaves carl::parse.
struct syntax_error {
    std::size_t offset = 0;
    std::size_t length = 1; // bytes to underline
    std::string message;
    std::vector<syntax_note> notes;
};

// Names the token that starts `rest` the way "found ..." does in a message:
// "'command_line'", "'=='", "\"a string\"", "end of line", "end of input".
// Sets `length` to the token's size in bytes (0 for the end of a line).
std::string describe_token(std::string_view rest, std::size_t& length);

// "expected <what>, found <token at offset>", underlining that token.
syntax_error expected_error(std::string_view code, std::size_t offset,
                            std::string_view what);

// "expected a statement, ..." at `offset`; when the line starts with `and` or
// `or`, a note explains where a statement may continue on the next line.
syntax_error statement_error(std::string_view code, std::size_t offset);

} // namespace carl::grammar
