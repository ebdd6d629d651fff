// Every rule of docs/language.md's semantics, one row each: a condition on
// process:create, an event, and whether the event matches.
#include "carl/carl.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// Compiles `search Process:Create` filtered by `condition` and reports
// whether `event` (flat Sysmon JSON, EventID 1 added) matches it.
bool matches(const std::string& condition, const std::string& fields) {
    const std::string code = "processes = search Process:Create\n"
                             "hits = filter processes where (" +
                             condition + ")\noutput hits\n";
    auto compiled = carl::compile({carl::analytic_from_text("t", code)});
    for (const auto& d : compiled.diagnostics)
        INFO(carl::render(d));
    REQUIRE(compiled.ok());

    // The prefilter must agree with a full evaluation on every row.
    carl::compile_options unfiltered;
    unfiltered.prefilter = false;
    auto all = carl::compile({carl::analytic_from_text("t", code)}, unfiltered);
    REQUIRE(all.ok());

    const std::string event =
        "{\"EventID\":1" + (fields.empty() ? "" : "," + fields) + "}";
    int count = 0;
    carl::evaluator eval(all.programs);
    auto r = eval.evaluate_json(event, [&](const carl::match&) { ++count; });
    REQUIRE(r.status == carl::event_status::evaluated);

    int filtered = 0;
    carl::evaluator fast(compiled.programs);
    fast.evaluate_json(event, [&](const carl::match&) { ++filtered; });
    CHECK(filtered == count);
    return count > 0;
}

struct row {
    const char* rule;
    const char* condition;
    const char* fields; // JSON members of the event
    bool expected;
};

void check_rows(const row* begin, const row* end) {
    for (const row* r = begin; r != end; ++r) {
        CAPTURE(r->rule);
        CAPTURE(r->condition);
        CAPTURE(r->fields);
        CHECK(matches(r->condition, r->fields) == r->expected);
    }
}

} // namespace

