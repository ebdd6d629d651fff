// Comparing, computing and hashing data, for datum.hpp.
#include "datum.hpp"

#include "../number.hpp"
#include "../pattern.hpp"

#include <cmath>
#include <cstdio>

namespace carl::stateful {
namespace {

bool timed(const datum& d) {
    return d.kind == datum_kind::time || d.kind == datum_kind::duration;
}

// A time or duration on one side and text on the other: the text read as
// the same kind (a timestamp, or a duration such as "1 hour").
std::optional<nanos> as_nanos(const datum& d, datum_kind kind) {
    if (d.kind == kind)
        return d.ns;
    if (d.kind != datum_kind::text)
        return std::nullopt;
    return kind == datum_kind::time ? parse_time(d.text)
                                    : parse_duration(d.text);
}

template <typename T> int order(T x, T y) {
    return (x > y) - (x < y);
}

} // namespace

std::optional<double> to_number(const datum& d) {
    if (d.kind == datum_kind::number)
        return d.number;
    if (d.kind == datum_kind::text)
        if (auto n = parse_number(d.text))
            return n->real;
    return std::nullopt;
}

datum datum::of_text(std::string_view text) {
    datum d;
    d.kind = datum_kind::text;
    d.text = text;
    return d;
}

datum datum::of_number(double number) {
    datum d;
    d.kind = datum_kind::number;
    d.number = number;
    return d;
}

datum datum::of_time(carl::nanos time) {
    datum d;
    d.kind = datum_kind::time;
    d.ns = time;
    return d;
}

datum datum::of_duration(carl::nanos duration) {
    datum d;
    d.kind = datum_kind::duration;
    d.ns = duration;
    return d;
}

std::optional<int> compare(const datum& x, const datum& y) {
    if (!x.present() || !y.present())
        return std::nullopt;
    if (timed(x) || timed(y)) {
        const datum_kind kind = timed(x) ? x.kind : y.kind;
        const auto nx = as_nanos(x, kind), ny = as_nanos(y, kind);
        if (!nx || !ny)
            return std::nullopt;
        return order(*nx, *ny);
    }
    const auto nx = to_number(x), ny = to_number(y);
    if (nx && ny)
        return order(*nx, *ny);
    if (x.kind == datum_kind::text && y.kind == datum_kind::text)
        return compare_folded(x.text, y.text);
    return std::nullopt;
}

datum add(const datum& x, const datum& y) {
    if (x.kind == datum_kind::time && y.kind == datum_kind::duration)
        return datum::of_time(x.ns + y.ns);
    if (x.kind == datum_kind::duration && y.kind == datum_kind::time)
        return datum::of_time(x.ns + y.ns);
    if (x.kind == datum_kind::duration && y.kind == datum_kind::duration)
        return datum::of_duration(x.ns + y.ns);
    const auto nx = to_number(x), ny = to_number(y);
    if (nx && ny && !timed(x) && !timed(y))
        return datum::of_number(*nx + *ny);
    return {};
}

datum subtract(const datum& x, const datum& y) {
    if (x.kind == datum_kind::time && y.kind == datum_kind::time)
        return datum::of_duration(x.ns - y.ns);
    if (x.kind == datum_kind::time && y.kind == datum_kind::duration)
        return datum::of_time(x.ns - y.ns);
    if (x.kind == datum_kind::duration && y.kind == datum_kind::duration)
        return datum::of_duration(x.ns - y.ns);
    const auto nx = to_number(x), ny = to_number(y);
    if (nx && ny && !timed(x) && !timed(y))
        return datum::of_number(*nx - *ny);
    return {};
}

datum multiply(const datum& x, const datum& y) {
    const datum& span = x.kind == datum_kind::duration ? x : y;
    const datum& factor = x.kind == datum_kind::duration ? y : x;
    const auto n = to_number(factor);
    if (span.kind == datum_kind::duration && n)
        return datum::of_duration(static_cast<nanos>(
            std::llround(static_cast<double>(span.ns) * *n)));
    const auto nx = to_number(x), ny = to_number(y);
    if (nx && ny)
        return datum::of_number(*nx * *ny);
    return {};
}

datum divide(const datum& x, const datum& y) {
    const auto ny = to_number(y);
    if (x.kind == datum_kind::duration && ny && *ny != 0)
        return datum::of_duration(
            static_cast<nanos>(std::llround(static_cast<double>(x.ns) / *ny)));
    if (x.kind == datum_kind::duration && y.kind == datum_kind::duration &&
        y.ns != 0)
        return datum::of_number(static_cast<double>(x.ns) /
                                static_cast<double>(y.ns));
    const auto nx = to_number(x);
    if (nx && ny && *ny != 0)
        return datum::of_number(*nx / *ny);
    return {};
}

std::string to_text(const datum& d) {
    switch (d.kind) {
    case datum_kind::absent:
        return "";
    case datum_kind::text:
        return d.text;
    case datum_kind::time:
        return format_time(d.ns);
    case datum_kind::duration:
        return format_duration(d.ns);
    case datum_kind::number:
        break;
    }
    if (std::floor(d.number) == d.number && std::fabs(d.number) < 1e15)
        return std::to_string(static_cast<std::int64_t>(d.number));
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%.6g", d.number);
    return std::string(text, n);
}

void append_key(std::string& key, const datum& d) {
    if (d.kind == datum_kind::time || d.kind == datum_kind::duration) {
        key += std::to_string(d.ns);
    } else if (auto n = to_number(d)) {
        key += std::floor(*n) == *n ? std::to_string(std::int64_t(*n))
                                    : std::to_string(*n);
    } else if (d.kind == datum_kind::text) {
        for (char c : d.text)
            key += fold(c);
    }
    key += '\x1f';
}

} // namespace carl::stateful
