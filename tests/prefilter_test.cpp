// The prefilter (engine/src/prefilter.*) must never change which events
// match: every row runs with it on and off. Also the literals it derives.
#include "carl/carl.hpp"
#include "literal_scanner.hpp"
#include "prefilter.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace {

std::shared_ptr<const carl::program_set> compile(const std::string& condition,
                                                 bool prefilter) {
    const std::string code = "processes = search Process:Create\n"
                             "hits = filter processes where (" +
                             condition + ")\noutput hits\n";
    carl::compile_options options;
    options.prefilter = prefilter;
    auto compiled =
        carl::compile({carl::analytic_from_text("t", code)}, options);
    for (const auto& d : compiled.diagnostics)
        INFO(carl::render(d));
    REQUIRE(compiled.ok());
    return compiled.programs;
}

// Evaluates `event` as a json_lines scan of it alone cuts it, with the
// marks the scan gives, looking for keys as the program set wants.
carl::event_result evaluate_marked(carl::evaluator& eval,
                                   const carl::program_set& programs,
                                   const std::string& event,
                                   const carl::match_callback& on_match) {
    carl::json_lines lines;
    lines.scan(event.data(), 0, event.size(), programs.wants_line_keys());
    return eval.evaluate_json(event, event.size(),
                              lines.marks_of(0, event.size()), on_match);
}

// One analytic per condition, each a filter of process:create events.
template <std::size_t N>
std::vector<carl::analytic> filters_of(const char* const (&conditions)[N]) {
    std::vector<carl::analytic> analytics;
    for (const char* condition : conditions)
        analytics.push_back(carl::analytic_from_text(
            "t" + std::to_string(analytics.size()),
            std::string("p = search Process:Create\nhits = filter p where (") +
                condition + ")\noutput hits\n"));
    return analytics;
}

int count_matches(const std::string& condition, const std::string& event,
                  bool prefilter) {
    carl::evaluator eval(compile(condition, prefilter));
    int count = 0;
    eval.evaluate_json(event, [&](const carl::match&) { ++count; });
    return count;
}

// The same, with the marks of a json_lines scan.
int count_marked_matches(const std::string& condition,
                         const std::string& event) {
    const auto programs = compile(condition, true);
    carl::evaluator eval(programs);
    int count = 0;
    evaluate_marked(eval, *programs, event,
                    [&](const carl::match&) { ++count; });
    return count;
}

struct row {
    const char* why;
    const char* condition;
    const char* event; // a whole JSON line
    bool expected;
};

} // namespace

