// libFuzzer target: the prefilter must never change which events match.
// Arbitrary bytes are cut into JSON events (json_framer) and each evaluated
// twice, with the prefilter on and off, by analytics that cover its literal,
// number and routing rules; any difference aborts. So does an event id read
// off the text (raw_marks) that the decoder does not read.
#include "carl/carl.hpp"
#include "carl/json_decoder.hpp"
#include "carl/mapping.hpp"

#include "json_framer.hpp"
#include "raw_marks.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Scratch for find_marks: the lines of one scan, reused.
carl::json_lines& scratch_lines() {
    static carl::json_lines lines;
    return lines;
}

// Literals, a regex, numbers and a rule with no literal, on several
// object:actions.
const char* const analytics[] = {
    "p = search Process:Create\n"
    "o = filter p where (exe = \"procdump*.exe\" and "
    "command_line = \"*lsass*\")\noutput o\n",
    "p = search Process:Create\n"
    "o = filter p where command_line match \"sek[u]rlsa::\\w+\"\noutput o\n",
    "p = search Process:Create\n"
    "o = filter p where (pid = 5985 or ppid in [445, 3389])\noutput o\n",
    "f = search Flow:Start\no = filter f where dest_port > 5000\noutput o\n",
    "f = search File:Create\n"
    "o = filter f where file_path = \"*\\\\tasks\\\\*\"\noutput o\n",
};

carl::evaluator make(bool prefilter) {
    std::vector<carl::analytic> loaded;
    for (const char* code : analytics)
        loaded.push_back(carl::analytic_from_text(
            "a" + std::to_string(loaded.size()), code));
    carl::compile_options options;
    options.prefilter = prefilter;
    auto compiled = carl::compile(loaded, options);
    if (!compiled.ok())
        std::abort();
    return carl::evaluator(compiled.programs);
}

std::uint32_t matches(carl::evaluator& eval, std::string_view json,
                      std::size_t readable) {
    return eval.evaluate_json(json, readable, [](const carl::match&) {})
        .matches;
}

// The decoder's event id as routing reads it (mapping.cpp): decimal digits
// between blanks; -1 for anything else.
long long routed_id(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    if (first == std::string_view::npos || last - first + 1 > 10)
        return -1;
    long long n = 0;
    for (char c : text.substr(first, last - first + 1)) {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

// An id read off the text is the one routing would use, when it has one.
void check_event_id(std::string_view json, std::size_t readable) {
    static carl::json_decoder decoder(carl::mapping_set::builtin().schema());
    const carl::line_marks marks =
        carl::find_marks(json, true, scratch_lines());
    const carl::event_id_scan found = carl::read_event_id(json, marks);
    carl::raw_event event;
    std::string error;
    if (marks.unicode_escape ||
        found.status == carl::event_id_status::unclear ||
        !decoder.decode(json, readable, event, error))
        return;
    const long long routed = routed_id(event.event_id);
    const bool agree = found.status == carl::event_id_status::found
                           ? routed == -1 || routed == found.id
                           : routed == -1;
    if (!agree)
        std::abort();
}

// The marks a json_lines scan of `whole` gives each line are the line's own.
void check_line_marks(std::string_view whole) {
    carl::json_lines lines;
    lines.scan(whole.data(), 0, whole.size());
    std::size_t at = 0;
    for (std::size_t i = 0; i <= lines.breaks().size(); ++i) {
        const std::size_t end =
            i < lines.breaks().size() ? lines.breaks()[i] : whole.size();
        const std::string_view line = whole.substr(at, end - at);
        const carl::line_marks scanned = lines.marks_of(at, end);
        const carl::line_marks own =
            carl::find_marks(line, true, scratch_lines());
        bool same = scanned.unicode_escape == own.unicode_escape;
        if (same && !own.unicode_escape) {
            same =
                scanned.keys == own.keys && scanned.non_ascii == own.non_ascii;
            for (std::size_t k = 0;
                 same && k < own.keys && k < carl::line_marks::kept_keys; ++k)
                same = scanned.key_end[k] == own.key_end[k];
        }
        if (!same)
            std::abort();
        at = end + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
    static carl::evaluator with = make(true);
    static carl::evaluator without = make(false);

    std::string_view whole(reinterpret_cast<const char*>(data), size);
    check_line_marks(whole);
    carl::detail::json_framer framer(carl::detail::open_memory(whole));
    std::string_view text;
    std::size_t readable = 0;
    std::uint64_t line = 0;
    std::string error;
    for (;;) {
        const auto step = framer.next(text, readable, line, error);
        if (step == carl::detail::json_framer::step::end)
            break;
        if (step != carl::detail::json_framer::step::event)
            continue;
        if (matches(with, text, readable) != matches(without, text, readable))
            std::abort();
        check_event_id(text, readable);
    }
    return 0;
}
