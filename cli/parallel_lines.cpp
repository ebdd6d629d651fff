// The chunk reader of parallel_lines.hpp: a regular file is mapped at fixed
// offsets by each worker; a stream is read in order, cut after the last line
// break, the partial line carried into the next chunk.
#include "parallel_lines.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace carl::cli {
namespace {

constexpr std::size_t chunk_size = 1 << 21;
constexpr std::size_t slack = 64; // simdjson's padding

// The file being mapped, for the SIGBUS handler; one at a time.
std::atomic<const char*> g_mapped_path{nullptr};

void write_all(const char* text) {
    std::size_t size = 0;
    while (text[size])
        ++size;
    while (size > 0) {
        const ssize_t done = write(STDERR_FILENO, text, size);
        if (done <= 0)
            return;
        text += done;
        size -= std::size_t(done);
    }
}

// Only async-signal-safe calls: write and _exit.
void on_bus_error(int) {
    const char* path = g_mapped_path.load();
    write_all("carl: ");
    write_all(path ? path : "an input");
    write_all(": the file shrank while it was read\n");
    _exit(2);
}

std::size_t page_size() {
    static const std::size_t size = std::size_t(sysconf(_SC_PAGESIZE));
    return size;
}

std::uint64_t round_up(std::uint64_t n, std::uint64_t to) {
    return (n + to - 1) / to * to;
}

} // namespace

void chunk_reader::guard_against_truncation() {
    struct sigaction action {};
    action.sa_handler = on_bus_error;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, nullptr);
}

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
    const char* mine = m_path.c_str();
    g_mapped_path.compare_exchange_strong(mine, nullptr);
    if (m_owned && m_file)
        std::fclose(m_file);
}

std::uint64_t chunk_reader::chunk_count() const {
    return (m_size + chunk_size - 1) / chunk_size;
}

bool file_map::map(int fd, std::uint64_t offset, std::size_t size) {
    reset();
    // Pages are mapped as they are first read, sixteen at a fault: setting
    // them all up at once (MAP_POPULATE) measured slower, on two threads
    // most (docs/performance.md).
    void* data =
        mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, off_t(offset));
    if (data == MAP_FAILED)
        return false;
    m_data = data;
    m_size = size;
    m_readable = std::size_t(round_up(size, page_size()));
    return true;
}

void file_map::reset() {
    if (m_data)
        munmap(m_data, m_size);
    m_data = nullptr;
    m_size = m_readable = 0;
}

// The chunk's share is [index * chunk_size, + chunk_size): its lines are
// those that start there, so it maps one byte before (to see whether a line
// starts at its first byte) and past its end until that line's break.
bool chunk_reader::read_chunk(std::uint64_t index, chunk_text& out,
                              std::string& error) const {
    const std::uint64_t start = index * chunk_size;
    const std::uint64_t from = start ? start - 1 : 0;
    const std::uint64_t share_end =
        std::min<std::uint64_t>(start + chunk_size, m_size);
    const std::uint64_t first_page = from / page_size() * page_size();
    out.begin = out.end = 0;
    out.newlines = 0;
    out.skipped = false;

    // Map the share, then more until a break ends its last line.
    g_mapped_path.store(m_path.c_str());
    const int fd = fileno(m_file);
    std::uint64_t extra = 1 << 16; // most lines end well within it
    std::size_t size = 0;
    for (;;) {
        const std::uint64_t map_end = std::min(share_end + extra, m_size);
        if (!out.map.map(fd, first_page, std::size_t(map_end - first_page))) {
            error = std::strerror(errno);
            return false;
        }
        out.base = out.map.data() + (from - first_page);
        out.readable = out.map.readable() - std::size_t(from - first_page);
        size = std::size_t(map_end - from);
        const std::size_t tail = std::size_t(share_end - from) - 1;
        if (map_end == m_size ||
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
