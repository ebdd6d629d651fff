// Reading and writing times and durations, for time.hpp. Dates convert with
// the days-from-civil arithmetic of the proleptic Gregorian calendar.
#include "carl/time.hpp"

#include <cstdio>

namespace carl {
namespace {

// Reads exactly `count` digits at `at`, moving past them.
bool digits(std::string_view text, std::size_t& at, int count, int& out) {
    if (at + count > text.size())
        return false;
    out = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + (c - '0');
    }
    at += count;
    return true;
}

bool expect(std::string_view text, std::size_t& at, char c) {
    if (at >= text.size() || text[at] != c)
        return false;
    ++at;
    return true;
}

bool leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : days[month - 1];
}

// Days since 1970-01-01 of a valid date.
std::int64_t days_from_civil(int year, int month, int day) {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = static_cast<int>(year - era * 400);
    const int day_of_year =
        (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int day_of_era = static_cast<int>(days - era * 146097);
    const int year_of_era = (day_of_era - day_of_era / 1460 +
                             day_of_era / 36524 - day_of_era / 146096) /
                            365;
    const int day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int mp = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(year_of_era + era * 400) + (month <= 2);
}

// ".879", ",8790000": nanoseconds from the first nine digits.
bool fraction(std::string_view text, std::size_t& at, nanos& out) {
    out = 0;
    if (at >= text.size() || (text[at] != '.' && text[at] != ','))
        return true;
    ++at;
    nanos scale = nanos_per_second;
    const std::size_t first = at;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
        scale /= 10;
        out += (text[at] - '0') * scale;
    }
    return at > first;
}

// "Z", "+01:00", "-0130" or nothing (UTC): the offset east of UTC.
bool zone(std::string_view text, std::size_t& at, nanos& offset) {
    offset = 0;
    if (at == text.size())
        return true;
    if (text[at] == 'Z' || text[at] == 'z')
        return ++at == text.size();
    if (text[at] != '+' && text[at] != '-')
        return false;
    const int sign = text[at++] == '-' ? -1 : 1;
    int hours = 0, minutes = 0;
    if (!digits(text, at, 2, hours))
        return false;
    if (at < text.size() && text[at] == ':')
        ++at;
    if (!digits(text, at, 2, minutes) || hours > 23 || minutes > 59)
        return false;
    offset = sign * (hours * 3600 + minutes * 60) * nanos_per_second;
    return at == text.size();
}

struct unit_name {
    std::string_view name;
    nanos length;
};

constexpr nanos minute = 60 * nanos_per_second;
constexpr nanos hour = 60 * minute;
constexpr nanos day = 24 * hour;

const unit_name units[] = {
    {"ns", 1},
    {"nanosecond", 1},
    {"us", 1000},
    {"microsecond", 1000},
    {"ms", 1'000'000},
    {"msec", 1'000'000},
    {"millisecond", 1'000'000},
    {"s", nanos_per_second},
    {"sec", nanos_per_second},
    {"second", nanos_per_second},
    {"m", minute},
    {"min", minute},
    {"minute", minute},
    {"h", hour},
    {"hr", hour},
    {"hour", hour},
    {"d", day},
    {"day", day},
    {"w", 7 * day},
    {"week", 7 * day},
};

bool equals_folded(std::string_view x, std::string_view y) {
    if (x.size() != y.size())
        return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        char c = x[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != y[i])
            return false;
    }
    return true;
}

} // namespace

