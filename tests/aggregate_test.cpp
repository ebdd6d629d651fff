// The group, difference and hold operators of the stateful runtime, fed
// rows by hand: one row per case.
#include "stateful/buffered.hpp"
#include "stateful/group.hpp"

#include <doctest/doctest.h>

namespace st = carl::stateful;
using carl::nanos;

namespace {

constexpr nanos second = carl::nanos_per_second;

// Rows of (key, value, seconds).
struct input {
    const char* key;
    const char* value;
    double seconds;
};

st::row make_row(const input& in) {
    st::row r;
    r.time = static_cast<nanos>(in.seconds * second);
    r.cells = {st::datum::of_text(in.key),
               in.value ? st::datum::of_text(in.value) : st::datum{}};
    return r;
}

st::row_expr column(std::size_t c) {
    st::row_expr e;
    e.op = st::expr_op::column;
    e.column = c;
    return e;
}

// "k: 1, 2; j: 3": each row's cells as text.
std::string render(const std::vector<st::row>& rows) {
    std::string out;
    for (const st::row& r : rows) {
        out += out.empty() ? "" : "; ";
        for (std::size_t c = 0; c < r.cells.size(); ++c)
            out += (c == 0 ? "" : c == 1 ? ": " : ", ") + to_text(r.cells[c]);
    }
    return out;
}

} // namespace

TEST_CASE("a group sums up each key at the end of the input") {
    using fn = st::aggregate_fn;
    struct row {
        const char* name;
        fn function;
        std::vector<input> inputs;
        const char* expected;
    };
    const row rows[] = {
        {"count",
         fn::count,
         {{"a", "x", 1}, {"b", "y", 2}, {"a", "z", 3}},
         "a: 2; b: 1"},
        {"count skips absent values",
         fn::count,
         {{"a", "x", 1}, {"a", nullptr, 2}},
         "a: 1"},
        {"unique",
         fn::unique,
         {{"a", "x", 1}, {"a", "X", 2}, {"a", "y", 3}},
         "a: 2"},
        {"min", fn::min, {{"a", "10", 1}, {"a", "9", 2}}, "a: 9"},
        {"max", fn::max, {{"a", "10", 1}, {"a", "9", 2}}, "a: 10"},
        {"sum", fn::sum, {{"a", "1.5", 1}, {"a", "2", 2}}, "a: 3.5"},
        {"average", fn::average, {{"a", "1", 1}, {"a", "4", 2}}, "a: 2.5"},
        {"average skips text",
         fn::average,
         {{"a", "1", 1}, {"a", "x", 2}, {"a", "3", 3}},
         "a: 2"},
        {"standard deviation",
         fn::standard_deviation,
         {{"a", "2", 1},
          {"a", "4", 2},
          {"a", "4", 3},
          {"a", "4", 4},
          {"a", "5", 5},
          {"a", "5", 6},
          {"a", "7", 7},
          {"a", "9", 8}},
         "a: 2"},
        {"keys ignore case; the first spelling stays",
         fn::count,
         {{"WS1", "x", 1}, {"ws1", "y", 2}},
         "WS1: 2"},
        {"nothing in, nothing out", fn::count, {}, ""},
    };
    for (const row& r : rows) {
        const std::string name = r.name;
        CAPTURE(name);
        st::group_spec spec;
        spec.keys = {{0}};
        spec.aggregates.push_back({r.function, column(1)});
        st::limits limits;
        st::group_state group(spec, limits);
        std::vector<st::row> out;
        auto emit = [&](st::row g) { out.push_back(std::move(g)); };
        for (const input& in : r.inputs)
            group.push(0, make_row(in), {}, emit);
        CHECK(out.empty());
        group.finish(emit);
        CHECK(render(out) == r.expected);
    }
}

TEST_CASE("a windowed group emits each window once the stream passes it") {
    st::group_spec spec;
    spec.keys = {{0}};
    spec.aggregates.push_back({st::aggregate_fn::count, std::nullopt});
    st::limits limits;
    limits.window = 10 * second;
    st::group_state group(spec, limits);
    std::vector<st::row> out;
    auto emit = [&](st::row g) { out.push_back(std::move(g)); };

    const input inputs[] = {{"a", "", 1},  {"a", "", 5}, {"b", "", 9},
                            {"a", "", 12}, {"a", "", 3}, {"a", "", 25}};
    for (const input& in : inputs)
        group.push(0, make_row(in), {}, emit);
    // At 12 the first window closed (a: 2, b: 1); the row at 3 came too
    // late for it; at 25 the second window closed (a: 1).
    CHECK(render(out) == "a: 2; b: 1; a: 1");
    CHECK(group.stats().late == 1);
    group.finish(emit);
    CHECK(render(out) == "a: 2; b: 1; a: 1; a: 1");
}

