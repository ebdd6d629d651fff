// `carl hunt`: runs analytics over event files and prints one JSON object
// per match on stdout, and a summary on stderr.
#include "cli.hpp"
#include "parallel_lines.hpp"

#include "carl/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <tuple>

namespace carl::cli {
namespace {

const char* const help =
    R"(usage: carl hunt [-a ANALYTIC]... [-m MAPPING]... INPUT...

Runs analytics over events and prints each match as one JSON object per line:
the analytic's id, title and ATT&CK techniques, the output that matched, where
the event was found (file, and line for JSON or record id for EVTX, and the
member inside a zip), and the event as JSON.

INPUT is a file, a directory (every file below it is read; files holding no
events are skipped), or - for standard input. Formats are recognised by their
content: JSON lines, a JSON array, JSON objects one after another, EVTX, and
gzip or zip files of those.

options:
  -a, --analytics PATH  an analytic file (.yaml or .car) or a directory of
                        them; repeatable (default: the shipped analytics)
  -m, --mapping FILE    an extra mapping file (YAML); repeatable
  -j, --threads N       evaluate JSON-lines files on N threads (default: one
                        per core); the output keeps the input's order
      --skip-invalid    warn about analytics with errors and run the others
      --no-prefilter    decode every event, even one that no analytic can
                        match for lack of the words it looks for
  --param NAME=VALUE    the value of the analytics' `input NAME`; repeatable
  --now TIME            what `now` means (default: the latest event time)
  --lateness DURATION   how late an event may arrive and still join
                        (default: 0 seconds)
  --state-limit N       rows, groups or keys one operator may hold before
                        it evicts the oldest (default: 100000)
  --hold-memory MB      megabytes of events one filter on `now` may hold
                        while it waits for the end of the input, before it
                        evicts the oldest (default: 8)
  --window DURATION     aggregate over tumbling windows this long instead
                        of over the whole input
  -h, --help            show this help

A join prints its match as soon as its second event arrives, with both
events; an aggregate or set difference prints at the end of the input.
With stateful analytics loaded, every input is read on one thread.

A summary goes to stderr: events read, matched (events that made matches,
and how many), matches at the end of the input (with stateful analytics),
malformed, not mapped, skipped unparsed by the prefilter, damaged.
Each malformed event and damaged part of an input is reported with where it
is, and the run goes on.
Exit status: 0 when something matched, 1 when nothing did, 2 on an error.
)";

// Malformed events reported one by one before only counting them.
constexpr std::uint64_t max_reported = 100;

struct totals {
    std::uint64_t events = 0;
    std::uint64_t matched_events = 0;
    std::uint64_t matches = 0;
    // Matches of aggregates, differences and filters on `now`, emitted
    // once the input ended: no event of the input made them.
    std::uint64_t end_matches = 0;
    bool stateful = false;
    std::uint64_t malformed = 0;
    std::uint64_t unmapped = 0;
    std::uint64_t over_budget = 0;
    std::uint64_t unparsed = 0; // skipped by the prefilter
    std::uint64_t damaged = 0;  // damaged EVTX chunks/records, cut JSON
    std::uint64_t skipped = 0;  // files in directories holding no events
    std::uint64_t reported = 0; // problems printed one by one
    bool failed = false;
};

// The JSON of a match before its source, the same for every match of one
// output: made once per output and thread.
const std::string& match_prefix(const match& m) {
    using key = std::tuple<const void*, const char*, const char*>;
    thread_local std::map<key, std::string> made;
    auto [at, added] =
        made.try_emplace(key{m.analytic, m.output.data(), m.event_type.data()});
    if (added) {
        nlohmann::json head = {
            {"analytic", m.analytic->id},
            {"title", m.analytic->title},
            {"techniques", m.analytic->techniques},
            {"output", std::string(m.output)},
            {"event_type", std::string(m.event_type)},
        };
        at->second = head.dump();
        at->second.pop_back(); // reopen the object for source and event
    }
    return at->second;
}

// The event on one line: a pretty-printed object (Sigma's JSON) loses the
// white space outside its strings.
std::string compact(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    bool in_string = false, escaped = false;
    for (const char c : json) {
        if (in_string) {
            escaped = !escaped && c == '\\';
            in_string = escaped || c != '"';
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        } else {
            in_string = c == '"';
        }
        out += c;
    }
    return out;
}

// {"file":..,"line":..} for JSON, {"file":..,"record":..} for EVTX, with
// "member" inside a zip. The file's name is quoted once per file and thread.
void append_source(const input_event& e, std::string& out) {
    thread_local std::string file, quoted;
    if (file != e.where.file) {
        file = e.where.file;
        quoted = nlohmann::json(file).dump();
    }
    // In the order of the keys' names, as an object of nlohmann's prints.
    const bool evtx = e.format == input_format::evtx;
    out += "{\"file\":";
    out += quoted;
    if (!evtx)
        out += ",\"line\":" + std::to_string(e.where.line);
    if (!e.where.member.empty())
        out +=
            ",\"member\":" + nlohmann::json(std::string(e.where.member)).dump();
    if (evtx)
        out += ",\"record\":" + std::to_string(e.where.record);
    out += '}';
}

// Where events' output goes before it is written: matches to `out`,
// problems to `err`, one per line. A sequential hunt writes them after each
// event, a parallel one after each chunk, so the order is the input's.
struct sink {
    totals t;
    std::string out;
    std::string err;
};

void write_match(const match& m, const input_event& e, std::string& out) {
    out += match_prefix(m);
    out += ",\"source\":";
    append_source(e, out);
    out += ",\"event\":";
    if (e.json.find('\n') == std::string_view::npos)
        out += e.json;
    else
        out += compact(e.json);
    out += "}\n";
}

// "file:line", "file(member):line", "file: record N" or "file: byte N".
std::string place(const event_location& where) {
    std::string text(where.file);
    if (!where.member.empty())
        text += "(" + std::string(where.member) + ")";
    if (where.line)
        return text + ":" + std::to_string(where.line);
    if (where.record)
        return text + ": record " + std::to_string(where.record);
    if (where.offset)
        return text + ": byte " + std::to_string(where.offset);
    return text;
}

void report(const event_location& where, const char* what,
            std::string_view detail, std::string& err) {
    err += place(where) + ": warning: " + what;
    if (!detail.empty()) {
        err += ": ";
        err += detail;
    }
    err += '\n';
}

// Writes what `s` holds: every match, and problems up to max_reported.
void flush(sink& s, totals& sum) {
    std::fwrite(s.out.data(), 1, s.out.size(), stdout);
    for (std::size_t at = 0; at < s.err.size(); ++sum.reported) {
        const std::size_t end = s.err.find('\n', at) + 1;
        if (sum.reported < max_reported)
            std::fwrite(s.err.data() + at, 1, end - at, stderr);
        at = end;
    }
    s.out.clear();
    s.err.clear();
}

// `marks`, when a json_lines scan cut the event's line, spare the
// prefilter a look at its text.
void evaluate(evaluator& eval, const input_event& e, sink& s,
              const line_marks* marks = nullptr) {
    ++s.t.events;
    // One captured pointer fits in std::function's own storage: no
    // allocation per event.
    struct context {
        const input_event& event;
        std::string& out;
    } where_to{e, s.out};
    auto on_match = [&where_to](const match& m) {
        if (m.stateful)
            return write_stateful_match(m, where_to.out);
        write_match(m, where_to.event, where_to.out);
    };
    const event_result r =
        marks ? eval.evaluate_json(e.json, e.readable, *marks, on_match)
              : eval.evaluate_json(e.json, e.readable, on_match);
    s.t.matches += r.matches;
    s.t.matched_events += r.matches > 0;
    if (r.status == event_status::malformed) {
        ++s.t.malformed;
        report(e.where, "malformed event", r.error, s.err);
    } else if (r.status == event_status::unmapped) {
        ++s.t.unmapped;
    } else if (r.status == event_status::skipped) {
        ++s.t.unparsed;
    } else if (r.status == event_status::over_budget) {
        ++s.t.over_budget;
        report(e.where, "event over the instruction budget", "", s.err);
    }
}

void add(totals& sum, const totals& t) {
    sum.events += t.events;
    sum.matched_events += t.matched_events;
    sum.matches += t.matches;
    sum.malformed += t.malformed;
    sum.unmapped += t.unmapped;
    sum.over_budget += t.over_budget;
    sum.unparsed += t.unparsed;
}

// A loop of its own: find_first_not_of calls memchr for each character.
bool blank(std::string_view line) {
    for (const char c : line)
        if (c != ' ' && c != '\t')
            return false;
    return true;
}

// A regular file whose first line is one JSON object: JSON lines, which
// can be cut at any line break and evaluated in parallel. Anything else
// (EVTX, gzip, zip, a pretty-printed array) goes through the event reader.
bool is_json_lines(const std::string& path) {
    std::error_code error;
    if (path == "-" || !std::filesystem::is_regular_file(path, error))
        return false;
    std::ifstream in(path, std::ios::binary);
    std::string first;
    std::getline(in, first);
    const auto begin = first.find_first_not_of(" \t\r");
    const auto end = first.find_last_not_of(" \t\r");
    return begin != std::string::npos && first[begin] == '{' &&
           first[end] == '}';
}

// One JSON-lines file on `threads` threads; output in input order.
void hunt_parallel(const std::shared_ptr<const program_set>& programs,
                   unsigned threads, const std::string& file, totals& t) {
    chunk_reader reader(file);
    reader.set_line_keys(programs->wants_line_keys());
    auto line = [&](evaluator& eval, sink& s, std::string_view text,
                    std::size_t readable, std::uint64_t number,
                    const line_marks& marks) {
        if (blank(text))
            return;
        input_event e;
        e.json = text;
        e.readable = readable;
        e.where.file = file;
        e.where.line = number;
        evaluate(eval, e, s, &marks);
    };
    auto done = [&](sink& s) {
        flush(s, t);
        add(t, s.t);
    };
    if (reader.ok())
        for_each_line<sink>(reader, threads, programs, line, done);
    if (!reader.ok()) {
        std::fprintf(stderr, "carl: %s: %s\n", file.c_str(),
                     reader.error().c_str());
        t.failed = true;
    }
}

void hunt_inputs(evaluator& eval, std::vector<std::string> inputs, totals& t) {
    event_reader reader(std::move(inputs));
    sink s;
    for (;;) {
        const event_reader::step step = reader.next();
        if (step == event_reader::step::end)
            break;
        if (step == event_reader::step::event) {
            // Stateful matches say where their events came from; only
            // inputs read in order can have them (hunt_all).
            const input_event& e = reader.event();
            eval.set_origin(e.where.file,
                            e.where.line ? e.where.line : e.where.record);
            evaluate(eval, e, s);
        } else if (reader.problem().input_failed) {
            const input_problem& p = reader.problem();
            std::fprintf(stderr, "carl: %.*s: %s\n",
                         static_cast<int>(p.where.file.size()),
                         p.where.file.data(), p.message.c_str());
            t.failed = true;
        } else {
            report(reader.problem().where, reader.problem().message.c_str(), "",
                   s.err);
        }
        flush(s, t);
    }
    add(t, s.t);
    t.damaged += reader.totals().damaged;
    t.skipped += reader.totals().skipped;
}

// Inputs in the order given: runs of them through the event reader, and
// each JSON-lines file in chunks, on `threads` workers, unless the
// analytics keep state.
// Returns what the stateful operators did, for the summary.
stream_summary hunt_all(const compiled& loaded, const stream_options& options,
                        unsigned threads,
                        const std::vector<std::string>& inputs, totals& t) {
    evaluator eval(loaded.programs, options);
    // Stateful operators see one stream, in order: no chunks.
    const bool in_order = loaded.programs->stateful();
    std::vector<std::string> pending;
    for (const std::string& input : inputs) {
        if (in_order || !is_json_lines(input)) {
            pending.push_back(input);
            continue;
        }
        hunt_inputs(eval, std::move(pending), t);
        pending.clear();
        hunt_parallel(loaded.programs, threads, input, t);
    }
    hunt_inputs(eval, std::move(pending), t);

    sink last;
    t.stateful = loaded.programs->stateful();
    t.end_matches += eval.finish(
        [&last](const match& m) { write_stateful_match(m, last.out); });
    flush(last, t);
    return eval.summary();
}

const char* matches_word(std::uint64_t n) {
    return n == 1 ? "match" : "matches";
}

void print_summary(const totals& t) {
    std::fprintf(stderr, "carl: %llu events read, %llu matched (%llu %s)",
                 static_cast<unsigned long long>(t.events),
                 static_cast<unsigned long long>(t.matched_events),
                 static_cast<unsigned long long>(t.matches),
                 matches_word(t.matches));
    if (t.stateful)
        std::fprintf(stderr, ", %llu %s at the end of the input",
                     static_cast<unsigned long long>(t.end_matches),
                     matches_word(t.end_matches));
    std::fprintf(stderr, ", %llu malformed, %llu not mapped",
                 static_cast<unsigned long long>(t.malformed),
                 static_cast<unsigned long long>(t.unmapped));
    if (t.over_budget)
        std::fprintf(stderr, ", %llu over the instruction budget",
                     static_cast<unsigned long long>(t.over_budget));
    if (t.unparsed)
        std::fprintf(stderr, ", %llu skipped unparsed",
                     static_cast<unsigned long long>(t.unparsed));
    if (t.damaged)
        std::fprintf(stderr, ", %llu damaged",
                     static_cast<unsigned long long>(t.damaged));
    if (t.skipped)
        std::fprintf(stderr, ", %llu files skipped (no events)",
                     static_cast<unsigned long long>(t.skipped));
    std::fputc('\n', stderr);
    if (t.reported > max_reported)
        std::fprintf(stderr, "carl: only the first %llu problems were listed\n",
                     static_cast<unsigned long long>(max_reported));
}

// The last -j value, or one thread per core; 0 after printing an error.
unsigned thread_count(const std::vector<std::string>& given) {
    if (given.empty())
        return std::max(1u, std::thread::hardware_concurrency());
    const std::string& text = given.back();
    char* end = nullptr;
    const unsigned long n = std::strtoul(text.c_str(), &end, 10);
    if (text.empty() || *end || n == 0 || n > 1024) {
        std::fprintf(stderr,
                     "carl hunt: expected a number of threads from 1 to "
                     "1024, found '%s'\n",
                     text.c_str());
        return 0;
    }
    return unsigned(n);
}

} // namespace

