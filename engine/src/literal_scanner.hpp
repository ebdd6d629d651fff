// One pass over an event's raw text, with Hyperscan, that reports which of
// many literals it contains, ignoring ASCII letter case. The prefilter
// (prefilter.cpp) builds the scanners; the evaluator runs them per line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace carl {

// A set of hits, one bit per literal id.
using literal_hits = std::vector<std::uint64_t>;

inline bool has_hit(const literal_hits& hits, std::uint32_t id) {
    return hits[id / 64] >> (id % 64) & 1;
}

class literal_scanner {
public:
    // Finds nothing and marks nothing.
    literal_scanner() = default;

    // `literals` are folded to lower case; a literal's id is its index.
    // With `escapes`, a scan also tells whether the text holds a \u escape
    // (outside of an escaped backslash), in the same pass. When Hyperscan
    // cannot build the scanner (an unsupported processor, no memory) ok()
    // is false. Thread-safe once built.
    explicit literal_scanner(std::vector<std::string> literals,
                             bool escapes = false);

    bool ok() const { return m_ok; }
    std::size_t size() const { return m_size; }

    // Hyperscan's scratch space: one per thread, for any number of
    // scanners, each of which must have prepared it.
    class scratch {
    public:
        scratch() = default;
        ~scratch();
        scratch(scratch&&) noexcept;
        scratch& operator=(scratch&&) noexcept;

    private:
        friend class literal_scanner;
        hs_scratch* m_space = nullptr;
    };

    // Grows `s` to serve this scanner too. False when out of memory.
    bool prepare(scratch& s) const;

    // Clears `hits` and sets the bit of every literal `text` contains, and
    // `escape`, when given to a scanner built with escapes, to whether the
    // text holds a \u escape. False when the scan could not run (a scratch
    // not prepared): then nothing is known of the text.
    bool scan(std::string_view text, literal_hits& hits, scratch& s,
              bool* escape = nullptr) const;

    // Whether some bit of `hits` is set.
    static bool any(const literal_hits& hits);

private:
    std::shared_ptr<const hs_database> m_database;
    std::size_t m_size = 0;
    bool m_escapes = false;
    bool m_ok = true;
};

} // namespace carl
