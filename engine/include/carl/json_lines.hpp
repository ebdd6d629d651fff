// JSON lines cut in one SIMD pass that also notes, for each line, what the
// prefilter reads off its raw text (\u escapes, the keys an event id is read
// from), so that evaluator::evaluate_json need not read the line again.
// The chunk reader of `carl hunt` (cli/parallel_lines.*) uses it; so may a
// program that splits JSON lines itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace carl {

// What the prefilter reads off one line's raw text.
struct line_marks {
    // A \u escape outside of an escaped backslash: then any character may
    // be written in a way no literal shows.
    bool unicode_escape = false;
    // Where the keys "EventID", "EventId", "EventCode" and "event_id" end
    // (just past the closing quote), from the line's start, in text order:
    // `keys` counts them all, `key_end` holds the first few. Not known when
    // the scan did not look for them: then the prefilter looks itself.
    // `non_ascii` is known with them: a byte past ASCII, which RE2 may fold
    // to an ASCII letter (the Kelvin sign to 'k').
    bool keys_known = true;
    bool non_ascii = false;
    static constexpr std::size_t kept_keys = 4;
    std::uint32_t keys = 0;
    std::uint32_t key_end[kept_keys] = {};
};

class json_lines {
public:
    // Finds the line breaks, \u escapes and, with `keys`, the event id keys
    // and bytes past ASCII of text[from, to); offsets count from `text`,
    // which must stay valid while marks_of() is asked. Keeps its buffers
    // from call to call. At most 4 GiB of text.
    // program_set::wants_line_keys() says whether the keys are worth the
    // scan's time.
    void scan(const char* text, std::size_t from, std::size_t to,
              bool keys = true);

    // The offsets of the line breaks found, in order.
    const std::vector<std::uint32_t>& breaks() const { return m_breaks; }

    // The marks of the line text[begin, end), a line the last scan covered
    // (between breaks: `end` is a break or the scan's end). Lines must be
    // asked in increasing order; each call moves on past the line.
    line_marks marks_of(std::size_t begin, std::size_t end);

private:
    const char* m_text = nullptr;
    std::vector<std::uint32_t> m_breaks;
    std::vector<std::uint32_t> m_escapes;  // where a \u escape starts
    std::vector<std::uint32_t> m_key_ends; // past an event id key
    // Bytes past ASCII: at least the first of each line that has one.
    std::vector<std::uint32_t> m_non_ascii;
    std::size_t m_next_escape = 0, m_next_key = 0, m_next_non_ascii = 0;
    bool m_keys = true;
};

} // namespace carl