TEST_CASE("strings compare ignoring case, with anchored * wildcards") {
    const row rows[] = {
        {"case", R"(exe = "LSASS.exe")", R"("Image":"C:\\lsass.EXE")", true},
        {"== is =", R"(exe == "lsass.exe")", R"("Image":"lsass.exe")", true},
        {"anchored", R"(exe = "lsass")", R"("Image":"lsass.exe")", false},
        {"contains", R"(command_line = "*lsass*")",
         R"("CommandLine":"x -ma LSASS.exe y")", true},
        {"prefix and suffix", R"(exe = "procdump*.exe")",
         R"("Image":"C:\\t\\procdump64.exe")", true},
        {"prefix and suffix, miss", R"(exe = "procdump*.exe")",
         R"("Image":"C:\\t\\procdump64.dll")", false},
        {"!=", R"(exe != "cmd.exe")", R"("Image":"C:\\x\\CMD.EXE")", false},
        {"single quotes", R"(exe = 'cmd.exe')", R"("Image":"cmd.exe")", true},
        {"CONTAINS", R"(command_line CONTAINS("LSASS"))",
         R"("CommandLine":"dump lsass now")", true},
        {"match is an RE2 search", R"(command_line match "-m[ap]\s")",
         R"("CommandLine":"procdump -MA lsass")", true},
        {"match, miss", R"(command_line match "^lsass")",
         R"("CommandLine":"procdump lsass")", false},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("backslashes in strings") {
    const row rows[] = {
        {"\\\\ is one backslash", R"(image_path = "C:\\Windows\\cmd.exe")",
         R"("Image":"C:\\Windows\\cmd.exe")", true},
        {"a lone backslash is literal", R"(image_path = "C:\Windows\cmd.exe")",
         R"("Image":"C:\\Windows\\cmd.exe")", true},
        {"\\\" is a quote", R"(command_line = "*\"x\"*")",
         R"("CommandLine":"a \"x\" b")", true},
        {"\\\" before ) closes", R"(image_path = "C:\")", R"("Image":"C:\\")",
         true},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("in a field: one field's value inside another's") {
    const row rows[] = {
        {"inside", R"(exe in command_line)",
         R"("Image":"C:\\x\\svc.exe","CommandLine":"C:\\x\\svc.exe -k")", true},
        {"letter case", R"(exe in command_line)",
         R"("Image":"C:\\x\\SVC.EXE","CommandLine":"svc.exe -k")", true},
        {"not inside", R"(exe in command_line)",
         R"("Image":"C:\\x\\svc.exe","CommandLine":"other.exe")", false},
        {"not in", R"(exe not in command_line)",
         R"("Image":"C:\\x\\svc.exe","CommandLine":"other.exe")", true},
        {"not in, inside", R"(exe not in command_line)",
         R"("Image":"C:\\x\\svc.exe","CommandLine":"svc.exe")", false},
        {"absent whole", R"(exe not in command_line)",
         R"("Image":"C:\\x\\svc.exe")", false},
        {"absent part", R"(exe in command_line)", R"("CommandLine":"x")",
         false},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("values that look like numbers compare as numbers") {
    const row rows[] = {
        {"string and number", R"(pid == 445)", R"("ProcessId":"445")", true},
        {"number and string", R"(pid == "445")", R"("ProcessId":445)", true},
        {"hex padding and case", R"(pid == 0x1FFFFF)",
         R"("ProcessId":"0x001fffff")", true},
        {"hex string literal", R"(pid = "0x1fffff")", R"("ProcessId":2097151)",
         true},
        {"numeric order", R"(pid > 99)", R"("ProcessId":"100")", true},
        {"not text order", R"(pid < 99)", R"("ProcessId":"100")", false},
        {"<=", R"(pid <= 100)", R"("ProcessId":100)", true},
        {">=", R"(pid >= 101)", R"("ProcessId":100)", false},
        {"a non-number is text", R"(pid == 445)", R"("ProcessId":"abc")",
         false},
        {"text order ignores case", R"(user > "b")", R"("User":"C")", true},
        {"text order when one side is text", R"(user < "b")", R"("User":"10")",
         true},
        {"padded decimal", R"(pid == 5985)", R"("ProcessId":"005985")", true},
        {"hex value, decimal literal", R"(pid == 5985)",
         R"("ProcessId":"0x1761")", true},
        {"a zero fraction is an integer", R"(pid == 445)",
         R"("ProcessId":"445.00")", true},
        {"not the integer a fraction rounds to", R"(pid == 5985)",
         R"("ProcessId":"5984.99999999999999999")", false},
        {"a fraction just below", R"(pid < 5985)",
         R"("ProcessId":"5984.99999999999999999")", true},
        {"a negative fraction", R"(pid < -1)", R"("ProcessId":"-1.5")", true},
        {"a negative fraction above", R"(pid > -2)", R"("ProcessId":"-1.5")",
         true},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("a missing field is neither true nor false") {
    const row rows[] = {
        {"= on absent", R"(parent_exe = "x")", "", false},
        {"!= on absent", R"(parent_exe != "x")", "", false},
        {"not keeps unknown", R"(not parent_exe = "x")", "", false},
        {"unknown or true", R"(parent_exe = "x" or exe = "a.exe")",
         R"("Image":"a.exe")", true},
        {"unknown and true", R"(parent_exe != "x" and exe = "a.exe")",
         R"("Image":"a.exe")", false},
        {"exists, absent", R"(parent_exe exists)", "", false},
        {"exists, present", R"(parent_exe exists)",
         R"("ParentImage":"C:\\p.exe")", true},
        {"== null, absent", R"(parent_exe == null)", "", true},
        {"== null, present", R"(parent_exe == null)",
         R"("ParentImage":"C:\\p.exe")", false},
        {"!= null, present", R"(parent_exe != null)",
         R"("ParentImage":"C:\\p.exe")", true},
        {"JSON null is absent", R"(parent_exe exists)", R"("ParentImage":null)",
         false},
        {"not in on absent", R"(exe not in ["a.exe"])", "", false},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("precedence, lists and keywords in any case") {
    const row rows[] = {
        {"not binds tighter than and", R"(not exe = "a.exe" and pid = 1)",
         R"("Image":"b.exe","ProcessId":1)", true},
        {"and binds tighter than or", R"(exe = "x" and pid = 2 or pid = 1)",
         R"("ProcessId":1)", true},
        {"parentheses", R"(exe = "x" and (pid = 2 or pid = 1))",
         R"("Image":"y","ProcessId":1)", false},
        {"in", R"(exe in ["cmd.exe", "powershell*.exe"])",
         R"("Image":"PowerShell_ise.exe")", true},
        {"in, miss", R"(exe in ["cmd.exe"])", R"("Image":"cmd2.exe")", false},
        {"not in", R"(exe not in ["cmd.exe", 7])", R"("Image":"a.exe")", true},
        {"in with numbers", R"(pid in [4, 0x10])", R"("ProcessId":"16")", true},
        {"upper-case keywords", R"(exe = "a.exe" AND NOT pid = 2)",
         R"("Image":"a.exe","ProcessId":3)", true},
        {"mixed case NOT IN", R"(exe Not In ["a.exe"])", R"("Image":"a.exe")",
         false},
        {"field against field", R"(pid == ppid)",
         R"("ProcessId":"12","ParentProcessId":12)", true},
        {"bracketed field", R"([exe] = "a.exe")", R"("Image":"a.exe")", true},
    };
    check_rows(std::begin(rows), std::end(rows));
}

TEST_CASE("search names ignore case and CamelCase") {
    const char* const spellings[] = {"Process:Create", "process:create",
                                     "PROCESS:CREATE", "Process:create"};
    for (const char* spelling : spellings) {
        CAPTURE(spelling);
        const std::string code =
            std::string("p = search ") + spelling + "\noutput p\n";
        auto compiled = carl::compile({carl::analytic_from_text("t", code)});
        CHECK(compiled.ok());
    }
    auto login = carl::compile({carl::analytic_from_text(
        "t", "s = search UserSession:Login\noutput s\n")});
    for (const auto& d : login.diagnostics)
        CHECK(d.level != carl::severity::error);
}

TEST_CASE("an event's fields do not carry over to the next") {
    // One evaluator, events one after another: of one mapping, of another
    // for the same object:action, and of another object:action.
    const std::string code =
        "p = search Process:Create\n"
        "hits = filter p where (parent_exe exists or command_line = \"x\")\n"
        "output hits\n";
    for (const bool prefilter : {false, true}) {
        CAPTURE(prefilter);
        carl::compile_options options;
        options.prefilter = prefilter;
        auto compiled =
            carl::compile({carl::analytic_from_text("t", code)}, options);
        REQUIRE(compiled.ok());
        carl::evaluator eval(compiled.programs);
        struct step {
            const char* event;
            int matches;
        };
        const step steps[] = {
            {R"({"EventID":1,"ParentImage":"C:\\p.exe"})", 1},
            {R"({"EventID":1,"Image":"C:\\a.exe"})", 0},
            {R"({"EventID":1,"ParentImage":"C:\\p.exe"})", 1},
            {R"({"EventID":3,"DestinationPort":445})", 0},
            {R"({"EventID":1,"CommandLine":"y"})", 0},
            {R"({"EventID":1,"ParentImage":"C:\\p.exe"})", 1},
            {R"({"EventID":4688,"NewProcessName":"C:\\a.exe"})", 0},
        };
        for (const step& s : steps) {
            CAPTURE(s.event);
            int count = 0;
            eval.evaluate_json(s.event, [&](const carl::match&) { ++count; });
            CHECK(count == s.matches);
        }
    }
}
