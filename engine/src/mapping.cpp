// Mapping files (engine/data/mappings/*.yaml, docs/mappings.md): loading them
// against the data model, binding them to what analytics read, routing a
// decoded event to its rule and filling a data model record from it.
#include "carl/mapping.hpp"

#include "embedded_data.hpp"
#include "yaml_diagnostic.hpp"

#include <algorithm>

namespace carl {

namespace {

struct transform_name {
    std::string_view name;
    field_transform transform;
};

constexpr transform_name transforms[] = {
    {"basename", field_transform::basename},
    {"md5", field_transform::md5},
    {"sha1", field_transform::sha1},
    {"sha256", field_transform::sha256},
    {"imphash", field_transform::imphash},
};

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = lower(c);
    return out;
}

// Event ids compare as decimal numbers: "1", "01" and 1 are the same id.
// Returns false for anything else (empty, signs, hex, too large).
bool parse_event_id(std::string_view text, std::uint32_t& out) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 20)
        return false;
    std::uint64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        n = n * 10 + std::uint64_t(c - '0');
        if (n > 0xFFFFFFFFu)
            return false;
    }
    out = static_cast<std::uint32_t>(n);
    return true;
}

bool equals_lowered(std::string_view text, std::string_view low) {
    if (text.size() != low.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (lower(text[i]) != low[i])
            return false;
    return true;
}

// True when the event does not name this kind of source, or names one of
// `allowed` (kept in lower case). A rule that lists none accepts any.
bool source_matches(std::string_view named,
                    const std::vector<std::string>& allowed) {
    if (named.empty() || allowed.empty())
        return true;
    for (const std::string& low : allowed)
        if (equals_lowered(named, low))
            return true;
    return false;
}

// A loop of its own: find_last_of calls memchr over its two separators
// once for every character it passes.
std::string_view after_last_separator(std::string_view path) {
    std::size_t cut = path.size();
    while (cut > 0 && path[cut - 1] != '\\' && path[cut - 1] != '/')
        --cut;
    return path.substr(cut);
}

// The hex after `NAME=` in "SHA1=...,MD5=...", or nothing.
value pick_hash(std::string_view list, std::string_view name) {
    std::size_t start = 0;
    while (start < list.size()) {
        std::size_t end = list.find(',', start);
        if (end == std::string_view::npos)
            end = list.size();
        std::string_view item = list.substr(start, end - start);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (item.size() > name.size() && item[name.size()] == '=' &&
            equals_lowered(item.substr(0, name.size()), name))
            return {item.substr(name.size() + 1), true};
        start = end + 1;
    }
    return {};
}

// The loader for one mapping file: keeps the path and text for diagnostics.
class loader {
public:
    loader(const data_model& model, const std::string& path,
           const std::string& text, std::vector<diagnostic>& out)
        : m_model(model), m_path(path), m_text(text), m_out(out) {}

    bool load(raw_schema& schema, std::vector<mapping_rule>& rules);

private:
    bool load_root(const YAML::Node& root, raw_schema& schema,
                   std::vector<mapping_rule>& rules);
    const data_model& m_model;
    const std::string& m_path;
    const std::string& m_text;
    std::vector<diagnostic>& m_out;

    void error(const YAML::Node& at, std::string message,
               std::string suggestion = {});
    bool read_list(const YAML::Node& node, const char* what,
                   std::vector<std::string>& out);
    bool read_event(const YAML::Node& node, mapping_rule& rule,
                    raw_schema& schema);
    bool read_type(const YAML::Node& node, type_id& type);
    bool read_source(const YAML::Node& node, field_slot slot,
                     std::vector<field_rule>& fields, raw_schema& schema);
    bool check_keys(const YAML::Node& map,
                    std::initializer_list<std::string_view> known);
};

void loader::error(const YAML::Node& at, std::string message,
                   std::string suggestion) {
    std::size_t length = yaml_is_scalar(at) ? at.Scalar().size() : 1;
    diagnostic d =
        yaml_error(m_path, m_text, yaml_mark(at), std::move(message), length);
    if (!suggestion.empty()) {
        diagnostic note = d;
        note.level = severity::note;
        note.message = "did you mean '" + suggestion + "'?";
        d.notes.push_back(std::move(note));
    }
    m_out.push_back(std::move(d));
}

bool loader::check_keys(const YAML::Node& map,
                        std::initializer_list<std::string_view> known) {
    bool ok = true;
    std::vector<std::string> names(known.begin(), known.end());
    for (const auto& entry : map) {
        const std::string* key = yaml_scalar(entry.first);
        if (key && std::find(names.begin(), names.end(), *key) != names.end())
            continue;
        error(entry.first, "unknown key '" + (key ? *key : "?") + "'",
              key ? data_model::closest(*key, names) : "");
        ok = false;
    }
    return ok;
}

bool loader::read_list(const YAML::Node& node, const char* what,
                       std::vector<std::string>& out) {
    if (yaml_is_absent(node))
        return true;
    if (yaml_is_scalar(node)) {
        out.push_back(lowered(node.Scalar()));
        return true;
    }
    if (!yaml_is_sequence(node)) {
        error(node, std::string("expected a list of ") + what);
        return false;
    }
    for (const YAML::Node& item : node) {
        if (!yaml_is_scalar(item) || item.Scalar().empty()) {
            error(item, std::string("expected a name of one of the ") + what);
            return false;
        }
        out.push_back(lowered(item.Scalar()));
    }
    return true;
}

bool loader::read_type(const YAML::Node& node, type_id& type) {
    const std::string* text = yaml_scalar(node);
    std::size_t colon = text ? text->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        error(node, "expected an object:action such as 'process:create'");
        return false;
    }
    std::string_view name(*text);
    std::string_view object = name.substr(0, colon);
    std::string_view action = name.substr(colon + 1);
    const object_info* info = m_model.find_object(object);
    if (!info) {
        std::vector<std::string> known;
        for (const object_info& o : m_model.objects())
            known.push_back(o.name);
        error(node, "unknown object '" + std::string(object) + "'",
              data_model::closest(object, known));
        return false;
    }
    auto found = m_model.find_type(object, action);
    if (!found) {
        error(node,
              "'" + info->name + "' has no action '" + std::string(action) +
                  "'",
              data_model::closest(action, info->actions));
        return false;
    }
    type = *found;
    return true;
}