TEST_CASE("the prefilter never changes which events match") {
    const row rows[] = {
        {"plain", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"procdump -ma lsass"})", true},
        {"absent literal", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"procdump -ma 612"})", false},
        {"letter case", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"procdump -ma LsAsS.EXE"})", true},
        {"\\u escape", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"-ma \u006Csass"})", true},
        {"\\u escape after a backslash", R"(command_line = "*\\lsass*")",
         R"({"EventID":1,"CommandLine":"C:\\\u006csass"})", true},
        {"escaped backslash then u", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"C:\\users\\lsass"})", true},
        {"backslashes", R"(image_path = "C:\\Tools\\procdump.exe")",
         R"({"EventID":1,"Image":"C:\\Tools\\ProcDump.exe"})", true},
        {"escaped quote", R"(command_line = "*-ma \"lsass\"*")",
         R"({"EventID":1,"CommandLine":"x -ma \"lsass\" y"})", true},
        {"escaped slash", R"(command_line = "*c:/temp/x*")",
         R"({"EventID":1,"CommandLine":"C:\/Temp\/x.dmp"})", true},
        {"escaped tab", "command_line = \"*a\tb*\"",
         R"({"EventID":1,"CommandLine":"a\tb"})", true},
        {"basename", R"(exe = "procdump.exe")",
         R"({"EventID":1,"Image":"C:\\Tools\\procdump.exe"})", true},
        {"basename after /", R"(exe = "procdump*.exe")",
         R"({"EventID":1,"Image":"C:/tools/PROCDUMP64.exe"})", true},
        {"basename, other folder", R"(exe = "procdump.exe")",
         R"({"EventID":1,"Image":"C:\\procdump.exe\\x.exe"})", false},
        {"hash from a list", R"(md5_hash = "0123456789ABCDEF0123456789ABCDEF")",
         R"({"EventID":1,"Hashes":"SHA1=FF,MD5=0123456789abcdef0123456789abcdef"})",
         true},
        {"in list", R"(exe in ["cmd.exe", "powershell.exe"])",
         R"({"EventID":1,"Image":"C:\\PowerShell.exe"})", true},
        {"or", R"(command_line = "*lsass*" or exe = "cmd.exe")",
         R"({"EventID":1,"Image":"C:\\cmd.exe"})", true},
        {"and", R"(exe = "procdump*.exe" and command_line = "*lsass*")",
         R"({"EventID":1,"Image":"x\\procdump.exe","CommandLine":"lsass"})",
         true},
        {"not", R"(not command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"x"})", true},
        {"number", R"(pid = 16)", R"({"EventID":1,"ProcessId":"0x10"})", true},
        {"number in hex", R"(pid = 5985)",
         R"({"EventID":1,"ProcessId":"0X1761"})", true},
        {"number padded", R"(pid = 5985)",
         R"({"EventID":1,"ProcessId":"+005985.000"})", true},
        {"number as text", R"(pid = "+5985")",
         R"({"EventID":1,"ProcessId":"+5985"})", true},
        {"another number", R"(pid = 5985)", R"({"EventID":1,"ProcessId":5986})",
         false},
        {"nested shape", R"(command_line = "*lsass*")",
         R"({"Event":{"System":{"EventID":1},"EventData":{"Data":[)"
         R"({"@Name":"CommandLine","#text":"-ma lsass"}]}}})",
         true},
        {"spaces around", R"(command_line = "*lsass*")",
         R"(  {"EventID":1,"CommandLine":"lsass"}  )", true},
        {"event id only", R"(command_line = "*lsass*")", R"({"EventID":1})",
         false},
        {"regex", R"(command_line match "ls[a]ss\.exe")",
         R"({"EventID":1,"CommandLine":"-ma LSASS.exe"})", true},
        {"regex, folded beyond ASCII", R"(command_line match "kelvin")",
         "{\"EventID\":1,\"CommandLine\":\"\xE2\x84\xAA"
         "elvin\"}",
         true},
        {"regex, \\u escape", R"(command_line match "lsass")",
         R"({"EventID":1,"CommandLine":"\u004Csass"})", true},
    };
    for (const row& r : rows) {
        CAPTURE(r.why);
        CHECK((count_matches(r.condition, r.event, false) > 0) == r.expected);
        CHECK((count_matches(r.condition, r.event, true) > 0) == r.expected);
        CHECK((count_marked_matches(r.condition, r.event) > 0) == r.expected);
    }
}

TEST_CASE("events the prefilter cannot rule out are decoded") {
    const row rows[] = {
        {"malformed, not object-shaped", R"(command_line = "*lsass*")",
         R"({"EventID":1,"CommandLine":"x)", false},
        {"an array", R"(command_line = "*lsass*")", "[1, 2]", false},
        {"empty", R"(command_line = "*lsass*")", "", false},
        {"only blanks", R"(command_line = "*lsass*")", " \t\r\n ", false},
        {"one brace", R"(command_line = "*lsass*")", " { ", false},
    };
    for (const row& r : rows) {
        CAPTURE(r.why);
        carl::evaluator eval(compile(r.condition, true));
        auto result = eval.evaluate_json(r.event, [](const carl::match&) {});
        CHECK(result.status == carl::event_status::malformed);
    }
    carl::evaluator eval(compile(R"(command_line = "*lsass*")", true));
    auto result = eval.evaluate_json(R"({"EventID":1,"CommandLine":"x"})",
                                     [](const carl::match&) {});
    CHECK(result.status == carl::event_status::skipped);
}

