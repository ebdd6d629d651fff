// json_lines.hpp: one SIMD pass for line breaks, the byte pairs "\u" and
// "v..t" (in "Event" and "event_id") and bytes past ASCII, each place
// checked in full by raw_marks.cpp as it is found. The prefilter's only
// reader of raw marks.
#include "carl/json_lines.hpp"

#include "raw_marks.hpp"

#include <algorithm>
#include <string_view>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace carl {
namespace {

// What a pass found so far, and where in `text` it looks.
struct finds {
    std::string_view text;
    std::vector<std::uint32_t>& breaks;
    std::vector<std::uint32_t>& escapes;
    std::vector<std::uint32_t>& key_ends;
    std::vector<std::uint32_t>& non_ascii;

    void at(std::size_t i) {
        const char c = text[i];
        if (c == '\n') {
            breaks.push_back(std::uint32_t(i));
        } else if (c == '\\') {
            if (escape_at(text, i))
                escapes.push_back(std::uint32_t(i));
        } else if (std::uint8_t(c) >= 0x80) {
            non_ascii.push_back(std::uint32_t(i));
        } else if (const std::size_t n = key_length_at(text, i)) {
            key_ends.push_back(std::uint32_t(i - 2 + n));
        }
    }

    // In a block of places from `i`, where `high` marks the bytes past
    // ASCII and `line_breaks` the breaks: the first such byte of each
    // line's part, which is all a line's marks need, so that text in
    // another script costs a note per block, not per byte.
    void at_non_ascii(std::size_t i, unsigned high, unsigned line_breaks) {
        while (high) {
            const unsigned first = unsigned(__builtin_ctz(high));
            non_ascii.push_back(std::uint32_t(i + first));
            const unsigned later = line_breaks & (~1u << first);
            if (!later)
                return;
            high &= ~1u << unsigned(__builtin_ctz(later));
        }
    }
};

bool is_mark(std::string_view text, std::size_t i, bool keys) {
    const char c = text[i];
    return c == '\n' ||
           (i + 1 < text.size() && c == '\\' && text[i + 1] == 'u') ||
           (keys && std::uint8_t(c) >= 0x80) ||
           (keys && i + 3 < text.size() && c == 'v' && text[i + 3] == 't');
}

#if defined(__SSE2__) && defined(__GNUC__)
#define CARL_HAVE_SIMD_LINES 1

bool has_avx2() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return yes;
}

// 32 places at a time: a bit for each where a break or a mark may start.
// Returns where it stopped; the same loop, 16 wide, follows for SSE2.
// Templates, so that a scan without keys tests breaks and escapes alone.
// With keys, a byte's own top bit marks it past ASCII: in `hit` it costs
// one OR, and apart from it, only blocks that hold such bytes.
template <bool keys>
__attribute__((target("avx2"))) std::size_t
scan_wide(std::size_t i, std::size_t to, finds& f) {
    const char* p = f.text.data();
    const __m256i newline = _mm256_set1_epi8('\n');
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i u = _mm256_set1_epi8('u');
    const __m256i v = _mm256_set1_epi8('v');
    const __m256i t = _mm256_set1_epi8('t');
    for (; i + 32 + 3 <= to; i += 32) {
        const __m256i here =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        const __m256i next =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 1));
        __m256i hit =
            _mm256_or_si256(_mm256_cmpeq_epi8(here, newline),
                            _mm256_and_si256(_mm256_cmpeq_epi8(here, backslash),
                                             _mm256_cmpeq_epi8(next, u)));
        if (keys) {
            const __m256i third =
                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 3));
            hit = _mm256_or_si256(
                hit, _mm256_or_si256(
                         here, _mm256_and_si256(_mm256_cmpeq_epi8(here, v),
                                                _mm256_cmpeq_epi8(third, t))));
        }
        unsigned bits = unsigned(_mm256_movemask_epi8(hit));
        if (keys && bits) {
            const unsigned high = unsigned(_mm256_movemask_epi8(here));
            if (high) {
                f.at_non_ascii(i, high,
                               unsigned(_mm256_movemask_epi8(
                                   _mm256_cmpeq_epi8(here, newline))));
                bits &= ~high;
            }
        }
        for (; bits; bits &= bits - 1)
            f.at(i + std::size_t(__builtin_ctz(bits)));
    }
    return i;
}

