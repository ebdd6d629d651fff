// Byte streams that the event reader (reader.cpp) reads inputs through: a
// file or stdin, a buffer, a gzip stream inflated on the fly, a zip member.
// Content, not the file name, decides which one wraps which.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace carl::detail {

class byte_source {
public:
    virtual ~byte_source() = default;

    // Reads up to `size` bytes into `to`; returns how many, 0 at the end or
    // on an error (then error() is not empty).
    virtual std::size_t read(char* to, std::size_t size) = 0;

    const std::string& error() const { return m_error; }

protected:
    std::string m_error;
};

// A file ("-" is stdin). On failure to open, error() says why.
std::unique_ptr<byte_source> open_file(const std::string& path);

// A view of bytes owned elsewhere (`data` must outlive the source).
std::unique_ptr<byte_source> open_memory(std::string_view data);

// Bytes already read from `below` (to detect its content) served first,
// then the rest of `below`.
std::unique_ptr<byte_source> prepend(std::string head,
                                     std::unique_ptr<byte_source> below);

// The inflated content of a gzip (or zlib) stream, several concatenated
// gzip members included. Damage ends the stream with an error.
std::unique_ptr<byte_source> open_gzip(std::unique_ptr<byte_source> below);

// Reads up to `size` bytes, looping over short reads.
std::size_t read_fully(byte_source& from, char* to, std::size_t size);

// Reads everything left, up to `limit` bytes; false (with `error`) when the
// source fails or holds more.
bool read_all(byte_source& from, std::string& out, std::size_t limit,
              std::string& error);

} // namespace carl::detail
