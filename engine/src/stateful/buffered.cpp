// Set difference, filters on `now`, TOPn ranks and rows paired with a value
// of the whole input, for buffered.hpp.
#include "buffered.hpp"

#include <algorithm>
#include <utility>

namespace carl::stateful {

void difference_state::push(int side, row r) {
    const auto& keys = side == 0 ? m_spec.left_keys : m_spec.right_keys;
    if (!make_key(r, keys, m_key))
        return;
    if (side == 1) {
        if (!m_right.insert(m_key).second)
            return;
        m_left.erase(m_key);
        m_order.emplace_back(1, m_key);
    } else {
        if (m_right.count(m_key) || !m_left.emplace(m_key, std::move(r)).second)
            return;
        m_order.emplace_back(0, m_key);
    }
    enforce_limit();
}

void difference_state::enforce_limit() {
    while (m_left.size() + m_right.size() > m_limits.state_limit &&
           !m_order.empty()) {
        const auto [side, key] = std::move(m_order.front());
        m_order.pop_front();
        const std::size_t erased =
            side == 0 ? m_left.erase(key) : m_right.erase(key);
        m_stats.evicted += erased;
    }
    m_stats.hold(m_left.size() + m_right.size());
}

void difference_state::finish(const emit_fn& emit) {
    for (const auto& [side, key] : m_order) {
        if (side != 0)
            continue;
        auto found = m_left.find(key);
        if (found == m_left.end())
            continue;
        emit(std::move(found->second));
        m_left.erase(found);
    }
    m_left.clear();
    m_right.clear();
    m_order.clear();
    m_stats.hold(0);
}

void row_buffer::push(row r, counters& stats) {
    m_bytes += row_bytes(r);
    m_rows.push_back(std::move(r));

    // The newest row stays even when it alone is over the budget.
    while (m_rows.size() > 1 && (m_rows.size() > m_limits.state_limit ||
                                 m_bytes > m_limits.hold_bytes)) {
        m_bytes -= row_bytes(m_rows.front());
        m_rows.pop_front();
        ++stats.evicted;
    }
    stats.hold(m_rows.size());
}

std::deque<row> row_buffer::take(counters& stats) {
    m_bytes = 0;
    stats.hold(0);
    return std::exchange(m_rows, {});
}

void hold_state::push(row r, const eval_context& context, const emit_fn& emit) {
    if (context.now) {
        if (decide(m_condition, r, context) == verdict::yes)
            emit(std::move(r));
        return;
    }
    m_rows.push(std::move(r), m_stats);
}

void hold_state::finish(const eval_context& context, const emit_fn& emit) {
    for (row& r : m_rows.take(m_stats))
        if (decide(m_condition, r, context) == verdict::yes)
            emit(std::move(r));
}

void rank_state::push(row r) {
    if (make_key(r, m_ranked, m_key)) {
        auto found = m_counts.find(m_key);
        if (found != m_counts.end())
            ++found->second.count;
        else if (m_counts.size() < m_limits.state_limit)
            m_counts.emplace(m_key, tally{1, m_counts.size()});
        else
            ++m_stats.evicted;
    }
    m_rows.push(std::move(r), m_stats);
}

void rank_state::finish(const emit_fn& emit) {
    // The `top` most frequent values; ties go to the first seen.
    std::vector<std::pair<const std::string*, tally>> ranked;
    for (const auto& [key, t] : m_counts)
        ranked.emplace_back(&key, t);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second.count != b.second.count
                   ? a.second.count > b.second.count
                   : a.second.first_seen < b.second.first_seen;
    });
    std::unordered_set<std::string> top;
    for (std::size_t i = 0; i < ranked.size() && i < m_spec.top; ++i)
        top.insert(*ranked[i].first);

    for (row& r : m_rows.take(m_stats)) {
        datum mark;
        if (make_key(r, m_value, m_key))
            mark = datum::of_number(top.count(m_key) > 0);
        r.cells.push_back(std::move(mark));
        emit(std::move(r));
    }
    m_counts.clear();
}

void cross_state::push(int port, row r) {
    if (port == 1)
        m_value = std::move(r);
    else
        m_rows.push(std::move(r), m_stats);
}

void cross_state::finish(const emit_fn& emit) {
    for (row& r : m_rows.take(m_stats)) {
        if (m_value)
            r.cells.insert(r.cells.end(), m_value->cells.begin(),
                           m_value->cells.end());
        else
            r.cells.resize(m_spec.left_columns + m_spec.value_columns);
        emit(std::move(r));
    }
    m_value.reset();
}

} // namespace carl::stateful
