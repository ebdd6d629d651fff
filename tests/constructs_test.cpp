// The stateless constructs of CAR pseudocode run, not only parse: one row
// per construct, a whole block, a Sysmon process-creation event, and how
// many outputs match it. Also the CIDR networks behind `in [10.0.0.0/8]`.
#include "carl/carl.hpp"
#include "network.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// Compiles `code` and counts the matches of one Sysmon EventID 1 event
// with the JSON members `fields`, evaluated in full and through the
// prefilter, which must agree.
int hits(const std::string& code, const std::string& fields) {
    carl::compile_options unfiltered;
    unfiltered.prefilter = false;
    auto all = carl::compile({carl::analytic_from_text("t", code)}, unfiltered);
    for (const auto& d : all.diagnostics)
        INFO(carl::render(d));
    REQUIRE(all.ok());
    auto compiled = carl::compile({carl::analytic_from_text("t", code)});
    REQUIRE(compiled.ok());

    const std::string event = "{\"EventID\":1," + fields + "}";
    int count = 0;
    carl::evaluator eval(all.programs);
    auto r = eval.evaluate_json(event, [&](const carl::match&) { ++count; });
    REQUIRE(r.status == carl::event_status::evaluated);

    int filtered = 0;
    carl::evaluator fast(compiled.programs);
    fast.evaluate_json(event, [&](const carl::match&) { ++filtered; });
    CHECK(filtered == count);
    return count;
}

struct row {
    const char* construct;
    const char* code;
    const char* fields;
    int expected;
};

const char* const search = "p = search Process:Create\n";

std::string filtered(const char* condition) {
    return std::string(search) + "q = filter p where " + condition +
           "\noutput q\n";
}

} // namespace

TEST_CASE("search targets select the events of every object:action named") {
    const row rows[] = {
        {"object alone", "p = search Process\noutput p", R"("Image":"a")", 1},
        {"object:*", "p = search Process:*\noutput p", R"("Image":"a")", 1},
        {"union", "p = search (Process:Create OR Process:Terminate)\noutput p",
         R"("Image":"a")", 1},
        {"action list", "p = search Process:Terminate,Create\noutput p",
         R"("Image":"a")", 1},
        {"other action", "p = search Process:Terminate\noutput p",
         R"("Image":"a")", 0},
        {"search where",
         "p = search Process:Create where exe = \"a.exe\"\n"
         "output p",
         R"("Image":"C:\\a.exe")", 1},
        {"search where, miss",
         "p = search Process:Create where exe = \"b\"\n"
         "output p",
         R"("Image":"C:\\a.exe")", 0},
        {"two outputs",
         "p = search Process\nq = search Process:Create\n"
         "output (p, q)",
         R"("Image":"a")", 2},
        {"return", "p = search Process\nreturn p", R"("Image":"a")", 1},
    };
    for (const row& r : rows) {
        const std::string construct = r.construct;
        CAPTURE(construct);
        CHECK(hits(r.code, r.fields) == r.expected);
    }
}

TEST_CASE("filters, derived fields, list variables and implicit filters") {
    const std::string no_source =
        std::string(search) + "p = filter (exe = \"a.exe\")\noutput p\n";
    const std::string paren_where =
        std::string(search) +
        "q = filter p (where exe = \"a.exe\")\noutput q\n";
    const std::string derived = std::string(search) +
                                "p.program = p.image_path\n"
                                "q = filter p where program = \"C:\\a.exe\"\n"
                                "output q\n";
    const std::string list = std::string("l = [\"a.exe\", 'b.exe']\n") +
                             search +
                             "q = filter p where exe not in l\noutput q\n";
    const row rows[] = {
        {"filter with no source", no_source.c_str(), R"("Image":"a.exe")", 1},
        {"filter with no source, miss", no_source.c_str(), R"("Image":"b.exe")",
         0},
        {"filter SRC (where ...)", paren_where.c_str(), R"("Image":"a.exe")",
         1},
        {"derived field", derived.c_str(), R"("Image":"C:\\a.exe")", 1},
        {"derived field, miss", derived.c_str(), R"("Image":"C:\\b.exe")", 0},
        {"list variable", list.c_str(), R"("Image":"a.exe")", 0},
        {"list variable, miss", list.c_str(), R"("Image":"c.exe")", 1},
        {"implicit filter", "[exe] == \"a.exe\" and\npid == 4",
         R"("Image":"a.exe","ProcessId":4)", 1},
        {"implicit filter with '='", "exe = \"a.exe\"", R"("Image":"a.exe")",
         1},
        {"implicit filter, miss", "exe == \"a.exe\"", R"("Image":"b.exe")", 0},
    };
    for (const row& r : rows) {
        const std::string construct = r.construct;
        CAPTURE(construct);
        CHECK(hits(r.code, r.fields) == r.expected);
    }
}

