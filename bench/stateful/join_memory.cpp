// Memory of a join over a long stream: feeds the evaluator a synthetic
// stream of shells and the reg.exe each one starts, many windows long, and
// prints, at every tenth of the stream, the rows the join holds and the
// process's resident memory. Run by bench/stateful/run.
#include "carl/carl.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

// The join of CAR-2013-03-001 with a one-second window, or with none (then
// only the state limit bounds it).
const char* const windowed = R"(processes = search Process:Create
reg = filter processes where (exe == "reg.exe")
cmd = filter processes where (exe == "cmd.exe")
pairs = join (reg, cmd) where (reg.ppid == cmd.pid and
  reg.hostname == cmd.hostname and cmd.time <= reg.time < cmd.time + 1 second)
output pairs
)";

const char* const unbounded = R"(processes = search Process:Create
reg = filter processes where (exe == "reg.exe")
cmd = filter processes where (exe == "cmd.exe")
pairs = join (reg, cmd) where (reg.ppid == cmd.pid and
  reg.hostname == cmd.hostname)
output pairs
)";

long resident_kib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4;
}

// Event i: at `rate` events a second, a cmd.exe with pid 10000+i, or the
// reg.exe whose parent is the cmd started `lag` events earlier.
std::string event(long i, long rate, long lag) {
    const long ms = i * 1000 / rate;
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-30 %02ld:%02ld:%02ld.%03ld",
                  ms / 3'600'000 % 24, ms / 60'000 % 60, ms / 1000 % 60,
                  ms % 1000);
    char line[512];
    if (i % 2 == 0)
        std::snprintf(
            line, sizeof line,
            "{\"EventID\":1,\"UtcTime\":\"%s\",\"Computer\":\"ws%ld\","
            "\"ProcessId\":%ld,\"Image\":\"C:\\\\Windows\\\\System32"
            "\\\\cmd.exe\",\"ParentImage\":\"C:\\\\Tools\\\\agent.exe\"}",
            time, i % 50, 10000 + i);
    else
        std::snprintf(
            line, sizeof line,
            "{\"EventID\":1,\"UtcTime\":\"%s\",\"Computer\":\"ws%ld\","
            "\"ProcessId\":%ld,\"ParentProcessId\":%ld,\"Image\":"
            "\"C:\\\\Windows\\\\System32\\\\reg.exe\",\"CommandLine\":"
            "\"reg query HKLM\\\\Software\"}",
            time, (i - lag) % 50, 10000 + i, 10000 + i - lag);
    return line;
}

} // namespace

int main(int argc, char** argv) {
    const long events = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    const long rate = argc > 2 ? std::atol(argv[2]) : 1000; // per second
    const bool bounded = !(argc > 3 && std::string(argv[3]) == "unbounded");

    auto compiled = carl::compile(
        {carl::analytic_from_text("join", bounded ? windowed : unbounded)});
    if (!compiled.programs) {
        for (const auto& d : compiled.diagnostics)
            std::fputs(carl::render(d).c_str(), stderr);
        return 2;
    }
    carl::stream_options options;
    options.state_limit = 20'000;
    carl::evaluator eval(compiled.programs, options);

    std::printf("%s join, %ld events at %ld a second (%ld seconds), "
                "state limit %zu\n",
                bounded ? "1-second" : "unbounded", events, rate, events / rate,
                options.state_limit);
    std::printf("%10s %10s %10s %12s %10s\n", "events", "matches", "held",
                "evicted", "rss_kib");
    std::printf("%10d %10d %10d %12d %10ld\n", 0, 0, 0, 0, resident_kib());
    long matches = 0;
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < events; ++i) {
        // Each reg.exe follows its shell by 3 events: well inside a second.
        const std::string line = event(i, rate, 3);
        matches += eval.evaluate_json(line, [](const carl::match&) {}).matches;
        if ((i + 1) % (events / 10) == 0) {
            const carl::stream_summary s = eval.summary();
            std::printf("%10ld %10ld %10zu %12llu %10ld\n", i + 1, matches,
                        s.held, static_cast<unsigned long long>(s.evicted),
                        resident_kib());
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    eval.finish([](const carl::match&) {});
    std::printf("%.0f events a second; peak held %zu\n", events / seconds,
                eval.summary().peak);
    return 0;
}
