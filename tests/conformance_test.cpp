// The conformance report: every pseudocode block of the published CAR
// analytics (../shared/car/analytics, skipped when absent) is checked on
// its own, and the outcome compared with tests/conformance/car.tsv.
// CARL_UPDATE_GOLDEN=1 rewrites the table.
#include "carl/carl.hpp"
#include "carl/parse.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const fs::path table_path =
    fs::path(CARL_SOURCE_DIR) / "tests" / "conformance" / "car.tsv";

// `line:column: message`, and each note's message after " | note: ".
std::string describe(const carl::diagnostic& d) {
    std::string out = std::to_string(d.where.line) + ":" +
                      std::to_string(d.where.column) + ": " + d.message;
    for (const carl::diagnostic& note : d.notes)
        out += " | note: " + std::to_string(note.where.line) + ":" +
               std::to_string(note.where.column) + ": " + note.message;
    return out;
}

// One row: analytic, block (0-based among the pseudocode blocks), outcome
// (accepted, syntax error or error), first error.
std::string row(const carl::analytic& a, std::size_t i) {
    const carl::pseudocode_block& block = a.blocks[i];
    const bool parsed = carl::parse(block.code).ok();
    const auto result = carl::compile({carl::analytic{a.info, {block}}});
    std::string out = a.info.id + "\t" + std::to_string(i) + "\t";
    for (const carl::diagnostic& d : result.diagnostics) {
        if (d.level != carl::severity::error)
            continue;
        out += parsed ? "error" : "syntax error";
        return out + "\t" + describe(d) + "\n";
    }
    return out + "accepted\n";
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("every published CAR block is accepted or rejected as recorded") {
    const fs::path dir = fs::path(CARL_SHARED_DIR) / "car" / "analytics";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: no published CAR analytics at " << dir.string());
        return;
    }
    const carl::load_result loaded = carl::load_analytics(dir.string());
    for (const carl::diagnostic& d : loaded.diagnostics)
        CHECK(d.level != carl::severity::error);

    std::string table;
    std::size_t blocks = 0;
    for (const carl::analytic& a : loaded.analytics)
        for (std::size_t i = 0; i < a.blocks.size(); ++i, ++blocks)
            table += row(a, i);
    CHECK(blocks == 95);

    if (std::getenv("CARL_UPDATE_GOLDEN")) {
        std::ofstream(table_path, std::ios::binary) << table;
        return;
    }
    REQUIRE(fs::exists(table_path));
    CHECK(read(table_path) == table);
}
