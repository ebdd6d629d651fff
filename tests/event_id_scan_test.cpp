// scan_event_id (engine/src/event_id_scan.*): the event id read off raw JSON
// text, which the prefilter routes by before anything is decoded. Each row
// is a whole line and what the scan must say of it.
#include "event_id_scan.hpp"

#include <doctest/doctest.h>

namespace {

using carl::event_id_status;

struct row {
    const char* why;
    const char* json;
    event_id_status status;
    std::uint32_t id; // when found
};

} // namespace

TEST_CASE("the event id is read off the text, or said to be unclear") {
    const row rows[] = {
        {"flat", R"({"EventID":1,"Image":"x"})", event_id_status::found, 1},
        {"spaces", R"({"EventID" : 4688 , "x":1})", event_id_status::found,
         4688},
        {"last key", R"({"Image":"x","EventID":10})", event_id_status::found,
         10},
        {"a string", R"({"EventID":"7045"})", event_id_status::found, 7045},
        {"leading zeros", R"({"EventID":"0001"})", event_id_status::found, 1},
        {"EventId", R"({"EventId":3})", event_id_status::found, 3},
        {"EventCode", R"({"EventCode":4624})", event_id_status::found, 4624},
        {"Winlogbeat", R"({"winlog":{"event_id":1,"channel":"x"}})",
         event_id_status::found, 1},
        {"nested", R"({"Event":{"System":{"EventID":1},"EventData":{}}})",
         event_id_status::found, 1},
        {"none", R"({"Image":"C:\\x.exe"})", event_id_status::none, 0},
        {"another key", R"({"EventIDs":1,"MyEventID":2})",
         event_id_status::none, 0},
        {"a value, not a key", R"({"Name":"EventID","x":1})",
         event_id_status::none, 0},
        {"inside a string", R"({"CommandLine":"\"EventID\":4"})",
         event_id_status::none, 0},
        {"twice", R"({"EventID":1,"EventData":{"EventID":3}})",
         event_id_status::unclear, 0},
        {"two spellings", R"({"EventID":1,"winlog":{"event_id":1}})",
         event_id_status::unclear, 0},
        {"an object", R"({"EventID":{"#text":"7045"}})",
         event_id_status::unclear, 0},
        {"a fraction", R"({"EventID":1.5})", event_id_status::unclear, 0},
        {"negative", R"({"EventID":-1})", event_id_status::unclear, 0},
        {"padded string", R"({"EventID":" 1"})", event_id_status::unclear, 0},
        {"null", R"({"EventID":null})", event_id_status::unclear, 0},
        {"too large", R"({"EventID":4294967296})", event_id_status::unclear, 0},
        {"cut short", R"({"EventID":)", event_id_status::unclear, 0},
        {"cut after the key", R"({"EventID")", event_id_status::none, 0},
    };
    for (const row& r : rows) {
        CAPTURE(r.why);
        const carl::event_id_scan found = carl::scan_event_id(r.json);
        CHECK(found.status == r.status);
        if (r.status == event_id_status::found)
            CHECK(found.id == r.id);
    }
}
