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

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::size_t skip_blanks(std::string_view code, std::size_t offset) {
    while (offset < code.size() && is_blank(code[offset]))
        ++offset;
    return offset;
}

// The offset just past the last non-blank character before `offset`.
std::size_t end_of_previous(std::string_view code, std::size_t offset) {
    while (offset > 0 &&
           std::isspace(static_cast<unsigned char>(code[offset - 1])))
        --offset;
    return offset;
}

bool starts_line(std::string_view code, std::size_t offset) {
    while (offset > 0 && is_blank(code[offset - 1]))
        --offset;
    return offset == 0 || code[offset - 1] == '\n';
}

// Whether the text at `offset` starts a statement: `output`, `return`, or
// `name =` (not `==`).
bool starts_statement(std::string_view code, std::size_t offset) {
    std::size_t n = offset;
    while (n < code.size() && is_word_char(code[n]))
        ++n;
    std::string word(code.substr(offset, n - offset));
    for (auto& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == "output" || word == "return")
        return true;
    n = skip_blanks(code, n);
    return n > offset && n < code.size() && code[n] == '=' &&
           (n + 1 >= code.size() || code[n + 1] != '=');
}

// Whether the text at `offset` starts a comparison: '(' or `field op`.
bool starts_comparison(std::string_view code, std::size_t offset) {
    if (offset < code.size() && code[offset] == '(')
        return true;
    if (offset < code.size() && code[offset] == '[')
        ++offset;
    std::size_t n = offset;
    while (n < code.size() && is_word_char(code[n]))
        ++n;
    if (n == offset)
        return false;
    n = skip_blanks(code, n);
    if (n < code.size() && code[n] == ']')
        n = skip_blanks(code, n + 1);
    const auto rest = code.substr(n);
    for (std::string_view op : {"==", "!=", "<", ">", "=", "in ", "IN "})
        if (rest.substr(0, op.size()) == op)
            return true;
    return false;
}

void add_quote_notes(std::string_view code, syntax_error& e) {
    const std::size_t at = e.offset;
    if (at == 0 || at >= code.size())
        return;
    const char c = code[at];
    const char before = code[at - 1];
    if ((c == '"' || c == '\'') && before == c) {
        e.notes.push_back({at, 1, "this quote doubles the one before it"});
    } else if ((c == '"' || c == '\'') && !is_blank(before) && before != '(' &&
               before != '=' && before != '[') {
        std::size_t start = at;
        while (start > 0 && !is_blank(code[start - 1]) &&
               code[start - 1] != '=' && code[start - 1] != '(')
            --start;
        e.notes.push_back({start, at - start,
                           "this value ends in a quote: is its opening "
                           "quote missing?"});
    } else if (is_word_char(c) && (before == '"' || before == '\'')) {
        e.notes.push_back({at - 1, 1,
                           "this quote opened no string: is a closing "
                           "quote missing before it?"});
    }
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
    add_quote_notes(code, e);
    return e;
}

syntax_error unclosed_error(std::string_view code, std::size_t offset,
                            std::size_t open) {
    offset = skip_blanks(code, offset);
    const bool at_end = offset >= code.size();
    if (at_end ||
        (starts_line(code, offset) && starts_statement(code, offset))) {
        std::size_t unused = 0;
        const auto found = describe_token(code.substr(offset), unused);
        syntax_error e{open, 1, "unclosed '('", {}};
        e.notes.push_back({end_of_previous(code, offset), 1,
                           "missing ')' before " + found + "?"});
        return e;
    }
    auto e = expected_error(code, offset, "')'");
    e.notes.push_back({open, 1, "to match this '('"});
    if (starts_comparison(code, offset))
        e.notes.push_back(
            {offset, e.length, "missing 'and' or 'or' before this?"});
    return e;
}

void add_end_notes(std::string_view code, std::size_t last_close,
                   syntax_error& e) {
    const std::size_t at = e.offset;
    if (at < code.size() && code[at] == ')') {
        if (last_close == std::string_view::npos)
            e.notes.push_back({at, 1, "no '(' is open here"});
        else
            e.notes.push_back({last_close, 1,
                               "the last '(' was closed here: is one of "
                               "these ')' one too many?"});
        return;
    }
    const std::size_t line_start = code.rfind('\n', at == 0 ? 0 : at - 1);
    const auto line =
        code.substr(line_start == std::string_view::npos ? 0 : line_start, at);
    std::string lowered(line);
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (at < code.size() && is_word_char(code[at]) &&
        lowered.find(" select ") != std::string::npos)
        e.notes.push_back({at, e.length, "missing ',' before this?"});
}

syntax_error trailing_error(std::string_view code, std::size_t offset) {
    auto e = expected_error(code, offset, "end of input");
    if (starts_comparison(code, e.offset))
        e.notes.push_back({end_of_previous(code, e.offset), 1,
                           "missing 'and' or 'or' at the end of this line?"});
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
