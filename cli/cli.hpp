// What the subcommands of the carl program share: argument parsing, loading
// and compiling analytics with their diagnostics printed, and where the
// shipped analytics are. Each subcommand lives in its own file.
#pragma once

#include "carl/carl.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace carl::cli {

// Exit statuses, as grep's: a match, none, or trouble.
inline constexpr int exit_match = 0;
inline constexpr int exit_no_match = 1;
inline constexpr int exit_error = 2;

// Arguments after the subcommand's name. Options are `-x VALUE`,
// `--long VALUE` or `--long=VALUE`; a lone `-` is an operand (stdin).
class arguments {
public:
    arguments(int argc, char** argv, int first);

    // True (and consumes it) when `name` or `alias` is present as a flag.
    bool flag(const std::string& name, const std::string& alias = "");

    // Every value given to the option, in order; consumes them.
    std::vector<std::string> values(const std::string& name,
                                    const std::string& alias = "");

    // What is left, once every option was taken. An unknown option left
    // over is reported, and the result is nothing.
    std::optional<std::vector<std::string>> operands(const char* command);

private:
    std::vector<std::string> m_args;
};

// The analytics shipped with carl: the source tree's analytics/ when run
// from a build, else ../share/carl/analytics beside the executable.
std::string shipped_analytics();

// Loads every path (file or directory), compiles the analytics with the
// extra mapping files, prints every diagnostic to stderr, and returns the
// program set, or nothing on any error.
struct compiled {
    std::shared_ptr<const program_set> programs;
    std::vector<analytic> analytics;
};
struct load_options {
    // Report analytics with errors as warnings and run the others.
    bool skip_invalid = false;
    bool prefilter = true; // compile_options::prefilter
    // The values of `input NAME` statements (`--param NAME=VALUE`).
    std::map<std::string, std::string> parameters;
};
std::optional<compiled>
load_and_compile(const std::vector<std::string>& paths,
                 const std::vector<std::string>& mapping_files,
                 const load_options& how = {});

// `carl hunt`'s options for stateful analytics (cli/stateful.cpp): how the
// evaluator runs, and the values of `input` names. Nothing, after saying
// why on stderr, when one is malformed.
struct stream_settings {
    stream_options options;
    std::map<std::string, std::string> parameters;
};
std::optional<stream_settings> read_stream_settings(arguments& args);

// A stateful match as one JSON line appended to `out`: the analytic, the
// output, the aggregate's fields and each event with its source.
void write_stateful_match(const match& m, std::string& out);

// Evicted, late and untimed events, on stderr, when there were any.
void print_stream_summary(const stream_summary& s);

// Adds the mappings of the YAML file `path`; false, with diagnostics in
// `out`, when it cannot be read or has errors.
bool add_mapping_file(mapping_set& mappings, const std::string& path,
                      std::vector<diagnostic>& out);

// Prints each diagnostic, rendered, to stderr.
void print(const std::vector<diagnostic>& diagnostics);

int hunt(arguments args);
int check(arguments args);
int disasm(arguments args);
int test(arguments args);

} // namespace carl::cli
