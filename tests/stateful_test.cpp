// The stateful runtime on its own: times, durations, data, and the join,
// group, difference and hold operators fed rows by hand. One row per case.
#include "stateful/buffered.hpp"
#include "stateful/group.hpp"
#include "stateful/join.hpp"

#include <doctest/doctest.h>

#include <string>

namespace st = carl::stateful;
using carl::nanos;

namespace {

constexpr nanos second = carl::nanos_per_second;

// A row of one text cell (the key) at `time` seconds, tagged by `tag` in a
// second cell so that tests can say which rows came out.
st::row make_row(const char* key, double seconds, const char* tag = "") {
    st::row r;
    r.time = static_cast<nanos>(seconds * second);
    r.cells = {st::datum::of_text(key), st::datum::of_text(tag)};
    return r;
}

// "a1+b2 a3+b2": the tags of each emitted pair.
std::string tags(const std::vector<st::row>& rows) {
    std::string out;
    for (const st::row& r : rows) {
        out += out.empty() ? "" : " ";
        for (std::size_t c = 1; c < r.cells.size(); c += 2)
            out += (c > 1 ? "+" : "") + r.cells[c].text;
    }
    return out;
}

} // namespace

TEST_CASE("event times are read from the shapes logs write") {
    struct row {
        const char* text;
        bool ok;
        nanos expected; // since the epoch
    };
    const nanos base = 1796029379 * second; // 2026-11-30T09:02:59Z
    const row rows[] = {
        {"2026-11-30 09:02:59.879", true, base + 879'000'000},
        {"2026-11-30T09:02:59.879Z", true, base + 879'000'000},
        {"2026-11-30T09:02:59.8790000Z", true, base + 879'000'000},
        {"2026-11-30T09:02:59.123456789Z", true, base + 123'456'789},
        {"2026-11-30T09:02:59Z", true, base},
        {"2026-11-30 09:02:59", true, base},
        {"2026-11-30T10:02:59+01:00", true, base},
        {"2026-11-30T08:32:59-0030", true, base},
        {"2026-11-30T09:02:59,5Z", true, base + 500'000'000},
        {"1970-01-01T00:00:00Z", true, 0},
        {"1969-12-31T23:59:59Z", true, -second},
        {"2024-02-29T00:00:00Z", true, 1709164800 * second},
        {"2026-02-29T00:00:00Z", false, 0},
        {"2026-13-01T00:00:00Z", false, 0},
        {"2026-11-30T24:00:00Z", false, 0},
        {"2026-11-30T09:02:59.Z", false, 0},
        {"2026-11-30T09:02:59Zjunk", false, 0},
        {"2026-11-30", false, 0},
        {"30/11/2026 09:02:59", false, 0},
        {"", false, 0},
    };
    for (const row& r : rows) {
        const std::string text = r.text;
        CAPTURE(text);
        const auto t = carl::parse_time(r.text);
        REQUIRE(t.has_value() == r.ok);
        if (r.ok)
            CHECK(*t == r.expected);
    }
}