// One source of a model field: `Image` or `basename(Image)`.
bool loader::read_source(const YAML::Node& node, field_slot slot,
                         std::vector<field_rule>& fields, raw_schema& schema) {
    const std::string* text = yaml_scalar(node);
    if (!text || text->empty()) {
        error(node, "expected a log field name or transform(name)");
        return false;
    }
    field_rule rule;
    rule.slot = slot;
    std::string_view raw(*text);
    std::size_t open = raw.find('(');
    if (open != std::string_view::npos) {
        if (raw.back() != ')' || open + 2 >= raw.size()) {
            error(node, "expected transform(name), found '" + *text + "'");
            return false;
        }
        std::string_view name = raw.substr(0, open);
        const transform_name* found = nullptr;
        std::vector<std::string> known;
        for (const transform_name& t : transforms) {
            known.emplace_back(t.name);
            if (t.name == name)
                found = &t;
        }
        if (!found) {
            error(node, "unknown transform '" + std::string(name) + "'",
                  data_model::closest(name, known));
            return false;
        }
        rule.transform = found->transform;
        raw = raw.substr(open + 1, raw.size() - open - 2);
    }
    rule.raw_index = schema.intern(raw);
    fields.push_back(rule);
    return true;
}

bool loader::read_event(const YAML::Node& node, mapping_rule& rule,
                        raw_schema& schema) {
    if (!yaml_is_map(node)) {
        error(node, "expected an event: event_id, type and fields");
        return false;
    }
    bool ok = check_keys(node, {"event_id", "type", "fields"});
    const YAML::Node id = node["event_id"];
    const YAML::Node type = node["type"];
    const YAML::Node fields = node["fields"];
    std::uint32_t number = 0;
    if (!yaml_is_scalar(id) || !parse_event_id(id.Scalar(), number)) {
        error(id.IsDefined() ? id : node, "expected a decimal 'event_id'");
        return false;
    }
    rule.event_id = std::to_string(number);
    if (!type.IsDefined()) {
        error(node, "expected a 'type', an object:action");
        return false;
    }
    if (!read_type(type, rule.type))
        return false;
    if (!yaml_is_absent(fields) && !yaml_is_map(fields)) {
        error(fields, "expected 'fields', a map of model field to log field");
        return false;
    }

    // Each model field, from one log field or a list of them to try in turn.
    const object_info& object = m_model.object_of(rule.type);
    std::vector<field_slot> seen;
    for (const auto& entry : fields) {
        const std::string* name = yaml_scalar(entry.first);
        auto slot = name ? m_model.find_field(object, *name) : std::nullopt;
        if (!slot) {
            error(entry.first,
                  "'" + object.name + "' has no field '" +
                      (name ? *name : "?") + "'",
                  name ? data_model::closest(*name, object.fields) : "");
            ok = false;
            continue;
        }
        if (std::find(seen.begin(), seen.end(), *slot) != seen.end()) {
            error(entry.first, "field '" + *name + "' is mapped twice");
            ok = false;
            continue;
        }
        seen.push_back(*slot);
        if (yaml_is_sequence(entry.second)) {
            for (const YAML::Node& source : entry.second)
                ok &= read_source(source, *slot, rule.fields, schema);
        } else {
            ok &= read_source(entry.second, *slot, rule.fields, schema);
        }
    }
    return ok;
}

bool loader::load(raw_schema& schema, std::vector<mapping_rule>& rules) {
    // Any yaml-cpp exception, from parsing or from a node used the wrong
    // way, becomes a diagnostic: nothing escapes.
    try {
        return load_root(YAML::Load(m_text), schema, rules);
    } catch (const YAML::Exception& e) {
        m_out.push_back(yaml_error(m_path, m_text, e.mark, e.msg));
        return false;
    }
}

