// Embedding carl. The life cycle:
//
//   1. Load analytics (analytic.hpp) and compile them once, with the data
//      model and mappings, into a program_set. A program_set is immutable:
//      share it between threads through the shared_ptr.
//   2. Give each thread its own evaluator over that program_set. An
//      evaluator holds the buffers that one event needs, reused from event
//      to event, so evaluating does not allocate once warmed up.
//   3. Feed each event to the evaluator; every match is passed to your
//      callback before evaluate() returns.
//   4. Analytics with state (join, group, set difference, `now`; see the
//      "Stateful statements" of docs/language.md) also match later: a join
//      when its second event arrives, an aggregate or a difference only at
//      the end of the input. Call finish() once the input ends.
//
// Nothing here prints or throws on bad input: compile problems come back as
// diagnostics and each event's problems as its event_result.
#pragma once

#include "carl/analytic.hpp"
#include "carl/data_model.hpp"
#include "carl/diagnostic.hpp"
#include "carl/event.hpp"
#include "carl/json_lines.hpp"
#include "carl/mapping.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

class program_set;

struct compile_options {
    const data_model* model = &data_model::builtin();
    const mapping_set* mappings = &mapping_set::builtin();

    // Instructions one event may spend across all programs it is routed to
    // before its evaluation stops with event_status::over_budget.
    std::uint32_t instruction_budget = 1u << 20;

    // Skip an event whose raw text lacks every literal the analytics need
    // before decoding it (event_status::skipped), and run only the programs
    // whose literals it has. Never changes which events match; off only to
    // compare, or to have every event checked for well-formed JSON.
    bool prefilter = true;

    // The values of `input NAME` statements, by NAME (`--param`). An
    // analytic with an input that has no value here does not compile.
    std::map<std::string, std::string> parameters;

    // More analytics that `run Analytic:ID` may name, beyond those being
    // compiled; not compiled themselves. Must outlive compile().
    const std::vector<analytic>* library = nullptr;
};

struct compile_result {
    // Every analytic that compiled without error; null when none did.
    std::shared_ptr<const program_set> programs;
    std::vector<diagnostic> diagnostics;

    bool ok() const { return !has_errors(diagnostics); }
};

// Parses, checks and compiles `analytics`. An analytic with an error is left
// out of the program set, and its diagnostics say why. Thread-safe.
compile_result compile(const std::vector<analytic>& analytics,
                       const compile_options& options = {});

// One event of a stateful match, kept since it was read.
struct matched_event {
    std::string_view event_type; // "process:create"
    std::string_view text;       // as read; empty if given as a raw_event
    std::string_view file;       // as given to evaluator::set_origin()
    std::uint64_t line = 0;      // likewise
};

// One value of an aggregate's match: `user_count` = "3".
struct match_field {
    std::string_view name;
    std::string value;
};

// What a match names: the analytic, and which of its outputs matched.
// Everything it points to is valid only during the callback.
struct match {
    const analytic_info* analytic = nullptr;
    std::string_view output;     // the output statement's name
    std::string_view event_type; // "process:create"; "" for a stateful one

    // A stateful match (from an operator, not from the event being
    // evaluated) lists the events it is made of: a join's two, in the
    // join's order, or a difference's one. An aggregate lists none but has
    // fields: its `by` fields and its aggregates, by name.
    bool stateful = false;
    const matched_event* events = nullptr;
    std::size_t event_count = 0;
    const match_field* fields = nullptr;
    std::size_t field_count = 0;
};

using match_callback = std::function<void(const match&)>;

enum class event_status : std::uint8_t {
    evaluated,   // routed and tested; `matches` says how many matched
    unmapped,    // no mapping covers the event: nothing could match it
    malformed,   // not valid JSON, or not an object; `error` says why
    over_budget, // stopped by compile_options::instruction_budget
    // Not decoded: its text lacks every literal the analytics need, so
    // nothing can match it (compile_options::prefilter). Whether it was
    // well-formed and mapped is not known; a line that does not start with
    // '{' and end with '}' is always decoded.
    skipped,
};

struct event_result {
    event_status status = event_status::evaluated;
    std::uint32_t matches = 0;
    std::string_view error; // valid until the next evaluate()
};

