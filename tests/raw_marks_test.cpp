// find_marks and read_event_id (engine/src/raw_marks.*): \u escapes and the
// event id read off raw JSON text, which the prefilter routes by before
// anything is decoded. Each row is a whole line and what must be read of it.
#include "raw_marks.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// Scratch for find_marks: the lines of one scan, reused.
carl::json_lines& scratch_lines() {
    static carl::json_lines lines;
    return lines;
}

using carl::event_id_status;

carl::event_id_scan scan_event_id(std::string_view json) {
    return carl::read_event_id(json,
                               carl::find_marks(json, true, scratch_lines()));
}

struct row {
    const char* why;
    const char* json;
    event_id_status status;
    std::uint32_t id; // when found
};

} // namespace

TEST_CASE("the event id is read off the text, or said to be unclear") {
    const row rows[] = {
        {"flat", R"({"EventID":1,"Image":"x"})", event_id_status::found, 1},
        {"spaces", R"({"EventID" : 4688 , "x":1})", event_id_status::found,
         4688},
        {"last key", R"({"Image":"x","EventID":10})", event_id_status::found,
         10},
        {"a string", R"({"EventID":"7045"})", event_id_status::found, 7045},
        {"leading zeros", R"({"EventID":"0001"})", event_id_status::found, 1},
        {"EventId", R"({"EventId":3})", event_id_status::found, 3},
        {"EventCode", R"({"EventCode":4624})", event_id_status::found, 4624},
        {"Winlogbeat", R"({"winlog":{"event_id":1,"channel":"x"}})",
         event_id_status::found, 1},
        {"nested", R"({"Event":{"System":{"EventID":1},"EventData":{}}})",
         event_id_status::found, 1},
        {"none", R"({"Image":"C:\\x.exe"})", event_id_status::none, 0},
        {"another key", R"({"EventIDs":1,"MyEventID":2})",
         event_id_status::none, 0},
        {"a value, not a key", R"({"Name":"EventID","x":1})",
         event_id_status::none, 0},
        {"inside a string", R"({"CommandLine":"\"EventID\":4"})",
         event_id_status::none, 0},
        {"twice", R"({"EventID":1,"EventData":{"EventID":3}})",
         event_id_status::unclear, 0},
        {"two spellings", R"({"EventID":1,"winlog":{"event_id":1}})",
         event_id_status::unclear, 0},
        {"an object", R"({"EventID":{"#text":"7045"}})",
         event_id_status::unclear, 0},
        {"a fraction", R"({"EventID":1.5})", event_id_status::unclear, 0},
        {"negative", R"({"EventID":-1})", event_id_status::unclear, 0},
        {"padded string", R"({"EventID":" 1"})", event_id_status::unclear, 0},
        {"null", R"({"EventID":null})", event_id_status::unclear, 0},
        {"too large", R"({"EventID":4294967296})", event_id_status::unclear, 0},
        {"cut short", R"({"EventID":)", event_id_status::unclear, 0},
        {"cut after the key", R"({"EventID")", event_id_status::none, 0},
        {"five keys",
         R"({"EventID":1,"a":{"EventID":1},"b":{"EventID":1},)"
         R"("c":{"EventID":1},"d":{"EventID":1}})",
         event_id_status::unclear, 0},
    };
    for (const row& r : rows) {
        CAPTURE(r.why);
        const carl::event_id_scan found = scan_event_id(r.json);
        CHECK(found.status == r.status);
        if (r.status == event_id_status::found)
            CHECK(found.id == r.id);
    }
}

TEST_CASE("a \\u escape is found, and an escaped backslash before u is not") {
    struct escape_row {
        const char* json;
        bool escape;
    };
    const escape_row rows[] = {
        {R"({"x":"\u0041"})", true},
        {R"({"x":"\\u0041"})", false},
        {R"({"x":"\\\u0041"})", true},
        {R"({"x":"C:\\users\\public"})", false},
        {R"({"x":"C:\\Users"})", false},
        {R"(\u)", true},
        {R"(a\u)", true},
        {R"({"x":"a long line that puts the escape past the first sixteen \u0041"})",
         true},
        {R"({"x":"a long line whose backslashes \\ stand \\ apart \\ from u"})",
         false},
    };
    for (const escape_row& r : rows) {
        CAPTURE(r.json);
        CHECK(carl::find_marks(r.json, false, scratch_lines()).unicode_escape ==
              r.escape);
        CHECK(carl::find_marks(r.json, true, scratch_lines()).unicode_escape ==
              r.escape);
    }
}

