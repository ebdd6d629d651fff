// An event's id read off its raw JSON text without parsing it, so that the
// prefilter (prefilter.cpp) knows which object:actions an event can be
// before it decides whether the event is worth decoding.
#pragma once

#include <cstdint>
#include <string_view>

namespace carl {

enum class event_id_status : std::uint8_t {
    // Exactly one key json_decoder takes an event id from, with a plain
    // decimal value (a JSON number or a string of digits): `id`.
    found,
    // No such key anywhere: the decoder finds no event id either, so no
    // mapping routes the event.
    none,
    // Several such keys, or a value the scan does not read (an object, a
    // fraction, padding): only decoding tells.
    unclear,
};

struct event_id_scan {
    event_id_status status = event_id_status::unclear;
    std::uint32_t id = 0;
};

// Finds the keys "EventID", "EventId", "EventCode" and "event_id" wherever
// they stand in `json`. An id found is the one json_decoder reads if it
// reads any: the decoder takes an id only from these keys, and only where
// the scan sees them too. That holds for text with no \u escape (a key may
// be spelt with one), which the caller must check. Thread-safe.
event_id_scan scan_event_id(std::string_view json);

} // namespace carl