TEST_CASE("the prefilter derives the most selective literals") {
    struct literal_row {
        const char* condition;
        const char* literals; // joined by '|'; empty: the prefilter is off
    };
    const literal_row rows[] = {
        {R"(command_line = "*lsass*")", "lsass"},
        {R"(exe = "procdump*.exe" and command_line = "*lsass*")", "procdump"},
        {R"(exe = "cmd.exe" or exe = "powershell.exe")",
         "cmd.exe|powershell.exe"},
        {R"(exe in ["a.exe", "b.exe"])", "a.exe|b.exe"},
        {R"(image_path = "C:\\Windows\\*")", "windows"},
        {R"(command_line = "*\"-ma\"*")", "-ma"},
        {R"(exe != "cmd.exe")", ""},
        {R"(exe = "cmd.exe" or exe != "x")", ""},
        {R"(command_line = "*ab*")", ""},
        {R"(pid = 4)", ""},
        {R"(pid = 5985)", "5985|0x"},
        {R"(pid in [445, 3389])", "445|0x|3389"},
        {R"(pid = 1.5)", ""},
        {R"(command_line match "lsass")", "lsass"},
        {R"(command_line match "(sethc|utilman)\.exe")",
         "utilman.exe|sethc.exe"},
        {R"(command_line match "x.*procdump")", "procdump"},
        {R"(command_line match "a.b")", ""},
        {R"(image_path = "C:\Windows\System32\Tasks\*")", "tasks"},
        {R"(exe = "x.exe" and image_path = "*\system32\*")", "x.exe"},
        {R"(exe = "cmd.exe" and (pid = 4 or parent_exe = "explorer.exe"))",
         "cmd.exe"},
    };
    for (const literal_row& r : rows) {
        CAPTURE(r.condition);
        const auto programs = compile(r.condition, true);
        const carl::prefilter& filter = carl::prefilter_of(*programs);
        std::string joined;
        for (const std::string& literal : filter.literals_of(0))
            joined += (joined.empty() ? "" : "|") + literal;
        if (!filter.active())
            joined.clear();
        CHECK(joined == r.literals);
    }
}

TEST_CASE("many analytics share one scan, when their literals are strong") {
    const char* const conditions[] = {
        R"(exe = "procdump*.exe" and command_line = "*lsass*")",
        R"(exe in ["mimikatz.exe", "rubeus.exe"])",
        R"(command_line match "sekurlsa::\w+")",
        R"(parent_exe = "winword.exe" and exe = "powershell.exe")",
        R"(command_line = "*-encodedcommand*")",
        R"(exe = "certutil.exe" and command_line = "*urlcache*")",
    };
    const char* const events[] = {
        R"({"EventID":1,"Image":"C:\\procdump64.exe","CommandLine":"-ma lsass"})",
        R"({"EventID":1,"Image":"C:\\x\\Rubeus.exe","CommandLine":"asktgt"})",
        R"({"EventID":1,"CommandLine":"mimi SEKURLSA::logonpasswords"})",
        R"({"EventID":1,"ParentImage":"C:\\WINWORD.EXE","Image":"C:\\powershell.exe"})",
        R"({"EventID":1,"Image":"C:\\powershell.exe","CommandLine":"-EncodedCommand x"})",
        R"({"EventID":1,"Image":"C:\\certutil.exe","CommandLine":"-urlcache -f"})",
        R"({"EventID":1,"Image":"C:\\certutil.exe","CommandLine":"-decode"})",
        R"({"EventID":1,"Image":"C:\\cmd.exe","CommandLine":"dir"})",
    };
    std::vector<carl::analytic> analytics = filters_of(conditions);
    carl::compile_options off;
    off.prefilter = false;
    auto fast = carl::compile(analytics);
    auto slow = carl::compile(analytics, off);
    REQUIRE(fast.ok());

    carl::evaluator on(fast.programs), all(slow.programs);
    int expected[] = {1, 1, 1, 1, 1, 1, 0, 0};
    for (std::size_t i = 0; i < std::size(events); ++i) {
        CAPTURE(std::string(events[i]));
        int with = 0, without = 0;
        on.evaluate_json(events[i], [&](const carl::match&) { ++with; });
        all.evaluate_json(events[i], [&](const carl::match&) { ++without; });
        CHECK(with == without);
        CHECK(with == expected[i]);
    }

    CHECK(carl::prefilter_of(*fast.programs).scans_first());

    // One weak literal lets most lines through: then scanning every line
    // for every literal costs more than reading the event id first.
    analytics.push_back(carl::analytic_from_text(
        "t", "p = search Process:Create\nhits = filter p where "
             "(image_path = \"C:\\Windows\\*\")\noutput hits\n"));
    auto weak = carl::compile(analytics);
    REQUIRE(weak.ok());
    CHECK_FALSE(carl::prefilter_of(*weak.programs).scans_first());
    CHECK_FALSE(carl::prefilter_of(*weak.programs).decodes_every(1));
}

