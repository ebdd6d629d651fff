// The stateful half of an evaluator (carl.hpp): events that feed graphs
// become rows, and rows that reach an output become matches.
#pragma once

#include "carl/carl.hpp"
#include "graph.hpp"

#include <set>

namespace carl::stateful {

// One stateful block of a program set: its graph and whose it is.
struct block_graph {
    std::shared_ptr<const stateful::graph> graph;
    std::uint32_t analytic = 0; // index into program_set::analytics()
};

class session {
public:
    session(const std::vector<block_graph>& graphs,
            const std::vector<analytic_info>& analytics,
            const stream_options& options);

    void set_origin(std::string_view file, std::uint64_t line);

    // Gives one event to source node `node` of graph `graph`: `record` is
    // its fields by slot, `columns` says where each goes in the row, `json`
    // its text (may be empty). Returns how many matches it set off.
    std::uint32_t feed(std::size_t graph, std::uint32_t node,
                       const std::vector<std::uint16_t>& columns,
                       const value* record, std::string_view event_type,
                       std::string_view json, const match_callback& on_match);

    // An event of a type that feeds a graph reading `now`, whatever the
    // predicates say: its time (if readable) moves the default `now`.
    void observe_time(const value& time);

    std::uint32_t finish(const match_callback& on_match);

    stream_summary summary() const;

private:
    runtime::output_fn reporter(const match_callback& on_match,
                                std::uint32_t& count);
    eval_context context() const;

    const std::vector<block_graph>& m_graphs;
    const std::vector<analytic_info>& m_analytics;
    limits m_limits;
    std::optional<nanos> m_now;    // given
    std::optional<nanos> m_latest; // the latest event time observed
    runtime m_runtime;
    std::set<std::string, std::less<>> m_files;
    std::string_view m_file;
    std::uint64_t m_line = 0;
    std::vector<matched_event> m_events; // reused per match
    std::vector<match_field> m_fields;   // likewise
};

} // namespace carl::stateful
