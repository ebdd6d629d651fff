// Zip archives through libzip, read in place: the event reader (reader.cpp)
// walks the members and reads each one as a byte_source, inflated on the
// fly, never unpacked to disk.
#pragma once

#include "byte_source.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace carl::detail {

// True when `head` starts with a zip local file header ("PK\3\4") or the
// end record of an empty archive ("PK\5\6").
bool is_zip(std::string_view head);

class zip_archive {
public:
    zip_archive();
    ~zip_archive();
    zip_archive(const zip_archive&) = delete;
    zip_archive& operator=(const zip_archive&) = delete;

    // Opens the zip file at `path`, or the archive held in `bytes` when
    // `path` is empty (the archive keeps `bytes`). False, with `error`
    // set, when libzip cannot read its central directory.
    bool open(const std::string& path, std::string bytes, std::string& error);

    std::uint64_t members() const { return m_members; }

    // The name of member `index`; empty when it cannot be read.
    std::string name(std::uint64_t index) const;

    // Member `index` as a stream, or null with `error` set (an encrypted
    // member, an unknown compression method). The stream reports damage
    // (a CRC mismatch, a truncated member) through its error(); it must not
    // outlive the archive.
    std::unique_ptr<byte_source> open_member(std::uint64_t index,
                                             std::string& error);

private:
    struct handle;
    std::unique_ptr<handle> m_handle;
    std::string m_bytes;
    std::uint64_t m_members = 0;
};

} // namespace carl::detail
