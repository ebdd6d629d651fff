// Numbers as CAR writes them in strings and logs: "445", "-1.5", "0x1FFFFF",
// "0x001fffff". The VM compares values that both read as numbers numerically.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace carl {

struct number {
    // Integral: no fraction, or one of zeros only ("445.00" is 445).
    bool integral = true;
    std::int64_t integer = 0; // when integral
    double real = 0;          // always set
    // A fraction's whole part, truncated toward zero, when it fits; with
    // its sign, it orders the fraction against any integer exactly, where
    // `real` may have rounded ("4.9999999999999999" is not 5).
    bool whole_fits = false;
    std::int64_t whole = 0;
    bool negative = false;
};

// Three-way comparison: negative, zero or positive. Exact between integers,
// and between an integer and a fraction whose whole part fits.
int compare(const number& x, const number& y);

// Reads the whole of `text` as a number: an optional sign and decimal digits
// with an optional fraction, or `0x` (any case) and hex digits. Nothing else
// is allowed, not even surrounding spaces. Never allocates.
std::optional<number> parse_number(std::string_view text);

} // namespace carl
