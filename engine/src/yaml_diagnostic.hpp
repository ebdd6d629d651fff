// Diagnostics that point into a YAML file at a yaml-cpp Mark: shared by the
// data model and mapping loaders, which must never let YAML::Exception escape.
#pragma once

#include "carl/diagnostic.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace carl {

// Line `line` (0-based) of `text`, without its line break.
inline std::string_view yaml_line(std::string_view text, int line) {
    std::size_t start = 0;
    for (int i = 0; i < line; ++i) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos)
            return {};
        start = nl + 1;
    }
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
        end = text.size();
    if (end > start && text[end - 1] == '\r')
        --end;
    return text.substr(start, end - start);
}

// An error at `mark` (yaml-cpp counts from 0, in bytes); the diagnostic's
// column counts UTF-8 characters from 1, as every carl diagnostic does.
inline diagnostic yaml_error(const std::string& path, std::string_view text,
                             const YAML::Mark& mark, std::string message,
                             std::size_t length = 1) {
    diagnostic d;
    d.file = path;
    d.message = std::move(message);
    d.length = static_cast<std::uint32_t>(length == 0 ? 1 : length);
    if (mark.line < 0) // a node built in memory: no place to point at
        return d;
    std::string_view line = yaml_line(text, mark.line);
    d.source_line = std::string(line);
    std::uint32_t column = 1;
    for (int i = 0; i < mark.column && i < static_cast<int>(line.size()); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
            ++column;
    d.where = {static_cast<std::uint32_t>(mark.line + 1), column};
    return d;
}

// yaml-cpp throws when asked the type or place of a node that a lookup did
// not find; these answer for such a node instead: not a map, no place.
inline bool yaml_is_map(const YAML::Node& n) {
    return n.IsDefined() && n.IsMap();
}
inline bool yaml_is_sequence(const YAML::Node& n) {
    return n.IsDefined() && n.IsSequence();
}
inline bool yaml_is_scalar(const YAML::Node& n) {
    return n.IsDefined() && n.IsScalar();
}
inline bool yaml_is_absent(const YAML::Node& n) {
    return !n.IsDefined() || n.IsNull();
}
inline YAML::Mark yaml_mark(const YAML::Node& n) {
    return n.IsDefined() ? n.Mark() : YAML::Mark::null_mark();
}

// The node's text when it is a scalar, else nullptr.
inline const std::string* yaml_scalar(const YAML::Node& node) {
    return yaml_is_scalar(node) ? &node.Scalar() : nullptr;
}

} // namespace carl
