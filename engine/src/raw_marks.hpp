// What the prefilter (prefilter.cpp) reads off an event's raw JSON text
// without parsing it: whether a \u escape may hide a literal, and the event
// id, so that it knows which object:actions the event can be before it
// decides whether the event is worth decoding.
#pragma once

#include "carl/json_lines.hpp"

#include <cstdint>
#include <string_view>

namespace carl {

// The marks of one event's text, for one that no json_lines scan cut: a
// scan of the text alone, with `lines` as scratch. Thread-safe given a
// `lines` of its own.
line_marks find_marks(std::string_view json, bool keys, json_lines& lines);

// Whether the backslash at `at` starts a \u escape: an odd run of
// backslashes ends there. `text[at + 1]` must be 'u'.
bool escape_at(std::string_view text, std::size_t at);

// The length of the event id key around the 'v' at `at`, from its opening
// quote to past its closing one; 0 when there is none.
std::size_t key_length_at(std::string_view text, std::size_t at);

// True when `text` holds a byte outside ASCII.
bool has_non_ascii(std::string_view text);

enum class event_id_status : std::uint8_t {
    // Exactly one key json_decoder takes an event id from, with a plain
    // decimal value (a JSON number or a string of digits): `id`.
    found,
    // No such key anywhere: the decoder finds no event id either, so no
    // mapping routes the event.
    none,
    // Several such keys, or a value not read here (an object, a fraction,
    // padding): only decoding tells.
    unclear,
};

struct event_id_scan {
    event_id_status status = event_id_status::unclear;
    std::uint32_t id = 0;
};

// Reads the id after the keys `marks` found in `json` (a json_lines scan
// with keys), wherever they stand; a key is one when a ':' follows it. An id
// found is the one json_decoder reads if it reads any: the decoder takes
// an id only from these keys, and only where the scan sees them too.
// That holds for text with no \u escape (a key may be spelt with one),
// which the caller must check. Thread-safe.
event_id_scan read_event_id(std::string_view json, const line_marks& marks);

} // namespace carl
