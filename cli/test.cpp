// `carl test`: runs each analytic over its own test events, the cases in
// tests/ID.yaml beside it, and reports every case.
#include "cli.hpp"

#include "carl/time.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>

namespace carl::cli {
namespace {

namespace fs = std::filesystem;

const char* const help = R"(usage: carl test [-m MAPPING]... [ANALYTIC...]

Runs each analytic over its test events and reports every case. The cases of
analytic ID in DIR/ID.yaml (or DIR/ID.car) are in DIR/tests/ID.yaml: each has
a name, `expect: match` or `expect: no match`, and the event, either as a
YAML mapping (`event:`) or as JSON text (`json:`). An analytic needs at least
one case of each kind.

A case for a stateful analytic gives `events:`, a list of events (mappings
or JSON text) fed in that order, then the end of the input; `matches: N`
asks for exactly N matches. `now:`, `lateness:` and `state_limit:` set what
the `carl hunt` options of those names set. A `parameters:` mapping at the
top of the file gives the values of the analytic's `input` names.

ANALYTIC is an analytic file or a directory of them (default: the shipped
analytics).

options:
  -m, --mapping FILE  an extra mapping file (YAML); repeatable
  -h, --help          show this help

Exit status: 0 when every case passed, 1 when one failed, 2 on an error.
)";

struct test_case {
    std::string name;
    bool expect_match = true;
    std::optional<std::uint32_t> matches; // exactly this many
    std::vector<std::string> events;      // JSON texts, in order
    stream_options options;
    int line = 0; // in the test file, 1-based
};

// A plain YAML scalar that reads as a number, boolean or null becomes one;
// a quoted one stays a string, as a JSON author would mean it.
nlohmann::json to_json(const YAML::Node& node) {
    if (node.IsMap()) {
        nlohmann::json object = nlohmann::json::object();
        for (const auto& item : node)
            object[item.first.as<std::string>()] = to_json(item.second);
        return object;
    }
    if (node.IsSequence()) {
        nlohmann::json array = nlohmann::json::array();
        for (const auto& item : node)
            array.push_back(to_json(item));
        return array;
    }
    if (node.IsNull())
        return nullptr;
    const std::string text = node.as<std::string>();
    if (node.Tag() == "?") {
        nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_number() || parsed.is_boolean())
            return parsed;
    }
    return text;
}

// One event: JSON text as written, or a YAML mapping made JSON.
std::string event_json(const YAML::Node& node) {
    return node.IsScalar() ? node.as<std::string>() : to_json(node).dump();
}

void read_events(const YAML::Node& c, test_case& t) {
    if (c["events"]) {
        for (const YAML::Node& e : c["events"])
            t.events.push_back(event_json(e));
        return;
    }
    t.events.push_back(c["json"] ? c["json"].as<std::string>()
                                 : to_json(c["event"]).dump());
}

void read_options(const YAML::Node& c, test_case& t) {
    if (c["matches"])
        t.matches = c["matches"].as<std::uint32_t>();
    if (c["now"]) {
        t.options.now = parse_time(c["now"].as<std::string>());
        if (!t.options.now)
            throw YAML::ParserException(c["now"].Mark(),
                                        "now must be a time such as "
                                        "2026-11-30T09:00:00Z");
    }
    if (c["lateness"]) {
        auto d = parse_duration(c["lateness"].as<std::string>());
        if (!d)
            throw YAML::ParserException(c["lateness"].Mark(),
                                        "lateness must be a duration such "
                                        "as 2 seconds");
        t.options.lateness = *d;
    }
    if (c["state_limit"])
        t.options.state_limit = c["state_limit"].as<std::size_t>();
}

bool read_cases(const std::string& path, std::vector<test_case>& cases,
                std::map<std::string, std::string>& parameters,
                std::string& error) {
    try {
        const YAML::Node doc = YAML::LoadFile(path);
        for (const auto& p : doc["parameters"])
            parameters[p.first.as<std::string>()] = p.second.as<std::string>();
        for (const YAML::Node& c : doc["cases"]) {
            test_case t;
            t.line = c.Mark().line + 1;
            t.name = c["name"].as<std::string>();
            const std::string expect = c["expect"].as<std::string>();
            if (expect != "match" && expect != "no match")
                throw YAML::ParserException(
                    c["expect"].Mark(), "expect must be 'match' or 'no match'");
            t.expect_match = expect == "match";
            read_events(c, t);
            read_options(c, t);
            cases.push_back(std::move(t));
        }
        return true;
    } catch (const YAML::Exception& e) {
        error = path + ":" + std::to_string(e.mark.line + 1) + ":" +
                std::to_string(e.mark.column + 1) + ": error: " + e.msg;
        return false;
    }
}

