// Events before and after mapping. A decoder (JSON today) turns one log record
// into a raw_event: the log's own field names and values. A mapping then fills
// a record: the data model's fields of one object, by field_slot. Values are
// views into the decoder's buffers: valid until the next decode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace carl {

// A field value as the log wrote it: text, even for a JSON number (`1234`).
// An absent field is a value of its own, `present == false`.
struct value {
    std::string_view text;
    bool present = false;
};

// The raw field names that the loaded mappings read, each given a dense
// index. Decoders keep only these fields, so unused ones cost nothing.
class raw_schema {
public:
    // The index of `name`, adding it when new. Names compare exactly.
    std::uint32_t intern(std::string_view name);

    // The index of `name`, or -1 when no mapping reads it.
    std::int32_t find(std::string_view name) const;

    std::size_t size() const { return m_names.size(); }
    const std::string& name(std::uint32_t index) const {
        return m_names[index];
    }

private:
    std::vector<std::string> m_names;
    std::unordered_map<std::string, std::uint32_t> m_index;
};

// One decoded log record. `provider` and `channel` are empty when the record
// does not name them; `event_id` is the text of its event id, empty if none.
struct raw_event {
    std::string_view provider;
    std::string_view channel;
    std::string_view event_id;
    std::vector<value> fields; // by raw_schema index

    // Empties the event for a schema of `size` fields, keeping capacity.
    void reset(std::size_t size);
};

} // namespace carl