int hunt(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(help, stdout);
        return 0;
    }
    std::vector<std::string> analytics = args.values("--analytics", "-a");
    const std::vector<std::string> threads_given =
        args.values("--threads", "-j");
    const std::vector<std::string> mappings = args.values("--mapping", "-m");
    load_options how;
    how.skip_invalid = args.flag("--skip-invalid");
    how.prefilter = !args.flag("--no-prefilter");
    const auto settings = read_stream_settings(args);
    if (!settings)
        return exit_error;
    how.parameters = settings->parameters;
    auto inputs = args.operands("hunt");
    if (!inputs)
        return exit_error;
    if (inputs->empty()) {
        std::fputs("carl hunt: no input given (see 'carl hunt --help')\n",
                   stderr);
        return exit_error;
    }
    if (analytics.empty())
        analytics.push_back(shipped_analytics());

    auto loaded = load_and_compile(analytics, mappings, how);
    if (!loaded)
        return exit_error;
    const unsigned threads = thread_count(threads_given);
    if (!threads)
        return exit_error;

    totals t;
    const stream_summary state =
        hunt_all(*loaded, settings->options, threads, *inputs, t);
    std::fflush(stdout);
    print_summary(t);
    print_stream_summary(state);

    if (t.failed)
        return exit_error;
    return t.matches + t.end_matches ? exit_match : exit_no_match;
}

} // namespace carl::cli