template <bool keys>
std::size_t scan_narrow(std::size_t i, std::size_t to, finds& f) {
    const char* p = f.text.data();
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i u = _mm_set1_epi8('u');
    const __m128i v = _mm_set1_epi8('v');
    const __m128i t = _mm_set1_epi8('t');
    for (; i + 16 + 3 <= to; i += 16) {
        auto load = [&](std::size_t k) {
            return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + k));
        };
        const __m128i here = load(0);
        __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(here, newline),
                         _mm_and_si128(_mm_cmpeq_epi8(here, backslash),
                                       _mm_cmpeq_epi8(load(1), u)));
        if (keys)
            hit = _mm_or_si128(
                hit,
                _mm_or_si128(here, _mm_and_si128(_mm_cmpeq_epi8(here, v),
                                                 _mm_cmpeq_epi8(load(3), t))));
        unsigned bits = unsigned(_mm_movemask_epi8(hit));
        if (keys && bits) {
            const unsigned high = unsigned(_mm_movemask_epi8(here));
            if (high) {
                f.at_non_ascii(
                    i, high,
                    unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(here, newline))));
                bits &= ~high;
            }
        }
        for (; bits; bits &= bits - 1)
            f.at(i + std::size_t(__builtin_ctz(bits)));
    }
    return i;
}
#endif

// How many of the sorted `offsets` from `next` on lie before `end`.
std::size_t count_before(const std::vector<std::uint32_t>& offsets,
                         std::size_t next, std::size_t end) {
    std::size_t n = next;
    while (n < offsets.size() && offsets[n] < end)
        ++n;
    return n - next;
}

// Whether some of the sorted `offsets` lie in [begin, end); moves `next`
// past those before `begin`.
bool any_in(const std::vector<std::uint32_t>& offsets, std::size_t& next,
            std::size_t begin, std::size_t end) {
    while (next < offsets.size() && offsets[next] < begin)
        ++next;
    return next < offsets.size() && offsets[next] < end;
}

} // namespace

void json_lines::scan(const char* text, std::size_t from, std::size_t to,
                      bool keys) {
    m_text = text;
    m_keys = keys;
    m_breaks.clear();
    m_escapes.clear();
    m_key_ends.clear();
    m_non_ascii.clear();
    m_next_escape = m_next_key = m_next_non_ascii = 0;
    finds f{std::string_view(text, to), m_breaks, m_escapes, m_key_ends,
            m_non_ascii};
    std::size_t i = from;
#if defined(CARL_HAVE_SIMD_LINES)
    if (has_avx2())
        i = keys ? scan_wide<true>(i, to, f) : scan_wide<false>(i, to, f);
    i = keys ? scan_narrow<true>(i, to, f) : scan_narrow<false>(i, to, f);
#endif
    for (; i < to; ++i)
        if (is_mark(f.text, i, keys))
            f.at(i);
}

line_marks json_lines::marks_of(std::size_t begin, std::size_t end) {
    line_marks marks;
    marks.keys_known = m_keys;

    // Marks before the line belong to lines not asked for.
    while (m_next_key < m_key_ends.size() && m_key_ends[m_next_key] <= begin)
        ++m_next_key;
    marks.unicode_escape = any_in(m_escapes, m_next_escape, begin, end);
    marks.non_ascii =
        m_keys && any_in(m_non_ascii, m_next_non_ascii, begin, end);

    const std::size_t keys = count_before(m_key_ends, m_next_key, end + 1);
    marks.keys = std::uint32_t(keys);
    for (std::size_t k = 0; k < keys && k < line_marks::kept_keys; ++k)
        marks.key_end[k] = m_key_ends[m_next_key + k] - std::uint32_t(begin);
    m_next_key += keys;
    return marks;
}

} // namespace carl
