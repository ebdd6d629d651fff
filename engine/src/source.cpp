// Maps offsets of a code block to lines and columns of the user's file, and
// makes diagnostics there (declared in carl/source.hpp).
#include "carl/source.hpp"

#include <algorithm>

namespace carl {

namespace {

// Offsets at which each line of `text` starts; the first is 0.
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n')
            starts.push_back(i + 1);
    }
    return starts;
}

// UTF-8 code points in `text`: every byte that does not continue a sequence.
std::uint32_t count_chars(std::string_view text) {
    return static_cast<std::uint32_t>(
        std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
        }));
}

// The index of the line holding `offset`, given the lines' start offsets.
std::size_t line_index(const std::vector<std::size_t>& starts,
                       std::size_t offset) {
    const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return static_cast<std::size_t>(it - starts.begin()) - 1;
}

} // namespace

source source::from_file_text(std::string path, std::string text) {
    std::vector<line_origin> origins;
    const auto starts = line_starts(text);
    for (std::size_t i = 0; i < starts.size(); ++i)
        origins.push_back({static_cast<std::uint32_t>(i + 1), 0});
    auto shared = std::make_shared<const std::string>(text);
    return from_block(std::move(path), std::move(shared), std::move(text),
                      std::move(origins));
}

source source::from_block(std::string path,
                          std::shared_ptr<const std::string> file_text,
                          std::string code, std::vector<line_origin> origins) {
    source s;
    s.m_path = std::move(path);
    s.m_file_text = file_text ? std::move(file_text)
                              : std::make_shared<const std::string>();
    s.m_code = std::move(code);
    s.m_origins = std::move(origins);
    s.m_code_line_starts = line_starts(s.m_code);
    s.m_file_line_starts = line_starts(*s.m_file_text);
    return s;
}

position source::locate(std::size_t offset) const {
    offset = std::min(offset, m_code.size());
    const auto index = line_index(m_code_line_starts, offset);
    const auto in_line = offset - m_code_line_starts[index];

    // Where the code line starts in the file. A line without an origin (the
    // caller gave too few) is taken to follow the last one given.
    line_origin origin;
    if (index < m_origins.size()) {
        origin = m_origins[index];
    } else if (!m_origins.empty()) {
        origin.file_line =
            m_origins.back().file_line +
            static_cast<std::uint32_t>(index + 1 - m_origins.size());
        origin.byte_offset = 0;
    } else {
        origin.file_line = static_cast<std::uint32_t>(index + 1);
    }

    // Count characters in the file's line; past its end (if the code and
    // the file disagree), count the code's bytes as characters.
    const auto line = file_line(origin.file_line);
    const std::size_t bytes = origin.byte_offset + in_line;
    std::uint32_t column = count_chars(line.substr(0, bytes)) + 1;
    if (bytes > line.size())
        column += static_cast<std::uint32_t>(bytes - line.size());
    return {origin.file_line, column};
}

std::string_view source::file_line(std::uint32_t line) const {
    if (line == 0 || line > m_file_line_starts.size())
        return {};
    const std::string_view text = *m_file_text;
    const auto begin = m_file_line_starts[line - 1];
    auto end = line < m_file_line_starts.size() ? m_file_line_starts[line] - 1
                                                : text.size();
    if (end > begin && text[end - 1] == '\r')
        --end;
    return text.substr(begin, end - begin);
}

diagnostic source::make(severity level, std::size_t offset, std::size_t length,
                        std::string message) const {
    diagnostic d;
    d.level = level;
    d.file = m_path;
    d.where = locate(offset);
    d.message = std::move(message);
    d.source_line = std::string(file_line(d.where.line));

    // Underline within the line the span starts on.
    offset = std::min(offset, m_code.size());
    std::string_view rest = std::string_view(m_code).substr(offset, length);
    rest = rest.substr(0, rest.find_first_of("\r\n"));
    d.length = std::max<std::uint32_t>(1, count_chars(rest));
    return d;
}

} // namespace carl