class program_set {
public:
    ~program_set();

    // The analytics compiled in, in load order.
    const std::vector<analytic_info>& analytics() const;

    // The bytecode of every program of the analytic with index `analytic`,
    // as `carl disasm` prints it.
    std::string disassemble(std::size_t analytic) const;

    // True when some analytic joins, groups or otherwise keeps state across
    // events: such a set must see its events in order, on one evaluator.
    bool stateful() const;

    // Whether json_lines scans for this set should look for event id keys
    // (json_lines::scan's `keys`): when the prefilter reads every line's
    // event id. Without, it looks for the keys of the few lines it needs.
    bool wants_line_keys() const;

    // Opaque: the compiled programs, defined in engine/src.
    struct impl;
    explicit program_set(std::unique_ptr<impl> impl);
    const impl& internals() const { return *m_impl; }

private:
    std::unique_ptr<impl> m_impl;
};

// How an evaluator runs stateful analytics over its stream of events.
struct stream_options {
    // The time `now` stands for, in nanoseconds since the Unix epoch. When
    // not given, `now` is the latest event time seen, known at finish():
    // a filter on `now` holds its events until then.
    std::optional<std::int64_t> now;
    // How far (ns) an event may arrive behind the latest time seen and
    // still meet every event a join would have paired it with in order.
    std::int64_t lateness = 0;
    // Rows, groups or keys one operator may hold; past it the oldest go,
    // and are counted in stream_summary::evicted.
    std::size_t state_limit = 100'000;
    // Bytes one filter that waits for the end of the input (on an unknown
    // `now`, or on TOPn) may hold: its rows carry a copy of each event's
    // text, so a row count alone bounds nothing. Past it the oldest rows
    // go, counted in stream_summary::evicted.
    std::size_t hold_bytes = 8u << 20;
    // Groups over tumbling windows of this many ns; 0: the whole input.
    std::int64_t window = 0;
};

// What the stateful operators of one evaluator did, summed over them.
struct stream_summary {
    std::uint64_t evicted = 0; // state dropped at the state limit
    std::uint64_t late = 0;    // events behind the lateness on arrival
    std::uint64_t untimed = 0; // events with no readable time, where needed
    std::size_t held = 0;      // rows, groups and keys held now
    std::size_t peak = 0;      // the most ever held (each operator's peak)
};

class evaluator {
public:
    explicit evaluator(std::shared_ptr<const program_set> programs,
                       const stream_options& options = {});
    ~evaluator();
    evaluator(evaluator&&) noexcept;
    evaluator& operator=(evaluator&&) noexcept;

    // Evaluates one JSON event (one line of JSON lines). `readable` is how
    // many bytes may be read from json.data(); 64 bytes or more of slack past
    // the end lets the decoder parse in place. Not thread-safe: one
    // evaluator per thread.
    event_result evaluate_json(std::string_view json, std::size_t readable,
                               const match_callback& on_match);
    event_result evaluate_json(std::string_view json,
                               const match_callback& on_match) {
        return evaluate_json(json, json.size(), on_match);
    }

    // The same, for a line a json_lines scan cut: the prefilter reads
    // `marks` (json_lines::marks_of) instead of looking at the text again.
    // They must be that scan's marks for this very line: marks made by
    // hand may hide a \u escape or a byte past ASCII, and the prefilter
    // would then skip a line that can match.
    event_result evaluate_json(std::string_view json, std::size_t readable,
                               const line_marks& marks,
                               const match_callback& on_match);

    // Evaluates an event some other decoder produced; its fields must be laid
    // out by the program set's raw schema (see schema()).
    event_result evaluate(const raw_event& event,
                          const match_callback& on_match);

    // The raw fields the loaded analytics read, for decoders of your own.
    const raw_schema& schema() const;

    // Names where the next events come from, for the matched_event of
    // stateful matches: `file` is copied once per distinct name.
    void set_origin(std::string_view file, std::uint64_t line);

    // The end of the input: every aggregate, set difference and filter on
    // `now` gives its matches to `on_match`. Returns how many. The state
    // is empty afterwards, so the evaluator may start a new input.
    std::uint32_t finish(const match_callback& on_match);

    stream_summary summary() const;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

} // namespace carl
