// The CAR data model: objects, their actions and their fields. carl carries
// its own copy as a data file (engine/data/data_model.yaml), compiled into the
// library; the checker resolves names against it and the mappings fill it.
#pragma once

#include "carl/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

// An object:action pair, numbered densely across the whole model.
using type_id = std::uint16_t;

// A field of an object: its index in object_info::fields. Every event of
// that object lays its fields out in this order.
using field_slot = std::uint16_t;

struct object_info {
    std::string name;                 // snake_case: "user_session"
    std::vector<std::string> actions; // snake_case: "create", "login"
    std::vector<std::string> fields;  // snake_case: "command_line"
    std::vector<type_id> types;       // types[i] is the id of actions[i]
};

class data_model {
public:
    // The model compiled into the library. Thread-safe; never fails.
    static const data_model& builtin();

    // Reads a model from YAML text; on failure returns nothing and appends
    // diagnostics naming `path`.
    static std::optional<data_model> load(const std::string& path,
                                          const std::string& text,
                                          std::vector<diagnostic>& out);

    // "UserSession", "user_session" and "USER_SESSION" all become
    // "user_session": CAR writes names in both cases and styles.
    static std::string normalize(std::string_view name);

    // Lookups take names in any style; they return nothing when unknown.
    const object_info* find_object(std::string_view name) const;
    std::optional<type_id> find_type(std::string_view object,
                                     std::string_view action) const;
    std::optional<field_slot> find_field(const object_info& object,
                                         std::string_view field) const;

    const object_info& object_of(type_id type) const;
    std::string type_name(type_id type) const; // "process:create"
    std::size_t type_count() const { return m_type_objects.size(); }
    const std::vector<object_info>& objects() const { return m_objects; }

    // The closest known name to `wrong` among `candidates`, for a "did you
    // mean" note; empty when nothing is close enough.
    static std::string closest(std::string_view wrong,
                               const std::vector<std::string>& candidates);

private:
    std::vector<object_info> m_objects;
    std::vector<std::uint16_t> m_type_objects; // type_id -> object index
    std::vector<std::uint16_t> m_type_actions; // type_id -> action index
};

} // namespace carl