std::optional<nanos> parse_time(std::string_view text) {
    std::size_t at = 0;
    int year = 0, month = 0, mday = 0, hours = 0, minutes = 0, seconds = 0;
    const bool shaped =
        digits(text, at, 4, year) && expect(text, at, '-') &&
        digits(text, at, 2, month) && expect(text, at, '-') &&
        digits(text, at, 2, mday) && at < text.size() &&
        (text[at] == ' ' || text[at] == 'T' || text[at] == 't') &&
        digits(text, ++at, 2, hours) && expect(text, at, ':') &&
        digits(text, at, 2, minutes) && expect(text, at, ':') &&
        digits(text, at, 2, seconds);
    if (!shaped || month < 1 || month > 12 || mday < 1 ||
        mday > days_in_month(year, month) || hours > 23 || minutes > 59 ||
        seconds > 60)
        return std::nullopt;

    nanos fine = 0, offset = 0;
    if (!fraction(text, at, fine) || !zone(text, at, offset))
        return std::nullopt;
    const std::int64_t whole = days_from_civil(year, month, mday) * 86400 +
                               hours * 3600 + minutes * 60 + seconds;
    return whole * nanos_per_second + fine - offset;
}

std::string format_time(nanos time) {
    std::int64_t seconds = time / nanos_per_second;
    nanos fine = time % nanos_per_second;
    if (fine < 0) {
        fine += nanos_per_second;
        --seconds;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int year = 0, month = 0, mday = 0;
    civil_from_days(days, year, month, mday);

    char text[48];
    int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d",
                          year, month, mday, static_cast<int>(rest / 3600),
                          static_cast<int>(rest / 60 % 60),
                          static_cast<int>(rest % 60));
    if (fine % 1'000'000 == 0 && fine)
        n += std::snprintf(text + n, sizeof text - n, ".%03d",
                           static_cast<int>(fine / 1'000'000));
    else if (fine % 1000 == 0 && fine)
        n += std::snprintf(text + n, sizeof text - n, ".%06d",
                           static_cast<int>(fine / 1000));
    else if (fine)
        n += std::snprintf(text + n, sizeof text - n, ".%09d",
                           static_cast<int>(fine));
    return std::string(text, n) + "Z";
}

std::optional<nanos> duration_unit(std::string_view unit) {
    // A plural is the singular with an `s`: "hours", "secs".
    for (int plural = 0; plural < 2; ++plural) {
        for (const unit_name& u : units)
            if (equals_folded(unit, u.name))
                return u.length;
        if (unit.size() < 3 || (unit.back() != 's' && unit.back() != 'S'))
            return std::nullopt;
        unit.remove_suffix(1);
    }
    return std::nullopt;
}

std::optional<nanos> parse_duration(std::string_view text) {
    std::size_t at = 0;
    __int128 whole = 0, fine = 0, scale = 1;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at)
        if ((whole = whole * 10 + (text[at] - '0')) > (__int128(1) << 80))
            return std::nullopt;
    if (at == 0)
        return std::nullopt;
    if (at < text.size() && text[at] == '.') {
        for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9';
             ++at) {
            if (scale > 1'000'000'000'000'000)
                return std::nullopt;
            fine = fine * 10 + (text[at] - '0');
            scale *= 10;
        }
    }
    while (at < text.size() && text[at] == ' ')
        ++at;

    const auto unit = duration_unit(text.substr(at));
    if (!unit)
        return std::nullopt;
    const __int128 exact = whole * *unit + fine * *unit / scale;
    if (fine * *unit % scale != 0 || exact > INT64_MAX)
        return std::nullopt;
    return static_cast<nanos>(exact);
}

std::string format_duration(nanos duration) {
    static const unit_name named[] = {
        {"week", 7 * day},
        {"day", day},
        {"hour", hour},
        {"minute", minute},
        {"second", nanos_per_second},
        {"millisecond", 1'000'000},
        {"microsecond", 1000},
        {"nanosecond", 1},
    };
    if (duration == 0)
        return "0 seconds";
    for (const unit_name& u : named) {
        if (duration % u.length != 0)
            continue;
        const nanos count = duration / u.length;
        return std::to_string(count) + " " + std::string(u.name) +
               (count == 1 || count == -1 ? "" : "s");
    }
    return std::to_string(duration) + " nanoseconds";
}

} // namespace carl
