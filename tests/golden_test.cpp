// Golden files: for every analytic in tests/golden/ and analytics/, what the
// compiler says (NAME.stderr) and emits (NAME.disasm) is compared whole with
// the file beside it. CARL_UPDATE_GOLDEN=1 rewrites them instead.
#include "carl/carl.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Compares `actual` with the golden file, which must exist exactly when
// `actual` is not empty.
void compare(const fs::path& golden, const std::string& actual) {
    if (std::getenv("CARL_UPDATE_GOLDEN")) {
        if (actual.empty())
            fs::remove(golden);
        else
            std::ofstream(golden, std::ios::binary) << actual;
        return;
    }
    CAPTURE(golden.string());
    if (actual.empty()) {
        CHECK_FALSE(fs::exists(golden));
        return;
    }
    REQUIRE(fs::exists(golden));
    CHECK(read(golden) == actual);
}

std::vector<fs::path> golden_inputs() {
    std::vector<fs::path> inputs;
    for (const char* dir : {"tests/golden", "analytics"})
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto ext = entry.path().extension();
            if (ext == ".car" || ext == ".yaml")
                inputs.push_back(entry.path());
        }
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

} // namespace

TEST_CASE("compiler output matches the golden files") {
    fs::current_path(CARL_SOURCE_DIR);
    for (const fs::path& input : golden_inputs()) {
        CAPTURE(input.string());
        carl::load_result loaded = carl::load_analytics(input.string());
        std::string diagnostics;
        for (const auto& d : loaded.diagnostics)
            diagnostics += carl::render(d);
        carl::compile_result compiled = carl::compile(loaded.analytics);
        for (const auto& d : compiled.diagnostics)
            diagnostics += carl::render(d);

        std::string disasm;
        if (compiled.programs)
            for (std::size_t i = 0; i < compiled.programs->analytics().size();
                 ++i)
                disasm += compiled.programs->disassemble(i);

        const fs::path golden_dir = "tests/golden";
        const std::string stem = input.stem().string();
        compare(golden_dir / (stem + ".stderr"), diagnostics);
        compare(golden_dir / (stem + ".disasm"), disasm);
    }
}
