// Events into rows, rows into matches, for session.hpp.
#include "session.hpp"

namespace carl::stateful {
namespace {

limits limits_of(const stream_options& options) {
    limits l;
    l.state_limit = options.state_limit ? options.state_limit : 1;
    l.hold_bytes = options.hold_bytes;
    l.lateness = options.lateness;
    l.window = options.window;
    return l;
}

std::vector<std::shared_ptr<const graph>>
specs(const std::vector<block_graph>& graphs) {
    std::vector<std::shared_ptr<const graph>> out;
    for (const block_graph& g : graphs)
        out.push_back(g.graph);
    return out;
}

} // namespace

session::session(const std::vector<block_graph>& graphs,
                 const std::vector<analytic_info>& analytics,
                 const stream_options& options)
    : m_graphs(graphs), m_analytics(analytics), m_limits(limits_of(options)),
      m_now(options.now), m_runtime(specs(graphs), m_limits) {}

void session::set_origin(std::string_view file, std::uint64_t line) {
    if (file != m_file) {
        auto found = m_files.find(file);
        if (found == m_files.end())
            found = m_files.emplace(file).first;
        m_file = *found;
    }
    m_line = line;
}

eval_context session::context() const {
    eval_context c;
    c.now = m_now;
    return c;
}

std::uint32_t session::feed(std::size_t graph, std::uint32_t node,
                            const std::vector<std::uint16_t>& columns,
                            const value* record, std::string_view event_type,
                            std::string_view json,
                            const match_callback& on_match) {
    const schema& s = m_graphs[graph].graph->nodes[node].columns;
    row r;
    r.cells.resize(s.columns.size());
    for (std::size_t slot = 0; slot < columns.size(); ++slot)
        if (record[slot].present)
            r.cells[columns[slot]] = datum::of_text(record[slot].text);

    // The event's time, as a time: arithmetic and windows need it so.
    if (auto at = s.find("time"); at && r.cells[*at].present()) {
        r.time = parse_time(r.cells[*at].text);
        if (r.time)
            r.cells[*at] = datum::of_time(*r.time);
    }
    auto event = std::make_shared<stored_event>();
    event->text = json;
    event->event_type = event_type;
    event->file = m_file;
    event->line = m_line;
    event->time = r.time;
    r.events.push_back(std::move(event));

    std::uint32_t count = 0;
    m_runtime.push(graph, node, std::move(r), context(),
                   reporter(on_match, count));
    return count;
}

void session::observe_time(const value& time) {
    if (!time.present)
        return;
    const auto t = parse_time(time.text);
    if (t && (!m_latest || *t > *m_latest))
        m_latest = t;
}

std::uint32_t session::finish(const match_callback& on_match) {
    eval_context c = context();
    if (!c.now)
        c.now = m_latest;
    std::uint32_t count = 0;
    m_runtime.finish(c, reporter(on_match, count));
    m_latest.reset();
    return count;
}

runtime::output_fn session::reporter(const match_callback& on_match,
                                     std::uint32_t& count) {
    return [this, &on_match, &count](std::size_t graph,
                                     const graph_output& output, const row& r) {
        const block_graph& g = m_graphs[graph];
        m_events.clear();
        for (const event_ref& e : r.events)
            m_events.push_back({e->event_type, e->text, e->file, e->line});
        m_fields.clear();
        if (output.report_cells) {
            const schema& s = g.graph->nodes[output.node].columns;
            for (std::size_t c = 0; c < s.columns.size(); ++c)
                if (r.cells[c].present())
                    m_fields.push_back({s.columns[c], to_text(r.cells[c])});
        }

        match m;
        m.analytic = &m_analytics[g.analytic];
        m.output = output.name;
        m.stateful = true;
        m.events = m_events.data();
        m.event_count = m_events.size();
        m.fields = m_fields.data();
        m.field_count = m_fields.size();
        ++count;
        on_match(m);
    };
}

stream_summary session::summary() const {
    const counters c = m_runtime.totals();
    stream_summary s;
    s.evicted = c.evicted;
    s.late = c.late;
    s.untimed = c.untimed;
    s.held = c.held;
    s.peak = c.peak;
    return s;
}

} // namespace carl::stateful
