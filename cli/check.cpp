// `carl check` and `carl disasm`: compile analytics and show the diagnostics,
// or the bytecode.
#include "cli.hpp"

#include <cstdio>

namespace carl::cli {
namespace {

const char* const check_help = R"(usage: carl check [-m MAPPING]... FILE...

Parses and checks analytics (CAR .yaml files or .car pseudocode, or
directories of them) against the CAR data model, and prints every problem as
file:line:column with the source line and a caret.

options:
  -m, --mapping FILE  an extra mapping file (YAML); repeatable
  -h, --help          show this help

Exit status: 0 when every analytic is clean, 1 on errors, 2 on bad usage.
)";

const char* const disasm_help = R"(usage: carl disasm FILE...

Prints the bytecode of each analytic in FILE (a CAR .yaml or .car file, or a
directory of them): one section per output and object:action, one line per
instruction with its operands and what it tests.

options:
  -h, --help  show this help
)";

} // namespace

int check(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(check_help, stdout);
        return 0;
    }
    const std::vector<std::string> mappings = args.values("--mapping", "-m");
    auto files = args.operands("check");
    if (!files)
        return exit_error;
    if (files->empty()) {
        std::fputs("carl check: no file given (see 'carl check --help')\n",
                   stderr);
        return exit_error;
    }

    auto loaded = load_and_compile(*files, mappings);
    if (!loaded)
        return 1;
    const std::size_t count = loaded->programs->analytics().size();
    std::fprintf(stderr, "carl: %zu %s checked, no errors\n", count,
                 count == 1 ? "analytic" : "analytics");
    return 0;
}

int disasm(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(disasm_help, stdout);
        return 0;
    }
    auto files = args.operands("disasm");
    if (!files)
        return exit_error;
    if (files->empty()) {
        std::fputs("carl disasm: no file given (see 'carl disasm --help')\n",
                   stderr);
        return exit_error;
    }

    auto loaded = load_and_compile(*files, {});
    if (!loaded)
        return exit_error;
    const std::size_t count = loaded->programs->analytics().size();
    for (std::size_t i = 0; i < count; ++i)
        std::fputs(loaded->programs->disassemble(i).c_str(), stdout);
    return 0;
}

} // namespace carl::cli