TEST_CASE("the event id narrows the rules before anything is decoded") {
    // Flows by a range of ports, which no literal rules out, and processes
    // by name.
    const std::vector<carl::analytic> analytics = {
        carl::analytic_from_text("flows", "f = search Flow:Start\n"
                                          "hits = filter f where "
                                          "dest_port > 5000\noutput hits\n"),
        carl::analytic_from_text("mimikatz",
                                 "p = search Process:Create\nhits = filter p "
                                 "where exe = \"mimikatz.exe\"\n"
                                 "output hits\n"),
    };
    carl::compile_options off;
    off.prefilter = false;
    auto fast = carl::compile(analytics);
    auto slow = carl::compile(analytics, off);
    REQUIRE(fast.ok());
    const carl::prefilter& filter = carl::prefilter_of(*fast.programs);
    CHECK(filter.decodes_every(3));
    CHECK_FALSE(filter.decodes_every(1));
    CHECK_FALSE(filter.scans_first());

    using carl::event_status;
    struct event_row {
        const char* why;
        const char* json;
        event_status status; // with the prefilter
        int matches;
    };
    const event_row rows[] = {
        {"a flow on the port", R"({"EventID":3,"DestinationPort":5985})",
         event_status::evaluated, 1},
        {"a flow on another port", R"({"EventID":3,"DestinationPort":80})",
         event_status::evaluated, 0},
        {"a process without the name", R"({"EventID":1,"Image":"C:\\a.exe"})",
         event_status::skipped, 0},
        {"the process", R"({"EventID":1,"Image":"C:\\mimikatz.exe"})",
         event_status::evaluated, 1},
        {"the name in a module load",
         R"({"EventID":7,"ImageLoaded":"C:\\mimikatz.exe"})",
         event_status::skipped, 0},
        {"an id no mapping has", R"({"EventID":999,"Image":"mimikatz.exe"})",
         event_status::skipped, 0},
        {"no event id", R"({"Image":"C:\\mimikatz.exe"})",
         event_status::skipped, 0},
        {"an id in an object",
         R"({"EventID":{"#text":"1"},"Image":"C:\\mimikatz.exe"})",
         event_status::evaluated, 1},
        {"two ids",
         R"({"EventID":1,"Image":"C:\\mimikatz.exe",)"
         R"("EventData":{"EventID":3}})",
         event_status::evaluated, 1},
    };
    carl::evaluator on(fast.programs), all(slow.programs);
    for (const event_row& r : rows) {
        CAPTURE(r.why);
        int with = 0, without = 0;
        const auto result =
            on.evaluate_json(r.json, [&](const carl::match&) { ++with; });
        all.evaluate_json(r.json, [&](const carl::match&) { ++without; });
        CHECK(result.status == r.status);
        CHECK(with == r.matches);
        CHECK(without == r.matches);

        // Given the marks of a json_lines scan, the same.
        int marked = 0;
        const auto given = evaluate_marked(
            on, *fast.programs, r.json, [&](const carl::match&) { ++marked; });
        CHECK(given.status == r.status);
        CHECK(marked == r.matches);
    }
}

