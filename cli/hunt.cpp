// `carl hunt`: runs analytics over event files and prints one JSON object
// per match on stdout, and a summary on stderr.
#include "cli.hpp"
#include "line_reader.hpp"
#include "parallel_lines.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

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
  -j, --threads N       evaluate on N threads (default: one per core); the
                        output keeps the input's order
      --skip-invalid    warn about analytics with errors and run the others
      --no-prefilter    decode every event, even one that no analytic can
                        match for lack of the words it looks for
  -h, --help            show this help

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
    std::uint64_t unparsed = 0; // skipped by the prefilter
    std::uint64_t reported = 0; // problems written to stderr
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
                 std::uint64_t line, std::string_view event,
                 std::string& out) {
    out += match_prefix(m);
    out += ",\"source\":";
    out += nlohmann::json{{"file", file}, {"line", line}}.dump();
    out += ",\"event\":";
    out += event;
    out += "}\n";
}

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

void report(const std::string& file, std::uint64_t line, const char* what,
            std::string_view detail, std::string& err) {
    err += file + ":" + std::to_string(line) + ": warning: " + what + ": ";
    err += detail;
    err += '\n';
}

// Matches to stdout; problems (one per line) to stderr up to max_reported.
void flush(std::string& out, std::string& err, totals& t) {
    std::fwrite(out.data(), 1, out.size(), stdout);
    for (std::size_t at = 0; at < err.size() && t.reported < max_reported;
         ++t.reported) {
        const std::size_t end = err.find('\n', at) + 1;
        std::fwrite(err.data() + at, 1, end - at, stderr);
        at = end;
    }
    out.clear();
    err.clear();
}

// One line of input: its matches go to `out`, its problem to `err`.
void hunt_line(evaluator& eval, const std::string& file, std::uint64_t number,
               std::string_view line, std::size_t readable, totals& t,
               std::string& out, std::string& err) {
    if (blank(line))
        return;
    ++t.events;
    // One captured pointer fits in std::function's own storage: no
    // allocation per line.
    struct where_from {
        const std::string& file;
        std::uint64_t number;
        std::string_view line;
        std::string& out;
    } from{file, number, line, out};
    auto on_match = [&from](const match& m) {
        write_match(m, from.file, from.number, from.line, from.out);
    };
    const event_result r = eval.evaluate_json(line, readable, on_match);
    t.matches += r.matches;
    t.matched_events += r.matches > 0;
    if (r.status == event_status::malformed) {
        ++t.malformed;
        report(file, number, "malformed event", r.error, err);
    } else if (r.status == event_status::unmapped) {
        ++t.unmapped;
    } else if (r.status == event_status::skipped) {
        ++t.unparsed;
    } else if (r.status == event_status::over_budget) {
        ++t.over_budget;
        report(file, number, "event over the instruction budget", "", err);
    }
}

// One chunk's share of a parallel hunt.
struct chunk_output {
    totals t;
    std::string out;
    std::string err;
};

void add(totals& sum, const totals& t) {
    sum.events += t.events;
    sum.matched_events += t.matched_events;
    sum.matches += t.matches;
    sum.malformed += t.malformed;
    sum.unmapped += t.unmapped;
    sum.over_budget += t.over_budget;
    sum.unparsed += t.unparsed;
}

// JSON lines on `threads` threads; output in input order as with one.
void hunt_parallel(const std::shared_ptr<const program_set>& programs,
                   unsigned threads, const std::string& file, totals& t) {
    chunk_reader reader(file);
    auto line = [&](evaluator& eval, chunk_output& c, std::string_view text,
                    std::size_t readable, std::uint64_t number) {
        hunt_line(eval, file, number, text, readable, c.t, c.out, c.err);
    };
    auto done = [&](chunk_output& c) {
        flush(c.out, c.err, t);
        add(t, c.t);
    };
    if (reader.ok())
        for_each_line<chunk_output>(reader, threads, programs, line, done);
    if (!reader.ok()) {
        std::fprintf(stderr, "carl: %s: %s\n", file.c_str(),
                     reader.error().c_str());
        t.failed = true;
    }
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
    std::string out, err;
    while (reader.next(line, readable, number)) {
        hunt_line(eval, file, number, line, readable, t, out, err);
        if (!out.empty() || !err.empty())
            flush(out, err, t);
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
    if (t.unparsed)
        std::fprintf(stderr, ", %llu skipped unparsed",
                     static_cast<unsigned long long>(t.unparsed));
    std::fputc('\n', stderr);
    if (t.malformed + t.over_budget > max_reported)
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
    evaluator eval(loaded->programs);
    totals t;
    for (const std::string& input : *inputs)
        for (const std::string& file : expand(input))
            if (threads > 1)
                hunt_parallel(loaded->programs, threads, file, t);
            else
                hunt_file(eval, file, t);
    std::fflush(stdout);
    print_summary(t);

    if (t.failed)
        return exit_error;
    return t.matches ? exit_match : exit_no_match;
}

} // namespace carl::cli
