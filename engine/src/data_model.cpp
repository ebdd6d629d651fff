// The CAR data model: loading engine/data/data_model.yaml (or a user's copy),
// name lookups in any letter style, and "did you mean" suggestions.
#include "carl/data_model.hpp"

#include "embedded_data.hpp"
#include "yaml_diagnostic.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace carl {

namespace {

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Reads a flow or block sequence of names into `out`, normalized; reports
// anything that is not a name.
bool read_names(const std::string& path, const std::string& text,
                const YAML::Node& node, const char* what,
                std::vector<std::string>& out, std::vector<diagnostic>& diags) {
    if (yaml_is_absent(node))
        return true;
    if (!yaml_is_sequence(node)) {
        diags.push_back(yaml_error(path, text, yaml_mark(node),
                                   std::string("expected a list of ") + what));
        return false;
    }
    bool ok = true;
    for (const YAML::Node& item : node) {
        const std::string* name = yaml_scalar(item);
        std::string normal = name ? data_model::normalize(*name) : "";
        if (normal.empty()) {
            diags.push_back(
                yaml_error(path, text, yaml_mark(item),
                           std::string("expected a name of ") + what));
            ok = false;
        } else if (std::find(out.begin(), out.end(), normal) != out.end()) {
            diags.push_back(yaml_error(path, text, yaml_mark(item),
                                       "'" + normal + "' is listed twice",
                                       name->size()));
            ok = false;
        } else {
            out.push_back(std::move(normal));
        }
    }
    return ok;
}

// Optimal string alignment distance (Damerau-Levenshtein where a swapped
// pair counts as one edit), as used for typo suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1),
        row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] =
                std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, row);
    }
    return prev[b.size()];
}

bool find_name(const std::vector<object_info>& objects,
               const std::string& name) {
    for (const object_info& object : objects)
        if (object.name == name)
            return true;
    return false;
}

// The objects of a model file, in file order, with `common_fields` first in
// each object's fields.
bool read_objects(const std::string& path, const std::string& text,
                  const YAML::Node& root, std::vector<object_info>& objects,
                  std::vector<diagnostic>& out) {
    if (!yaml_is_map(root)) {
        out.push_back(yaml_error(path, text, yaml_mark(root),
                                 "expected a map with 'objects'"));
        return false;
    }
    bool ok = true;
    std::vector<std::string> common;
    ok &= read_names(path, text, root["common_fields"], "fields", common, out);
    const YAML::Node list = root["objects"];
    if (!yaml_is_sequence(list)) {
        out.push_back(yaml_error(path, text, yaml_mark(root),
                                 "expected 'objects', a list of objects"));
        return false;
    }

    for (const YAML::Node& node : list) {
        const std::string* name =
            yaml_is_map(node) ? yaml_scalar(node["name"]) : nullptr;
        if (!name || data_model::normalize(*name).empty()) {
            out.push_back(yaml_error(path, text, yaml_mark(node),
                                     "expected an object with a 'name'"));
            ok = false;
            continue;
        }
        object_info object;
        object.name = data_model::normalize(*name);
        if (find_name(objects, object.name)) {
            out.push_back(yaml_error(
                path, text, yaml_mark(node["name"]),
                "object '" + object.name + "' is defined twice", name->size()));
            ok = false;
            continue;
        }
        ok &= read_names(path, text, node["actions"], "actions", object.actions,
                         out);
        object.fields = common;
        ok &= read_names(path, text, node["fields"], "fields", object.fields,
                         out);
        ok &= read_names(path, text, node["carl_fields"], "fields",
                         object.fields, out);
        objects.push_back(std::move(object));
    }
    return ok;
}

} // namespace

const data_model& data_model::builtin() {
    static const data_model model = [] {
        for (const embedded_file& file : embedded_files()) {
            if (file.name != "data_model.yaml")
                continue;
            std::vector<diagnostic> diags;
            auto loaded =
                load("data_model.yaml", std::string(file.text), diags);
            if (loaded)
                return std::move(*loaded);
        }
        // Only a broken build gets here; the tests load the shipped file.
        return data_model();
    }();
    return model;
}