TEST_CASE("the predicates CAR writes beyond the conventional grammar") {
    struct predicate_row {
        const char* construct;
        const char* condition;
        const char* fields;
        int expected;
    };
    const predicate_row rows[] = {
        {"chained", "1 < pid < 10", R"("ProcessId":5)", 1},
        {"chained, miss", "1 < pid < 10", R"("ProcessId":12)", 0},
        {"includes one of", "command_line includes one of [*create*, *x*]",
         R"("CommandLine":"bitsadmin /CREATE j")", 1},
        {"does not contain", R"(image_path does not contain ["C:\\W\\*"])",
         R"("Image":"C:\\W\\a.exe")", 0},
        {"does not contain, miss",
         R"(image_path does not contain ["C:\\W\\*"])",
         R"("Image":"D:\\a.exe")", 1},
        {".matches()", R"(command_line.matches("^a.*b$"))",
         R"("CommandLine":"a x b")", 1},
        {"unquoted wildcard", "command_line = *transfer*",
         R"("CommandLine":"bitsadmin /transfer j")", 1},
        {"unquoted path", R"(image_path = C:\Windows\System32\net.exe)",
         R"("Image":"c:\\windows\\system32\\NET.exe")", 1},
        {"unquoted file name", "exe=net.exe", R"("Image":"C:\\net.exe")", 1},
        {"CONTAINS unquoted", "command_line CONTAINS(*-value*)",
         R"("CommandLine":"x -value 1")", 1},
        {"%VAR% literal", R"(command_line = "%windir%\\x")",
         R"("CommandLine":"%windir%\\x")", 1},
        {"%VAR% not expanded", R"(command_line = "%windir%\\x")",
         R"("CommandLine":"C:\\Windows\\x")", 0},
        {"CIDR in a list", "command_line in [10.0.0.0/8, fe80::/10]",
         R"("CommandLine":"10.20.30.40")", 1},
        {"CIDR, IPv6", "command_line in [10.0.0.0/8, fe80::/10]",
         R"("CommandLine":"fe80::1")", 1},
        {"CIDR, miss", "command_line NOT IN [10.0.0.0/8,192.168.0.0/16]",
         R"("CommandLine":"11.0.0.1")", 1},
        {"CIDR with ==", "command_line == 192.168.0.0/16",
         R"("CommandLine":"192.168.7.1")", 1},
        {"CIDR with !=", "command_line != 192.168.0.0/16",
         R"("CommandLine":"192.168.7.1")", 0},
        {"timestamp is time", "timestamp exists",
         R"("UtcTime":"2020-01-01 00:00:00.000")", 1},
        {"curly quotes",
         "exe = \xe2\x80\x9c"
         "a.exe\xe2\x80\x9d",
         R"("Image":"a.exe")", 1},
    };
    for (const predicate_row& r : rows) {
        const std::string construct = r.construct;
        CAPTURE(construct);
        CHECK(hits(filtered(r.condition), r.fields) == r.expected);
    }
}

TEST_CASE("networks hold the addresses their prefix covers") {
    struct network_row {
        const char* network;
        const char* address;
        bool inside;
    };
    const network_row rows[] = {
        {"10.0.0.0/8", "10.255.0.1", true},
        {"10.0.0.0/8", "11.0.0.1", false},
        {"172.16.0.0/12", "172.31.255.255", true},
        {"172.16.0.0/12", "172.32.0.0", false},
        {"0.0.0.0/0", "8.8.8.8", true},
        {"1.2.3.4/32", "1.2.3.4", true},
        {"1.2.3.4/32", "1.2.3.5", false},
        {"10.0.0.0/8", "::ffff:10.1.1.1", true},
        {"fe80::/10", "FE80::1", true},
        {"fe80::/10", "fec0::1", false},
        {"10.0.0.0/8", "fe80::1", false},
        {"10.0.0.0/8", "not an address", false},
        {"10.0.0.0/8", "", false},
    };
    for (const network_row& r : rows) {
        CAPTURE(r.network);
        CAPTURE(r.address);
        auto n = carl::network::parse(r.network);
        REQUIRE(n);
        CHECK(n->contains(r.address) == r.inside);
    }
    for (const char* bad : {"10.0.0.0/33", "10.0.0.0", "10.0.0/8", "x/8",
                            "fe80::/129", "10.0.0.0/", "10.0.0.0/8x"}) {
        CAPTURE(bad);
        CHECK_FALSE(carl::network::parse(bad));
    }
}