struct tally {
    int passed = 0;
    int failed = 0;
};

// Why a case failed, or empty when it passed. Each case starts with no
// state: a fresh evaluator.
std::string run_case(const std::shared_ptr<const program_set>& programs,
                     const test_case& c) {
    evaluator eval(programs, c.options);
    std::uint32_t matches = 0;
    auto count = [&](const match&) { ++matches; };
    for (std::size_t i = 0; i < c.events.size(); ++i) {
        const std::string which =
            c.events.size() > 1 ? "event " + std::to_string(i + 1) : "event";
        eval.set_origin("case", i + 1);
        const event_result r = eval.evaluate_json(c.events[i], count);
        if (r.status == event_status::malformed)
            return "the " + which + " is malformed: " + std::string(r.error);
        if (c.expect_match && r.status == event_status::unmapped)
            return "no mapping covers the " + which;
    }
    eval.finish(count);
    if (c.matches && matches != *c.matches)
        return "expected " + std::to_string(*c.matches) + " matches, got " +
               std::to_string(matches);
    if (c.expect_match && matches == 0)
        return "expected a match, got none";
    if (!c.expect_match && matches > 0)
        return "expected no match, got " + std::to_string(matches);
    return "";
}

void test_analytic(const analytic& a, const std::vector<analytic>& library,
                   const mapping_set& mappings, tally& t) {
    const fs::path cases_file =
        fs::path(a.info.file).parent_path() / "tests" / (a.info.id + ".yaml");
    std::vector<test_case> cases;
    std::map<std::string, std::string> parameters;
    std::string error;
    if (!fs::exists(cases_file))
        error =
            cases_file.string() + ": error: no test events for " + a.info.id;
    else
        read_cases(cases_file.string(), cases, parameters, error);

    bool has_match = false, has_no_match = false;
    for (const test_case& c : cases)
        (c.expect_match ? has_match : has_no_match) = true;
    if (error.empty() && !(has_match && has_no_match))
        error = cases_file.string() + ": error: " + a.info.id +
                " needs cases that must match and cases that must not";
    if (!error.empty()) {
        std::fprintf(stdout, "%s\n", error.c_str());
        ++t.failed;
        return;
    }

    // The analytics beside it are there for `run Analytic:ID`.
    compile_options options;
    options.parameters = parameters;
    options.library = &library;
    options.mappings = &mappings;
    compile_result compiled = compile({a}, options);
    print(compiled.diagnostics);
    if (!compiled.programs) {
        std::fprintf(stdout, "%s: FAILED  the analytic does not compile\n",
                     a.info.id.c_str());
        ++t.failed;
        return;
    }
    for (const test_case& c : cases) {
        const std::string why = run_case(compiled.programs, c);
        if (why.empty()) {
            std::fprintf(stdout, "%s: ok      %s\n", a.info.id.c_str(),
                         c.name.c_str());
            ++t.passed;
            continue;
        }
        std::fprintf(stdout, "%s:%d: %s: FAILED  %s: %s\n", cases_file.c_str(),
                     c.line, a.info.id.c_str(), c.name.c_str(), why.c_str());
        ++t.failed;
    }
}

} // namespace

int test(arguments args) {
    if (args.flag("--help", "-h")) {
        std::fputs(help, stdout);
        return 0;
    }
    const std::vector<std::string> files = args.values("--mapping", "-m");
    auto paths = args.operands("test");
    if (!paths)
        return exit_error;
    if (paths->empty())
        paths->push_back(shipped_analytics());

    mapping_set mappings = mapping_set::builtin();
    std::vector<diagnostic> problems;
    for (const std::string& file : files)
        add_mapping_file(mappings, file, problems);
    print(problems);
    if (has_errors(problems))
        return exit_error;

    tally t;
    bool load_failed = false;
    for (const std::string& path : *paths) {
        load_result loaded = load_analytics(path);
        print(loaded.diagnostics);
        load_failed = load_failed || has_errors(loaded.diagnostics);
        for (const analytic& a : loaded.analytics)
            test_analytic(a, loaded.analytics, mappings, t);
    }
    std::fprintf(stdout, "%d passed, %d failed\n", t.passed, t.failed);
    if (load_failed)
        return exit_error;
    return t.failed ? 1 : 0;
}

} // namespace carl::cli
