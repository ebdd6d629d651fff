// Buffered line reading for line_reader.hpp.
#include "line_reader.hpp"

#include <cerrno>
#include <cstring>

namespace carl::cli {
namespace {

constexpr std::size_t block_size = 1 << 20;
constexpr std::size_t slack = 64; // simdjson's padding

} // namespace

line_reader::line_reader(const std::string& path) {
    if (path == "-") {
        m_file = stdin;
    } else {
        m_file = std::fopen(path.c_str(), "rb");
        m_owned = true;
        if (!m_file)
            m_error = std::strerror(errno);
    }
    m_buffer.resize(block_size + slack);
}

line_reader::~line_reader() {
    if (m_owned && m_file)
        std::fclose(m_file);
}

// Moves the unread tail to the front and reads more after it, growing the
// buffer when one line is longer than it.
bool line_reader::refill() {
    if (m_eof || !m_file)
        return false;
    const std::size_t tail = m_end - m_begin;
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, tail);
    m_begin = 0;
    m_end = tail;
    if (m_buffer.size() - slack - m_end < block_size / 2)
        m_buffer.resize(m_buffer.size() * 2);

    const std::size_t room = m_buffer.size() - slack - m_end;
    const std::size_t got = std::fread(m_buffer.data() + m_end, 1, room, m_file);
    m_end += got;
    if (got < room) {
        m_eof = true;
        if (std::ferror(m_file))
            m_error = std::strerror(errno);
    }
    std::memset(m_buffer.data() + m_end, 0, slack);
    return got > 0;
}

bool line_reader::next(std::string_view& line, std::size_t& readable,
                       std::uint64_t& number) {
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        const auto* newline = static_cast<const char*>(
            std::memchr(start, '\n', m_end - m_begin));
        if (!newline && !m_eof && refill())
            continue;
        if (!newline && m_begin == m_end)
            return false;

        const std::size_t length =
            newline ? static_cast<std::size_t>(newline - start)
                    : m_end - m_begin;
        start = m_buffer.data() + m_begin;
        m_begin += length + (newline ? 1 : 0);
        line = std::string_view(start, length);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        readable = m_buffer.size() - (start - m_buffer.data());
        number = ++m_line;
        return true;
    }
}

} // namespace carl::cli
