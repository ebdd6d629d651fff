// EVTX (Windows XML Event Log) files through libevtx, for the event reader
// (reader.cpp): every record as JSON (evtx_json.hpp), with its record id;
// damaged chunks and records are reported and skipped, the rest still read.
#pragma once

#include "evtx_json.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace carl::detail {

// True when `head` starts with the EVTX file signature "ElfFile\0".
bool is_evtx(std::string_view head);

class evtx_decoder {
public:
    evtx_decoder();
    ~evtx_decoder();
    evtx_decoder(const evtx_decoder&) = delete;
    evtx_decoder& operator=(const evtx_decoder&) = delete;

    // Opens the EVTX file held in `bytes`, which the decoder keeps. False,
    // with `error` set, when libevtx cannot open it at all.
    bool open(std::string bytes, std::string& error);

    enum class step { event, problem, end };

    // The next record as JSON, with how many bytes may be read from its
    // start and its EventRecordID. Or a problem: a damaged chunk (`offset`
    // is its byte offset in the file) or a record that could not be read
    // (`record` its id when known, else 0; `offset` its offset). Never throws.
    step next(std::string_view& json, std::size_t& readable,
              std::uint64_t& record, std::uint64_t& offset,
              std::string& problem);

    // Records read so far and records or chunks found damaged.
    std::uint64_t damaged() const { return m_damaged; }

private:
    struct handles;

    void scan_chunks();
    bool read_record(int index, std::string_view& json, std::size_t& readable,
                     std::uint64_t& record, std::uint64_t& offset,
                     std::string& problem);

    std::unique_ptr<handles> m_handles;
    std::string m_bytes;    // the file, then zeros: see open()
    std::size_t m_size = 0; // the file's own size
    evtx_json m_renderer;
    std::string m_json;
    std::string m_xml;
    struct chunk_problem {
        std::uint64_t offset;
        std::string message;
    };
    std::vector<chunk_problem> m_chunk_problems;
    std::size_t m_next_problem = 0;
    int m_records = 0;
    int m_next = 0;
    std::uint64_t m_damaged = 0;
};

} // namespace carl::detail
