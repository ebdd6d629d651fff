// Renders diagnostics as gcc does (declared in carl/diagnostic.hpp).
#include "carl/diagnostic.hpp"

#include <algorithm>

namespace carl {

namespace {

const char* severity_name(severity level) {
    switch (level) {
    case severity::error:
        return "error";
    case severity::warning:
        return "warning";
    case severity::note:
        return "note";
    }
    return "error";
}

// `text` right-aligned in `width` columns.
std::string right_aligned(const std::string& text, std::size_t width) {
    return std::string(width > text.size() ? width - text.size() : 0, ' ') +
           text;
}

// The quoted line, then the caret under it. The padding copies the line's
// tabs so that the caret lines up whatever the terminal's tab width.
void render_excerpt(const diagnostic& d, std::string& out) {
    const std::string number = std::to_string(d.where.line);
    const std::size_t gutter = std::max<std::size_t>(4, number.size()) + 1;
    out += right_aligned(number, gutter) + " | " + d.source_line + "\n";
    out += std::string(gutter, ' ') + " | ";

    std::uint32_t column = 1;
    for (std::size_t i = 0; i < d.source_line.size() && column < d.where.column;
         ++i) {
        const char c = d.source_line[i];
        if ((static_cast<unsigned char>(c) & 0xc0) == 0x80)
            continue;
        out += c == '\t' ? '\t' : ' ';
        ++column;
    }
    for (; column < d.where.column; ++column)
        out += ' ';
    out += '^';
    out += std::string(std::max<std::uint32_t>(d.length, 1) - 1, '~');
    out += '\n';
}

} // namespace

std::string render(const diagnostic& d) {
    // A diagnostic without a position (line 0) names only its file.
    std::string out;
    if (!d.file.empty())
        out += d.file + ":";
    if (d.where.line > 0) {
        out += std::to_string(d.where.line) + ":" +
               std::to_string(std::max<std::uint32_t>(d.where.column, 1)) + ":";
    }
    if (!out.empty())
        out += ' ';
    out += severity_name(d.level);
    out += ": " + d.message + "\n";
    if (d.where.line > 0)
        render_excerpt(d, out);
    for (const auto& note : d.notes)
        out += render(note);
    return out;
}

bool has_errors(const std::vector<diagnostic>& ds) {
    return std::any_of(ds.begin(), ds.end(), [](const diagnostic& d) {
        return d.level == severity::error;
    });
}

} // namespace carl
