// `carl check` and `carl disasm`: compile analytics and show the diagnostics,
// or the bytecode.
#include "cli.hpp"

#include "carl/parse.hpp"

#include <cstdio>
#include <map>

namespace carl::cli {
namespace {

const char* const check_help =
    R"(usage: carl check [-m MAPPING]... [--summary] FILE...

Parses and checks analytics (CAR .yaml files or .car pseudocode, or
directories of them) against the CAR data model, and prints every problem as
file:line:column with the source line and a caret.

options:
  -m, --mapping FILE  an extra mapping file (YAML); repeatable
  -s, --summary       check each pseudocode block on its own and print, on
                      stdout, one line per block (accepted, or its first
                      error) and how many were accepted and rejected, and why
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

// Why a block was rejected, from its first error.
std::string reason(const diagnostic& first, bool parsed) {
    const std::string& m = first.message;
    const auto has = [&](const char* part) {
        return m.find(part) != std::string::npos;
    };
    if (!parsed)
        return "syntax error";
    if (has("has no field") || has("no object has"))
        return "unknown field";
    if (has("unknown object") || has("has no action"))
        return "unknown object or action";
    if (has("is not defined") || has("not a stream"))
        return "undefined name";
    if (has("no 'output'"))
        return "no output";
    return "other";
}

// One line per pseudocode block, then the counts by outcome.
int summary(const std::vector<std::string>& paths) {
    std::map<std::string, std::size_t> counts;
    std::size_t blocks = 0;
    std::size_t analytics = 0;
    for (const std::string& path : paths) {
        load_result loaded = load_analytics(path);
        print(loaded.diagnostics);
        for (const analytic& a : loaded.analytics) {
            analytics += a.blocks.empty() ? 0 : 1;
            for (std::size_t i = 0; i < a.blocks.size(); ++i) {
                ++blocks;
                const bool parsed = parse(a.blocks[i].code).ok();
                const auto result = compile({analytic{a.info, {a.blocks[i]}}});
                const diagnostic* first = nullptr;
                for (const diagnostic& d : result.diagnostics)
                    if (!first && d.level == severity::error)
                        first = &d;
                const std::string why =
                    first ? reason(*first, parsed) : "accepted";
                ++counts[why];
                std::printf("%s\t%zu\t%s", a.info.id.c_str(), i, why.c_str());
                if (first)
                    std::printf("\t%u:%u: %s", first->where.line,
                                first->where.column, first->message.c_str());
                std::printf("\n");
            }
        }
    }

    std::printf("\n%zu pseudocode blocks in %zu analytics\n", blocks,
                analytics);
    const std::size_t accepted = counts["accepted"];
    std::printf("  %zu accepted\n  %zu rejected\n", accepted,
                blocks - accepted);
    for (const auto& [why, count] : counts)
        if (why != "accepted" && count)
            std::printf("    %zu %s\n", count, why.c_str());
    return 0;
}

} // namespace

int check(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(check_help, stdout);
        return 0;
    }
    const bool want_summary = args.flag("--summary", "-s");
    const std::vector<std::string> mappings = args.values("--mapping", "-m");
    auto files = args.operands("check");
    if (!files)
        return exit_error;
    if (files->empty()) {
        std::fputs("carl check: no file given (see 'carl check --help')\n",
                   stderr);
        return exit_error;
    }
    if (want_summary)
        return summary(*files);

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
