// Tests of carl::source: offsets of a code block to lines and columns (in
// characters) of the user's file, and the diagnostics made there.
#include "carl/source.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace {

struct locate_case {
    std::size_t offset;
    std::uint32_t line;
    std::uint32_t column;
};

// A block taken from a YAML file: each code line is indented there, and the
// second one comes after a multi-byte character.
const std::string yaml = "implementations:\n"
                         "  - code: |\n"
                         "      x = search P:C\r\n"
                         "\xc3\xa9:    output x\n";
const std::string block = "x = search P:C\noutput x\n";

carl::source yaml_source() {
    return carl::source::from_block("a.yaml",
                                    std::make_shared<const std::string>(yaml),
                                    block, {{3, 6}, {4, 7}});
}

} // namespace

TEST_CASE("locate counts lines and characters of a whole file") {
    const auto src =
        carl::source::from_file_text("a.car", "ab\n\xc3\xa9 = x\n\tz\n");
    const locate_case cases[] = {
        {0, 1, 1}, {1, 1, 2},  {2, 1, 3},  {3, 2, 1},  {5, 2, 2},  {6, 2, 3},
        {9, 2, 6}, {10, 3, 1}, {11, 3, 2}, {13, 4, 1}, {99, 4, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.offset);
        const auto p = src.locate(c.offset);
        CHECK(p.line == c.line);
        CHECK(p.column == c.column);
    }
}

TEST_CASE("locate maps a block into the file it was taken from") {
    const auto src = yaml_source();
    const locate_case cases[] = {
        {0, 3, 7},   // x
        {4, 3, 11},  // search
        {13, 3, 20}, // C
        {14, 3, 21}, // the end of the first line
        {15, 4, 7},  // output, after a two-byte character
        {22, 4, 14}, // x
        {24, 5, 1},  // past the last origin: the line after it
    };
    for (const auto& c : cases) {
        CAPTURE(c.offset);
        const auto p = src.locate(c.offset);
        CHECK(p.line == c.line);
        CHECK(p.column == c.column);
    }
}

TEST_CASE("file_line gives a line of the file without its line break") {
    const auto src = yaml_source();
    const struct {
        std::uint32_t line;
        const char* text;
    } cases[] = {
        {0, ""},
        {1, "implementations:"},
        {3, "      x = search P:C"},
        {4, "\xc3\xa9:    output x"},
        {5, ""},
        {6, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        CHECK(src.file_line(c.line) == c.text);
    }
}

TEST_CASE("make underlines characters, within one line") {
    const auto src = carl::source::from_file_text(
        "a.car", "x = \"\xc3\xa9t\xc3\xa9\"\noutput x\n");
    const struct {
        std::size_t offset;
        std::size_t length; // bytes
        std::uint32_t column;
        std::uint32_t underlined; // characters
    } cases[] = {
        {4, 7, 5, 5},  // the whole string: 7 bytes, 5 characters
        {0, 0, 1, 1},  // at least one
        {0, 99, 1, 9}, // not past the end of the line
        {12, 6, 1, 6}, // output
    };
    for (const auto& c : cases) {
        CAPTURE(c.offset);
        const auto d =
            src.make(carl::severity::warning, c.offset, c.length, "m");
        CHECK(d.level == carl::severity::warning);
        CHECK(d.file == "a.car");
        CHECK(d.where.column == c.column);
        CHECK(d.length == c.underlined);
        CHECK(d.message == "m");
        CHECK(d.source_line == src.file_line(d.where.line));
    }
}

TEST_CASE("a source without origins for every line stays usable") {
    const auto src = carl::source::from_block("b.car", nullptr, "a\nb\nc", {});
    CHECK(src.locate(4).line == 3);
    CHECK(src.locate(4).column == 1);
    CHECK(src.file_line(1).empty());
}
