// Wildcard string matching for pattern.hpp.
#include "pattern.hpp"

#include <algorithm>
#include <cstdint>

namespace carl {

std::string fold(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = fold(c);
    return out;
}

bool starts_with_folded(std::string_view text, std::string_view lower) {
    if (text.size() < lower.size())
        return false;
    for (std::size_t i = 0; i < lower.size(); ++i)
        if (fold(text[i]) != lower[i])
            return false;
    return true;
}

int compare_folded(std::string_view x, std::string_view y) {
    const std::size_t n = std::min(x.size(), y.size());
    for (std::size_t i = 0; i < n; ++i) {
        const char a = fold(x[i]);
        const char b = fold(y[i]);
        if (a != b)
            return a < b ? -1 : 1;
    }
    return (x.size() > y.size()) - (x.size() < y.size());
}

std::size_t find_folded(std::string_view text, std::string_view lower,
                        std::size_t from) {
    if (lower.size() > text.size())
        return std::string_view::npos;

    // Scan for the first byte in either case, then compare the rest.
    const char first = lower[0];
    const char upper = (first >= 'a' && first <= 'z') ? first - 32 : first;
    const std::size_t last = text.size() - lower.size();
    for (std::size_t i = from; i <= last; ++i) {
        if (text[i] != first && text[i] != upper)
            continue;
        if (starts_with_folded(text.substr(i + 1), lower.substr(1)))
            return i;
    }
    return std::string_view::npos;
}

namespace {

// Arithmetic modulo the prime 2^61 - 1, where no crafted input makes many
// windows collide (modulo 2^64, Thue-Morse strings do).
constexpr std::uint64_t prime = (std::uint64_t(1) << 61) - 1;

std::uint64_t mod_mul(std::uint64_t x, std::uint64_t y) {
    const unsigned __int128 product = (unsigned __int128)x * y;
    const std::uint64_t folded =
        std::uint64_t(product & prime) + std::uint64_t(product >> 61);
    return folded >= prime ? folded - prime : folded;
}

std::uint64_t mod_add(std::uint64_t x, std::uint64_t y) {
    const std::uint64_t sum = x + y;
    return sum >= prime ? sum - prime : sum;
}

std::uint64_t byte_of(char c) {
    return std::uint8_t(fold(c)) + 1;
}

} // namespace

bool contains_folded(std::string_view text, std::string_view part) {
    const std::size_t m = part.size();
    if (m == 0)
        return true;
    if (m > text.size())
        return false;

    // The hash of `part`, of the first window, and base^(m-1).
    constexpr std::uint64_t base = 1000003;
    std::uint64_t want = 0, have = 0, top = 1;
    for (std::size_t i = 0; i < m; ++i) {
        want = mod_add(mod_mul(want, base), byte_of(part[i]));
        have = mod_add(mod_mul(have, base), byte_of(text[i]));
        if (i > 0)
            top = mod_mul(top, base);
    }

    // Slide the window; compare only where the hashes agree.
    for (std::size_t i = 0;; ++i) {
        if (have == want && compare_folded(text.substr(i, m), part) == 0)
            return true;
        if (i + m == text.size())
            return false;
        const std::uint64_t gone = mod_mul(top, byte_of(text[i]));
        have = mod_add(mod_mul(mod_add(have, prime - gone), base),
                       byte_of(text[i + m]));
    }
}

pattern::pattern(std::string_view literal) : m_literal(literal) {
    // Split on stars; consecutive stars are one.
    std::string segment;
    for (char c : literal) {
        if (c == '*') {
            if (!segment.empty())
                m_segments.push_back(fold(segment));
            segment.clear();
            continue;
        }
        segment.push_back(c);
    }
    if (!segment.empty())
        m_segments.push_back(fold(segment));

    m_leading_star = !literal.empty() && literal.front() == '*';
    m_trailing_star = !literal.empty() && literal.back() == '*';
    const bool one = m_segments.size() == 1;
    if (m_segments.empty())
        m_kind = m_leading_star ? pattern_kind::anything : pattern_kind::equals;
    else if (one && !m_leading_star && !m_trailing_star)
        m_kind = pattern_kind::equals;
    else if (one && !m_leading_star)
        m_kind = pattern_kind::prefix;
    else if (one && !m_trailing_star)
        m_kind = pattern_kind::suffix;
    else if (one)
        m_kind = pattern_kind::contains;
    else
        m_kind = pattern_kind::glob;
}

bool pattern::matches(std::string_view text) const {
    switch (m_kind) {
    case pattern_kind::equals:
        return m_segments.empty() ? text.empty()
                                  : text.size() == m_segments[0].size() &&
                                        starts_with_folded(text, m_segments[0]);
    case pattern_kind::prefix:
        return starts_with_folded(text, m_segments[0]);
    case pattern_kind::suffix: {
        const std::string& s = m_segments[0];
        return text.size() >= s.size() &&
               starts_with_folded(text.substr(text.size() - s.size()), s);
    }
    case pattern_kind::contains:
        return find_folded(text, m_segments[0]) != std::string_view::npos;
    case pattern_kind::glob:
        return matches_glob(text);
    case pattern_kind::anything:
        return true;
    }
    return false;
}

// Stars only, no `?`: matching each segment at its leftmost place is exact,
// so one pass suffices and nothing backtracks.
bool pattern::matches_glob(std::string_view text) const {
    std::size_t begin = 0;
    std::size_t end = text.size();
    std::size_t first = 0;
    std::size_t last = m_segments.size();

    if (!m_leading_star) {
        if (!starts_with_folded(text, m_segments[0]))
            return false;
        begin = m_segments[0].size();
        first = 1;
    }
    if (!m_trailing_star) {
        const std::string& s = m_segments.back();
        if (end < begin + s.size() ||
            !starts_with_folded(text.substr(end - s.size()), s))
            return false;
        end -= s.size();
        last -= 1;
    }

    const std::string_view middle = text.substr(0, end);
    for (std::size_t i = first; i < last; ++i) {
        std::size_t at = find_folded(middle, m_segments[i], begin);
        if (at == std::string_view::npos)
            return false;
        begin = at + m_segments[i].size();
    }
    return true;
}

std::string pattern::describe() const {
    static const char* const names[] = {"equals",   "prefix", "suffix",
                                        "contains", "glob",   "anything"};
    std::string out = names[static_cast<int>(m_kind)];
    out += " \"";
    if (m_kind == pattern_kind::glob || m_kind == pattern_kind::anything)
        out += m_literal;
    else if (!m_segments.empty())
        out += m_segments[0];
    return out + "\"";
}

} // namespace carl
