// Set difference and filters on `now`, for buffered.hpp.
#include "buffered.hpp"

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

void hold_state::push(row r, const eval_context& context, const emit_fn& emit) {
    if (context.now) {
        if (decide(m_condition, r, context) == verdict::yes)
            emit(std::move(r));
        return;
    }
    m_bytes += row_bytes(r);
    m_rows.push_back(std::move(r));

    // The newest row stays even when it alone is over the budget.
    while (m_rows.size() > 1 && (m_rows.size() > m_limits.state_limit ||
                                 m_bytes > m_limits.hold_bytes)) {
        m_bytes -= row_bytes(m_rows.front());
        m_rows.pop_front();
        ++m_stats.evicted;
    }
    m_stats.hold(m_rows.size());
}

void hold_state::finish(const eval_context& context, const emit_fn& emit) {
    for (row& r : m_rows)
        if (decide(m_condition, r, context) == verdict::yes)
            emit(std::move(r));
    m_rows.clear();
    m_bytes = 0;
    m_stats.hold(0);
}

} // namespace carl::stateful
