// How `join ... where` conditions become keys, a window and a residual
// condition: each row's condition compiled, and the join described as
// `carl disasm` prints it.
#include "carl/analytic.hpp"
#include "carl/parse.hpp"
#include "compiler.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// The join line of the graph of a block joining `a` and `b` on `where`,
// or the first error.
std::string join_of(const std::string& where) {
    const std::string code = "p = search Process:Create\n"
                             "a = filter p where (exe == \"cmd.exe\")\n"
                             "b = filter p where (exe == \"reg.exe\")\n"
                             "j = join a, b where (" +
                             where + ")\noutput j\n";
    const carl::analytic text = carl::analytic_from_text("t", code);
    const carl::source& source = text.blocks.at(0).code;
    carl::parse_result parsed = carl::parse(source);
    REQUIRE(parsed.ok());
    std::vector<carl::diagnostic> out;
    carl::compiled_block block = carl::compile_block(
        parsed.program, source, carl::data_model::builtin(), out);
    for (const carl::diagnostic& d : out)
        if (d.level == carl::severity::error)
            return "error: " + d.message;
    const std::string all = block.graph->describe();
    const auto at = all.find(": join j");
    return all.substr(at + 8, all.find(", output") - at - 8);
}

} // namespace

TEST_CASE("a join's condition becomes keys, a window and a residual") {
    struct row {
        const char* where;
        const char* expected;
    };
    const row rows[] = {
        {"a.pid == b.ppid", " keys a.pid = b.ppid"},
        {"b.ppid == a.pid", " keys a.pid = b.ppid"},
        {"a.pid == b.ppid and a.hostname == b.hostname",
         " keys a.pid = b.ppid, a.hostname = b.hostname"},
        {"a.time < b.time", " window (0 seconds, +inf)"},
        {"a.time <= b.time", " window [0 seconds, +inf)"},
        {"b.time > a.time", " window (0 seconds, +inf)"},
        {"a.time < b.time < a.time + 1 second",
         " window (0 seconds, 1 second)"},
        {"a.time < b.time and b.time <= a.time + 2 seconds",
         " window (0 seconds, 2 seconds]"},
        {"b.time - 5 seconds <= a.time and a.time < b.time",
         " window (0 seconds, 5 seconds]"},
        {"b.time < a.time < b.time + 1sec", " window (-1 second, 0 seconds)"},
        {"a.time < b.time < a.time + 1.5 minutes",
         " window (0 seconds, 90 seconds)"},
        {"a.time < b.time and a.time < b.time + 10 seconds",
         " window (0 seconds, +inf)"},
        {"a.pid == b.ppid and b.command_line == \"*x*\"",
         " keys a.pid = b.ppid and a condition"},
        {"a.user != b.user", " and a condition"},
        {"a.pid == b.ppdi", "error: 'b' has no field 'ppdi'"},
        {"pid == 4", "error: 'j' has no field 'pid'"},
    };
    for (const row& r : rows) {
        const std::string where = r.where;
        CAPTURE(where);
        CHECK(join_of(r.where) == r.expected);
    }
}

TEST_CASE("a graph reads only the fields its statements name") {
    const std::string code =
        "p = search Process:Create\n"
        "a = filter p where (exe == \"cmd.exe\")\n"
        "b = filter p where (exe == \"reg.exe\")\n"
        "j = join a, b where (a.pid == b.ppid and b.user != a.user)\n"
        "g = group j by a.hostname\n"
        "s = from g select count(b.command_line) as n\n"
        "output s\n";
    const carl::analytic text = carl::analytic_from_text("t", code);
    carl::parse_result parsed = carl::parse(text.blocks.at(0).code);
    REQUIRE(parsed.ok());
    std::vector<carl::diagnostic> out;
    carl::compiled_block block =
        carl::compile_block(parsed.program, text.blocks.at(0).code,
                            carl::data_model::builtin(), out);
    REQUIRE(out.empty());
    const auto read = block.graph->columns_read();

    // Source nodes 0 (a) and 1 (b) have the process object's columns.
    struct row {
        std::size_t node;
        const char* field;
        bool expected;
    };
    const row rows[] = {
        {0, "pid", true},   {0, "user", true},          {0, "hostname", true},
        {0, "ppid", false}, {0, "command_line", false}, {1, "ppid", true},
        {1, "user", true},  {1, "command_line", true},  {1, "hostname", false},
        {1, "pid", false},
    };
    for (const row& r : rows) {
        const std::string field = r.field;
        CAPTURE(r.node);
        CAPTURE(field);
        const auto& columns = block.graph->nodes.at(r.node).columns;
        REQUIRE(columns.find(field));
        CHECK(read[r.node][*columns.find(field)] == r.expected);
    }
}