TEST_CASE("the scanner finds literals in any letter case") {
    const char* words[] = {"lsass",      "procdump", "mimikatz", "cmd.exe",
                           "powershell", "rundll32", "regsvr32", "certutil"};
    const carl::literal_scanner scanner(
        std::vector<std::string>(std::begin(words), std::end(words)));
    carl::literal_scanner::scratch space;
    REQUIRE(scanner.prepare(space));
    carl::literal_hits hits;

    const std::string text =
        R"({"EventID":1,"Image":"C:\\Tools\\ProcDump64.exe -ma LSASS",)"
        R"("x":"then certUtil"})";
    REQUIRE(scanner.scan(text, hits, space));
    CHECK(carl::has_hit(hits, 0));
    CHECK(carl::has_hit(hits, 1));
    CHECK_FALSE(carl::has_hit(hits, 2));
    CHECK(carl::has_hit(hits, 7));
    REQUIRE(scanner.scan("nothing to see here", hits, space));
    CHECK_FALSE(carl::literal_scanner::any(hits));

    // A scratch no scanner prepared: the scan says it could not run.
    carl::literal_scanner::scratch unprepared;
    CHECK_FALSE(scanner.scan(text, hits, unprepared));

    // With escapes, the same pass tells a \u escape from "\\u".
    const carl::literal_scanner escapes({"lsass"}, true);
    REQUIRE(escapes.prepare(space));
    bool escape = true;
    REQUIRE(escapes.scan(R"({"x":"C:\\users \\\\u"})", hits, space, &escape));
    CHECK_FALSE(escape);
    REQUIRE(escapes.scan(R"({"x":"\\\u006csass"})", hits, space, &escape));
    CHECK(escape);
    CHECK_FALSE(carl::literal_scanner::any(hits));
}

TEST_CASE("event ids past 16 bits route as the small ones do") {
    // Ids below 2^16 are looked up in a table, the others searched for.
    carl::mapping_set mappings = carl::mapping_set::builtin();
    std::vector<carl::diagnostic> diags;
    REQUIRE(mappings.add("big.yaml",
                         "name: big\n"
                         "providers: [Big]\n"
                         "events:\n"
                         "  - event_id: 65535\n"
                         "    type: Process:Create\n"
                         "    fields:\n"
                         "      exe: basename(Image)\n"
                         "  - event_id: 70000\n"
                         "    type: Process:Create\n"
                         "    fields:\n"
                         "      exe: basename(Image)\n",
                         diags));
    const std::vector<carl::analytic> analytics = {carl::analytic_from_text(
        "mimikatz", "p = search Process:Create\nhits = filter p "
                    "where exe = \"mimikatz.exe\"\noutput hits\n")};
    carl::compile_options on_options, off_options;
    on_options.mappings = off_options.mappings = &mappings;
    off_options.prefilter = false;
    auto fast = carl::compile(analytics, on_options);
    auto slow = carl::compile(analytics, off_options);
    REQUIRE(fast.ok());

    using carl::event_status;
    struct event_row {
        const char* json;
        event_status status; // with the prefilter
        int matches;
    };
    const event_row rows[] = {
        {R"({"EventID":65535,"Provider":"Big","Image":"C:\\mimikatz.exe"})",
         event_status::evaluated, 1},
        {R"({"EventID":65535,"Provider":"Big","Image":"C:\\a.exe"})",
         event_status::skipped, 0},
        {R"({"EventID":70000,"Provider":"Big","Image":"C:\\mimikatz.exe"})",
         event_status::evaluated, 1},
        {R"({"EventID":70000,"Provider":"Big","Image":"C:\\a.exe"})",
         event_status::skipped, 0},
        {R"({"EventID":65534,"Provider":"Big","Image":"C:\\mimikatz.exe"})",
         event_status::skipped, 0},
        {R"({"EventID":70001,"Provider":"Big","Image":"C:\\mimikatz.exe"})",
         event_status::skipped, 0},
    };
    carl::evaluator with_filter(fast.programs), without(slow.programs);
    for (const event_row& r : rows) {
        CAPTURE(r.json);
        int with = 0, plain = 0;
        const auto result = with_filter.evaluate_json(
            r.json, [&](const carl::match&) { ++with; });
        without.evaluate_json(r.json, [&](const carl::match&) { ++plain; });
        CHECK(result.status == r.status);
        CHECK(with == r.matches);
        CHECK(plain == r.matches);
    }
}

