// The prefilter: from each compiled program, the literals an event's raw JSON
// text must contain for it to match, so that the evaluator (program_set.cpp)
// skips most events before decoding them and most programs after.
//
// Soundness is the point: a skipped event can never match. The literals come
// from `=`, `in` and `match` tests on fields whose mapped value is a piece of
// one raw JSON string (copied, basename, a hash out of a list), split
// wherever JSON may write a character escaped (`"`, `\`, `/`, control
// characters), and compared ignoring ASCII case as the VM does. An event holding a \u escape,
// or not shaped like one JSON object, is never skipped; nor is one with a
// non-ASCII byte when a regex gave literals (RE2 folds case beyond ASCII).
#pragma once

#include "carl/mapping.hpp"
#include "literal_scanner.hpp"
#include "program.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

class prefilter {
public:
    // Inactive: every event is decoded and every routed program run.
    prefilter() = default;

    // Derives the literals of `programs` (program i is rule i), whose fields
    // `mappings` fill. Each program must have passed verify().
    prefilter(const std::vector<const predicate*>& programs,
              const mapping_set& mappings);

    // False when some program needs no literal at all: every event may then
    // match it, and scanning would only cost time.
    bool active() const { return m_active; }

    // Scans one event's raw JSON text. Sets possible[i] to 1 for each rule
    // that may match it, 0 for the others, and returns false when none may,
    // so that the event need not be decoded. `hits` is scratch space.
    // Thread-safe: state lives in the caller's buffers.
    bool scan(std::string_view json, std::vector<std::uint8_t>& possible,
              literal_hits& hits) const;

    // The literals of rule `rule`, one of which its events contain (folded);
    // empty when the rule needs none or can never match. For tests.
    std::vector<std::string> literals_of(std::size_t rule) const;

private:
    literal_scanner m_scanner;
    std::vector<std::string> m_literals;
    // Per rule, the ids of its literals; empty when it needs none.
    std::vector<std::vector<std::uint32_t>> m_rule_literals;
    bool m_active = false;
    bool m_ascii_only = false; // decode every line with a non-ASCII byte
};

class program_set;

// The prefilter a program set was compiled with; for tests.
const prefilter& prefilter_of(const program_set& programs);

} // namespace carl
