// IP networks in CIDR notation (`10.0.0.0/8`, `fe80::/10`), as CAR writes
// them in lists of addresses; test.cpp uses them for `in` and `==` tests.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carl {

// An IPv4 or IPv6 address, IPv4 kept in the first four bytes.
struct ip_address {
    std::array<std::uint8_t, 16> bytes{};
    bool v6 = false;
};

// Parses a textual address; an IPv4-mapped IPv6 address (::ffff:1.2.3.4)
// reads as IPv4. Returns nothing for anything else.
std::optional<ip_address> parse_address(std::string_view text);

class network {
public:
    // Parses `address/prefix`; nothing when malformed or the prefix is
    // longer than the address.
    static std::optional<network> parse(std::string_view text);

    // Whether `address` (text, as an event holds it) lies inside.
    bool contains(std::string_view address) const;

    const std::string& text() const { return m_text; }

private:
    ip_address m_base;
    unsigned m_prefix = 0;
    std::string m_text;
};

} // namespace carl
