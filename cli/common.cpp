// Argument parsing and analytic loading shared by the subcommands.
#include "cli.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace carl::cli {

namespace fs = std::filesystem;

arguments::arguments(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i)
        m_args.emplace_back(argv[i]);
}

bool arguments::flag(const std::string& name, const std::string& alias) {
    for (auto it = m_args.begin(); it != m_args.end(); ++it) {
        if (*it == "--") // everything after is an operand
            break;
        if (*it == name || (!alias.empty() && *it == alias)) {
            m_args.erase(it);
            return true;
        }
    }
    return false;
}

std::vector<std::string> arguments::values(const std::string& name,
                                           const std::string& alias) {
    std::vector<std::string> found;
    for (std::size_t i = 0; i < m_args.size();) {
        const std::string& a = m_args[i];
        if (a == "--")
            break;
        if ((a == name || (!alias.empty() && a == alias)) &&
            i + 1 < m_args.size()) {
            found.push_back(m_args[i + 1]);
            m_args.erase(m_args.begin() + i, m_args.begin() + i + 2);
            continue;
        }
        if (a.rfind(name + "=", 0) == 0) {
            found.push_back(a.substr(name.size() + 1));
            m_args.erase(m_args.begin() + i);
            continue;
        }
        ++i;
    }
    return found;
}

std::optional<std::vector<std::string>>
arguments::operands(const char* command) {
    std::vector<std::string> rest;
    bool options_done = false;
    for (const std::string& a : m_args) {
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && a.size() > 1 && a[0] == '-') {
            std::fprintf(stderr,
                         "carl %s: unknown option '%s' (see 'carl %s "
                         "--help')\n",
                         command, a.c_str(), command);
            return std::nullopt;
        }
        rest.push_back(a);
    }
    return rest;
}

std::string shipped_analytics() {
#ifdef CARL_SOURCE_ANALYTICS
    if (fs::is_directory(CARL_SOURCE_ANALYTICS))
        return CARL_SOURCE_ANALYTICS;
#endif
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        fs::path installed =
            fs::path(self).parent_path() / "../share/carl/analytics";
        if (fs::is_directory(installed))
            return installed.lexically_normal().string();
    }
    return "analytics";
}

void print(const std::vector<diagnostic>& diagnostics) {
    for (const diagnostic& d : diagnostics)
        std::fputs(render(d).c_str(), stderr);
}

bool add_mapping_file(mapping_set& mappings, const std::string& path,
                      std::vector<diagnostic>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostic d;
        d.file = path;
        d.message = "cannot read the mapping file";
        out.push_back(std::move(d));
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return mappings.add(path, text.str(), out);
}

namespace {

// Errors of analytics become warnings: each one is left out of the run.
void downgrade(std::vector<diagnostic>& problems, std::size_t from) {
    for (std::size_t i = from; i < problems.size(); ++i)
        if (problems[i].level == severity::error)
            problems[i].level = severity::warning;
}

} // namespace

std::optional<compiled>
load_and_compile(const std::vector<std::string>& paths,
                 const std::vector<std::string>& mapping_files,
                 const load_options& how) {
    std::vector<diagnostic> problems;
    compiled result;
    for (const std::string& path : paths) {
        load_result loaded = load_analytics(path);
        problems.insert(problems.end(), loaded.diagnostics.begin(),
                        loaded.diagnostics.end());
        for (analytic& a : loaded.analytics)
            result.analytics.push_back(std::move(a));
    }

    std::vector<diagnostic> mapping_problems;
    mapping_set mappings = mapping_set::builtin();
    for (const std::string& file : mapping_files)
        add_mapping_file(mappings, file, mapping_problems);

    compile_options options;
    options.mappings = &mappings;
    options.prefilter = how.prefilter;
    options.parameters = how.parameters;
    compile_result compiled = compile(result.analytics, options);
    problems.insert(problems.end(), compiled.diagnostics.begin(),
                    compiled.diagnostics.end());
    if (how.skip_invalid)
        downgrade(problems, 0);
    problems.insert(problems.begin(), mapping_problems.begin(),
                    mapping_problems.end());
    print(problems);
    if (how.skip_invalid && compiled.programs)
        std::fprintf(stderr, "carl: %zu of %zu analytics left out for errors\n",
                     result.analytics.size() -
                         compiled.programs->analytics().size(),
                     result.analytics.size());
    if (has_errors(problems))
        return std::nullopt;
    if (!compiled.programs) {
        std::fputs("carl: no analytic to run\n", stderr);
        return std::nullopt;
    }
    result.programs = std::move(compiled.programs);
    return result;
}

} // namespace carl::cli
