// Embedding carl: compile one analytic from a pseudocode string, share the
// compiled program set, evaluate JSON events with a per-thread evaluator and
// receive the matches through a callback. Exits 0 when exactly the one
// expected event matched.
#include <carl/carl.hpp>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const pseudocode = R"(processes = search Process:Create
procdump_lsass = filter processes where (
  exe = "procdump*.exe"  and
  command_line = "*lsass*")
output procdump_lsass
)";

const std::vector<std::string> events = {
    R"({"EventID":1,"Image":"C:\\Tools\\procdump64.exe",)"
    R"("CommandLine":"procdump64.exe -ma lsass.exe dump.dmp"})",
    R"({"EventID":1,"Image":"C:\\Windows\\notepad.exe",)"
    R"("CommandLine":"notepad.exe lsass.txt"})",
    R"({"EventID":1,"Image":"C:\\Tools\\procdump.exe",)"
    R"("CommandLine":"procdump.exe -ma 4242"})",
};

} // namespace

int main() {
    // 1. Compile once. Problems come back as diagnostics, never printed.
    std::vector<carl::analytic> analytics = {
        carl::analytic_from_text("CAR-2019-07-002", pseudocode)};
    carl::compile_result compiled = carl::compile(analytics);
    for (const carl::diagnostic& d : compiled.diagnostics)
        std::fputs(carl::render(d).c_str(), stderr);
    if (!compiled.ok())
        return 1;

    // 2. Each thread has its own evaluator over the shared program set.
    int matches = 0;
    std::thread worker([&] {
        carl::evaluator eval(compiled.programs);
        for (const std::string& event : events) {
            // 3. Matches arrive through the callback.
            eval.evaluate_json(event, [&](const carl::match& m) {
                std::printf("%s matched %s: %s\n", m.analytic->id.c_str(),
                            std::string(m.event_type).c_str(), event.c_str());
                ++matches;
            });
        }
    });
    worker.join();
    return matches == 1 ? 0 : 1;
}
