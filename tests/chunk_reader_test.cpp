// The chunk reader of `carl hunt` (cli/parallel_lines.*): a regular file's
// chunks hold whole lines, padded for the decoder, and a file that shrinks
// while it is read is an error, not a crash or a silent end.
#include "cli/parallel_lines.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

// A scratch file of `lines` lines "{"n":I}", removed when it goes. Each
// test names its own: CTest runs them at once.
struct scratch_file {
    fs::path path;

    scratch_file(const std::string& name, int lines) {
        path = fs::temp_directory_path() /
               ("carl_chunk_reader_" + name + ".jsonl");
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < lines; ++i)
            out << "{\"n\":" << i << "}\n";
    }
    ~scratch_file() { fs::remove(path); }
};

} // namespace

TEST_CASE("a file's chunk holds its whole lines, zero-padded after them") {
    scratch_file file("whole", 1000);
    carl::cli::chunk_reader reader(file.path.string());
    REQUIRE(reader.seekable());
    REQUIRE(reader.chunk_count() == 1);

    carl::cli::chunk_text chunk;
    std::string error;
    REQUIRE(reader.read_chunk(0, chunk, error));
    const std::string text(chunk.base + chunk.begin, chunk.end - chunk.begin);
    CHECK(text.rfind("{\"n\":0}\n", 0) == 0);
    CHECK(text.size() == fs::file_size(file.path));
    CHECK(chunk.newlines == 1000);
    CHECK(chunk.readable >= chunk.end + 64);
    for (std::size_t i = chunk.end; i < chunk.end + 64; ++i)
        CHECK(chunk.base[i] == '\0');
}

TEST_CASE("a file that shrinks while it is read is an error") {
    scratch_file file("shrinks", 1000);
    carl::cli::chunk_reader reader(file.path.string());
    fs::resize_file(file.path, 100);

    carl::cli::chunk_text chunk;
    std::string error;
    CHECK_FALSE(reader.read_chunk(0, chunk, error));
    CHECK(error == "the file shrank while it was read");
}
