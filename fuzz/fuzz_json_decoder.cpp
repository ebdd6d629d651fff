// libFuzzer target: arbitrary bytes cut into JSON events (json_framer) and
// each decoded against every shipped mapping's fields (json_decoder), in
// place and from a copy. Must never crash, hang or grow without bound.
#include "carl/json_decoder.hpp"
#include "carl/mapping.hpp"

#include "json_framer.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
    static const carl::mapping_set& mappings = carl::mapping_set::builtin();
    static carl::json_decoder decoder(mappings.schema());
    carl::raw_event event;
    std::string error;

    // The whole input as one event, copied because it has no slack.
    std::string_view whole(reinterpret_cast<const char*>(data), size);
    if (decoder.decode(whole, size, event, error))
        mappings.route(event);

    // Framed into events, each parsed in place.
    carl::detail::json_framer framer(carl::detail::open_memory(whole));
    std::string_view text;
    std::size_t readable = 0;
    std::uint64_t line = 0;
    for (;;) {
        const auto step = framer.next(text, readable, line, error);
        if (step == carl::detail::json_framer::step::end)
            break;
        if (step == carl::detail::json_framer::step::event &&
            decoder.decode(text, readable, event, error))
            mappings.route(event);
    }
    return 0;
}
