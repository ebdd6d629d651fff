// The raw_schema that decoders fill events by, and raw_event's reuse.
#include "carl/event.hpp"

namespace carl {

std::uint32_t raw_schema::intern(std::string_view name) {
    auto found = m_index.find(std::string(name));
    if (found != m_index.end())
        return found->second;
    auto index = static_cast<std::uint32_t>(m_names.size());
    m_names.emplace_back(name);
    m_index.emplace(m_names.back(), index);
    return index;
}

std::int32_t raw_schema::find(std::string_view name) const {
    auto found = m_index.find(std::string(name));
    return found == m_index.end() ? -1
                                  : static_cast<std::int32_t>(found->second);
}

void raw_event::reset(std::size_t size) {
    provider = {};
    channel = {};
    event_id = {};
    // assign() reuses the vector's storage: no allocation once it has grown.
    fields.assign(size, value{});
}

} // namespace carl
