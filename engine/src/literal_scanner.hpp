// One pass over an event's raw text that reports which of many literals it
// contains, ignoring ASCII letter case. The prefilter (prefilter.cpp) gives
// it the literals the loaded analytics need; the evaluator runs it per line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

// A set of hits, one bit per literal id.
using literal_hits = std::vector<std::uint64_t>;

// The first place of `lower` (two bytes or more) in [begin, end), ignoring
// ASCII letter case when `fold_case` (then `lower` is folded); null if it
// does not occur. Searches 16 or 32 bytes at a time where it can.
const char* find_literal(const char* begin, const char* end,
                         std::string_view lower, bool fold_case);

class literal_scanner {
public:
    literal_scanner() = default;

    // `literals` are folded to lower case, each at least three bytes long;
    // a literal's id is its index. Thread-safe once built (scan is const).
    explicit literal_scanner(std::vector<std::string> literals);

    std::size_t size() const { return m_literals.size(); }

    // Up to this many literals are each found with a SIMD search, at a
    // fraction of the cost of decoding; more share a slower scalar pass.
    static constexpr std::size_t few = 4;

    // Clears `hits` and sets the bit of every literal `text` contains.
    // Returns whether any was found.
    bool scan(std::string_view text, literal_hits& hits) const;

    // True when `text` holds a \u escape outside of an escaped backslash:
    // then any character may be written in a way no literal shows.
    static bool has_unicode_escape(std::string_view text);

    // True when `text` holds a byte outside ASCII.
    static bool has_non_ascii(std::string_view text);

private:
    bool scan_few(std::string_view text, literal_hits& hits) const;
    bool scan_many(std::string_view text, literal_hits& hits) const;
    bool verify(const char* at, std::size_t room, std::uint32_t key,
                literal_hits& hits) const;
    void build_index();
    static std::uint32_t pair_key(const char* p); // two bytes, folded

    std::vector<std::string> m_literals;

    // For many literals: a bit per pair key that starts some literal, one
    // per pair key at its second byte, and per starting key the literal ids
    // in m_ids[m_bucket[key], m_bucket[key + 1]).
    std::vector<std::uint64_t> m_first;
    std::vector<std::uint64_t> m_second;
    std::vector<std::uint32_t> m_bucket;
    std::vector<std::uint32_t> m_ids;
};

} // namespace carl