TEST_CASE("a group over its state limit evicts the least recent key") {
    st::group_spec spec;
    spec.keys = {{0}};
    spec.aggregates.push_back({st::aggregate_fn::count, std::nullopt});
    st::limits limits;
    limits.state_limit = 2;
    st::group_state group(spec, limits);
    std::vector<st::row> out;
    auto emit = [&](st::row g) { out.push_back(std::move(g)); };
    const input inputs[] = {
        {"a", "", 1}, {"b", "", 2}, {"a", "", 3}, {"c", "", 4}};
    for (const input& in : inputs)
        group.push(0, make_row(in), {}, emit);
    group.finish(emit);
    CHECK(render(out) == "a: 2; c: 1");
    CHECK(group.stats().evicted == 1);
    CHECK(group.stats().peak == 2);
}

TEST_CASE("a set difference keeps the keys of A that B never had") {
    struct row {
        const char* name;
        std::vector<std::pair<int, input>> inputs; // side, row
        std::size_t limit;
        const char* expected;
        std::uint64_t evicted;
    };
    const row rows[] = {
        {"B removes A's key",
         {{0, {"x", "", 1}}, {1, {"X", "", 2}}},
         10,
         "",
         0},
        {"B before A", {{1, {"x", "", 1}}, {0, {"x", "", 2}}}, 10, "", 0},
        {"A kept", {{0, {"x", "", 1}}, {1, {"y", "", 2}}}, 10, "x: ", 0},
        {"A's repeats once, first seen first",
         {{0, {"y", "1", 1}}, {0, {"x", "", 2}}, {0, {"y", "2", 3}}},
         10,
         "y: 1; x: ",
         0},
        {"an absent key is no key", {{0, {"", nullptr, 1}}}, 10, ": ", 0},
        {"the limit evicts the oldest key",
         {{0, {"x", "", 1}}, {0, {"y", "", 2}}, {0, {"z", "", 3}}},
         2,
         "y: ; z: ",
         1},
    };
    for (const row& r : rows) {
        const std::string name = r.name;
        CAPTURE(name);
        st::difference_spec spec;
        spec.left_keys = {0};
        spec.right_keys = {0};
        st::limits limits;
        limits.state_limit = r.limit;
        st::difference_state difference(spec, limits);
        for (const auto& [side, in] : r.inputs)
            difference.push(side, make_row(in));
        std::vector<st::row> out;
        difference.finish([&](st::row a) { out.push_back(std::move(a)); });
        CHECK(render(out) == r.expected);
        CHECK(difference.stats().evicted == r.evicted);
    }
}

namespace {

// time >= now - 10 seconds, over rows of (key, time).
st::row_expr recent_condition() {
    st::row_expr recent;
    recent.op = st::expr_op::compare;
    recent.compare = carl::ast::compare_op::ge;
    st::row_expr now_minus;
    now_minus.op = st::expr_op::arithmetic;
    now_minus.arith = carl::ast::arith_op::sub;
    st::row_expr now;
    now.op = st::expr_op::now;
    st::row_expr ten;
    ten.constant = st::datum::of_duration(10 * second);
    now_minus.children = {now, ten};
    st::row_expr row_time = column(1);
    recent.children = {row_time, now_minus};
    return recent;
}

st::row timed_row(const char* key, double seconds) {
    st::row r;
    r.cells = {st::datum::of_text(key),
               st::datum::of_time(static_cast<nanos>(seconds * second))};
    return r;
}

} // namespace

TEST_CASE("a filter on now waits for now, unless it is given") {
    const st::row_expr recent = recent_condition();
    st::limits limits;
    std::vector<st::row> out;
    auto emit = [&](st::row r) { out.push_back(std::move(r)); };

    st::hold_state held(recent, limits);
    held.push(timed_row("old", 1), {}, emit);
    held.push(timed_row("new", 95), {}, emit);
    CHECK(out.empty());
    held.finish({100 * second}, emit);
    CHECK(render(out) == "new: 1970-01-01T00:01:35Z");

    out.clear();
    st::hold_state given(recent, limits);
    given.push(timed_row("old", 1), {50 * second}, emit);
    given.push(timed_row("new", 45), {50 * second}, emit);
    CHECK(render(out) == "new: 1970-01-01T00:00:45Z");
}

