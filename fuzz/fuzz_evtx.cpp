// libFuzzer target: arbitrary bytes as an EVTX file (evtx_decoder over
// libevtx, then evtx_json), every record rendered as JSON and decoded.
// Seed it with real EVTX files: a random start rarely passes the header.
#include "carl/json_decoder.hpp"
#include "carl/mapping.hpp"

#include "evtx_decoder.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
    static const carl::mapping_set& mappings = carl::mapping_set::builtin();
    static carl::json_decoder decoder(mappings.schema());

    carl::detail::evtx_decoder evtx;
    std::string error;
    if (!evtx.open(std::string(reinterpret_cast<const char*>(data), size),
                   error))
        return 0;

    carl::raw_event event;
    std::string_view json;
    std::size_t readable = 0;
    std::uint64_t record = 0, offset = 0;
    for (;;) {
        const auto step = evtx.next(json, readable, record, offset, error);
        if (step == carl::detail::evtx_decoder::step::end)
            break;
        // Whatever evtx_json writes must be JSON the decoder accepts.
        if (step == carl::detail::evtx_decoder::step::event &&
            !decoder.decode(json, readable, event, error))
            __builtin_trap();
    }
    return 0;
}
