// Cuts a JSON byte stream into events for the reader (reader.cpp): JSON
// lines, a JSON array of objects, or objects written one after another
// (pretty-printed, as Sigma's regression data is). Each event keeps slack
// after it so that json_decoder parses it in place.
#pragma once

#include "byte_source.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace carl::detail {

class json_framer {
public:
    explicit json_framer(std::unique_ptr<byte_source> in);

    enum class step { event, problem, end };

    // The next event: its text, how many bytes may be read from its start,
    // and the 1-based line it starts on. Or a problem: text that is no JSON
    // object (skipped to the next line), an object cut short, a read error;
    // `problem` says what, `line` where. Never throws.
    step next(std::string_view& text, std::size_t& readable,
              std::uint64_t& line, std::string& problem);

private:
    enum class mode { unknown, lines, objects };

    bool refill();
    step next_line(std::string_view& text, std::size_t& readable,
                   std::uint64_t& line, std::string& problem);
    step next_object(std::string_view& text, std::size_t& readable,
                     std::uint64_t& line, std::string& problem);
    bool skip_separators();
    void skip_rest_of_line();
    bool one_line_object(std::size_t end) const;

    std::unique_ptr<byte_source> m_in;
    mode m_mode = mode::unknown;
    bool m_eof = false;
    bool m_in_array = false; // a '[' came before the first object
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;  // first unread byte
    std::size_t m_end = 0;    // one past the last byte read
    std::uint64_t m_line = 1; // the line m_begin is on
};

} // namespace carl::detail
