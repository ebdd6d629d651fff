// scan_event_id() of event_id_scan.hpp: a SIMD search for "event" in any
// letter case, and at each place a check for one of the four keys.
#include "event_id_scan.hpp"

#include "literal_scanner.hpp"

#include <cstring>

namespace carl {
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

// The rest of a key that starts with `word` ("Event" or "event") at `p`,
// closing quote included, when it is one of the event id keys; else 0.
std::size_t id_key_rest(const char* p, const char* end) {
    static constexpr std::string_view upper[] = {"ID\"", "Id\"", "Code\""};
    const char* rest = p + 5;
    const std::size_t room = std::size_t(end - rest);
    if (std::memcmp(p, "Event", 5) == 0) {
        for (std::string_view tail : upper)
            if (room >= tail.size() &&
                std::memcmp(rest, tail.data(), tail.size()) == 0)
                return tail.size();
        return 0;
    }
    if (std::memcmp(p, "event", 5) == 0 && room >= 4 &&
        std::memcmp(rest, "_id\"", 4) == 0)
        return 4;
    return 0;
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

event_id_scan scan_event_id(std::string_view json) {
    event_id_scan result;
    result.status = event_id_status::none;
    const char* begin = json.data();
    const char* end = begin + json.size();
    const char* p = begin;
    while ((p = find_literal(p, end, "event", true))) {
        const char* at = p;
        p += 5;
        const std::size_t rest = end - at >= 5 ? id_key_rest(at, end) : 0;
        if (rest == 0 || at == begin || at[-1] != '"')
            continue;

        // A key is followed by ':'; the same word as a value is not.
        const char* colon = skip_blanks(at + 5 + rest, end);
        if (colon == end || *colon != ':')
            continue;
        if (result.status == event_id_status::found ||
            !read_id(skip_blanks(colon + 1, end), end, result.id))
            return {event_id_status::unclear, 0};
        result.status = event_id_status::found;
        p = colon + 1;
    }
    return result;
}

} // namespace carl