TEST_CASE("times print back in ISO 8601, as short as exact") {
    struct row {
        const char* in;
        const char* out;
    };
    const row rows[] = {
        {"2026-11-30 09:02:59.879", "2026-11-30T09:02:59.879Z"},
        {"2026-11-30 09:02:59", "2026-11-30T09:02:59Z"},
        {"2026-11-30 09:02:59.000123", "2026-11-30T09:02:59.000123Z"},
        {"2026-11-30 09:02:59.000000007", "2026-11-30T09:02:59.000000007Z"},
        {"1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"},
        {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"},
    };
    for (const row& r : rows) {
        const std::string in = r.in;
        CAPTURE(in);
        CHECK(carl::format_time(*carl::parse_time(r.in)) == r.out);
    }
}

TEST_CASE("durations are exact") {
    struct row {
        const char* text;
        bool ok;
        nanos expected;
    };
    const row rows[] = {
        {"1 hour", true, 3600 * second},
        {"2 seconds", true, 2 * second},
        {"1sec", true, second},
        {"1 Second", true, second},
        {"30 minutes", true, 1800 * second},
        {"30 mins", true, 1800 * second},
        {"1 day", true, 86400 * second},
        {"2 weeks", true, 14 * 86400 * second},
        {"250ms", true, 250'000'000},
        {"1.5 hours", true, 5400 * second},
        {"0.1 seconds", true, 100'000'000},
        {"0.0000000001 seconds", false, 0},
        {"1 fortnight", false, 0},
        {"hour", false, 0},
        {"1", false, 0},
        {"99999999999 weeks", false, 0},
    };
    for (const row& r : rows) {
        const std::string text = r.text;
        CAPTURE(text);
        const auto d = carl::parse_duration(r.text);
        REQUIRE(d.has_value() == r.ok);
        if (r.ok)
            CHECK(*d == r.expected);
    }
}

TEST_CASE("data compare and compute the CAR way") {
    using st::datum;
    const datum t0 = datum::of_time(100 * second);
    const datum t1 = datum::of_time(160 * second);
    const datum minute = datum::of_duration(60 * second);
    struct row {
        const char* name;
        std::optional<int> order;
        std::optional<int> expected;
    };
    const row rows[] = {
        {"text ignores case",
         compare(datum::of_text("WS01"), datum::of_text("ws01")), 0},
        {"numbers as numbers",
         compare(datum::of_text("10"), datum::of_text("9")), 1},
        {"hex text is a number",
         compare(datum::of_text("0x10"), datum::of_number(16)), 0},
        {"times in order", compare(t0, t1), -1},
        {"text read as a time",
         compare(datum::of_text("1970-01-01 00:01:40"), t0), 0},
        {"time minus time is a duration", compare(subtract(t1, t0), minute), 0},
        {"time plus a duration", compare(add(t0, minute), t1), 0},
        {"twice a minute",
         compare(multiply(minute, datum::of_number(2)),
                 datum::of_duration(120 * second)),
         0},
        {"an absent operand", compare(datum{}, t0), std::nullopt},
        {"a time and a number", compare(t0, datum::of_number(3)), std::nullopt},
    };
    for (const row& r : rows) {
        const std::string name = r.name;
        CAPTURE(name);
        CHECK(r.order == r.expected);
    }
    CHECK(!subtract(t0, datum::of_number(1)).present());
    CHECK(!divide(datum::of_number(1), datum::of_number(0)).present());
    CHECK(to_text(datum::of_number(2.5)) == "2.5");
    CHECK(to_text(datum::of_number(3)) == "3");
    CHECK(to_text(minute) == "1 minute");
}

TEST_CASE("a join pairs equal keys within its window, in any order") {
    // The window of `a.time < b.time < a.time + 1 second`: d = b - a in
    // (0, 1s). Each row is (side, key, seconds, tag).
    struct input {
        int side;
        const char* key;
        double seconds;
        const char* tag;
    };
    struct row {
        const char* name;
        std::vector<input> inputs;
        nanos lateness;
        const char* expected;
        std::uint64_t late;
    };
    const row rows[] = {
        {"in order", {{0, "h", 10, "a"}, {1, "h", 10.5, "b"}}, 0, "a+b", 0},
        {"keys differ", {{0, "h", 10, "a"}, {1, "g", 10.5, "b"}}, 0, "", 0},
        {"keys ignore case",
         {{0, "H", 10, "a"}, {1, "h", 10.5, "b"}},
         0,
         "a+b",
         0},
        {"right before left in time",
         {{0, "h", 10, "a"}, {1, "h", 9.5, "b"}},
         0,
         "",
         1},
        {"at the lower edge (strict)",
         {{0, "h", 10, "a"}, {1, "h", 10, "b"}},
         0,
         "",
         0},
        {"at the upper edge (strict)",
         {{0, "h", 10, "a"}, {1, "h", 11, "b"}},
         0,
         "",
         0},
        {"just inside the upper edge",
         {{0, "h", 10, "a"}, {1, "h", 10.999, "b"}},
         0,
         "a+b",
         0},
        {"out of order, within the lateness",
         {{1, "h", 10.5, "b"}, {0, "h", 10, "a"}},
         second,
         "a+b",
         0},
        {"out of order, no lateness: the right row had expired",
         {{1, "h", 10.5, "b"}, {0, "h", 10, "a"}},
         0,
         "",
         1},
        {"one left, two rights",
         {{0, "h", 10, "a"}, {1, "h", 10.2, "b"}, {1, "h", 10.4, "c"}},
         0,
         "a+b a+c",
         0},
        {"two lefts, one right",
         {{0, "h", 10, "a"}, {0, "h", 10.5, "c"}, {1, "h", 10.7, "b"}},
         0,
         "a+b c+b",
         0},
        {"a left expires once the stream passes its window",
         {{0, "h", 10, "a"}, {1, "x", 12, "z"}, {1, "h", 10.5, "b"}},
         0,
         "",
         1},
        {"late, but the left is still held",
         {{0, "h", 10, "a"}, {1, "x", 10.8, "z"}, {1, "h", 10.5, "b"}},
         0,
         "a+b",
         1},
    };
    for (const row& r : rows) {
        const std::string name = r.name;
        CAPTURE(name);
        st::join_spec spec;
        spec.left_keys = {0};
        spec.right_keys = {0};
        spec.left_columns = 2;
        spec.lower = 0;
        spec.lower_strict = true;
        spec.upper = second;
        spec.upper_strict = true;
        st::limits limits;
        limits.lateness = r.lateness;
        st::join_state join(spec, limits);
        std::vector<st::row> out;
        for (const input& in : r.inputs)
            join.push(in.side, make_row(in.key, in.seconds, in.tag), {},
                      [&](st::row pair) { out.push_back(std::move(pair)); });
        CHECK(tags(out) == r.expected);
        CHECK(join.stats().late == r.late);
    }
}

TEST_CASE("a join's state stays within its window and its limit") {
    st::join_spec spec;
    spec.left_keys = {0};
    spec.right_keys = {0};
    spec.lower = 0;
    spec.upper = second;
    st::limits limits;
    limits.state_limit = 50;
    st::join_state join(spec, limits);

    // Ten rows a second for 100 seconds: a one-second window holds about
    // ten, whatever the length of the stream.
    int pairs = 0;
    for (int i = 0; i < 1000; ++i)
        join.push(i % 2, make_row("h", i / 10.0), {},
                  [&](st::row) { ++pairs; });
    CHECK(join.stats().peak <= 12);
    CHECK(join.stats().evicted == 0);
    CHECK(pairs > 0);

    // No window: only the limit bounds it, and it says what it dropped.
    st::join_spec unbounded;
    unbounded.left_keys = {0};
    unbounded.right_keys = {0};
    st::join_state everything(unbounded, limits);
    for (int i = 0; i < 1000; ++i)
        everything.push(0, make_row(std::to_string(i).c_str(), i), {},
                        [](st::row) {});
    CHECK(everything.stats().peak == 50);
    CHECK(everything.stats().evicted == 950);
}

TEST_CASE("a timed join skips rows without a time and counts them") {
    st::join_spec spec;
    spec.left_keys = {0};
    spec.right_keys = {0};
    spec.upper = second;
    st::limits limits;
    st::join_state join(spec, limits);
    st::row r = make_row("h", 1);
    r.time.reset();
    join.push(0, r, {}, [](st::row) {});
    CHECK(join.stats().untimed == 1);
    CHECK(join.stats().held == 0);
}
