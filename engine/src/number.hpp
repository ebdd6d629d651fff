// Numbers as CAR writes them in strings and logs: "445", "-1.5", "0x1FFFFF",
// "0x001fffff". The VM compares values that both read as numbers numerically.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace carl {

struct number {
    bool integral = true;
    std::int64_t integer = 0; // when integral
    double real = 0;          // always set

    friend int compare(const number& x, const number& y) {
        if (x.integral && y.integral)
            return (x.integer > y.integer) - (x.integer < y.integer);
        return (x.real > y.real) - (x.real < y.real);
    }
};

// Reads the whole of `text` as a number: an optional sign and decimal digits
// with an optional fraction, or `0x` (any case) and hex digits. Nothing else
// is allowed, not even surrounding spaces. Never allocates.
std::optional<number> parse_number(std::string_view text);

} // namespace carl
