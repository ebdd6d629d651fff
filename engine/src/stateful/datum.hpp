// The values that flow between stateful operators: a field's text, a number
// (a count, an average), a time or a duration. Rows (row.hpp) are made of
// them; row_expr.cpp computes with them and the operators hash them as keys.
#pragma once

#include "carl/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carl::stateful {

enum class datum_kind : std::uint8_t {
    absent,   // the field was not in the event, or a result is undefined
    text,     // as the log wrote it: `text`
    number,   // `number`
    time,     // `ns` since the epoch
    duration, // `ns`
};

struct datum {
    datum_kind kind = datum_kind::absent;
    std::string text;
    double number = 0;
    nanos ns = 0; // time, duration

    static datum of_text(std::string_view text);
    static datum of_number(double number);
    static datum of_time(carl::nanos time);
    static datum of_duration(carl::nanos duration);

    bool present() const { return kind != datum_kind::absent; }
};

// A three-way comparison the CAR way: numbers as numbers (text that reads as
// a number counts as one), times and durations by value (text that reads as
// a time counts as one), text ignoring letter case. Nothing when either is
// absent or the two cannot be compared (a time and a number).
std::optional<int> compare(const datum& x, const datum& y);

// A number, or text that reads as one (number.hpp); nothing otherwise.
std::optional<double> to_number(const datum& d);

// Arithmetic as `latest_time - earliest_time` or `now - 1 day` needs it:
// time - time is a duration, time +/- duration a time, numbers as numbers,
// a number times or divided into a duration a duration. Anything else, an
// absent operand or a division by zero gives an absent datum.
datum add(const datum& x, const datum& y);
datum subtract(const datum& x, const datum& y);
datum multiply(const datum& x, const datum& y);
datum divide(const datum& x, const datum& y);

// The datum as text, for output: times in ISO 8601 (format_time), durations
// in seconds, numbers without a needless fraction ("3", "2.5").
std::string to_text(const datum& d);

// Appends a form of `d` that is equal for data that compare equal as join
// and group keys: text folded to lower case, numbers in decimal, times and
// durations as nanoseconds. Each part ends with a separator byte so that
// keys of several fields cannot run together.
void append_key(std::string& key, const datum& d);

} // namespace carl::stateful
