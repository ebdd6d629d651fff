// A block of pseudocode and where each of its lines stands in the user's file.
// The parser reads `code()`; diagnostics are made here so that they point into
// the file the user wrote (a `.car` file, or the `code:` block of a `.yaml`).
#pragma once

#include "carl/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

// Where one line of the code block starts in the user's file: its 1-based
// line number there and the byte offset of its first character in that line.
struct line_origin {
    std::uint32_t file_line = 1;
    std::uint32_t byte_offset = 0;
};

class source {
public:
    // The whole text is the code, as in a `.car` file.
    static source from_file_text(std::string path, std::string text);

    // `code` was extracted from `file_text` (say a YAML block scalar); line i
    // of `code` starts where `origins[i]` says.
    static source from_block(std::string path,
                             std::shared_ptr<const std::string> file_text,
                             std::string code, std::vector<line_origin> origins);

    const std::string& path() const { return m_path; }
    const std::string& code() const { return m_code; }

    // The position in the user's file of byte `offset` of `code()`.
    position locate(std::size_t offset) const;

    // Line `line` (1-based) of the user's file, without its line break.
    std::string_view file_line(std::uint32_t line) const;

    // A diagnostic underlining `length` bytes of `code()` from `offset`.
    diagnostic make(severity level, std::size_t offset, std::size_t length,
                    std::string message) const;

private:
    std::string m_path;
    std::shared_ptr<const std::string> m_file_text;
    std::string m_code;
    std::vector<line_origin> m_origins;
    std::vector<std::size_t> m_code_line_starts;
    std::vector<std::size_t> m_file_line_starts;
};

} // namespace carl
