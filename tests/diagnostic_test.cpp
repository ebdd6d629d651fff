// Tests of diagnostic rendering (gcc-shaped) and of has_errors.
#include "carl/diagnostic.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

carl::diagnostic make(carl::severity level, std::string file,
                      std::uint32_t line, std::uint32_t column,
                      std::uint32_t length, std::string message,
                      std::string source_line) {
    carl::diagnostic d;
    d.level = level;
    d.file = std::move(file);
    d.where = {line, column};
    d.length = length;
    d.message = std::move(message);
    d.source_line = std::move(source_line);
    return d;
}

using carl::severity;

struct render_case {
    const char* name;
    carl::diagnostic d;
    const char* text;
};

} // namespace

TEST_CASE("diagnostics render as gcc does") {
    auto with_note = make(severity::error, "t.car", 2, 1, 6,
                          "expected ')', found 'output'", "output x");
    with_note.notes.push_back(make(severity::note, "t.car", 1, 20, 1,
                                   "to match this '('",
                                   "x = filter p where (a == 1"));
    with_note.notes.push_back(
        make(severity::note, "t.car", 0, 0, 1, "no position", ""));

    const render_case cases[] = {
        {"the style guide's sample",
         make(severity::error, "analytics/CAR-2013-01-003.yaml", 37, 14, 9,
              "'smb_write' is not defined", "      output smb_write"),
         "analytics/CAR-2013-01-003.yaml:37:14: error: 'smb_write' is not "
         "defined\n"
         "   37 |       output smb_write\n"
         "      |              ^~~~~~~~~\n"},
        {"notes follow, the same way", with_note,
         "t.car:2:1: error: expected ')', found 'output'\n"
         "    2 | output x\n"
         "      | ^~~~~~\n"
         "t.car:1:20: note: to match this '('\n"
         "    1 | x = filter p where (a == 1\n"
         "      |                    ^\n"
         "t.car: note: no position\n"},
        {"a warning", make(severity::warning, "t.car", 1, 3, 1, "w", "abc"),
         "t.car:1:3: warning: w\n"
         "    1 | abc\n"
         "      |   ^\n"},
        {"no file and no position", make(severity::note, "", 0, 0, 1, "n", ""),
         "note: n\n"},
        {"a position but no file", make(severity::error, "", 1, 1, 1, "e", "x"),
         "1:1: error: e\n"
         "    1 | x\n"
         "      | ^\n"},
        {"a wide line number widens the gutter",
         make(severity::error, "t.car", 12345, 2, 2, "e", "abc"),
         "t.car:12345:2: error: e\n"
         " 12345 | abc\n"
         "       |  ^~\n"},
        {"tabs before the caret are kept",
         make(severity::error, "t.car", 1, 3, 1, "e", "\t\tx"),
         "t.car:1:3: error: e\n"
         "    1 | \t\tx\n"
         "      | \t\t^\n"},
        {"multi-byte characters count once",
         make(severity::error, "t.car", 1, 3, 1, "e", "\xc3\xa9\xc3\xa9x"),
         "t.car:1:3: error: e\n"
         "    1 | \xc3\xa9\xc3\xa9x\n"
         "      |   ^\n"},
        {"the end of the line, and an empty length",
         make(severity::error, "t.car", 1, 4, 0, "e", "abc"),
         "t.car:1:4: error: e\n"
         "    1 | abc\n"
         "      |    ^\n"},
        {"an empty line", make(severity::error, "t.car", 3, 1, 1, "e", ""),
         "t.car:3:1: error: e\n"
         "    3 | \n"
         "      | ^\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(carl::render(c.d) == c.text);
    }
}

TEST_CASE("has_errors is true only with an error") {
    const auto e = make(severity::error, "t", 1, 1, 1, "e", "");
    const auto w = make(severity::warning, "t", 1, 1, 1, "w", "");
    const auto n = make(severity::note, "t", 1, 1, 1, "n", "");
    CHECK_FALSE(carl::has_errors({}));
    CHECK_FALSE(carl::has_errors({w, n}));
    CHECK(carl::has_errors({w, e}));
    CHECK(carl::has_errors({e}));
}
