// The event reader of carl/reader.hpp: detects each input's format from its
// first bytes and stacks the readers it needs (gzip over a file, a zip
// member's JSON lines, an EVTX file inside a zip, ...).
#include "carl/reader.hpp"

#include "byte_source.hpp"
#include "evtx_decoder.hpp"
#include "json_framer.hpp"
#include "zip_archive.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace carl {

using detail::byte_source;

struct event_reader::source {
    virtual ~source() = default;

    // Fills `event` or `problem` (all but the file name) and says which.
    virtual step next(input_event& event, input_problem& problem,
                      reader_totals& totals) = 0;
};

namespace {

using step = event_reader::step;

// How many bytes detection looks at: enough to skip leading blank lines.
constexpr std::size_t head_size = 4096;
// Containers inside containers are followed this deep, no deeper.
constexpr int max_depth = 4;
// An EVTX file or a zip from a stream is held in memory, up to this size.
constexpr std::size_t max_in_memory = std::size_t(4) << 30;

enum class content { json, evtx, gzip, zip, unknown };

content detect(std::string_view head) {
    if (detail::is_evtx(head))
        return content::evtx;
    if (head.size() >= 2 && std::uint8_t(head[0]) == 0x1F &&
        std::uint8_t(head[1]) == 0x8B)
        return content::gzip;
    if (detail::is_zip(head))
        return content::zip;
    if (head.size() >= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", 3) == 0)
        head.remove_prefix(3);
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || head[first] == '{' ||
        head[first] == '[')
        return content::json;
    return content::unknown;
}

class json_source final : public event_reader::source {
public:
    json_source(std::unique_ptr<byte_source> in, std::string member)
        : m_framer(std::move(in)), m_member(std::move(member)) {}

    step next(input_event& event, input_problem& problem,
              reader_totals& totals) override {
        std::uint64_t line = 0;
        const auto s =
            m_framer.next(event.json, event.readable, line, problem.message);
        if (s == detail::json_framer::step::end)
            return step::end;
        if (s == detail::json_framer::step::problem) {
            problem.where.member = m_member;
            problem.where.line = line;
            ++totals.damaged;
            return step::problem;
        }
        event.format = input_format::json;
        event.where.member = m_member;
        event.where.line = line;
        return step::event;
    }

private:
    detail::json_framer m_framer;
    std::string m_member;
};

class evtx_source final : public event_reader::source {
public:
    explicit evtx_source(std::string member) : m_member(std::move(member)) {}

    bool open(std::string bytes, std::string& error) {
        return m_decoder.open(std::move(bytes), error);
    }

    step next(input_event& event, input_problem& problem,
              reader_totals& totals) override {
        std::uint64_t record = 0, offset = 0;
        const auto s = m_decoder.next(event.json, event.readable, record,
                                      offset, problem.message);
        if (s == detail::evtx_decoder::step::end)
            return step::end;
        event_location& where = s == detail::evtx_decoder::step::event
                                    ? event.where
                                    : problem.where;
        where.member = m_member;
        where.record = record;
        where.offset = offset;
        if (s == detail::evtx_decoder::step::problem) {
            ++totals.damaged;
            return step::problem;
        }
        event.format = input_format::evtx;
        where.offset = 0;
        return step::event;
    }

private:
    detail::evtx_decoder m_decoder;
    std::string m_member;
};

std::unique_ptr<event_reader::source>
open_stream(std::unique_ptr<byte_source> in, const std::string& path,
            const std::string& member, int depth, reader_totals& totals,
            bool& unknown, std::string& error);

// The members of a zip archive, one after another; members that hold no
// events are skipped and counted.
class zip_source final : public event_reader::source {
public:
    explicit zip_source(int depth) : m_depth(depth) {}

    bool open(const std::string& path, std::string bytes, std::string& error) {
        return m_archive.open(path, std::move(bytes), error);
    }

    step next(input_event& event, input_problem& problem,
              reader_totals& totals) override {
        for (;;) {
            if (m_member) {
                const step s = m_member->next(event, problem, totals);
                if (s != step::end)
                    return s;
                m_member.reset();
            }
            if (m_index >= m_archive.members())
                return step::end;
            if (open_member(m_index++, problem, totals))
                return step::problem;
        }
    }

private:
    // Opens member `index` as m_member; true when that is a problem.
    bool open_member(std::uint64_t index, input_problem& problem,
                     reader_totals& totals) {
        m_name = m_archive.name(index);
        if (m_name.empty() || m_name.back() == '/')
            return false;
        std::string error;
        bool unknown = false;
        auto stream = m_archive.open_member(index, error);
        if (stream)
            m_member = open_stream(std::move(stream), "", m_name, m_depth + 1,
                                   totals, unknown, error);
        if (m_member)
            return false;
        if (unknown) {
            ++totals.skipped;
            return false;
        }
        problem.where.member = m_name;
        problem.message = error;
        ++totals.damaged;
        return true;
    }

