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

// "expected <what>, found <token at offset>", underlining that token. When
// the token is a quote that doubles the one before it, or stands where a
// string seems to have lost a quote, a note says so.
syntax_error expected_error(std::string_view code, std::size_t offset,
                            std::string_view what);

// The error for a missing ')' at `offset`, the '(' being at `open`. When the
// parenthesis runs into the next statement (or the end of the block), the
// error is put on the '(' with a note where the ')' is missing; when another
// comparison follows, a note says an 'and' or 'or' may be missing.
syntax_error unclosed_error(std::string_view code, std::size_t offset,
                            std::size_t open);

// Notes for text found where a statement ended: a ')' too many points at
// `last_close`, where the last outermost '(' was closed (npos: none was);
// a word after a `select` item may lack the ',' before it.
void add_end_notes(std::string_view code, std::size_t last_close,
                   syntax_error& e);

// The error for text left after a block that is one condition: when a
// comparison starts the next line, a note says an 'and' may be missing.
syntax_error trailing_error(std::string_view code, std::size_t offset);

// "expected a statement, ..." at `offset`; when the line starts with `and` or
// `or`, a note explains where a statement may continue on the next line.
syntax_error statement_error(std::string_view code, std::size_t offset);

} // namespace carl::grammar