TEST_CASE("a filter on now holds at most its rows and bytes, oldest out") {
    // Each row carries an event of `text` bytes; the budget is in rows of
    // that size, so that the case does not depend on sizeof(row).
    struct row {
        const char* name;
        std::size_t state_limit;
        double budget_rows;
        std::size_t text;
        int pushed;
        const char* kept;
        std::uint64_t evicted;
    };
    const row rows[] = {
        {"within both limits", 10, 10.5, 1000, 3, "a0; a1; a2", 0},
        {"over the row limit", 2, 10.5, 1000, 4, "a2; a3", 2},
        {"over the byte budget", 10, 2.5, 1000, 4, "a2; a3", 2},
        {"one row over the budget is kept", 10, 0.5, 1000, 2, "a1", 1},
    };
    const st::row_expr recent = recent_condition();
    for (const row& r : rows) {
        CAPTURE(r.name);
        auto make = [&](int i) {
            st::row out = timed_row(("a" + std::to_string(i)).c_str(), 95);
            auto event = std::make_shared<st::stored_event>();
            event->text.assign(r.text, 'x');
            out.events.push_back(std::move(event));
            return out;
        };
        st::limits limits;
        limits.state_limit = r.state_limit;
        limits.hold_bytes =
            static_cast<std::size_t>(r.budget_rows * st::row_bytes(make(0)));

        std::vector<st::row> out;
        auto emit = [&](st::row held) { out.push_back(std::move(held)); };
        st::hold_state held(recent, limits);
        for (int i = 0; i < r.pushed; ++i)
            held.push(make(i), {}, emit);
        held.finish({100 * second}, emit);

        std::string kept;
        for (const st::row& k : out)
            kept += (kept.empty() ? "" : "; ") + to_text(k.cells[0]);
        CHECK(kept == r.kept);
        CHECK(held.stats().evicted == r.evicted);
    }
}

TEST_CASE("a rank marks each row: its value in the top n, or not") {
    struct row {
        const char* name;
        std::size_t top;
        std::vector<input> inputs; // key: the ranked value
        const char* expected;      // each row, its mark last
    };
    const row rows[] = {
        {"the top one",
         1,
         {{"alice", "a", 0}, {"bob", "b", 0}, {"alice", "c", 0}},
         "alice: a, 1; bob: b, 0; alice: c, 1"},
        {"letter case counts as one value",
         1,
         {{"bob", "a", 0}, {"Alice", "b", 0}, {"alice", "c", 0}},
         "bob: a, 0; Alice: b, 1; alice: c, 1"},
        {"a tie goes to the first seen",
         1,
         {{"bob", "a", 0}, {"alice", "b", 0}},
         "bob: a, 1; alice: b, 0"},
        {"fewer values than n: all are in",
         30,
         {{"bob", "a", 0}, {"alice", "b", 0}},
         "bob: a, 1; alice: b, 1"},
        {"a row without the value has no mark",
         1,
         {{"alice", "a", 0}, {"", nullptr, 0}},
         "alice: a, 1; : , "},
        {"nothing in, nothing out", 1, {}, ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.name);
        const st::rank_spec spec{0, 0, r.top};
        st::limits limits;
        st::rank_state rank(spec, limits);
        for (const input& in : r.inputs) {
            st::row made = make_row(in);
            if (!in.value)
                made.cells[0] = {};
            rank.push(std::move(made));
        }
        std::vector<st::row> out;
        rank.finish([&](st::row kept) { out.push_back(std::move(kept)); });
        CHECK(render(out) == r.expected);
    }
}

TEST_CASE("a cross pairs each row with the value known at the end") {
    struct row {
        const char* name;
        std::vector<input> rows;   // port 0
        std::vector<input> values; // port 1: the last one counts
        const char* expected;
    };
    const row rows[] = {
        {"each row with the value",
         {{"a", "1", 0}, {"b", "2", 1}},
         {{"mean", "1.5", 2}},
         "a: 1, mean, 1.5; b: 2, mean, 1.5"},
        {"the value may come first",
         {{"a", "1", 3}},
         {{"mean", "2", 0}},
         "a: 1, mean, 2"},
        {"the last value counts",
         {{"a", "1", 0}},
         {{"mean", "1", 1}, {"mean", "3", 2}},
         "a: 1, mean, 3"},
        {"no value: absent cells", {{"a", "1", 0}}, {}, "a: 1, , "},
        {"no rows: nothing", {}, {{"mean", "1", 0}}, ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.name);
        const st::cross_spec spec{2, 2};
        st::limits limits;
        st::cross_state cross(spec, limits);
        for (const input& in : r.rows)
            cross.push(0, make_row(in));
        for (const input& in : r.values)
            cross.push(1, make_row(in));
        std::vector<st::row> out;
        cross.finish([&](st::row kept) { out.push_back(std::move(kept)); });
        CHECK(render(out) == r.expected);
    }
}
