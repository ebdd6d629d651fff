// Operators that answer only at the end of the input: set difference
// (`A - B`), a filter on `now` while now is unknown, `in TOPn(f)`, and rows
// paired with a value computed from the whole input. graph.cpp runs them.
#pragma once

#include "row_expr.hpp"

#include <deque>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace carl::stateful {

using emit_fn = std::function<void(row)>;

// A - B over the key columns of each side (as many on each): the first row
// of A for each key no row of B has.
struct difference_spec {
    std::vector<std::size_t> left_keys, right_keys;
};

class difference_state {
public:
    difference_state(const difference_spec& spec, const limits& limits)
        : m_spec(spec), m_limits(limits) {}

    // `side` 0 is A, 1 is B. Nothing is emitted before finish().
    void push(int side, row r);

    // Emits A's rows whose key B never had, in A's order.
    void finish(const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    void enforce_limit();

    const difference_spec& m_spec;
    const limits& m_limits;
    std::unordered_map<std::string, row> m_left;
    std::unordered_set<std::string> m_right;
    // Keys in arrival order, for finish() and for evicting the oldest; a
    // key B removed from A stays here and is skipped.
    std::deque<std::pair<int, std::string>> m_order;
    counters m_stats;
    std::string m_key; // reused
};

// Rows held to the end of the input, at most limits::state_limit rows and
// limits::hold_bytes bytes: past either, the oldest go, counted in `stats`.
class row_buffer {
public:
    explicit row_buffer(const limits& limits) : m_limits(limits) {}

    void push(row r, counters& stats);

    // Hands over the rows held, oldest first, and empties the buffer.
    std::deque<row> take(counters& stats);

private:
    const limits& m_limits;
    std::deque<row> m_rows;
    std::size_t m_bytes = 0; // row_bytes of m_rows
};

// A filter whose condition reads `now`: it passes rows on at once when
// `now` is known (given with --now), else it holds them to the end.
class hold_state {
public:
    hold_state(const row_expr& condition, const limits& limits)
        : m_condition(condition), m_rows(limits) {}

    void push(row r, const eval_context& context, const emit_fn& emit);

    // `context.now` is known by then: decides every row held.
    void finish(const eval_context& context, const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    const row_expr& m_condition;
    row_buffer m_rows;
    counters m_stats;
};

// `value in TOPn(ranked)`: whether a row's value is among the `top` values
// of column `ranked` most frequent over the whole input.
struct rank_spec {
    std::size_t value = 0, ranked = 0; // columns
    std::size_t top = 0;
};

// Counts every row's ranked value and holds the rows (row_buffer); at the
// end ranks the values, most frequent first, ties by the first seen, and
// emits every row, in its order, with one more cell, the mark: 1 when its
// value is in the top, 0 when not, absent when it has no value; a filter
// after it decides. At most limits::state_limit values are counted: past
// it a new value is not, and is counted as evicted.
class rank_state {
public:
    rank_state(const rank_spec& spec, const limits& limits)
        : m_spec(spec), m_limits(limits),
          m_rows(limits), m_value{spec.value}, m_ranked{spec.ranked} {}

    void push(row r);
    void finish(const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    struct tally {
        std::uint64_t count = 0;
        std::size_t first_seen = 0;
    };

    const rank_spec& m_spec;
    const limits& m_limits;
    row_buffer m_rows;
    const std::vector<std::size_t> m_value, m_ranked; // for make_key
    std::unordered_map<std::string, tally> m_counts;
    counters m_stats;
    std::string m_key; // reused
};

// Each row of port 0 paired with a value computed from the whole input:
// the one row port 1 gives (an aggregate of everything, or arithmetic over
// such aggregates), known only at the end. Port 0's rows are held
// (row_buffer) and emitted at finish() with port 1's cells after their own,
// or with absent cells when port 1 gave no row.
struct cross_spec {
    std::size_t left_columns = 0;  // cells of port 0's rows
    std::size_t value_columns = 0; // cells of port 1's row
};

class cross_state {
public:
    cross_state(const cross_spec& spec, const limits& limits)
        : m_spec(spec), m_rows(limits) {}

    void push(int port, row r);
    void finish(const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    const cross_spec& m_spec;
    row_buffer m_rows;
    std::optional<row> m_value; // the last row of port 1
    counters m_stats;
};

} // namespace carl::stateful
