// raw_marks.hpp: the checks at each place json_lines.cpp's pass stops, and
// after each event id key, a ':' and a plain decimal value.
#include "raw_marks.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace carl {

bool escape_at(std::string_view text, std::size_t at) {
    std::size_t run = 1;
    while (run <= at && text[at - run] == '\\')
        ++run;
    return run % 2 == 1;
}

std::size_t key_length_at(std::string_view text, std::size_t at) {
    static constexpr std::string_view keys[] = {
        "\"EventID\"", "\"EventId\"", "\"EventCode\"", "\"event_id\""};
    if (at < 2)
        return 0;
    const std::string_view rest = text.substr(at - 2);
    for (std::string_view key : keys)
        if (rest.size() >= key.size() &&
            std::memcmp(rest.data(), key.data(), key.size()) == 0)
            return key.size();
    return 0;
}

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char* skip_blanks(const char* p, const char* end) {
    while (p < end && is_blank(*p))
        ++p;
    return p;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads a plain decimal value at `p`: digits, or digits in quotes, then
// something that ends a JSON value. Sets `id`; false for anything else.
bool read_id(const char* p, const char* end, std::uint32_t& id) {
    const bool quoted = p < end && *p == '"';
    p += quoted;
    std::uint64_t n = 0;
    const char* digits = p;
    for (; p < end && is_digit(*p); ++p) {
        n = n * 10 + std::uint64_t(*p - '0');
        if (n > 0xFFFFFFFFu)
            return false;
    }
    if (p == digits)
        return false;
    if (quoted) {
        if (p == end || *p != '"')
            return false;
        ++p;
    }
    p = skip_blanks(p, end);
    if (p < end && *p != ',' && *p != '}' && *p != ']')
        return false;
    id = std::uint32_t(n);
    return true;
}

} // namespace

line_marks find_marks(std::string_view json, bool keys, json_lines& lines) {
    lines.scan(json.data(), 0, json.size(), keys);
    return lines.marks_of(0, json.size());
}

bool has_non_ascii(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
#if defined(__SSE2__)
    for (; p + 16 <= end; p += 16)
        if (_mm_movemask_epi8(
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))))
            return true;
#endif
    for (; p < end; ++p)
        if (std::uint8_t(*p) >= 0x80)
            return true;
    return false;
}

event_id_scan read_event_id(std::string_view json, const line_marks& marks) {
    if (marks.keys > line_marks::kept_keys)
        return {event_id_status::unclear, 0};
    const char* end = json.data() + json.size();
    event_id_scan result{event_id_status::none, 0};
    for (std::uint32_t k = 0; k < marks.keys; ++k) {
        // A key is followed by ':'; the same word as a value is not.
        const char* colon = skip_blanks(json.data() + marks.key_end[k], end);
        if (colon == end || *colon != ':')
            continue;
        if (result.status == event_id_status::found ||
            !read_id(skip_blanks(colon + 1, end), end, result.id))
            return {event_id_status::unclear, 0};
        result.status = event_id_status::found;
    }
    return result;
}

} // namespace carl
