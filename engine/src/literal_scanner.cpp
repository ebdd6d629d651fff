// The multi-literal scan of literal_scanner.hpp. A few literals are each found
// with a SIMD search on their first and last bytes; many share one pass that
// hashes every three bytes, so the cost barely grows with their number.
#include "literal_scanner.hpp"

#include "pattern.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace carl {
namespace {

bool is_letter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

// OR-ing 0x20 into a byte folds an upper-case letter and leaves a lower-case
// one alone, so `(b | mask) == lower` tests a letter in either case exactly.
std::uint8_t case_mask(char c, bool fold_case) {
    return fold_case && is_letter(c) ? 0x20 : 0x00;
}

bool rest_equals(const char* text, std::string_view lower, bool fold_case) {
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const char c = fold_case ? fold(text[i]) : text[i];
        if (c != lower[i])
            return false;
    }
    return true;
}

#if defined(__SSE2__) && defined(__GNUC__)
#define CARL_HAVE_AVX2_PATH 1

bool has_avx2() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return yes;
}

// find_literal()'s search 32 bytes at a time, on processors with AVX2.
// Advances `p` past the starts it ruled out.
__attribute__((target("avx2"))) const char*
find_wide(const char*& p, const char* last, std::string_view lower,
          bool fold_case, std::uint8_t fm, std::uint8_t lm) {
    const std::size_t n = lower.size();
    const __m256i first = _mm256_set1_epi8(lower[0]);
    const __m256i first_mask = _mm256_set1_epi8(char(fm));
    const __m256i final = _mm256_set1_epi8(lower[n - 1]);
    const __m256i final_mask = _mm256_set1_epi8(char(lm));
    for (; p + 32 <= last + 1; p += 32) {
        const __m256i a =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        const __m256i b =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n - 1));
        const __m256i hit = _mm256_and_si256(
            _mm256_cmpeq_epi8(_mm256_or_si256(a, first_mask), first),
            _mm256_cmpeq_epi8(_mm256_or_si256(b, final_mask), final));
        unsigned bits = unsigned(_mm256_movemask_epi8(hit));
        while (bits) {
            const char* at = p + __builtin_ctz(bits);
            if (rest_equals(at + 1, lower.substr(1, n - 2), fold_case))
                return at;
            bits &= bits - 1;
        }
    }
    return nullptr;
}
#endif

} // namespace

const char* find_literal(const char* begin, const char* end,
                         std::string_view lower, bool fold_case) {
    const std::size_t n = lower.size();
    if (std::size_t(end - begin) < n)
        return nullptr;
    const char* last = end - n; // the last possible start
    const std::uint8_t fm = case_mask(lower[0], fold_case);
    const std::uint8_t lm = case_mask(lower[n - 1], fold_case);
    const char* p = begin;

#if defined(CARL_HAVE_AVX2_PATH)
    if (has_avx2())
        if (const char* at = find_wide(p, last, lower, fold_case, fm, lm))
            return at;
#endif
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(lower[0]);
    const __m128i first_mask = _mm_set1_epi8(char(fm));
    const __m128i final = _mm_set1_epi8(lower[n - 1]);
    const __m128i final_mask = _mm_set1_epi8(char(lm));
    for (; p + 16 <= last + 1; p += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i b =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 1));
        const __m128i hit =
            _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(a, first_mask), first),
                          _mm_cmpeq_epi8(_mm_or_si128(b, final_mask), final));
        unsigned bits = unsigned(_mm_movemask_epi8(hit));
        while (bits) {
            const char* at = p + __builtin_ctz(bits);
            if (rest_equals(at + 1, lower.substr(1, n - 2), fold_case))
                return at;
            bits &= bits - 1;
        }
    }
#endif

    for (; p <= last; ++p)
        if ((std::uint8_t(p[0]) | fm) == std::uint8_t(lower[0]) &&
            rest_equals(p + 1, lower.substr(1), fold_case))
            return p;
    return nullptr;
}

namespace {

void set_bit(literal_hits& hits, std::uint32_t id) {
    hits[id / 64] |= std::uint64_t(1) << (id % 64);
}

} // namespace

