// Reading numbers out of text, for number.hpp.
#include "number.hpp"

#include <charconv>

namespace carl {
namespace {

std::optional<number> parse_hex(std::string_view digits) {
    if (digits.empty() || digits.size() > 16)
        return std::nullopt;
    std::uint64_t bits = 0;
    auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), bits, 16);
    if (error != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    number n;
    n.integer = static_cast<std::int64_t>(bits);
    n.real = static_cast<double>(bits);
    return n;
}

bool all_digits(std::string_view text) {
    if (text.empty())
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::optional<number> parse_decimal(std::string_view text) {
    std::string_view body = text;
    if (!body.empty() && (body[0] == '-' || body[0] == '+'))
        body.remove_prefix(1);

    auto dot = body.find('.');
    if (dot == std::string_view::npos) {
        if (!all_digits(body) || body.size() > 18)
            return std::nullopt;
        number n;
        std::from_chars(body.data(), body.data() + body.size(), n.integer);
        if (text[0] == '-')
            n.integer = -n.integer;
        n.real = static_cast<double>(n.integer);
        return n;
    }

    // A fraction: digits on both sides of the one dot ("1.5", not "1." or
    // "1.2.3", which are versions or addresses, not numbers).
    const std::string_view whole = body.substr(0, dot);
    const std::string_view fraction = body.substr(dot + 1);
    if (!all_digits(whole) || !all_digits(fraction))
        return std::nullopt;
    const bool negative = text[0] == '-';
    // "445.00" is the integer 445; a whole part too long for one stays a
    // real number.
    if (fraction.find_first_not_of('0') == std::string_view::npos &&
        whole.size() <= 18)
        return parse_decimal(text.substr(0, text.size() - fraction.size() - 1));

    number n;
    n.integral = false;
    n.negative = negative;
    std::from_chars(body.data(), body.data() + body.size(), n.real);
    if (whole.size() <= 18) {
        n.whole_fits = true;
        std::from_chars(whole.data(), whole.data() + whole.size(), n.whole);
    }
    if (negative) {
        n.real = -n.real;
        n.whole = -n.whole;
    }
    return n;
}

} // namespace

int compare(const number& x, const number& y) {
    if (x.integral && y.integral)
        return (x.integer > y.integer) - (x.integer < y.integer);

    // A fraction lies strictly between its whole part and the next integer
    // away from zero, so the whole part orders it against an integer.
    if (x.integral != y.integral) {
        const number& fraction = x.integral ? y : x;
        const std::int64_t integer = x.integral ? x.integer : y.integer;
        if (fraction.whole_fits) {
            const int order = fraction.negative
                                  ? (fraction.whole <= integer ? -1 : 1)
                                  : (fraction.whole >= integer ? 1 : -1);
            return x.integral ? -order : order;
        }
    }
    return (x.real > y.real) - (x.real < y.real);
}

std::optional<number> parse_number(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        return parse_hex(text.substr(2));
    return parse_decimal(text);
}

} // namespace carl
