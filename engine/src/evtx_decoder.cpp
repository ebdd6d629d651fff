// libevtx behind evtx_decoder.hpp. The file is opened from memory through
// a libbfio memory range, so an EVTX file inside a zip or gzip is read
// without unpacking it to disk. libevtx skips a chunk whose signature is
// bad without saying so; scan_chunks() finds those to report them.
#include "evtx_decoder.hpp"

#include <libbfio.h>
#include <libevtx.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace carl::detail {
namespace {

constexpr std::size_t first_chunk = 4096; // after the file header
constexpr std::size_t chunk_size = 65536;
constexpr std::size_t chunk_header = 512;

// libevtx's message for `error`, which it frees: its last line, the one
// nearest the cause.
std::string message(libevtx_error_t*& error) {
    if (!error)
        return "libevtx failed";
    char text[1024] = {};
    libevtx_error_sprint(error, text, sizeof text);
    libevtx_error_free(&error);
    std::string_view all(text);
    while (!all.empty() && (all.back() == '\n' || all.back() == '.'))
        all.remove_suffix(1);
    std::size_t newline = all.rfind('\n');
    if (newline != std::string_view::npos)
        all.remove_prefix(newline + 1);
    return std::string(all);
}

// Event record signatures ("**\0\0") in a chunk, counted at 8-byte
// alignment, where records start.
std::size_t count_records(const char* chunk, std::size_t size) {
    std::size_t count = 0;
    for (std::size_t at = chunk_header; at + 4 <= size; at += 8)
        count += std::memcmp(chunk + at, "**\0\0", 4) == 0;
    return count;
}

std::uint32_t read_u32(const std::string& bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | std::uint8_t(bytes[at + std::size_t(i)]);
    return v;
}

std::uint16_t read_u16(const std::string& bytes, std::size_t at) {
    return std::uint16_t(std::uint8_t(bytes[at]) | std::uint8_t(bytes[at + 1])
                                                       << 8);
}

} // namespace

bool is_evtx(std::string_view head) {
    return head.size() >= 8 && std::memcmp(head.data(), "ElfFile\0", 8) == 0;
}

struct evtx_decoder::handles {
    libbfio_handle_t* io = nullptr;
    libevtx_file_t* file = nullptr;
    bool opened = false;

    ~handles() {
        libevtx_error_t* error = nullptr;
        if (opened)
            libevtx_file_close(file, &error);
        if (file)
            libevtx_file_free(&file, &error);
        libbfio_error_t* io_error = nullptr;
        if (io)
            libbfio_handle_free(&io, &io_error);
        if (error)
            libevtx_error_free(&error);
        if (io_error)
            libbfio_error_free(&io_error);
    }
};

evtx_decoder::evtx_decoder() = default;
evtx_decoder::~evtx_decoder() = default;

bool evtx_decoder::open(std::string bytes, std::string& error) {
    // libbfio 20170123 copies whole blocks (the 4 KiB header, a 64 KiB
    // chunk) without clamping them to the memory range: zeros after the
    // file keep those reads inside the buffer.
    m_bytes = std::move(bytes);
    m_size = m_bytes.size();
    m_bytes.resize(m_size + first_chunk + chunk_size, '\0');
    m_handles = std::make_unique<handles>();
    handles& h = *m_handles;
    libevtx_error_t* failure = nullptr;
    libbfio_error_t* io_failure = nullptr;

    if (libbfio_memory_range_initialize(&h.io, &io_failure) != 1 ||
        libbfio_memory_range_set(
            h.io, reinterpret_cast<std::uint8_t*>(m_bytes.data()),
            m_size, &io_failure) != 1) {
        libbfio_error_free(&io_failure);
        error = "cannot read the file from memory";
        return false;
    }
    if (libevtx_file_initialize(&h.file, &failure) != 1 ||
        libevtx_file_open_file_io_handle(h.file, h.io, LIBEVTX_OPEN_READ,
                                         &failure) != 1) {
        error = "not a readable EVTX file: " + message(failure);
        return false;
    }
    h.opened = true;
    if (libevtx_file_get_number_of_records(h.file, &m_records, &failure) != 1) {
        error = message(failure);
        return false;
    }
    scan_chunks();
    return true;
}