std::optional<data_model> data_model::load(const std::string& path,
                                           const std::string& text,
                                           std::vector<diagnostic>& out) {
    // Any yaml-cpp exception, from parsing or from a node used the wrong
    // way, becomes a diagnostic: nothing escapes.
    data_model model;
    try {
        if (!read_objects(path, text, YAML::Load(text), model.m_objects, out))
            return std::nullopt;
    } catch (const YAML::Exception& e) {
        out.push_back(yaml_error(path, text, e.mark, e.msg));
        return std::nullopt;
    }

    // Number the object:action pairs densely, in file order.
    for (std::size_t o = 0; o < model.m_objects.size(); ++o) {
        object_info& object = model.m_objects[o];
        for (std::size_t a = 0; a < object.actions.size(); ++a) {
            if (model.m_type_objects.size() >=
                std::numeric_limits<type_id>::max()) {
                out.push_back(yaml_error(path, text, YAML::Mark::null_mark(),
                                         "too many object:action pairs"));
                return std::nullopt;
            }
            object.types.push_back(
                static_cast<type_id>(model.m_type_objects.size()));
            model.m_type_objects.push_back(static_cast<std::uint16_t>(o));
            model.m_type_actions.push_back(static_cast<std::uint16_t>(a));
        }
    }
    return model;
}

std::string data_model::normalize(std::string_view name) {
    // A word break goes before an upper-case letter that follows a lower-case
    // one or a digit ("UserSession"), or that starts a word after an acronym
    // ("HTTPRequest"); spaces and dashes are breaks too ("User Session").
    std::string out;
    out.reserve(name.size() + 4);
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (c == ' ' || c == '-' || c == '_' || c == '\t') {
            if (!out.empty() && out.back() != '_')
                out += '_';
            continue;
        }
        if (is_upper(c) && i > 0 && !out.empty() && out.back() != '_') {
            char before = name[i - 1];
            bool next_lower =
                i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (is_lower_or_digit(before) || (is_upper(before) && next_lower))
                out += '_';
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

const object_info* data_model::find_object(std::string_view name) const {
    std::string normal = normalize(name);
    for (const object_info& object : m_objects)
        if (object.name == normal)
            return &object;
    return nullptr;
}

std::optional<type_id> data_model::find_type(std::string_view object,
                                             std::string_view action) const {
    const object_info* info = find_object(object);
    if (!info)
        return std::nullopt;
    std::string normal = normalize(action);
    for (std::size_t a = 0; a < info->actions.size(); ++a)
        if (info->actions[a] == normal)
            return info->types[a];
    return std::nullopt;
}

std::optional<field_slot> data_model::find_field(const object_info& object,
                                                 std::string_view field) const {
    std::string normal = normalize(field);
    for (std::size_t f = 0; f < object.fields.size(); ++f)
        if (object.fields[f] == normal)
            return static_cast<field_slot>(f);
    return std::nullopt;
}

const object_info& data_model::object_of(type_id type) const {
    return m_objects[m_type_objects[type]];
}

std::string data_model::type_name(type_id type) const {
    const object_info& object = object_of(type);
    return object.name + ":" + object.actions[m_type_actions[type]];
}

std::string data_model::closest(std::string_view wrong,
                                const std::vector<std::string>& candidates) {
    // Compare in the model's own style, so "CommandLine" finds command_line;
    // allow about one edit per four characters, and at least one.
    std::string normal = normalize(wrong);
    std::size_t limit = std::max<std::size_t>(1, (normal.size() + 1) / 4);
    std::size_t best = limit + 1;
    std::string found;
    for (const std::string& candidate : candidates) {
        std::size_t longer = std::max(candidate.size(), normal.size());
        std::size_t shorter = std::min(candidate.size(), normal.size());
        if (longer - shorter >= best)
            continue;
        std::size_t d = edit_distance(normal, normalize(candidate));
        if (d < best) {
            best = d;
            found = candidate;
        }
    }
    return found;
}

} // namespace carl
