// Names the next token for "expected X, found Y" messages.
#include "grammar/syntax_error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace carl::grammar {

namespace {

constexpr std::size_t max_shown = 32;

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// Bytes in the UTF-8 sequence that starts with `lead`, at least one.
std::size_t sequence_size(unsigned char lead) {
    if (lead >= 0xf0)
        return 4;
    if (lead >= 0xe0)
        return 3;
    if (lead >= 0xc0)
        return 2;
    return 1;
}

// `text` quoted the way messages show it, cut short when it is long.
std::string shown(std::string_view text, char quote) {
    std::string out(1, quote);
    if (text.size() <= max_shown) {
        out += text;
    } else {
        std::size_t cut = max_shown;
        while (cut > 0 &&
               (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80)
            --cut;
        out += text.substr(0, cut);
        out += "...";
    }
    out += quote;
    return out;
}

} // namespace

std::string describe_token(std::string_view rest, std::size_t& length) {
    length = 0;
    if (rest.empty())
        return "end of input";
    const char c = rest[0];
    if (c == '\n' || (c == '\r' && rest.size() > 1 && rest[1] == '\n'))
        return "end of line";

    // A name, a number or a dotted path: the whole word.
    if (is_word_char(c)) {
        while (length < rest.size() && is_word_char(rest[length]))
            ++length;
        return shown(rest.substr(0, length), '\'');
    }

    // A string literal as written, when it closes on this line.
    if (c == '"' || c == '\'') {
        const auto close = rest.find_first_of(std::string{c, '\n'}, 1);
        if (close != std::string_view::npos && rest[close] == c) {
            length = close + 1;
            return shown(rest.substr(1, close - 1), c);
        }
    }

    // An operator of two characters, or else one character.
    static constexpr std::string_view pairs[] = {"==", "!=", "<=", ">="};
    for (auto pair : pairs) {
        if (rest.substr(0, 2) == pair) {
            length = 2;
            return shown(pair, '\'');
        }
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
        length = 1;
        return shown(buf, '\'');
    }
    length = std::min(sequence_size(u), rest.size());
    return shown(rest.substr(0, length), '\'');
}

syntax_error expected_error(std::string_view code, std::size_t offset,
                            std::string_view what) {
    // Blanks are not tokens: name what follows them.
    while (offset < code.size() &&
           (code[offset] == ' ' || code[offset] == '\t'))
        ++offset;
    syntax_error e;
    e.offset = offset;
    const auto found = describe_token(code.substr(offset), e.length);
    e.message = "expected ";
    e.message += what;
    e.message += ", found ";
    e.message += found;
    return e;
}

syntax_error statement_error(std::string_view code, std::size_t offset) {
    auto e = expected_error(code, offset, "a statement");
    std::string word(code.substr(offset, e.length));
    for (auto& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word != "and" && word != "or")
        return e;

    // Point at the end of the last line that has something on it.
    std::size_t end = offset;
    while (end > 0 && std::isspace(static_cast<unsigned char>(code[end - 1])))
        --end;
    if (end == 0)
        return e;
    e.notes.push_back({end, 1,
                       "a statement goes on to the next line only after "
                       "'and', 'or' or an open '('"});
    return e;
}

} // namespace carl::grammar
