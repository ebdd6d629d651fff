// The chunk reader of parallel_lines.hpp: large sequential reads, cut after
// the last line break, the partial line carried into the next chunk.
#include "parallel_lines.hpp"
#include "line_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace carl::cli {
namespace {

constexpr std::size_t chunk_size = 1 << 19;
constexpr std::size_t slack = 64; // simdjson's padding

} // namespace

chunk_reader::chunk_reader(const std::string& path) {
    m_file = open_input(path, m_owned, m_error);
}

chunk_reader::~chunk_reader() {
    if (m_owned && m_file)
        std::fclose(m_file);
}

bool chunk_reader::next(std::vector<char>& text, std::size_t& size,
                        std::uint64_t& lines) {
    if (!m_file)
        return false;
    text.resize(std::max(text.size(), m_carry.size() + chunk_size + slack));
    std::copy(m_carry.begin(), m_carry.end(), text.begin());
    size = m_carry.size();
    m_carry.clear();

    // Read until the chunk holds a line break, growing it for a long line.
    const char* cut = nullptr;
    while (!m_eof) {
        const std::size_t room = text.size() - slack - size;
        const std::size_t got = std::fread(text.data() + size, 1, room, m_file);
        if (got < room) {
            m_eof = true;
            if (std::ferror(m_file))
                m_error = std::strerror(errno);
        }
        size += got;
        cut = static_cast<const char*>(memrchr(text.data(), '\n', size));
        if (cut || m_eof)
            break;
        text.resize(text.size() * 2);
    }

    // Keep whole lines; the rest waits for the next chunk.
    if (cut && !m_eof) {
        const std::size_t keep = std::size_t(cut - text.data()) + 1;
        m_carry.assign(text.begin() + keep, text.begin() + size);
        size = keep;
    }
    std::memset(text.data() + size, 0, slack);

    lines = 0;
    for (const char* p = text.data(), *end = p + size; p < end; ++lines) {
        p = static_cast<const char*>(std::memchr(p, '\n', end - p));
        p = p ? p + 1 : end;
    }
    return size > 0;
}

} // namespace carl::cli
