// Files, buffers and gzip streams for byte_source.hpp.
#include "byte_source.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace carl::detail {
namespace {

class file_source final : public byte_source {
public:
    explicit file_source(const std::string& path) {
        if (path == "-") {
            m_file = stdin;
            return;
        }
        m_file = std::fopen(path.c_str(), "rb");
        m_owned = true;
        if (!m_file)
            m_error = std::strerror(errno);
    }
    ~file_source() override {
        if (m_owned && m_file)
            std::fclose(m_file);
    }

    std::size_t read(char* to, std::size_t size) override {
        if (!m_file)
            return 0;
        std::size_t got = std::fread(to, 1, size, m_file);
        if (got == 0 && std::ferror(m_file))
            m_error = std::strerror(errno);
        return got;
    }

private:
    std::FILE* m_file = nullptr;
    bool m_owned = false;
};

class memory_source final : public byte_source {
public:
    explicit memory_source(std::string_view data) : m_rest(data) {}

    std::size_t read(char* to, std::size_t size) override {
        size = std::min(size, m_rest.size());
        std::memcpy(to, m_rest.data(), size);
        m_rest.remove_prefix(size);
        return size;
    }

private:
    std::string_view m_rest;
};

class prepended_source final : public byte_source {
public:
    prepended_source(std::string head, std::unique_ptr<byte_source> below)
        : m_head(std::move(head)), m_below(std::move(below)) {}

    std::size_t read(char* to, std::size_t size) override {
        if (m_used < m_head.size()) {
            size = std::min(size, m_head.size() - m_used);
            std::memcpy(to, m_head.data() + m_used, size);
            m_used += size;
            return size;
        }
        std::size_t got = m_below->read(to, size);
        if (got == 0)
            m_error = m_below->error();
        return got;
    }

private:
    std::string m_head;
    std::size_t m_used = 0;
    std::unique_ptr<byte_source> m_below;
};

class gzip_source final : public byte_source {
public:
    explicit gzip_source(std::unique_ptr<byte_source> below)
        : m_below(std::move(below)), m_input(1 << 16) {
        // 15 + 32: a window of 32 KiB, gzip or zlib header detected.
        if (inflateInit2(&m_stream, 15 + 32) != Z_OK)
            m_error = "cannot start zlib";
        else
            m_started = true;
    }
    ~gzip_source() override {
        if (m_started)
            inflateEnd(&m_stream);
    }

    std::size_t read(char* to, std::size_t size) override;

private:
    bool refill();

    std::unique_ptr<byte_source> m_below;
    std::vector<unsigned char> m_input;
    z_stream m_stream{};
    bool m_started = false;
    bool m_done = false;
    int m_members = 0;
    bool m_between = true; // between gzip members: the end is fine here
};

bool gzip_source::refill() {
    std::size_t got =
        m_below->read(reinterpret_cast<char*>(m_input.data()), m_input.size());
    if (got == 0) {
        m_error = m_below->error();
        return false;
    }
    m_stream.next_in = m_input.data();
    m_stream.avail_in = static_cast<uInt>(got);
    return true;
}

std::size_t gzip_source::read(char* to, std::size_t size) {
    if (!m_started || m_done)
        return 0;
    m_stream.next_out = reinterpret_cast<unsigned char*>(to);
    m_stream.avail_out =
        static_cast<uInt>(std::min<std::size_t>(size, 1 << 30));
    const uInt wanted = m_stream.avail_out;
    while (m_stream.avail_out == wanted) {
        if (m_stream.avail_in == 0 && !refill()) {
            // The end of the input inside a member is damage.
            if (m_error.empty() && !m_between)
                m_error = "unexpected end of the gzip stream";
            m_done = true;
            break;
        }
        const bool fresh = m_between;
        m_between = false;
        int status = inflate(&m_stream, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            // Another gzip member may follow: start it afresh.
            m_between = true;
            ++m_members;
            inflateReset(&m_stream);
            continue;
        }
        // Zeros or junk after the last member end the stream quietly.
        if (status == Z_DATA_ERROR && fresh && m_members > 0) {
            m_done = true;
            break;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            m_error = std::string("damaged gzip stream: ") +
                      (m_stream.msg ? m_stream.msg : "inflate failed");
            m_done = true;
            break;
        }
    }
    return wanted - m_stream.avail_out;
}

} // namespace

std::unique_ptr<byte_source> open_file(const std::string& path) {
    return std::make_unique<file_source>(path);
}

std::unique_ptr<byte_source> open_memory(std::string_view data) {
    return std::make_unique<memory_source>(data);
}

std::unique_ptr<byte_source> prepend(std::string head,
                                     std::unique_ptr<byte_source> below) {
    return std::make_unique<prepended_source>(std::move(head),
                                              std::move(below));
}

std::unique_ptr<byte_source> open_gzip(std::unique_ptr<byte_source> below) {
    return std::make_unique<gzip_source>(std::move(below));
}

std::size_t read_fully(byte_source& from, char* to, std::size_t size) {
    std::size_t total = 0;
    while (total < size) {
        std::size_t got = from.read(to + total, size - total);
        if (got == 0)
            break;
        total += got;
    }
    return total;
}

bool read_all(byte_source& from, std::string& out, std::size_t limit,
              std::string& error) {
    out.clear();
    std::size_t block = 1 << 16;
    for (;;) {
        std::size_t used = out.size();
        out.resize(used + block);
        std::size_t got = read_fully(from, out.data() + used, block);
        out.resize(used + got);
        if (got < block)
            break;
        if (out.size() > limit) {
            error = "larger than " + std::to_string(limit >> 20) + " MiB";
            return false;
        }
        block = std::min<std::size_t>(block * 2, 1 << 24);
    }
    error = from.error();
    return error.empty();
}

} // namespace carl::detail
