// The multi-literal scan of literal_scanner.hpp. A few literals are each found
// with a SIMD search on their first and last bytes; many go through one
// Aho-Corasick automaton, so the cost does not grow with their number.
#include "literal_scanner.hpp"

#include "pattern.hpp"

#include <cstring>
#include <deque>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace carl {
namespace {

// Up to this many literals are searched one by one; more share the automaton.
constexpr std::size_t few = 4;

bool is_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

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

// The first place of `lower` (two bytes or more) in [begin, end), or null.
const char* find(const char* begin, const char* end, std::string_view lower,
                 bool fold_case) {
    const std::size_t n = lower.size();
    if (std::size_t(end - begin) < n)
        return nullptr;
    const char* last = end - n; // the last possible start
    const std::uint8_t fm = case_mask(lower[0], fold_case);
    const std::uint8_t lm = case_mask(lower[n - 1], fold_case);
    const char* p = begin;

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

void set_bit(literal_hits& hits, std::uint32_t id) {
    hits[id / 64] |= std::uint64_t(1) << (id % 64);
}

} // namespace

literal_scanner::literal_scanner(std::vector<std::string> literals)
    : m_literals(std::move(literals)) {
    if (m_literals.size() > few)
        build_automaton();
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
        if (find(text.data(), end, m_literals[id], true)) {
            set_bit(hits, id);
            any = true;
        }
    }
    return any;
}

bool literal_scanner::scan_many(std::string_view text,
                                literal_hits& hits) const {
    bool any = false;
    std::uint32_t state = 0;
    const std::uint32_t* next = m_next.data();
    const std::uint32_t* out_end = m_out_end.data();
    for (char c : text) {
        state = next[state * m_classes + m_class[std::uint8_t(c)]];
        const std::uint32_t begin = state ? out_end[state - 1] : 0;
        if (begin == out_end[state])
            continue;
        for (std::uint32_t i = begin; i < out_end[state]; ++i)
            set_bit(hits, m_outputs[i]);
        any = true;
    }
    return any;
}

// Builds the trie over byte classes, then its failure links breadth first,
// folding them into a complete transition table.
void literal_scanner::build_automaton() {
    for (const std::string& literal : m_literals)
        for (char c : literal)
            if (!m_class[std::uint8_t(c)]) {
                m_class[std::uint8_t(c)] = std::uint8_t(m_classes);
                if (c >= 'a' && c <= 'z')
                    m_class[std::uint8_t(c - 32)] = std::uint8_t(m_classes);
                ++m_classes;
            }

    // The trie: 0 in m_next means "no edge" until the failure pass.
    std::vector<std::vector<std::uint32_t>> own(1);
    m_next.assign(m_classes, 0);
    for (std::uint32_t id = 0; id < m_literals.size(); ++id) {
        std::uint32_t state = 0;
        for (char c : m_literals[id]) {
            std::uint32_t& edge =
                m_next[state * m_classes + m_class[std::uint8_t(c)]];
            if (!edge) {
                edge = std::uint32_t(own.size());
                own.emplace_back();
                m_next.resize(m_next.size() + m_classes, 0);
            }
            state = m_next[state * m_classes + m_class[std::uint8_t(c)]];
        }
        own[state].push_back(id);
    }

    // Breadth first: a state's missing edges are its failure state's edges,
    // and its outputs include its failure state's.
    std::vector<std::uint32_t> failure(own.size(), 0);
    std::vector<std::vector<std::uint32_t>> outputs = own;
    std::deque<std::uint32_t> queue;
    for (std::uint32_t c = 0; c < m_classes; ++c)
        if (m_next[c])
            queue.push_back(m_next[c]);
    while (!queue.empty()) {
        const std::uint32_t state = queue.front();
        queue.pop_front();
        const std::vector<std::uint32_t>& inherited = outputs[failure[state]];
        outputs[state].insert(outputs[state].end(), inherited.begin(),
                              inherited.end());
        for (std::uint32_t c = 0; c < m_classes; ++c) {
            std::uint32_t& edge = m_next[state * m_classes + c];
            const std::uint32_t fallback = m_next[failure[state] * m_classes + c];
            if (edge && c) {
                failure[edge] = fallback;
                queue.push_back(edge);
            } else {
                edge = fallback;
            }
        }
    }

    for (const std::vector<std::uint32_t>& o : outputs) {
        m_outputs.insert(m_outputs.end(), o.begin(), o.end());
        m_out_end.push_back(std::uint32_t(m_outputs.size()));
    }
}

bool literal_scanner::has_unicode_escape(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    while ((p = find(p, end, "\\u", false))) {
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

} // namespace carl