bool loader::load_root(const YAML::Node& root, raw_schema& schema,
                       std::vector<mapping_rule>& rules) {
    if (!yaml_is_map(root)) {
        error(root, "expected a mapping: name, providers, channels, events");
        return false;
    }
    bool ok = check_keys(root, {"name", "providers", "channels", "events"});

    // The log source, shared by every rule of the file.
    mapping_rule common;
    const std::string* name = yaml_scalar(root["name"]);
    if (!name || name->empty()) {
        error(root, "expected a 'name' for this mapping");
        return false;
    }
    common.source = *name;
    ok &= read_list(root["providers"], "providers", common.providers);
    ok &= read_list(root["channels"], "channels", common.channels);
    const YAML::Node events = root["events"];
    if (!yaml_is_sequence(events)) {
        error(events.IsDefined() ? events : root,
              "expected 'events', a list of events");
        return false;
    }

    // One rule per event; an event id may appear once per file.
    std::size_t first = rules.size();
    for (const YAML::Node& node : events) {
        mapping_rule rule = common;
        if (!read_event(node, rule, schema)) {
            ok = false;
            continue;
        }
        for (std::size_t i = first; i < rules.size(); ++i) {
            if (rules[i].event_id == rule.event_id) {
                error(node["event_id"],
                      "event id " + rule.event_id + " is mapped twice");
                ok = false;
            }
        }
        rules.push_back(std::move(rule));
    }
    return ok;
}

} // namespace

const mapping_set& mapping_set::builtin() {
    static const mapping_set set = [] {
        mapping_set out(data_model::builtin());
        for (const embedded_file& file : embedded_files()) {
            if (file.name.substr(0, 9) != "mappings/")
                continue;
            std::vector<diagnostic> diags;
            out.add(std::string(file.name), std::string(file.text), diags);
        }
        return out;
    }();
    return set;
}

bool mapping_set::add(const std::string& path, const std::string& text,
                      std::vector<diagnostic>& out) {
    // Load into copies, so that a failed file adds nothing.
    raw_schema schema = m_schema;
    std::vector<mapping_rule> rules = m_rules;
    loader reader(*m_model, path, text, out);
    if (!reader.load(schema, rules))
        return false;
    m_schema = std::move(schema);
    m_rules = std::move(rules);
    index_rules();
    return true;
}

void mapping_set::index_rules() {
    m_by_event_id.clear();
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        std::uint32_t id = 0;
        parse_event_id(m_rules[i].event_id, id);
        m_by_event_id.emplace_back(id, static_cast<std::uint32_t>(i));
    }
    // Stable: among rules for one id, the one added first is tried first.
    std::stable_sort(
        m_by_event_id.begin(), m_by_event_id.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
}

mapping_set
mapping_set::bind(const std::vector<std::vector<bool>>& used) const {
    mapping_set out(*m_model);
    for (const mapping_rule& rule : m_rules) {
        mapping_rule kept = rule;
        kept.fields.clear();
        const std::vector<bool>* slots =
            rule.type < used.size() ? &used[rule.type] : nullptr;
        for (const field_rule& field : rule.fields) {
            if (!slots || field.slot >= slots->size() || !(*slots)[field.slot])
                continue;
            field_rule bound = field;
            bound.raw_index =
                out.m_schema.intern(m_schema.name(field.raw_index));
            kept.fields.push_back(bound);
        }
        out.m_rules.push_back(std::move(kept));
    }
    out.index_rules();
    return out;
}

const mapping_rule* mapping_set::route(const raw_event& event) const {
    std::uint32_t id = 0;
    if (!parse_event_id(event.event_id, id))
        return nullptr;
    auto it = std::lower_bound(
        m_by_event_id.begin(), m_by_event_id.end(), id,
        [](const auto& entry, std::uint32_t key) { return entry.first < key; });
    for (; it != m_by_event_id.end() && it->first == id; ++it) {
        const mapping_rule& rule = m_rules[it->second];
        if (source_matches(event.provider, rule.providers) &&
            source_matches(event.channel, rule.channels))
            return &rule;
    }
    return nullptr;
}

void mapping_set::apply(const mapping_rule& rule, const raw_event& event,
                        value* record) {
    for (const field_rule& field : rule.fields) {
        if (record[field.slot].present ||
            field.raw_index >= event.fields.size())
            continue;
        const value& raw = event.fields[field.raw_index];
        if (!raw.present)
            continue;
        value out = raw;
        switch (field.transform) {
        case field_transform::copy:
            break;
        case field_transform::basename:
            out.text = after_last_separator(raw.text);
            break;
        case field_transform::md5:
            out = pick_hash(raw.text, "md5");
            break;
        case field_transform::sha1:
            out = pick_hash(raw.text, "sha1");
            break;
        case field_transform::sha256:
            out = pick_hash(raw.text, "sha256");
            break;
        case field_transform::imphash:
            out = pick_hash(raw.text, "imphash");
            break;
        }
        record[field.slot] = out;
    }
}

bool mapping_set::covers(type_id type) const {
    for (const mapping_rule& rule : m_rules)
        if (rule.type == type)
            return true;
    return false;
}

} // namespace carl
