// libFuzzer target for the parser (grammar/): any bytes in, a program or a
// diagnostic out, never a crash, a hang or unbounded recursion. fuzz/run
// seeds it with the published CAR blocks and tests/fuzz_corpus/parser/.
#include "carl/parse.hpp"
#include "grammar/ast_printer.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    const auto src = carl::source::from_file_text("fuzz.car", std::move(text));
    const auto result = carl::parse(src);

    // Rendering walks every diagnostic's positions; printing walks every
    // node of the tree, so both must be consistent with the input.
    std::size_t total = 0;
    for (const auto& d : result.diagnostics)
        total += carl::render(d).size();
    if (result.ok())
        total += carl::grammar::to_string(result.program,
                                          carl::grammar::print_spans::yes)
                     .size();
    return total == 0 && size > 1 << 30 ? 1 : 0;
}
