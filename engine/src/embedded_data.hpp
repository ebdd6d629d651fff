// The data files compiled into the library (engine/data), written into a
// generated source by cmake/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace carl {

struct embedded_file {
    std::string_view name; // relative to engine/data: "mappings/sysmon.yaml"
    std::string_view text;
};

const std::vector<embedded_file>& embedded_files();

} // namespace carl
