// String literals as the VM matches them: letter case ignored, `*` matching
// any run of characters, the whole value matched. Each literal compiles to
// the cheapest matcher that is exact for it; the general one is linear time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace carl {

enum class pattern_kind : unsigned char {
    equals,   // "lsass.exe"
    prefix,   // "procdump*"
    suffix,   // "*.exe"
    contains, // "*lsass*"
    glob,     // anything else with a `*`: "procdump*.exe", "*a*b*"
    anything, // "*"
};

// Folds ASCII letters to lower case. Other bytes (UTF-8 included) compare
// exactly: case folding beyond ASCII is not done.
inline char fold(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

std::string fold(std::string_view text);

// True when `text` starts with `lower`, ignoring case; `lower` is folded.
bool starts_with_folded(std::string_view text, std::string_view lower);

// The first place from `from` where `lower` occurs in `text` ignoring case,
// or npos. `lower` is folded and not empty.
std::size_t find_folded(std::string_view text, std::string_view lower,
                        std::size_t from = 0);

// Whether `part` occurs in `text`, both in any letter case. Linear in the
// text whatever either holds (Rabin-Karp over folded bytes, modulo a
// prime); never allocates.
bool contains_folded(std::string_view text, std::string_view part);

// Three-way comparison ignoring case: negative, zero or positive.
int compare_folded(std::string_view x, std::string_view y);

class pattern {
public:
    // `literal` is the string after escapes; every `*` in it is a wildcard.
    explicit pattern(std::string_view literal);

    bool matches(std::string_view text) const;

    pattern_kind kind() const { return m_kind; }

    // The runs between stars, folded to lower case: text a match contains.
    const std::vector<std::string>& segments() const { return m_segments; }

    // For the disassembler: `contains "lsass"`, `glob "procdump*.exe"`.
    std::string describe() const;

private:
    bool matches_glob(std::string_view text) const;

    pattern_kind m_kind = pattern_kind::equals;
    std::string m_literal;               // as given, for describe()
    std::vector<std::string> m_segments; // the folded runs between stars
    bool m_leading_star = false;
    bool m_trailing_star = false;
};

} // namespace carl
