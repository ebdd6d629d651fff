// The chunk reader of parallel_lines.hpp: a regular file is read at fixed
// offsets by each worker; a stream is read in order, cut after the last line
// break, the partial line carried into the next chunk.
#include "parallel_lines.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace carl::cli {
namespace {

constexpr std::size_t chunk_size = 1 << 21;
constexpr std::size_t slack = 64; // simdjson's padding

// Reads `size` bytes of `fd` from `offset` into `out.text`, zeros after
// them for the decoder's padding. Reading into the chunk's own buffer,
// reused from chunk to chunk, costs a copy but no page tables: mapping the
// chunks measured slower whenever the page cache held the file in small
// pages (docs/performance.md). False with `error` set.
bool read_at(int fd, std::uint64_t offset, std::size_t size, chunk_text& out,
             std::string& error) {
    std::vector<char>& text = out.text;
    if (text.size() < size + slack)
        text.resize(size + slack);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = pread(fd, text.data() + done, size - done,
                                  off_t(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            error = got < 0 ? std::strerror(errno)
                            : "the file shrank while it was read";
            return false;
        }
        done += std::size_t(got);
    }
    std::memset(text.data() + size, 0, slack);
    out.base = text.data();
    out.readable = size + slack;
    return true;
}

} // namespace

chunk_reader::chunk_reader(const std::string& path) : m_path(path) {
    m_owned = path != "-";
    m_file = m_owned ? std::fopen(path.c_str(), "rb") : stdin;
    if (!m_file)
        m_error = std::strerror(errno);
    struct stat info;
    if (m_file && m_owned && fstat(fileno(m_file), &info) == 0 &&
        S_ISREG(info.st_mode)) {
        m_seekable = true;
        m_size = std::uint64_t(info.st_size);
    }
}

chunk_reader::~chunk_reader() {
    if (m_owned && m_file)
        std::fclose(m_file);
}

std::uint64_t chunk_reader::chunk_count() const {
    return (m_size + chunk_size - 1) / chunk_size;
}

// The chunk's share is [index * chunk_size, + chunk_size): its lines are
// those that start there, so it reads one byte before (to see whether a
// line starts at its first byte) and past its end until that line's break.
bool chunk_reader::read_chunk(std::uint64_t index, chunk_text& out,
                              std::string& error) const {
    const std::uint64_t start = index * chunk_size;
    const std::uint64_t from = start ? start - 1 : 0;
    const std::uint64_t share_end =
        std::min<std::uint64_t>(start + chunk_size, m_size);
    out.begin = out.end = 0;
    out.newlines = 0;
    out.skipped = false;

    // Read the share, then more until a break ends its last line.
    const int fd = fileno(m_file);
    std::uint64_t extra = 1 << 16; // most lines end well within it
    std::size_t size = 0;
    for (;;) {
        const std::uint64_t read_end = std::min(share_end + extra, m_size);
        size = std::size_t(read_end - from);
        if (!read_at(fd, from, size, out, error))
            return false;
        const std::size_t tail = std::size_t(share_end - from) - 1;
        if (read_end == m_size ||
            std::memchr(out.base + tail, '\n', size - tail))
            break;
        extra *= 4;
    }

    // The lines that start in the share: from after the first break unless
    // the byte before the share is one.
    const char* base = out.base;
    const std::size_t share = std::size_t(share_end - start);
    std::size_t begin = std::size_t(start - from);
    if (start && base[begin - 1] != '\n') {
        const void* at = std::memchr(base + begin, '\n', share);
        begin = at ? std::size_t(static_cast<const char*>(at) - base) + 1
                   : begin + share;
        out.skipped = true;
    }
    const std::size_t last = std::size_t(start - from) + share;
    std::size_t end = last;
    if (begin < last && base[last - 1] != '\n') {
        const void* at = std::memchr(base + last, '\n', size - last);
        end = at ? std::size_t(static_cast<const char*>(at) - base) + 1 : size;
    }
    out.begin = std::min(begin, end);
    out.end = end;
    out.lines.scan(base, std::size_t(start - from), std::max(end, last),
                   m_line_keys);
    const std::vector<std::uint32_t>& breaks = out.lines.breaks();
    out.newlines = std::size_t(
        std::lower_bound(breaks.begin(), breaks.end(), std::uint32_t(last)) -
        breaks.begin());
    return true;
}

bool chunk_reader::next(chunk_text& out) {
    if (!m_file)
        return false;
    std::vector<char>& text = out.text;
    text.resize(std::max(text.size(), m_carry.size() + chunk_size + slack));
    std::copy(m_carry.begin(), m_carry.end(), text.begin());
    std::size_t size = m_carry.size();
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
    out.base = text.data();
    out.readable = text.size();
    out.begin = 0;
    out.end = size;
    out.skipped = false;
    return size > 0;
}

} // namespace carl::cli
