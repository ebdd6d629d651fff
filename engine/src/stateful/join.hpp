// The join operator: pairs of rows with equal keys whose times fall in a
// window, each side held in a hash table until no future row can pair with
// it. graph.cpp feeds it; join_lowering.cpp derives its spec.
#pragma once

#include "row_expr.hpp"

#include <functional>
#include <map>
#include <string>
#include <unordered_map>

namespace carl::stateful {

// A pair (left l, right r) matches when the keys are equal, when
// d = r.time - l.time lies within [lower, upper] (each bound optional,
// strict or not), and when `residual` holds on the joined row.
struct join_spec {
    std::vector<std::size_t> left_keys;  // columns of the left rows
    std::vector<std::size_t> right_keys; // as many, of the right rows
    std::size_t left_columns = 0;        // where the right cells start
    std::optional<nanos> lower, upper;
    bool lower_strict = false, upper_strict = false;
    std::optional<row_expr> residual; // over left cells then right cells

    bool timed() const { return lower || upper; }
};

// The state of one join in one evaluator. Not thread-safe.
class join_state {
public:
    using emit_fn = std::function<void(row)>;

    join_state(const join_spec& spec, const limits& limits)
        : m_spec(spec), m_limits(limits) {}

    // Takes one row on `side` (0 left, 1 right), emits every new pair it
    // completes (left cells then right cells, both sides' events, the later
    // time), then keeps the row for rows still to come.
    void push(int side, row r, const eval_context& context,
              const emit_fn& emit);

    // Forgets every row held, keeping the counters: the input ended.
    void clear();

    const counters& stats() const { return m_stats; }

private:
    struct entry {
        std::string key;
        row value;
    };
    // Rows oldest first, with an index from key to each of them.
    struct side_state {
        std::multimap<nanos, entry> by_time;
        std::unordered_multimap<std::string,
                                std::multimap<nanos, entry>::iterator>
            by_key;
    };

    bool in_window(nanos left, nanos right) const;
    void probe(int side, const std::string& key, const row& r,
               const eval_context& context, const emit_fn& emit);
    void insert(int side, std::string key, row r);
    void erase(side_state& s, std::multimap<nanos, entry>::iterator at);
    void expire();
    void enforce_limit();

    const join_spec& m_spec;
    const limits& m_limits;
    side_state m_sides[2];
    std::optional<nanos> m_latest; // the latest time seen on either side
    counters m_stats;
    std::string m_key; // reused
};

} // namespace carl::stateful
