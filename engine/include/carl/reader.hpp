// Reading events from the files analysts have: JSON (lines, an array, or
// objects one after another), EVTX, and gzip or zip containers of those,
// from files, directory trees or stdin. The format is detected from the
// content, never the file name. Each event comes as JSON text for
// evaluator::evaluate_json (an EVTX record is rendered as JSON first), with
// where it was found. Used by `carl hunt`; see docs/inputs.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace carl {

enum class input_format : std::uint8_t { json, evtx };

// Where an event or a problem was found. Views are valid until the next
// call to event_reader::next().
struct event_location {
    std::string_view file;    // the path as given or found; "-" for stdin
    std::string_view member;  // the zip member's name; empty outside a zip
    std::uint64_t line = 0;   // JSON: the 1-based line the event starts on
    std::uint64_t record = 0; // EVTX: the EventRecordID; 0 when unknown
    std::uint64_t offset = 0; // EVTX problems: byte offset of the damage
};

struct input_event {
    input_format format = input_format::json;
    std::string_view json; // one JSON object
    // Bytes that may be read from json.data(): at least json.size() + 64,
    // so that the JSON decoder parses in place.
    std::size_t readable = 0;
    event_location where;
};

struct input_problem {
    event_location where;
    std::string message; // lower case, no final period
    // The whole input could not be read (missing, not an event file), as
    // opposed to one damaged or malformed part of it.
    bool input_failed = false;
};

// What the reader has seen so far.
struct reader_totals {
    std::uint64_t files = 0;   // files (and zip members) read as events
    std::uint64_t skipped = 0; // files in directories that hold no events
    std::uint64_t damaged = 0; // damaged EVTX chunks or records, cut JSON
};

class event_reader {
public:
    // Reads `inputs` in order: files, directories (every file below, in
    // name order; files that are neither JSON, EVTX, gzip nor zip are
    // skipped and counted), and "-" for stdin. Opens nothing yet.
    explicit event_reader(std::vector<std::string> inputs);
    ~event_reader();
    event_reader(const event_reader&) = delete;
    event_reader& operator=(const event_reader&) = delete;

    enum class step { event, problem, end };

    // Moves to the next event or problem. A problem never stops the reader:
    // the next call goes on with the rest of the input, or the next input.
    // Never throws on bad input. Not thread-safe.
    step next();

    // The current event (after step::event) or problem (step::problem);
    // valid until the next call to next().
    const input_event& event() const { return m_event; }
    const input_problem& problem() const { return m_problem; }

    const reader_totals& totals() const { return m_totals; }

    // Opaque: one open input (a JSON stream, an EVTX file, a zip archive).
    struct source;

private:
    bool open_next();
    void expand(const std::string& directory);

    std::vector<std::string> m_inputs; // still to open, last one first
    std::vector<bool> m_from_directory;
    std::unique_ptr<source> m_source;
    std::string m_file;
    input_event m_event;
    input_problem m_problem;
    reader_totals m_totals;
};

} // namespace carl