    detail::zip_archive m_archive;
    std::unique_ptr<event_reader::source> m_member;
    std::string m_name;
    std::uint64_t m_index = 0;
    int m_depth;
};

// Opens `in` as whatever its first bytes say it is. `path` is set when `in`
// is that file on disk, so a zip is read in place rather than into memory.
// Null on failure, with `error` set; `unknown` when `in` is no event file.
std::unique_ptr<event_reader::source>
open_stream(std::unique_ptr<byte_source> in, const std::string& path,
            const std::string& member, int depth, reader_totals& totals,
            bool& unknown, std::string& error) {
    std::string head(head_size, '\0');
    head.resize(detail::read_fully(*in, head.data(), head.size()));
    if (head.empty() && !in->error().empty()) {
        error = in->error();
        return nullptr;
    }
    const content kind = detect(head);
    if (depth > max_depth && kind != content::json) {
        error = "containers nested too deeply";
        return nullptr;
    }
    auto rest = detail::prepend(std::move(head), std::move(in));

    switch (kind) {
    case content::gzip:
        return open_stream(detail::open_gzip(std::move(rest)), "", member,
                           depth + 1, totals, unknown, error);
    case content::zip: {
        auto zip = std::make_unique<zip_source>(depth);
        std::string bytes;
        if (path.empty() &&
            !detail::read_all(*rest, bytes, max_in_memory, error))
            return nullptr;
        if (!zip->open(path, std::move(bytes), error))
            return nullptr;
        return zip;
    }
    case content::evtx: {
        auto evtx = std::make_unique<evtx_source>(member);
        std::string bytes;
        if (!detail::read_all(*rest, bytes, max_in_memory, error) ||
            !evtx->open(std::move(bytes), error))
            return nullptr;
        ++totals.files;
        return evtx;
    }
    case content::json:
        ++totals.files;
        return std::make_unique<json_source>(std::move(rest), member);
    case content::unknown:
        break;
    }
    unknown = true;
    error = "not an event file: neither JSON, EVTX, gzip nor zip";
    return nullptr;
}

} // namespace

event_reader::event_reader(std::vector<std::string> inputs)
    : m_inputs(inputs.rbegin(), inputs.rend()),
      m_from_directory(inputs.size(), false) {}

event_reader::~event_reader() = default;

// Every regular file below `directory`, in name order, to be read next.
void event_reader::expand(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code error;
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(directory, error), end;
         !error && it != end; it.increment(error))
        if (it->is_regular_file(error))
            files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    m_inputs.insert(m_inputs.end(), files.rbegin(), files.rend());
    m_from_directory.insert(m_from_directory.end(), files.size(), true);
}

// Opens the next input as m_source; false when that is a problem.
bool event_reader::open_next() {
    m_file = std::move(m_inputs.back());
    const bool from_directory = m_from_directory.back();
    m_inputs.pop_back();
    m_from_directory.pop_back();

    std::error_code ignored;
    if (m_file != "-" && std::filesystem::is_directory(m_file, ignored)) {
        expand(m_file);
        return true;
    }
    std::string error;
    bool unknown = false;
    auto file = detail::open_file(m_file);
    if (file->error().empty())
        m_source = open_stream(std::move(file), m_file == "-" ? "" : m_file, "",
                               0, m_totals, unknown, error);
    else
        error = file->error();
    if (m_source)
        return true;
    if (unknown && from_directory) {
        ++m_totals.skipped;
        return true;
    }
    m_problem = {};
    m_problem.where.file = m_file;
    m_problem.message = error;
    m_problem.input_failed = true;
    return false;
}

event_reader::step event_reader::next() {
    for (;;) {
        if (m_source) {
            m_event.where = {};
            m_problem = {};
            const step s = m_source->next(m_event, m_problem, m_totals);
            m_event.where.file = m_file;
            m_problem.where.file = m_file;
            if (s != step::end)
                return s;
            m_source.reset();
        }
        if (m_inputs.empty())
            return step::end;
        if (!open_next())
            return step::problem;
    }
}

} // namespace carl
