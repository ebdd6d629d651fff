// The group operator: rows summed up per key by aggregates (count, min,
// max, sum, average, standard deviation, unique), emitted at the end of
// the input or as windows close. Built from group, select, count ... by.
#pragma once

#include "row_expr.hpp"

#include <functional>
#include <list>
#include <unordered_map>
#include <unordered_set>

namespace carl::stateful {

enum class aggregate_fn : std::uint8_t {
    count,              // rows where the argument is present (or all rows)
    unique,             // distinct present values of the argument
    min,                // the least value (compare())
    max,                // the greatest
    sum,                // numbers added up
    average,            // their mean
    standard_deviation, // their population standard deviation
};

// `count(user)`: the function and its argument, a value over the input
// rows; no argument counts rows.
struct aggregate {
    aggregate_fn fn = aggregate_fn::count;
    std::optional<row_expr> argument;
};

// The output row of a group: its key cells, then one cell per aggregate.
struct group_spec {
    // Key columns of each input, in the order of the `by` list; every
    // input has as many. No key: one group of everything.
    std::vector<std::vector<std::size_t>> keys;
    std::vector<aggregate> aggregates;
};

// The state of one group operator in one evaluator. Not thread-safe.
class group_state {
public:
    using emit_fn = std::function<void(row)>;

    group_state(const group_spec& spec, const limits& limits)
        : m_spec(spec), m_limits(limits) {}

    // Adds one row of input `port` to its group; with a window, emits the
    // groups whose window the watermark has passed.
    void push(std::size_t port, const row& r, const eval_context& context,
              const emit_fn& emit);

    // Emits every group still held, first seen first, and forgets them.
    void finish(const emit_fn& emit);

    const counters& stats() const { return m_stats; }

private:
    struct accumulator {
        std::uint64_t count = 0;
        double mean = 0, m2 = 0, sum = 0; // Welford's running moments
        datum least, greatest;
        std::unordered_set<std::string> seen;
    };
    struct group {
        std::uint64_t order = 0; // when first seen
        std::optional<nanos> window_end;
        std::vector<datum> key;
        std::vector<accumulator> values;
        std::optional<nanos> latest;
        std::list<std::string>::iterator recency;
    };

    group& find_or_add(const std::string& key, const row& r,
                       const std::vector<std::size_t>& columns,
                       std::optional<nanos> window_end);
    void add(accumulator& a, const aggregate& fn, const row& r,
             const eval_context& context);
    row result(const group& g) const;
    void flush_windows(const emit_fn& emit);
    void enforce_limit();
    static std::size_t units(const group& g);

    const group_spec& m_spec;
    const limits& m_limits;
    std::unordered_map<std::string, group> m_groups;
    std::list<std::string> m_recency; // least recently updated first
    std::uint64_t m_next_order = 0;
    std::size_t m_units = 0; // groups plus the values `unique` keeps
    std::optional<nanos> m_latest;
    counters m_stats;
    std::string m_key; // reused
};

} // namespace carl::stateful
