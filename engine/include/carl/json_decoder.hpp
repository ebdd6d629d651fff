// JSON to raw_event, with simdjson's on-demand parser: only the fields in the
// raw_schema are read. Accepts the flat Sysmon shape ({"EventID":1,...}) and
// the nested one ({"Event":{"System":{...},"EventData":{...}}}).
#pragma once

#include "carl/event.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace carl {

class json_decoder {
public:
    // `schema` must outlive the decoder.
    explicit json_decoder(const raw_schema& schema);
    ~json_decoder();
    json_decoder(json_decoder&&) noexcept;
    json_decoder& operator=(json_decoder&&) noexcept;

    // Decodes one JSON object into `out`. `readable` is how many bytes may be
    // read from text.data() (text.size() plus any slack after it): with at
    // least 64 bytes of slack the text is parsed in place, otherwise copied.
    // On malformed input returns false and sets `error` to a message naming
    // the problem and its byte offset in `text`. Not thread-safe: one decoder
    // per thread. Never throws.
    bool decode(std::string_view text, std::size_t readable, raw_event& out,
                std::string& error);

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

} // namespace carl
