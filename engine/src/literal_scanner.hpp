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

class literal_scanner {
public:
    literal_scanner() = default;

    // `literals` are folded to lower case, each at least two bytes long;
    // a literal's id is its index. Thread-safe once built (scan is const).
    explicit literal_scanner(std::vector<std::string> literals);

    std::size_t size() const { return m_literals.size(); }

    // Clears `hits` and sets the bit of every literal `text` contains.
    // Returns whether any was found.
    bool scan(std::string_view text, literal_hits& hits) const;

    // True when `text` holds a \u escape outside of an escaped backslash:
    // then any character may be written in a way no literal shows.
    static bool has_unicode_escape(std::string_view text);

private:
    bool scan_few(std::string_view text, literal_hits& hits) const;
    bool scan_many(std::string_view text, literal_hits& hits) const;
    void build_automaton();

    std::vector<std::string> m_literals;

    // Aho-Corasick as a dense automaton over byte classes: bytes that occur
    // in no literal share class 0, and both cases of a letter one class.
    std::uint8_t m_class[256] = {};
    std::uint32_t m_classes = 1;
    std::vector<std::uint32_t> m_next;    // state * m_classes + class
    std::vector<std::uint32_t> m_out_end; // state's outputs: [end(s-1), end(s))
    std::vector<std::uint32_t> m_outputs; // literal ids
};

} // namespace carl
