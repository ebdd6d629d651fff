// libFuzzer target for the checker and the lowering (engine/src/compiler.cpp,
// lowerer.cpp): any pseudocode in, programs or diagnostics out, never a
// crash. Seeded like parse_fuzzer.cpp by fuzz/run.
#include "carl/carl.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    const auto result =
        carl::compile({carl::analytic_from_text("fuzz", std::move(text))});

    // A program that compiled must also disassemble.
    std::size_t total = 0;
    if (result.programs)
        for (std::size_t i = 0; i < result.programs->analytics().size(); ++i)
            total += result.programs->disassemble(i).size();
    for (const auto& d : result.diagnostics)
        total += carl::render(d).size();
    return total == 0 && size > 1 << 30 ? 1 : 0;
}
