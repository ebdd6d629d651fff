// `carl hunt`: runs analytics over event files and prints one JSON object
// per match on stdout, and a summary on stderr.
#include "cli.hpp"

#include "carl/reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

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
  -h, --help            show this help

A summary goes to stderr: events read, matched, malformed, not mapped, damaged.
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
    std::uint64_t malformed = 0;
    std::uint64_t unmapped = 0;
    std::uint64_t over_budget = 0;
    std::uint64_t damaged = 0;  // damaged EVTX chunks/records, cut JSON
    std::uint64_t skipped = 0;  // files in directories holding no events
    std::uint64_t reported = 0; // problems printed one by one
    bool failed = false;
};

std::string match_prefix(const match& m) {
    nlohmann::json head = {
        {"analytic", m.analytic->id},
        {"title", m.analytic->title},
        {"techniques", m.analytic->techniques},
        {"output", std::string(m.output)},
        {"event_type", std::string(m.event_type)},
    };
    std::string text = head.dump();
    text.pop_back(); // reopen the object for source and event
    return text;
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
// "member" inside a zip.
nlohmann::json source_of(const input_event& e) {
    nlohmann::json source = {{"file", std::string(e.where.file)}};
    if (!e.where.member.empty())
        source["member"] = std::string(e.where.member);
    if (e.format == input_format::evtx)
        source["record"] = e.where.record;
    else
        source["line"] = e.where.line;
    return source;
}

void write_match(const match& m, const input_event& e) {
    std::string out = match_prefix(m);
    out += ",\"source\":";
    out += source_of(e).dump();
    out += ",\"event\":";
    if (e.json.find('\n') == std::string_view::npos)
        out += e.json;
    else
        out += compact(e.json);
    out += "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
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
            std::string_view detail, totals& t) {
    if (++t.reported > max_reported)
        return;
    std::fprintf(stderr, "%s: warning: %s%s%.*s\n", place(where).c_str(), what,
                 detail.empty() ? "" : ": ", static_cast<int>(detail.size()),
                 detail.data());
}

void evaluate(evaluator& eval, const input_event& e, totals& t) {
    ++t.events;
    auto on_match = [&](const match& m) { write_match(m, e); };
    const event_result r = eval.evaluate_json(e.json, e.readable, on_match);
    t.matches += r.matches;
    t.matched_events += r.matches > 0;
    if (r.status == event_status::malformed) {
        ++t.malformed;
        report(e.where, "malformed event", r.error, t);
    } else if (r.status == event_status::unmapped) {
        ++t.unmapped;
    } else if (r.status == event_status::over_budget) {
        ++t.over_budget;
        report(e.where, "event over the instruction budget", "", t);
    }
}

void hunt_inputs(evaluator& eval, std::vector<std::string> inputs, totals& t) {
    event_reader reader(std::move(inputs));
    for (;;) {
        const event_reader::step s = reader.next();
        if (s == event_reader::step::end)
            break;
        if (s == event_reader::step::event) {
            evaluate(eval, reader.event(), t);
            continue;
        }
        const input_problem& p = reader.problem();
        if (p.input_failed) {
            std::fprintf(stderr, "carl: %.*s: %s\n",
                         static_cast<int>(p.where.file.size()),
                         p.where.file.data(), p.message.c_str());
            t.failed = true;
        } else {
            report(p.where, p.message.c_str(), "", t);
        }
    }
    t.damaged = reader.totals().damaged;
    t.skipped = reader.totals().skipped;
}

void print_summary(const totals& t) {
    std::fprintf(stderr,
                 "carl: %llu events read, %llu matched (%llu matches), "
                 "%llu malformed, %llu not mapped",
                 static_cast<unsigned long long>(t.events),
                 static_cast<unsigned long long>(t.matched_events),
                 static_cast<unsigned long long>(t.matches),
                 static_cast<unsigned long long>(t.malformed),
                 static_cast<unsigned long long>(t.unmapped));
    if (t.over_budget)
        std::fprintf(stderr, ", %llu over the instruction budget",
                     static_cast<unsigned long long>(t.over_budget));
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

} // namespace

int hunt(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(help, stdout);
        return 0;
    }
    std::vector<std::string> analytics = args.values("--analytics", "-a");
    const std::vector<std::string> mappings = args.values("--mapping", "-m");
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

    auto loaded = load_and_compile(analytics, mappings);
    if (!loaded)
        return exit_error;

    evaluator eval(loaded->programs);
    totals t;
    hunt_inputs(eval, std::move(*inputs), t);
    std::fflush(stdout);
    print_summary(t);

    if (t.failed)
        return exit_error;
    return t.matches ? exit_match : exit_no_match;
}

} // namespace carl::cli
