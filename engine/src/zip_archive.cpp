// libzip behind zip_archive.hpp.
#include "zip_archive.hpp"

#include <zip.h>

#include <cstring>

namespace carl::detail {
namespace {

// libzip's messages start with a capital ("Zlib error: ..."); carl's don't.
std::string lower_first(const char* text) {
    std::string out = text ? text : "libzip failed";
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
        out[0] = char(out[0] - 'A' + 'a');
    return out;
}

class member_source final : public byte_source {
public:
    explicit member_source(zip_file_t* file) : m_file(file) {}
    ~member_source() override { zip_fclose(m_file); }

    std::size_t read(char* to, std::size_t size) override {
        const zip_int64_t got = zip_fread(m_file, to, size);
        if (got < 0) {
            m_error =
                "damaged zip member: " +
                lower_first(zip_error_strerror(zip_file_get_error(m_file)));
            return 0;
        }
        return std::size_t(got);
    }

private:
    zip_file_t* m_file;
};

} // namespace

bool is_zip(std::string_view head) {
    return head.size() >= 4 && (std::memcmp(head.data(), "PK\3\4", 4) == 0 ||
                                std::memcmp(head.data(), "PK\5\6", 4) == 0);
}

struct zip_archive::handle {
    zip_t* archive = nullptr;
    ~handle() {
        if (archive)
            zip_discard(archive);
    }
};

zip_archive::zip_archive() = default;
zip_archive::~zip_archive() = default;

bool zip_archive::open(const std::string& path, std::string bytes,
                       std::string& error) {
    m_handle = std::make_unique<handle>();
    m_bytes = std::move(bytes);
    zip_error_t failure;
    zip_error_init(&failure);

    if (path.empty()) {
        zip_source_t* source = zip_source_buffer_create(
            m_bytes.data(), m_bytes.size(), 0, &failure);
        if (source) {
            m_handle->archive =
                zip_open_from_source(source, ZIP_RDONLY, &failure);
            if (!m_handle->archive)
                zip_source_free(source);
        }
    } else {
        int code = 0;
        m_handle->archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
        if (!m_handle->archive)
            zip_error_init_with_code(&failure, code);
    }
    if (!m_handle->archive) {
        error = "not a readable zip archive: " +
                lower_first(zip_error_strerror(&failure));
        zip_error_fini(&failure);
        return false;
    }
    zip_error_fini(&failure);
    const zip_int64_t count = zip_get_num_entries(m_handle->archive, 0);
    m_members = count > 0 ? std::uint64_t(count) : 0;
    return true;
}

std::string zip_archive::name(std::uint64_t index) const {
    const char* text = zip_get_name(m_handle->archive, index, 0);
    return text ? text : "";
}

std::unique_ptr<byte_source> zip_archive::open_member(std::uint64_t index,
                                                      std::string& error) {
    zip_file_t* file = zip_fopen_index(m_handle->archive, index, 0);
    if (!file) {
        error =
            lower_first(zip_error_strerror(zip_get_error(m_handle->archive)));
        return nullptr;
    }
    return std::make_unique<member_source>(file);
}

} // namespace carl::detail
