// Mappings: how a log's own fields become the CAR data model's. A mapping file
// (YAML, see docs/mappings.md) names a log source by provider and channel, and
// for each event id the object:action it is and where each field comes from.
// The shipped mappings (engine/data/mappings/) are compiled into the library.
#pragma once

#include "carl/data_model.hpp"
#include "carl/diagnostic.hpp"
#include "carl/event.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace carl {

enum class field_transform : std::uint8_t {
    copy,     // the raw value as it is
    basename, // the part after the last '\' or '/': `exe` from `Image`
    // One hash out of a list such as Sysmon's `Hashes`
    // ("SHA1=...,MD5=...,SHA256=...,IMPHASH=..."); absent when not listed.
    md5,
    sha1,
    sha256,
    imphash,
};

struct field_rule {
    field_slot slot = 0;
    std::uint32_t raw_index = 0; // in mapping_set::schema()
    field_transform transform = field_transform::copy;
};

// One event id of one log source.
struct mapping_rule {
    std::string source;                 // the mapping's name: "sysmon"
    std::vector<std::string> providers; // lower case; any of them
    std::vector<std::string> channels;  // lower case; any of them
    std::string event_id;               // decimal, no padding: "1"
    type_id type = 0;
    std::vector<field_rule> fields;
};

class mapping_set {
public:
    explicit mapping_set(const data_model& model) : m_model(&model) {}

    // The mappings shipped with carl, over data_model::builtin().
    static const mapping_set& builtin();

    // Adds the mappings of one YAML file. On error adds nothing, appends
    // diagnostics pointing into `path` and returns false.
    bool add(const std::string& path, const std::string& text,
             std::vector<diagnostic>& out);

    // A copy that keeps only the model fields `used[type][slot]` marks, and
    // only the raw fields those need: what a program set binds to, so the
    // decoder and the mapping skip everything no analytic reads.
    mapping_set bind(const std::vector<std::vector<bool>>& used) const;

    // The rule that covers `event`, or nullptr. A rule needs the event id to
    // match; where the event names a provider or channel, one of the rule's
    // must match it too (ignoring case). An event naming neither is taken on
    // its event id alone.
    const mapping_rule* route(const raw_event& event) const;

    // Fills `record` (one value per field of the rule's object, all absent
    // beforehand) from `event`. Values are views into the event. A slot with
    // several rules takes the first raw field the event has.
    static void apply(const mapping_rule& rule, const raw_event& event,
                      value* record);

    // True when some rule produces events of `type`.
    bool covers(type_id type) const;

    const raw_schema& schema() const { return m_schema; }
    const std::vector<mapping_rule>& rules() const { return m_rules; }
    const data_model& model() const { return *m_model; }

private:
    const data_model* m_model;
    raw_schema m_schema;
    std::vector<mapping_rule> m_rules;
    // (event id as a number, index in m_rules), sorted: route()'s index.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_by_event_id;

    void index_rules();
};

} // namespace carl
