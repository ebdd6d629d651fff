// Operators that answer only at the end of the input: set difference
// (`A - B`) and a filter on `now` while now is unknown. graph.cpp runs them.
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

// A filter whose condition reads `now`: it passes rows on at once when
// `now` is known (given with --now), else it holds them to the end, at most
// limits::state_limit rows and limits::hold_bytes bytes, evicting the
// oldest first.
class hold_state {
public:
    hold_state(const row_expr& condition, const limits& limits)
        : m_condition(condition), m_limits(limits) {}

    void push(row r, const eval_context& context, const emit_fn& emit);

    // `context.now` is known by then: decides every row held.
    void finish(const eval_context& context, const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    const row_expr& m_condition;
    const limits& m_limits;
    std::deque<row> m_rows;
    std::size_t m_bytes = 0; // row_bytes of m_rows
    counters m_stats;
};

} // namespace carl::stateful
