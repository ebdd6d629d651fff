// Rows, what flows between stateful operators: data by the columns of a
// schema, with the events they came from; and the operators' limits.
#pragma once

#include "datum.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carl::stateful {

// An event kept by an operator after the decoder's buffers moved on: its
// text is a copy. `file` and `event_type` view strings that outlive it (the
// evaluator's file names, the program set's type names).
struct stored_event {
    std::string text;
    std::string_view event_type;
    std::string_view file;
    std::uint64_t line = 0;
    std::optional<nanos> time;
};

using event_ref = std::shared_ptr<const stored_event>;

struct row {
    std::optional<nanos> time; // the event time, or the latest of several
    std::vector<datum> cells;  // by the producing node's schema
    std::vector<event_ref> events;
};

// The column names of the rows a node produces: a model field ("hostname"),
// a join's qualified one ("flow.hostname") or a selected name
// ("earliest_time").
struct schema {
    std::vector<std::string> columns;

    // The index of `name`, exactly, or nothing.
    std::optional<std::size_t> find(std::string_view name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name)
                return i;
        return std::nullopt;
    }
};

// Runtime limits, the same for every operator of an evaluator.
struct limits {
    // Rows (or groups, or keys) one operator may hold; past it the oldest
    // is evicted and counted.
    std::size_t state_limit = 100'000;
    // Bytes (row_bytes) a filter waiting for the end of the input (on
    // `now` or TOPn) may hold.
    std::size_t hold_bytes = 8u << 20;
    // How late an event may arrive, behind the latest time seen, and still
    // find every partner a join would have given it in order.
    nanos lateness = 0;
    // The length of a group's tumbling windows; 0: the whole input.
    nanos window = 0;
};

// What an operator counts, for the run summary.
struct counters {
    std::uint64_t evicted = 0; // state dropped at the state limit
    std::uint64_t late = 0;    // rows behind the watermark on arrival
    std::uint64_t untimed = 0; // rows without a time where one was needed
    std::size_t held = 0;      // rows or groups held now
    std::size_t peak = 0;      // the most ever held at once

    void hold(std::size_t now) {
        held = now;
        peak = now > peak ? now : peak;
    }
};

// About how much memory `r` holds, with its events counted whole even when
// another row shares them: what a byte budget compares against.
inline std::size_t row_bytes(const row& r) {
    std::size_t bytes = sizeof(row) + r.cells.capacity() * sizeof(datum) +
                        r.events.capacity() * sizeof(event_ref);
    for (const datum& d : r.cells)
        bytes += d.text.capacity();
    // The shared_ptr's control block shares the event's allocation.
    for (const event_ref& e : r.events)
        bytes += sizeof(stored_event) + 2 * sizeof(void*) + e->text.capacity();
    return bytes;
}

// The key of `r` over `columns`, for hashing (append_key). Returns false
// when a key column is absent: such a row joins and groups with nothing.
inline bool make_key(const row& r, const std::vector<std::size_t>& columns,
                     std::string& key) {
    key.clear();
    for (std::size_t c : columns) {
        if (!r.cells[c].present())
            return false;
        append_key(key, r.cells[c]);
    }
    return true;
}

} // namespace carl::stateful
