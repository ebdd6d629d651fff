// CIDR parsing and matching for network.hpp.
#include "network.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace carl {

std::optional<ip_address> parse_address(std::string_view text) {
    // inet_pton needs a terminated string; no address is longer than this.
    char buffer[64];
    if (text.empty() || text.size() >= sizeof buffer)
        return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';

    ip_address a;
    if (inet_pton(AF_INET, buffer, a.bytes.data()) == 1)
        return a;
    if (inet_pton(AF_INET6, buffer, a.bytes.data()) != 1)
        return std::nullopt;
    static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0,    0,
                                                0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.bytes.data(), mapped, sizeof mapped) == 0) {
        std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
        std::memset(a.bytes.data() + 4, 0, 12);
        return a;
    }
    a.v6 = true;
    return a;
}

std::optional<network> network::parse(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    auto base = parse_address(text.substr(0, slash));
    const auto digits = text.substr(slash + 1);
    unsigned prefix = 0;
    const auto r =
        std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (!base || digits.empty() || r.ec != std::errc() ||
        r.ptr != digits.data() + digits.size() ||
        prefix > (base->v6 ? 128u : 32u))
        return std::nullopt;

    network n;
    n.m_base = *base;
    n.m_prefix = prefix;
    n.m_text = std::string(text);
    return n;
}

bool network::contains(std::string_view address) const {
    const auto a = parse_address(address);
    if (!a || a->v6 != m_base.v6)
        return false;
    const unsigned whole = m_prefix / 8;
    if (std::memcmp(a->bytes.data(), m_base.bytes.data(), whole) != 0)
        return false;
    const unsigned rest = m_prefix % 8;
    if (rest == 0)
        return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a->bytes[whole] & mask) == (m_base.bytes[whole] & mask);
}

} // namespace carl