TEST_CASE("a byte past ASCII in a chunk's marks lets regex rules run") {
    // Five literals, one short: the event id is read first, and the marks
    // of the chunk's scan say which lines hold a byte past ASCII.
    const char* const conditions[] = {
        R"(command_line match "kelvin")",
        R"(command_line = "*xyz*")",
        R"(exe in ["a1.exe", "b1.exe", "c1.exe"])",
    };
    std::vector<carl::analytic> analytics = filters_of(conditions);
    carl::compile_options off;
    off.prefilter = false;
    auto fast = carl::compile(analytics);
    auto slow = carl::compile(analytics, off);
    REQUIRE(fast.ok());
    CHECK_FALSE(carl::prefilter_of(*fast.programs).scans_first());

    // The Kelvin sign (E2 84 AA) folds to 'k'. Short lines share SIMD
    // blocks; a first line of each length from 0 to 31 moves them across
    // the blocks' ends.
    const std::string kelvin = "\xE2\x84\xAA", e_acute = "\xC3\xA9";
    const std::vector<std::string> lines = {
        R"({"EventID":1,"CommandLine":")" + kelvin + R"(elvin"})",
        R"({"EventID":1,"CommandLine":")" + e_acute + R"("})",
        R"({"CommandLine":")" + kelvin + R"(elvin","EventID":1})",
        R"({"EventID":1,"CommandLine":"kelvin"})",
        R"({"EventID":1,"CommandLine":"0123456789012345678901234567890)" +
            kelvin + R"(elvin"})",
        R"({"EventID":1,"CommandLine":"nothing"})",
    };
    const int expected[] = {1, 0, 1, 1, 1, 0};
    carl::evaluator on(fast.programs), all(slow.programs);
    for (std::size_t shift = 0; shift < 32; ++shift) {
        CAPTURE(shift);
        std::string text(shift, ' ');
        text += "\n";
        for (const std::string& line : lines)
            text += line + "\n";
        carl::json_lines scan;
        scan.scan(text.data(), 0, text.size(),
                  fast.programs->wants_line_keys());
        std::size_t at = shift + 1;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            CAPTURE(lines[i]);
            const std::size_t end = scan.breaks()[i + 1];
            const std::string_view line(text.data() + at, end - at);
            int with = 0, without = 0;
            const auto result =
                on.evaluate_json(line, text.size() - at, scan.marks_of(at, end),
                                 [&](const carl::match&) { ++with; });
            all.evaluate_json(line, [&](const carl::match&) { ++without; });
            CHECK(with == expected[i]);
            CHECK(without == expected[i]);
            if (i == lines.size() - 1)
                CHECK(result.status == carl::event_status::skipped);
            at = end + 1;
        }
    }
}
