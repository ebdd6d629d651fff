// Finding where each JSON event ends, for json_framer.hpp. Objects are
// delimited by counting brackets outside strings; the decoder checks the
// rest. Once the first object fits on its own line the input is taken as
// JSON lines and cut at line breaks, which is much cheaper.
#include "json_framer.hpp"

#include <cstring>

namespace carl::detail {
namespace {

constexpr std::size_t block_size = 1 << 20;
constexpr std::size_t slack = 64; // simdjson's padding
// One event larger than this ends the input: it cannot be a log record.
constexpr std::size_t max_event = std::size_t(256) << 20;

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

json_framer::json_framer(std::unique_ptr<byte_source> in)
    : m_in(std::move(in)), m_buffer(block_size + slack) {}

// Moves the unread tail to the front and reads more after it, growing the
// buffer when one event is longer than it.
bool json_framer::refill() {
    if (m_eof)
        return false;
    const std::size_t tail = m_end - m_begin;
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, tail);
    m_begin = 0;
    m_end = tail;
    if (m_buffer.size() - slack - m_end < block_size / 2) {
        if (m_buffer.size() > max_event)
            return false;
        m_buffer.resize(m_buffer.size() * 2);
    }

    const std::size_t room = m_buffer.size() - slack - m_end;
    const std::size_t got = read_fully(*m_in, m_buffer.data() + m_end, room);
    m_end += got;
    if (got < room)
        m_eof = true;
    std::memset(m_buffer.data() + m_end, 0, slack);
    return got > 0;
}

json_framer::step json_framer::next(std::string_view& text,
                                    std::size_t& readable, std::uint64_t& line,
                                    std::string& problem) {
    step s = m_mode == mode::lines ? next_line(text, readable, line, problem)
                                   : next_object(text, readable, line, problem);
    if (s == step::end && !m_in->error().empty()) {
        problem = m_in->error();
        line = m_line;
        m_in = open_memory({}); // report the error once
        return step::problem;
    }
    return s;
}

json_framer::step json_framer::next_line(std::string_view& text,
                                         std::size_t& readable,
                                         std::uint64_t& line,
                                         std::string& problem) {
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        const auto* newline =
            static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
        if (!newline && !m_eof && refill())
            continue;
        if (!newline && !m_eof) {
            problem = "a line longer than 256 MiB; the rest is not read";
            line = m_line;
            m_eof = true;
            m_begin = m_end;
            return step::problem;
        }
        if (!newline && m_begin == m_end)
            return step::end;

        start = m_buffer.data() + m_begin;
        const std::size_t length =
            newline ? std::size_t(newline - start) : m_end - m_begin;
        m_begin += length + (newline ? 1 : 0);
        text = std::string_view(start, length);
        line = m_line++;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        readable = m_buffer.size() - std::size_t(start - m_buffer.data());
        return step::event;
    }
}

// Skips white space, commas and array brackets between objects (and a
// byte-order mark); false at the end of the input.
bool json_framer::skip_separators() {
    for (;;) {
        if (m_begin == m_end && !refill())
            return false;
        const char c = m_buffer[m_begin];
        if (c == '\n')
            ++m_line;
        m_in_array |= c == '[';
        if (space(c) || c == ',' || c == '[' || c == ']') {
            ++m_begin;
            continue;
        }
        if (m_end - m_begin < 3 && !m_eof && refill())
            continue;
        if (m_end - m_begin >= 3 &&
            std::memcmp(&m_buffer[m_begin], "\xEF\xBB\xBF", 3) == 0) {
            m_begin += 3;
            continue;
        }
        return true;
    }
}

void json_framer::skip_rest_of_line() {
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        const auto* newline =
            static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
        if (newline) {
            m_begin += std::size_t(newline - start) + 1;
            ++m_line;
            return;
        }
        m_begin = m_end;
        if (!refill())
            return;
    }
}

// True when the object ending before `end` has no line break in it and
// only blanks follow it up to a line break or the end of the input.
bool json_framer::one_line_object(std::size_t end) const {
    if (std::memchr(&m_buffer[m_begin], '\n', end - m_begin))
        return false;
    for (std::size_t i = end; i < m_end; ++i) {
        if (m_buffer[i] == '\n')
            return true;
        if (m_buffer[i] != ' ' && m_buffer[i] != '\t' && m_buffer[i] != '\r')
            return false;
    }
    return m_eof;
}

json_framer::step json_framer::next_object(std::string_view& text,
                                           std::size_t& readable,
                                           std::uint64_t& line,
                                           std::string& problem) {
    if (!skip_separators())
        return step::end;
    line = m_line;
    if (m_buffer[m_begin] != '{') {
        problem = std::string("expected a JSON object, found '") +
                  m_buffer[m_begin] + "'";
        skip_rest_of_line();
        return step::problem;
    }

    // Count brackets outside strings until the object closes. The scan
    // position is relative to m_begin, which refill() keeps.
    std::size_t at = 0;
    std::size_t depth = 0;
    std::uint64_t newlines = 0;
    bool in_string = false;
    bool escaped = false;
    for (;;) {
        if (m_begin + at == m_end) {
            if (refill())
                continue;
            problem = m_eof ? "unexpected end of input inside this object"
                            : "an object larger than 256 MiB";
            m_begin = m_end;
            m_eof = true;
            return step::problem;
        }
        const char c = m_buffer[m_begin + at++];
        if (c == '\n')
            ++newlines;
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            break;
    }

    // Reread the tail: the first object decides whether lines follow.
    if (m_mode == mode::unknown) {
        while (!m_eof &&
               std::memchr(&m_buffer[m_begin + at], '\n',
                           m_end - m_begin - at) == nullptr &&
               refill()) {
        }
        // An array is never cut at line breaks: commas may start lines.
        m_mode = !m_in_array && one_line_object(m_begin + at) ? mode::lines
                                                              : mode::objects;
    }
    text = std::string_view(&m_buffer[m_begin], at);
    readable = m_buffer.size() - m_begin;
    m_begin += at;
    m_line += newlines;
    return step::event;
}

} // namespace carl::detail