// Every chunk slot after the file header: a used chunk must carry its
// signature and, when it records one, a matching header checksum.
void evtx_decoder::scan_chunks() {
    if (m_size < 128)
        return;
    std::size_t first = read_u16(m_bytes, 40); // the header block's size
    if (first < 128 || first > chunk_size)
        first = first_chunk;

    std::size_t number = 0;
    for (std::size_t at = first; at < m_size;
         at += chunk_size, ++number) {
        const std::size_t size = std::min(chunk_size, m_size - at);
        const char* chunk = m_bytes.data() + at;
        std::string what;
        if (std::memcmp(chunk, "ElfChnk\0", std::min<std::size_t>(size, 8))) {
            // Free space holds no record signatures; a chunk with a
            // damaged header still does.
            const std::size_t records = count_records(chunk, size);
            if (records > 0)
                what = "bad signature, skipped with the " +
                       std::to_string(records) + " records it seems to hold";
        } else if (size < chunk_size) {
            what = "cut short at " + std::to_string(size) +
                   " bytes; the records after the cut are lost";
        } else {
            const std::uint32_t stored = read_u32(m_bytes, at + 124);
            const auto* bytes = reinterpret_cast<const Bytef*>(chunk);
            uLong crc = crc32(0L, bytes, 120);
            crc = crc32(crc, bytes + 128, uInt(chunk_header - 128));
            if (stored != 0 && stored != crc)
                what = "header checksum mismatch; its records were read";
        }
        if (what.empty())
            continue;
        m_chunk_problems.push_back(
            {at, "damaged chunk " + std::to_string(number) + ": " + what});
        ++m_damaged;
    }
}

bool evtx_decoder::read_record(int index, std::string_view& json,
                               std::size_t& readable, std::uint64_t& record,
                               std::uint64_t& offset, std::string& problem) {
    libevtx_error_t* failure = nullptr;
    libevtx_record_t* handle = nullptr;
    record = 0;
    offset = 0;
    if (libevtx_file_get_record_by_index(m_handles->file, index, &handle,
                                         &failure) != 1) {
        problem = "record " + std::to_string(index + 1) +
                  " of the file: " + message(failure);
        return false;
    }

    // Id, offset and XML; any failure makes the record damaged. libevtx
    // renders the XML to measure it and again to copy it, so the buffer
    // is tried first: most records fit, and then they render once.
    off64_t at = 0;
    bool ok = libevtx_record_get_identifier(handle, &record, &failure) == 1 &&
              libevtx_record_get_offset(handle, &at, &failure) == 1;
    offset = std::uint64_t(at);
    std::size_t size = 0;
    if (ok) {
        m_xml.resize(std::max<std::size_t>(m_xml.size(), 1 << 16));
        auto* buffer = reinterpret_cast<std::uint8_t*>(m_xml.data());
        if (libevtx_record_get_utf8_xml_string(handle, buffer, m_xml.size(),
                                               &failure) == 1) {
            size = std::strlen(m_xml.data()) + 1;
        } else {
            libevtx_error_free(&failure);
            ok = libevtx_record_get_utf8_xml_string_size(handle, &size,
                                                         &failure) == 1;
            m_xml.resize(std::max(size, m_xml.size()));
            buffer = reinterpret_cast<std::uint8_t*>(m_xml.data());
            ok = ok && libevtx_record_get_utf8_xml_string(handle, buffer, size,
                                                          &failure) == 1;
        }
    }
    if (!ok)
        problem = message(failure);
    libevtx_record_free(&handle, &failure);
    if (failure)
        libevtx_error_free(&failure);
    if (!ok)
        return false;

    // The XML ends with a NUL; the JSON keeps slack for the decoder.
    std::string_view xml(m_xml.data(), size ? size - 1 : 0);
    while (!xml.empty() && xml.back() == '\0')
        xml.remove_suffix(1);
    m_json.clear();
    if (!m_renderer.render(xml, m_json, problem))
        return false;
    if (const std::uint64_t id = m_renderer.record_id())
        record = id;
    const std::size_t length = m_json.size();
    m_json.append(64, ' ');
    json = std::string_view(m_json.data(), length);
    readable = m_json.size();
    return true;
}

evtx_decoder::step evtx_decoder::next(std::string_view& json,
                                      std::size_t& readable,
                                      std::uint64_t& record,
                                      std::uint64_t& offset,
                                      std::string& problem) {
    if (m_next_problem < m_chunk_problems.size()) {
        const chunk_problem& p = m_chunk_problems[m_next_problem++];
        record = 0;
        offset = p.offset;
        problem = p.message;
        return step::problem;
    }
    if (!m_handles || m_next >= m_records)
        return step::end;
    if (read_record(m_next++, json, readable, record, offset, problem))
        return step::event;
    ++m_damaged;
    return step::problem;
}

} // namespace carl::detail
