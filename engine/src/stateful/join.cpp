// Hash join over a time window, for join.hpp.
#include "join.hpp"

#include <algorithm>

namespace carl::stateful {
namespace {

row joined(const row& left, const row& right) {
    row out;
    out.cells = left.cells;
    out.cells.insert(out.cells.end(), right.cells.begin(), right.cells.end());
    out.events = left.events;
    out.events.insert(out.events.end(), right.events.begin(),
                      right.events.end());
    out.time = left.time;
    if (right.time && (!out.time || *right.time > *out.time))
        out.time = right.time;
    return out;
}

} // namespace

bool join_state::in_window(nanos left, nanos right) const {
    const nanos d = right - left;
    if (m_spec.lower &&
        (m_spec.lower_strict ? d <= *m_spec.lower : d < *m_spec.lower))
        return false;
    if (m_spec.upper &&
        (m_spec.upper_strict ? d >= *m_spec.upper : d > *m_spec.upper))
        return false;
    return true;
}

void join_state::push(int side, row r, const eval_context& context,
                      const emit_fn& emit) {
    // A timed join cannot place a row with no time; an untimed one orders
    // rows by arrival, so they get the latest time seen.
    if (!r.time) {
        if (m_spec.timed()) {
            ++m_stats.untimed;
            return;
        }
        r.time = m_latest.value_or(0);
    }
    if (m_latest && *r.time < *m_latest - m_limits.lateness)
        ++m_stats.late;
    if (!m_latest || *r.time > *m_latest)
        m_latest = r.time;

    const auto& keys = side == 0 ? m_spec.left_keys : m_spec.right_keys;
    if (!make_key(r, keys, m_key))
        return;
    probe(side, m_key, r, context, emit);
    insert(side, m_key, std::move(r));
    expire();
    enforce_limit();
    m_stats.hold(m_sides[0].by_time.size() + m_sides[1].by_time.size());
}

void join_state::probe(int side, const std::string& key, const row& r,
                       const eval_context& context, const emit_fn& emit) {
    const side_state& other = m_sides[1 - side];
    auto [first, last] = other.by_key.equal_range(key);
    // Pairs in the partners' time order, whatever order the hash table
    // keeps equal keys in, so that output does not depend on it.
    std::vector<const row*> partners;
    for (auto it = first; it != last; ++it)
        partners.push_back(&it->second->second.value);
    std::sort(partners.begin(), partners.end(),
              [](const row* x, const row* y) { return *x->time < *y->time; });

    for (const row* partner : partners) {
        const row& left = side == 0 ? r : *partner;
        const row& right = side == 0 ? *partner : r;
        if (!in_window(*left.time, *right.time))
            continue;
        row pair = joined(left, right);
        if (m_spec.residual &&
            decide(*m_spec.residual, pair, context) != verdict::yes)
            continue;
        emit(std::move(pair));
    }
}

void join_state::insert(int side, std::string key, row r) {
    side_state& s = m_sides[side];
    const nanos time = *r.time;
    auto at = s.by_time.emplace(time, entry{key, std::move(r)});
    s.by_key.emplace(std::move(key), at);
}

void join_state::erase(side_state& s,
                       std::multimap<nanos, entry>::iterator at) {
    auto [first, last] = s.by_key.equal_range(at->second.key);
    for (auto it = first; it != last; ++it) {
        if (it->second == at) {
            s.by_key.erase(it);
            break;
        }
    }
    s.by_time.erase(at);
}

// A left row l can pair only with a right row r >= watermark when
// r - l <= upper, so it goes once l < watermark - upper (or at it, when
// the bound is strict); a right row once r < watermark + lower. An
// unbounded side stays until the state limit.
void join_state::expire() {
    if (!m_latest)
        return;
    const nanos watermark = *m_latest - m_limits.lateness;
    auto expired = [](nanos time, nanos bound, bool strict) {
        return strict ? time <= bound : time < bound;
    };
    side_state& left = m_sides[0];
    while (m_spec.upper && !left.by_time.empty() &&
           expired(left.by_time.begin()->first, watermark - *m_spec.upper,
                   m_spec.upper_strict))
        erase(left, left.by_time.begin());
    side_state& right = m_sides[1];
    while (m_spec.lower && !right.by_time.empty() &&
           expired(right.by_time.begin()->first, watermark + *m_spec.lower,
                   m_spec.lower_strict))
        erase(right, right.by_time.begin());
}

void join_state::clear() {
    for (side_state& s : m_sides) {
        s.by_key.clear();
        s.by_time.clear();
    }
    m_latest.reset();
    m_stats.hold(0);
}

void join_state::enforce_limit() {
    while (m_sides[0].by_time.size() + m_sides[1].by_time.size() >
           m_limits.state_limit) {
        side_state& left = m_sides[0];
        side_state& right = m_sides[1];
        const bool take_left =
            right.by_time.empty() ||
            (!left.by_time.empty() &&
             left.by_time.begin()->first <= right.by_time.begin()->first);
        side_state& s = take_left ? left : right;
        erase(s, s.by_time.begin());
        ++m_stats.evicted;
    }
}

} // namespace carl::stateful