TEST_CASE("a byte past ASCII is marked wherever it stands") {
    // Before, at and after the ends of 16- and 32-byte blocks.
    for (std::size_t at : {0, 1, 15, 16, 17, 31, 32, 33, 47, 63, 64, 70}) {
        CAPTURE(at);
        std::string json = R"({"x":")" + std::string(at, 'a') + "\xC3\xA9";
        json += R"(","EventID":1})";
        CHECK(carl::find_marks(json, true, scratch_lines()).non_ascii);
        json.replace(json.find('\xC3'), 2, "ee");
        CHECK_FALSE(carl::find_marks(json, true, scratch_lines()).non_ascii);
    }
}

TEST_CASE("keys are counted wherever they stand in a long line") {
    std::string json = R"({"EventID":1)";
    for (int i = 0; i < 40; ++i)
        json += R"(,"Field)" + std::to_string(i) + R"(":"value")";
    json += R"(,"winlog":{"event_id":4}})";
    const carl::line_marks marks =
        carl::find_marks(json, true, scratch_lines());
    CHECK(marks.keys == 2);
    CHECK(carl::read_event_id(json, marks).status ==
          carl::event_id_status::unclear);
    CHECK(carl::find_marks(json, false, scratch_lines()).keys == 0);
}

namespace {

bool same(const carl::line_marks& x, const carl::line_marks& y) {
    if (x.unicode_escape != y.unicode_escape)
        return false;
    if (x.unicode_escape) // the rest does not matter then
        return true;
    if (x.keys != y.keys || x.non_ascii != y.non_ascii)
        return false;
    for (std::size_t k = 0; k < x.keys && k < carl::line_marks::kept_keys; ++k)
        if (x.key_end[k] != y.key_end[k])
            return false;
    return true;
}

// Calls `check(line, marks)` for each line a scan of `text` cut.
template <class Check>
std::size_t each_line(const std::string& text, std::size_t from, bool keys,
                      const Check& check) {
    carl::json_lines lines;
    lines.scan(text.data(), from, text.size(), keys);
    std::size_t at = from;
    for (std::size_t i = 0; i <= lines.breaks().size(); ++i) {
        const std::size_t end =
            i < lines.breaks().size() ? lines.breaks()[i] : text.size();
        check(std::string_view(text.data() + at, end - at),
              lines.marks_of(at, end));
        at = end + 1;
    }
    return lines.breaks().size() + 1;
}

} // namespace

TEST_CASE("a json_lines scan gives each line the marks of the line alone") {
    // Lines that end where a mark would begin, escapes at line starts,
    // keys near the ends of SIMD blocks, and a last line with no break.
    const std::string text =
        R"({"EventID":1,"x":"\u0041"})"
        "\n"
        R"(\u{"a":"\\\\u","EventId":"7"})"
        "\n\n"
        R"({"pad":"0123456789012345678901234567","EventCode":4624,"event_id":1})"
        "\n"
        R"({"x":"ends in an escaped backslash \\"})"
        "\n"
        R"({"Event":{"System":{"EventID":"12"},"EventData":{"v..t":"vent"}}})"
        "\n"
        R"({"EventID":1,"a":{"EventID":1},"b":{"EventID":1},)"
        R"("c":{"EventID":1},"d":{"EventID":1}})"
        "\n"
        // Bytes past ASCII: lines sharing SIMD blocks, where only the
        // second line of a block has one, and runs of them.
        "{\"x\":\"\xC3\xA9\"}\n{\"x\":\"a\"}\n{\"x\":\"\xE2\x84\xAA\"}\n"
        "{\"pad\":\"0123456789012345678901234567890123\xC3\xA9\"}\n"
        "{\"x\":\"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
        "\xD0\xBC\xD0\xB8\xD1\x80 \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\"}\n"
        R"({"last":"line","EventID":3})";
    for (std::size_t from : {std::size_t(0), std::size_t(1)}) {
        const std::size_t count =
            each_line(text, from, true,
                      [](std::string_view line, const carl::line_marks& marks) {
                          CAPTURE(line);
                          CHECK(same(marks, carl::find_marks(line, true,
                                                             scratch_lines())));
                      });
        CHECK(count == 13);
    }

    // Without keys, the escapes alone, and the keys said to be unknown.
    each_line(
        text, 0, false,
        [](std::string_view line, const carl::line_marks& marks) {
            CAPTURE(line);
            CHECK_FALSE(marks.keys_known);
            CHECK(
                marks.unicode_escape ==
                carl::find_marks(line, false, scratch_lines()).unicode_escape);
        });
}