literal_scanner::literal_scanner(std::vector<std::string> literals)
    : m_literals(std::move(literals)) {
    if (m_literals.size() > few)
        build_index();
}

bool literal_scanner::scan(std::string_view text, literal_hits& hits) const {
    hits.assign((m_literals.size() + 63) / 64, 0);
    return m_literals.size() > few ? scan_many(text, hits)
                                   : scan_few(text, hits);
}

bool literal_scanner::scan_few(std::string_view text,
                               literal_hits& hits) const {
    bool any = false;
    const char* end = text.data() + text.size();
    for (std::uint32_t id = 0; id < m_literals.size(); ++id) {
        if (find_literal(text.data(), end, m_literals[id], true)) {
            set_bit(hits, id);
            any = true;
        }
    }
    return any;
}

// TODO(#5): a SIMD filter for many literals (Teddy-style, nibble tables and
// pshufb) would test 16 positions at once instead of one.
//
// A candidate is a position whose first two bytes start some literal and
// whose next two continue one (two 8 KiB bitmaps, in the L1 cache); only
// candidates are compared with the literals. Each position is tested apart
// from the last, so the loop runs at the speed of its loads.
bool literal_scanner::scan_many(std::string_view text,
                                literal_hits& hits) const {
    if (text.size() < 3)
        return false;
    bool any = false;
    const char* p = text.data();
    const std::size_t last = text.size() - 3;
    std::uint32_t key = pair_key(p);
    for (std::size_t i = 0; i <= last; ++i) {
        const std::uint32_t next = pair_key(p + i + 1);
        const bool candidate = (m_first[key / 64] >> (key % 64) & 1) &
                               (m_second[next / 64] >> (next % 64) & 1);
        if (candidate && verify(p + i, text.size() - i, key, hits))
            any = true;
        key = next;
    }
    return any;
}

bool literal_scanner::verify(const char* at, std::size_t room,
                             std::uint32_t key, literal_hits& hits) const {
    bool any = false;
    for (std::uint32_t k = m_bucket[key]; k < m_bucket[key + 1]; ++k) {
        const std::string& literal = m_literals[m_ids[k]];
        if (literal.size() <= room && rest_equals(at, literal, true)) {
            set_bit(hits, m_ids[k]);
            any = true;
        }
    }
    return any;
}

// Two bytes with 0x20 set in each: letters fold to lower case (and a few
// punctuation marks onto others, which only adds candidates).
std::uint32_t literal_scanner::pair_key(const char* p) {
    std::uint16_t pair;
    std::memcpy(&pair, p, 2);
    return std::uint32_t(pair | 0x2020);
}

// Buckets of literal ids by the key of their first two bytes.
void literal_scanner::build_index() {
    std::vector<std::vector<std::uint32_t>> buckets(1 << 16);
    m_first.assign((1 << 16) / 64, 0);
    m_second.assign((1 << 16) / 64, 0);
    for (std::uint32_t id = 0; id < m_literals.size(); ++id) {
        const std::uint32_t key = pair_key(m_literals[id].data());
        const std::uint32_t next = pair_key(m_literals[id].data() + 1);
        buckets[key].push_back(id);
        m_first[key / 64] |= std::uint64_t(1) << (key % 64);
        m_second[next / 64] |= std::uint64_t(1) << (next % 64);
    }
    m_bucket.assign(1, 0);
    for (const std::vector<std::uint32_t>& bucket : buckets) {
        m_ids.insert(m_ids.end(), bucket.begin(), bucket.end());
        m_bucket.push_back(std::uint32_t(m_ids.size()));
    }
}

bool literal_scanner::has_unicode_escape(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    while ((p = find_literal(p, end, "\\u", false))) {
        // An odd run of backslashes ends in an escape; an even one is
        // escaped backslashes followed by a plain 'u'.
        const std::size_t at = std::size_t(p - text.data());
        std::size_t run = 1;
        while (run <= at && text[at - run] == '\\')
            ++run;
        if (run % 2 == 1)
            return true;
        p += 2;
    }
    return false;
}

bool literal_scanner::has_non_ascii(std::string_view text) {
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

} // namespace carl
