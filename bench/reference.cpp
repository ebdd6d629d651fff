// The yardstick of bench/run: CAR-2019-07-002 written by hand for one log
// shape (flat Sysmon JSON lines) with simdjson on-demand, reading the three
// fields it needs. `--skip` first drops lines without "lsass" (any case) and
// without a \u escape, as a hand-tuned filter would. Prints the match count.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

namespace od = simdjson::ondemand;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

bool contains_folded(std::string_view text, std::string_view needle) {
    if (text.size() < needle.size())
        return false;
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        std::size_t j = 0;
        while (j < needle.size() && lower(text[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return true;
    }
    return false;
}

// basename(Image) = "procdump*.exe", ignoring case.
bool is_procdump(std::string_view image) {
    const std::size_t slash = image.find_last_of("\\/");
    if (slash != std::string_view::npos)
        image.remove_prefix(slash + 1);
    if (image.size() < 12)
        return false;
    std::string_view head = image.substr(0, 8);
    std::string_view tail = image.substr(image.size() - 4);
    return contains_folded(head, "procdump") && contains_folded(tail, ".exe");
}

// memchr for either case of 'l', then the rest: cheap enough as a filter.
bool may_match(std::string_view line) {
    for (const char* p = line.data(), *end = p + line.size(); p < end; ++p) {
        p = static_cast<const char*>(std::memchr(p, 'l', end - p)) ?: end;
        if (p + 5 <= end && contains_folded({p, 5}, "lsass"))
            return true;
    }
    const char* p = line.data();
    const char* end = p + line.size();
    while ((p = static_cast<const char*>(std::memchr(p, 'L', end - p)))) {
        if (p + 5 <= end && contains_folded({p, 5}, "lsass"))
            return true;
        ++p;
    }
    return line.find("\\u") != std::string_view::npos;
}

bool matches(od::parser& parser, const char* data, std::size_t size,
             std::size_t capacity) {
    od::document doc;
    if (parser.iterate(data, size, capacity).get(doc))
        return false;
    od::object object;
    if (doc.get_object().get(object))
        return false;
    bool create = false;
    bool procdump = false;
    bool lsass = false;
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            return false;
        std::string_view text;
        if (key == "EventID") {
            std::int64_t id = 0;
            create = !field.value().get_int64().get(id) && id == 1;
        } else if (key == "Image") {
            procdump = !field.value().get_string().get(text) &&
                       is_procdump(text);
        } else if (key == "CommandLine") {
            lsass = !field.value().get_string().get(text) &&
                    contains_folded(text, "lsass");
        }
    }
    return create && procdump && lsass;
}

} // namespace

int main(int argc, char** argv) {
    const bool skip = argc > 2 && std::strcmp(argv[1], "--skip") == 0;
    std::FILE* file = std::fopen(argv[argc - 1], "rb");
    if (argc < 2 || !file) {
        std::fprintf(stderr, "usage: reference [--skip] FILE\n");
        return 2;
    }
    od::parser parser;
    std::vector<char> buffer((1 << 20) + simdjson::SIMDJSON_PADDING);
    std::size_t kept = 0;
    unsigned long long count = 0;
    for (;;) {
        const std::size_t room = buffer.size() - simdjson::SIMDJSON_PADDING;
        if (kept == room)
            buffer.resize(buffer.size() * 2);
        const std::size_t got = std::fread(buffer.data() + kept, 1,
                                           buffer.size() - kept -
                                               simdjson::SIMDJSON_PADDING,
                                           file);
        const std::size_t end = kept + got;
        const char* p = buffer.data();
        const char* stop = p + end;
        for (;;) {
            const char* nl =
                static_cast<const char*>(std::memchr(p, '\n', stop - p));
            if (!nl && got)
                break;
            const char* line_end = nl ? nl : stop;
            const std::string_view line(p, line_end - p);
            if (!line.empty() && (!skip || may_match(line)))
                count += matches(parser, p, line.size(),
                                 buffer.size() - (p - buffer.data()));
            if (!nl) {
                p = stop;
                break;
            }
            p = nl + 1;
        }
        kept = stop - p;
        std::memmove(buffer.data(), p, kept);
        if (!got)
            break;
    }
    std::printf("%llu\n", count);
    return 0;
}
