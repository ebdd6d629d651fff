// raw_marks.hpp: one SIMD pass for the byte pairs "\\u" and "v..t" (the
// middle of "Event" and "event_id"), each place checked in full; then, after
// each key, a ':' and a plain decimal value.
#include "raw_marks.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace carl {
#if defined(__SSE2__) && defined(__GNUC__)
bool has_avx2() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return yes;
}
#endif

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

// Looks at a place where "\\u" or "v..t" starts; false once a \u escape
// makes the rest of the text not matter.
bool look_at(std::string_view text, std::size_t at, bool keys,
             line_marks& marks) {
    if (text[at] == '\\') {
        marks.unicode_escape = escape_at(text, at);
        return !marks.unicode_escape;
    }
    const std::size_t length = keys ? key_length_at(text, at) : 0;
    if (length == 0)
        return true;
    if (marks.keys < line_marks::kept_keys)
        marks.key_end[marks.keys] = std::uint32_t(at - 2 + length);
    ++marks.keys;
    return true;
}

bool starts_mark(const char* p, bool keys) {
    return (p[0] == '\\' && p[1] == 'u') ||
           (keys && p[0] == 'v' && p[3] == 't');
}

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

// The SIMD passes: each looks at 16 or 32 places at a time, a bit per place
// where a mark may start, and returns where it stopped (json.size() once a
// \u escape is found). Templates, so that a pass without keys tests only
// for escapes.
#if defined(__SSE2__) && defined(__GNUC__)
#define CARL_HAVE_SIMD_MARKS 1

template <bool keys>
__attribute__((target("avx2"))) std::size_t find_wide(std::string_view json,
                                                      line_marks& marks) {
    const char* begin = json.data();
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i u = _mm256_set1_epi8('u');
    const __m256i v = _mm256_set1_epi8('v');
    const __m256i t = _mm256_set1_epi8('t');
    std::size_t i = 0;
    for (; i + 32 + 3 <= json.size(); i += 32) {
        const auto* p = reinterpret_cast<const __m256i*>(begin + i);
        const __m256i here = _mm256_loadu_si256(p);
        const __m256i next =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(begin + i + 1));
        __m256i hit = _mm256_and_si256(_mm256_cmpeq_epi8(here, backslash),
                                       _mm256_cmpeq_epi8(next, u));
        if (keys) {
            const __m256i third = _mm256_loadu_si256(
                reinterpret_cast<const __m256i*>(begin + i + 3));
            hit = _mm256_or_si256(
                hit, _mm256_and_si256(_mm256_cmpeq_epi8(here, v),
                                      _mm256_cmpeq_epi8(third, t)));
        }
        for (unsigned bits = unsigned(_mm256_movemask_epi8(hit)); bits;
             bits &= bits - 1)
            if (!look_at(json, i + std::size_t(__builtin_ctz(bits)), keys,
                         marks))
                return json.size();
    }
    return i;
}

template <bool keys>
std::size_t find_narrow(std::string_view json, line_marks& marks) {
    const char* begin = json.data();
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i u = _mm_set1_epi8('u');
    const __m128i v = _mm_set1_epi8('v');
    const __m128i t = _mm_set1_epi8('t');
    std::size_t i = 0;
    for (; i + 16 + 3 <= json.size(); i += 16) {
        const auto* p = reinterpret_cast<const __m128i*>(begin + i);
        const __m128i here = _mm_loadu_si128(p);
        const __m128i next =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i + 1));
        __m128i hit = _mm_and_si128(_mm_cmpeq_epi8(here, backslash),
                                    _mm_cmpeq_epi8(next, u));
        if (keys) {
            const __m128i third = _mm_loadu_si128(
                reinterpret_cast<const __m128i*>(begin + i + 3));
            hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(here, v),
                                                  _mm_cmpeq_epi8(third, t)));
        }
        for (unsigned bits = unsigned(_mm_movemask_epi8(hit)); bits;
             bits &= bits - 1)
            if (!look_at(json, i + std::size_t(__builtin_ctz(bits)), keys,
                         marks))
                return json.size();
    }
    return i;
}

template <bool keys>
std::size_t find_simd(std::string_view json, line_marks& marks) {
    return has_avx2() ? find_wide<keys>(json, marks)
                      : find_narrow<keys>(json, marks);
}
#endif

} // namespace

line_marks find_marks(std::string_view json, bool keys) {
    line_marks marks;
    std::size_t i = 0;
#if defined(CARL_HAVE_SIMD_MARKS)
    i = keys ? find_simd<true>(json, marks) : find_simd<false>(json, marks);
#endif

    // The last few places, one at a time.
    const char* begin = json.data();
    for (; i + 1 < json.size(); ++i) {
        const bool room = i + 3 < json.size();
        if ((room ? starts_mark(begin + i, keys)
                  : begin[i] == '\\' && begin[i + 1] == 'u') &&
            !look_at(json, i, keys, marks))
            return marks;
    }
    return marks;
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
