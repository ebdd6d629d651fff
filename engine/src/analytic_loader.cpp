// Reading analytics from files for analytic.hpp: CAR YAML documents and bare
// `.car` pseudocode, with every block's lines traced back into its file.
#include "carl/analytic.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace carl {
namespace {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return !in.bad();
}

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
    return text;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// A diagnostic at a 0-based line and byte column of a whole file.
diagnostic file_error(const std::string& path, const std::string& text,
                      int line, int column, std::string message) {
    source whole = source::from_file_text(path, text);
    std::size_t offset = 0;
    for (int i = 0; i < line && offset < text.size(); ++i) {
        std::size_t next = text.find('\n', offset);
        offset = next == std::string::npos ? text.size() : next + 1;
    }
    offset = std::min(offset + std::max(column, 0), text.size());
    return whole.make(severity::error, offset, 1, std::move(message));
}

// Where each line of a `code:` scalar starts in the file. A block scalar
// (`|`, `|-`) starts on the line after its indicator, indented alike; any
// other scalar is traced to where it starts.
std::vector<line_origin> trace_block(const std::string& file_text,
                                     const YAML::Mark& mark,
                                     const std::string& code) {
    const std::vector<std::string> file_lines = split_lines(file_text);
    const std::vector<std::string> code_lines = split_lines(code);
    const auto first = static_cast<std::size_t>(mark.line);
    const std::string& indicator_line = file_lines.at(first);
    const char indicator = indicator_line[mark.column];
    std::vector<line_origin> origins;

    if (indicator != '|' && indicator != '>') {
        const auto column = static_cast<std::uint32_t>(mark.column + 1);
        for (std::size_t i = 0; i < code_lines.size(); ++i)
            origins.push_back({static_cast<std::uint32_t>(first + 1 + i),
                               i == 0 ? column : 0});
        return origins;
    }

    std::uint32_t indent = 0;
    for (std::size_t i = first + 1; i < file_lines.size(); ++i) {
        const std::string& l = file_lines[i];
        const std::size_t text_at = l.find_first_not_of(' ');
        if (text_at != std::string::npos) {
            indent = static_cast<std::uint32_t>(text_at);
            break;
        }
    }
    for (std::size_t i = 0; i < code_lines.size(); ++i)
        origins.push_back({static_cast<std::uint32_t>(first + 2 + i), indent});
    return origins;
}

void read_coverage(const YAML::Node& coverage, analytic_info& info) {
    if (!coverage.IsSequence())
        return;
    for (const YAML::Node& entry : coverage) {
        if (entry["technique"])
            info.techniques.push_back(entry["technique"].as<std::string>());
        for (const YAML::Node& sub : entry["subtechniques"])
            info.techniques.push_back(sub.as<std::string>());
        for (const YAML::Node& tactic : entry["tactics"])
            info.tactics.push_back(tactic.as<std::string>());
    }
}

// CAR-2019-04-003 types one block "psuedocode"; it is read as pseudocode.
bool is_pseudocode(const std::string& type) {
    const std::string t = lower(type);
    return t == "pseudocode" || t == "psuedocode";
}

void load_yaml(const std::string& path, const std::string& text,
               load_result& result) {
    YAML::Node doc;
    try {
        doc = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        result.diagnostics.push_back(
            file_error(path, text, e.mark.line, e.mark.column, e.msg));
        return;
    }

    try {
        analytic a;
        a.info.file = path;
        a.info.id = doc["id"] ? doc["id"].as<std::string>()
                              : fs::path(path).stem().string();
        if (doc["title"])
            a.info.title = doc["title"].as<std::string>();
        read_coverage(doc["coverage"], a.info);

        auto shared_text = std::make_shared<const std::string>(text);
        for (const YAML::Node& impl : doc["implementations"]) {
            const YAML::Node type = impl["type"];
            const YAML::Node code = impl["code"];
            if (!type || !code || !is_pseudocode(type.as<std::string>()))
                continue;
            if (lower(type.as<std::string>()) != "pseudocode") {
                diagnostic d = file_error(
                    path, text, type.Mark().line, type.Mark().column,
                    "implementation type '" + type.as<std::string>() +
                        "' read as 'pseudocode'");
                d.level = severity::warning;
                result.diagnostics.push_back(std::move(d));
            }
            const std::string body = code.as<std::string>();
            pseudocode_block block{
                impl["name"] ? impl["name"].as<std::string>() : "",
                source::from_block(path, shared_text, body,
                                   trace_block(text, code.Mark(), body))};
            a.blocks.push_back(std::move(block));
        }
        result.analytics.push_back(std::move(a));
    } catch (const YAML::Exception& e) {
        result.diagnostics.push_back(file_error(
            path, text, e.mark.line, e.mark.column,
            "not a CAR analytic: " + e.msg));
    }
}

void load_file(const std::string& path, load_result& result) {
    std::string text;
    if (!read_file(path, text)) {
        diagnostic d;
        d.file = path;
        d.message = "cannot read the file";
        result.diagnostics.push_back(std::move(d));
        return;
    }
    if (fs::path(path).extension() == ".car") {
        result.analytics.push_back(analytic_from_text(
            fs::path(path).stem().string(), std::move(text), path));
        return;
    }
    load_yaml(path, text, result);
}

bool is_analytic_file(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml" || ext == ".car";
}

} // namespace

load_result load_analytics(const std::string& path) {
    load_result result;
    std::error_code error;
    if (!fs::is_directory(path, error)) {
        load_file(path, result);
        return result;
    }

    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path, error))
        if (entry.is_regular_file() && is_analytic_file(entry.path()))
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& file : files)
        load_file(file, result);
    return result;
}

analytic analytic_from_text(std::string id, std::string pseudocode,
                            std::string path) {
    analytic a;
    a.info.id = std::move(id);
    a.info.file = path;
    a.blocks.push_back(
        {"", source::from_file_text(std::move(path), std::move(pseudocode))});
    return a;
}

} // namespace carl
