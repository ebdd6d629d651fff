// Renders the XML of one EVTX record (as libevtx writes it) as JSON in the
// shape Sigma's regression data uses, {"Event":{"System":{..},
// "EventData":{"Image":"..",..}}}: evtx_decoder.cpp feeds it, and the
// result goes to json_decoder like any other JSON event.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carl::detail {

class evtx_json {
public:
    // Appends the JSON rendering of `xml` to `out`. Elements become keys;
    // attributes go under "#attributes", text beside them under "#text";
    // an element with neither is its text, or null when empty. EventData's
    // <Data Name="X">v</Data> becomes "X": "v" (an empty one ""). Returns
    // false, with `error` set, on XML it cannot follow. Not thread-safe;
    // reuses its buffers from record to record.
    bool render(std::string_view xml, std::string& out, std::string& error);

    // The <EventRecordID> in the System block of the record last rendered,
    // or 0 without one. It is the id Windows tools show, which the record
    // header's id need not be in a file that was cut or exported.
    std::uint64_t record_id() const;

private:
    struct attribute {
        std::string_view name;
        std::string_view value; // raw, entities not yet decoded
    };
    struct element {
        std::string_view name;
        std::size_t first_attribute = 0, attributes = 0;
        std::string_view text; // raw; the first run of text only
        std::vector<std::size_t> children;
    };

    bool parse(std::string_view xml, std::string& error);
    void write(const element& e, std::string& out) const;
    void write_event_data(const element& e, std::string& out) const;
    void write_attributes(const element& e, std::string& out) const;
    const element* child(const element& e, std::string_view name) const;
    std::string_view attribute_value(const element& e,
                                     std::string_view name) const;

    std::vector<element> m_elements;
    std::size_t m_used = 0;
    std::vector<attribute> m_attributes;
    std::vector<std::size_t> m_open;
};

// Appends `text` to `out` as a JSON string, quoted; with `entities` the XML
// entities in it (&lt; &amp; &#x41; ...) are decoded first.
void write_json_string(std::string_view text, bool entities, std::string& out);

} // namespace carl::detail
