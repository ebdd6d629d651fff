// Aggregation per key, for group.hpp.
#include "group.hpp"

#include <algorithm>
#include <cmath>

namespace carl::stateful {

void group_state::push(std::size_t port, const row& r,
                       const eval_context& context, const emit_fn& emit) {
    if (r.time && (!m_latest || *r.time > *m_latest))
        m_latest = r.time;

    // With a window, a group is its key within one tumbling window.
    std::optional<nanos> window_end;
    if (m_limits.window > 0) {
        if (!r.time) {
            ++m_stats.untimed;
            return;
        }
        const nanos w = m_limits.window;
        const nanos start = *r.time - ((*r.time % w) + w) % w;
        window_end = start + w;
        if (m_latest && *window_end <= *m_latest - m_limits.lateness) {
            ++m_stats.late; // its window was already emitted
            return;
        }
    }

    const std::vector<std::size_t>& columns =
        m_spec.keys.empty() ? std::vector<std::size_t>{} : m_spec.keys.at(port);
    if (!make_key(r, columns, m_key))
        return;
    if (window_end)
        m_key += std::to_string(*window_end);
    group& g = find_or_add(m_key, r, columns, window_end);
    for (std::size_t i = 0; i < m_spec.aggregates.size(); ++i)
        add(g.values[i], m_spec.aggregates[i], r, context);
    if (r.time && (!g.latest || *r.time > *g.latest))
        g.latest = r.time;

    if (window_end)
        flush_windows(emit);
    enforce_limit();
}

group_state::group&
group_state::find_or_add(const std::string& key, const row& r,
                         const std::vector<std::size_t>& columns,
                         std::optional<nanos> window_end) {
    auto found = m_groups.find(key);
    if (found != m_groups.end()) {
        // Most recently updated last: the limit evicts from the front.
        m_recency.splice(m_recency.end(), m_recency, found->second.recency);
        return found->second;
    }
    group g;
    g.order = m_next_order++;
    g.window_end = window_end;
    for (std::size_t c : columns)
        g.key.push_back(r.cells[c]);
    g.values.resize(m_spec.aggregates.size());
    g.recency = m_recency.insert(m_recency.end(), key);
    ++m_units;
    return m_groups.emplace(key, std::move(g)).first->second;
}

void group_state::add(accumulator& a, const aggregate& fn, const row& r,
                      const eval_context& context) {
    datum d =
        fn.argument ? evaluate(*fn.argument, r, context) : datum::of_number(1);
    if (!d.present())
        return;
    ++a.count;
    switch (fn.fn) {
    case aggregate_fn::count:
        return;
    case aggregate_fn::unique: {
        std::string key;
        append_key(key, d);
        m_units += a.seen.insert(std::move(key)).second;
        return;
    }
    case aggregate_fn::min:
        if (!a.least.present() || compare(d, a.least).value_or(0) < 0)
            a.least = std::move(d);
        return;
    case aggregate_fn::max:
        if (!a.greatest.present() || compare(d, a.greatest).value_or(0) > 0)
            a.greatest = std::move(d);
        return;
    default:
        break;
    }
    // Moments of the numbers seen: a non-number does not count.
    const auto n = to_number(d);
    if (!n) {
        --a.count;
        return;
    }
    a.sum += *n;
    const double delta = *n - a.mean;
    a.mean += delta / static_cast<double>(a.count);
    a.m2 += delta * (*n - a.mean);
}

row group_state::result(const group& g) const {
    row out;
    out.time = g.latest;
    out.cells = g.key;
    for (std::size_t i = 0; i < m_spec.aggregates.size(); ++i) {
        const accumulator& a = g.values[i];
        switch (m_spec.aggregates[i].fn) {
        case aggregate_fn::count:
            out.cells.push_back(datum::of_number(double(a.count)));
            break;
        case aggregate_fn::unique:
            out.cells.push_back(datum::of_number(double(a.seen.size())));
            break;
        case aggregate_fn::min:
            out.cells.push_back(a.least);
            break;
        case aggregate_fn::max:
            out.cells.push_back(a.greatest);
            break;
        case aggregate_fn::sum:
            out.cells.push_back(datum::of_number(a.sum));
            break;
        case aggregate_fn::average:
            out.cells.push_back(a.count ? datum::of_number(a.mean) : datum{});
            break;
        case aggregate_fn::standard_deviation:
            out.cells.push_back(
                a.count ? datum::of_number(std::sqrt(a.m2 / double(a.count)))
                        : datum{});
            break;
        }
    }
    return out;
}

void group_state::finish(const emit_fn& emit) {
    std::vector<const group*> ordered;
    for (const auto& [key, g] : m_groups)
        ordered.push_back(&g);
    std::sort(
        ordered.begin(), ordered.end(),
        [](const group* x, const group* y) { return x->order < y->order; });
    for (const group* g : ordered)
        emit(result(*g));
    m_groups.clear();
    m_recency.clear();
    m_units = 0;
    m_stats.hold(0);
}

// Emits, first seen first, every group whose window has closed.
void group_state::flush_windows(const emit_fn& emit) {
    const nanos watermark = *m_latest - m_limits.lateness;
    std::vector<std::pair<std::uint64_t, std::string>> closed;
    for (const auto& [key, g] : m_groups)
        if (*g.window_end <= watermark)
            closed.emplace_back(g.order, key);
    std::sort(closed.begin(), closed.end());
    for (const auto& [order, key] : closed) {
        auto found = m_groups.find(key);
        emit(result(found->second));
        m_units -= units(found->second);
        m_recency.erase(found->second.recency);
        m_groups.erase(found);
    }
}

// The state is every group and every distinct value a `unique` keeps.
void group_state::enforce_limit() {
    while (m_units > m_limits.state_limit && !m_recency.empty()) {
        auto found = m_groups.find(m_recency.front());
        m_units -= units(found->second);
        m_groups.erase(found);
        m_recency.pop_front();
        ++m_stats.evicted;
    }
    m_stats.hold(m_units);
}

std::size_t group_state::units(const group& g) {
    std::size_t n = 1;
    for (const accumulator& a : g.values)
        n += a.seen.size();
    return n;
}

} // namespace carl::stateful
