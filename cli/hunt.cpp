// `carl hunt`: runs analytics over event files and prints one JSON object
// per match on stdout, and a summary on stderr.
#include "cli.hpp"
#include "line_reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace carl::cli {
namespace {

const char* const help = R"(usage: carl hunt [-a ANALYTIC]... [-m MAPPING]... INPUT...

Runs analytics over events and prints each match as one JSON object per line:
the analytic's id, title and ATT&CK techniques, the output that matched, the
source file and line, and the event as it was read.

INPUT is a file of JSON lines, a directory (every file below it is read), or
- for standard input.

options:
  -a, --analytics PATH  an analytic file (.yaml or .car) or a directory of
                        them; repeatable (default: the shipped analytics)
  -m, --mapping FILE    an extra mapping file (YAML); repeatable
  --param NAME=VALUE    the value of the analytics' `input NAME`; repeatable
  --now TIME            what `now` means (default: the latest event time)
  --lateness DURATION   how late an event may arrive and still join
                        (default: 0 seconds)
  --state-limit N       rows, groups or keys one operator may hold before
                        it evicts the oldest (default: 100000)
  --window DURATION     aggregate over tumbling windows this long instead
                        of over the whole input
  -h, --help            show this help

A join prints its match as soon as its second event arrives, with both
events; an aggregate or set difference prints at the end of the input.

A summary goes to stderr: events read, matched, malformed, not mapped. Each
malformed line is reported with its file and line, and the run goes on.
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

void write_match(const match& m, const std::string& file,
                 std::uint64_t line, std::string_view event) {
    std::string out = match_prefix(m);
    out += ",\"source\":";
    out += nlohmann::json{{"file", file}, {"line", line}}.dump();
    out += ",\"event\":";
    out += event;
    out += "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

void report(const std::string& file, std::uint64_t line, const char* what,
            std::string_view detail, totals& t) {
    if (t.malformed + t.over_budget > max_reported)
        return;
    std::fprintf(stderr, "%s:%llu: warning: %s: %.*s\n", file.c_str(),
                 static_cast<unsigned long long>(line), what,
                 static_cast<int>(detail.size()), detail.data());
}

void hunt_file(evaluator& eval, const std::string& file, totals& t) {
    line_reader reader(file);
    if (!reader.ok()) {
        std::fprintf(stderr, "carl: %s: %s\n", file.c_str(),
                     reader.error().c_str());
        t.failed = true;
        return;
    }

    std::string_view line;
    std::size_t readable = 0;
    std::uint64_t number = 0;
    while (reader.next(line, readable, number)) {
        if (blank(line))
            continue;
        ++t.events;
        auto on_match = [&](const match& m) {
            if (m.stateful)
                return write_stateful_match(m);
            write_match(m, file, number, line);
        };
        eval.set_origin(file, number);
        const event_result r = eval.evaluate_json(line, readable, on_match);
        t.matches += r.matches;
        t.matched_events += r.matches > 0;
        if (r.status == event_status::malformed) {
            ++t.malformed;
            report(file, number, "malformed event", r.error, t);
        } else if (r.status == event_status::unmapped) {
            ++t.unmapped;
        } else if (r.status == event_status::over_budget) {
            ++t.over_budget;
            report(file, number, "event over the instruction budget", "", t);
        }
    }
    if (!reader.ok()) {
        std::fprintf(stderr, "carl: %s: %s\n", file.c_str(),
                     reader.error().c_str());
        t.failed = true;
    }
}

// Every regular file below a directory, in name order; the path itself
// otherwise.
std::vector<std::string> expand(const std::string& input) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (input == "-" || !fs::is_directory(input, error))
        return {input};
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(input, error))
        if (entry.is_regular_file())
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
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
    std::fputc('\n', stderr);
    if (t.malformed + t.over_budget > max_reported)
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
    const auto settings = read_stream_settings(args);
    if (!settings)
        return exit_error;
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

    auto loaded = load_and_compile(analytics, mappings, settings->parameters);
    if (!loaded)
        return exit_error;

    evaluator eval(loaded->programs, settings->options);
    totals t;
    for (const std::string& input : *inputs)
        for (const std::string& file : expand(input))
            hunt_file(eval, file, t);
    t.matches += eval.finish(write_stateful_match);
    std::fflush(stdout);
    print_summary(t);
    print_stream_summary(eval.summary());

    if (t.failed)
        return exit_error;
    return t.matches ? exit_match : exit_no_match;
}

} // namespace carl::cli
