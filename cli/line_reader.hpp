// Reads an input (a file, or stdin for "-") one line at a time with large
// sequential reads, keeping slack after every line so that the JSON decoder
// can parse it in place. Used by `hunt` and `test`.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace carl::cli {

class line_reader {
public:
    // Opens `path` ("-" is stdin). On failure, ok() is false and error()
    // says why.
    explicit line_reader(const std::string& path);
    ~line_reader();
    line_reader(const line_reader&) = delete;
    line_reader& operator=(const line_reader&) = delete;

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    // The next line without its line break (and without a '\r' before it),
    // its 1-based number, and how many bytes may be read from its start.
    // Returns false at the end of the input or on a read error.
    bool next(std::string_view& line, std::size_t& readable,
              std::uint64_t& number);

private:
    bool refill();

    std::FILE* m_file = nullptr;
    bool m_owned = false;
    bool m_eof = false;
    std::string m_error;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0; // first unread byte
    std::size_t m_end = 0;   // one past the last byte read
    std::uint64_t m_line = 0;
};

} // namespace carl::cli
