// carl's command line: picks the subcommand; each lives in its own file.
#include "cli.hpp"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char* const usage = R"(usage: carl COMMAND [OPTIONS] [ARGS]

Runs MITRE CAR analytics, written in CAR's pseudocode, over Windows event
logs (Sysmon and Security events as JSON lines).

commands:
  hunt     run analytics over event files and print the matches
  check    parse and check analytics, print diagnostics
  disasm   print the bytecode each analytic compiles to
  test     run each analytic's own test events

Run 'carl COMMAND --help' for a command's options.
)";

} // namespace

int main(int argc, char** argv) {
    using namespace carl::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") ||
        !std::strcmp(argv[1], "-h")) {
        std::fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? exit_error : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::puts("carl 0.1.0");
        return 0;
    }

    const std::string command = argv[1];
    arguments args(argc, argv, 2);
    if (command == "hunt")
        return hunt(std::move(args));
    if (command == "check")
        return check(std::move(args));
    if (command == "disasm")
        return disasm(std::move(args));
    if (command == "test")
        return test(std::move(args));

    std::fprintf(stderr, "carl: unknown command '%s'\n%s", command.c_str(),
                 usage);
    return exit_error;
}
