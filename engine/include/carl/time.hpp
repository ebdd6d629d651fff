// Event times as nanoseconds since the Unix epoch, and CAR's durations
// (`1 hour`, `2 seconds`, `1sec`) read exactly; for stateful analytics and
// for programs that set stream_options (carl.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carl {

// Nanoseconds: a point in time since 1970-01-01T00:00:00Z, or a duration.
using nanos = std::int64_t;

inline constexpr nanos nanos_per_second = 1'000'000'000;

// Reads a timestamp as logs write it, in UTC unless it says otherwise:
//   Sysmon UtcTime          2026-11-30 09:02:59.879
//   ISO 8601, @timestamp    2026-11-30T09:02:59.879Z, ...+01:00, ...+0100
//   EVTX SystemTime         2026-11-30T09:02:59.8790000Z
// The fraction may have any number of digits (the first nine count) and a
// ',' instead of '.'. Returns nothing for anything else, including invalid
// dates such as February 30. Never allocates; thread-safe.
std::optional<nanos> parse_time(std::string_view text);

// "2026-11-30T09:02:59.879Z": UTC, with the fraction only as long as it
// needs to be (none, 3, 6 or 9 digits).
std::string format_time(nanos time);

// The length of one `unit` as CAR writes it, in any letter case: ns, us, ms,
// millisecond(s), s, sec(s), second(s), m, min(s), minute(s), h, hr(s),
// hour(s), d, day(s), w, week(s). Nothing when unknown.
std::optional<nanos> duration_unit(std::string_view unit);

// "1 hour", "2 seconds", "1sec", "1.5 hours", "250ms": a decimal number, then
// spaces or none, then a unit. Exact: 1.5 hours is 5400 seconds with no
// rounding; a fraction finer than a nanosecond, or an overflow, is refused.
std::optional<nanos> parse_duration(std::string_view text);

// "1 hour", "90 minutes", "1500 milliseconds": in the largest unit that
// divides it exactly, for messages and `carl disasm`.
std::string format_duration(nanos duration);

} // namespace carl
