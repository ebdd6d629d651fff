// The JSON decoder: every accepted shape, values as text, malformed input
// with its byte offset, and parsing in place or from a copy alike.
#include "carl/json_decoder.hpp"
#include "carl/mapping.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace carl;

namespace {

raw_schema test_schema() {
    raw_schema schema;
    for (const char* name :
         {"Image", "CommandLine", "Computer", "ProcessId", "Flag", "Hashes",
          "Escaped\"Key", "winlog.computer_name", "process.executable", "a.b.c",
          "CurrentDirectory", "ParentProcessId", "ParentCommandLine",
          "AVendorsFieldWhoseNameIsLongerThan32Bytes"})
        schema.intern(name);
    return schema;
}

// The decoded event as one line: "id|provider|channel|Name=value|...",
// with absent fields left out; or "error: message" on failure.
std::string summary(const raw_schema& schema, const raw_event& e) {
    std::string out = std::string(e.event_id) + "|" + std::string(e.provider) +
                      "|" + std::string(e.channel);
    for (std::size_t i = 0; i < e.fields.size(); ++i)
        if (e.fields[i].present)
            out += "|" + schema.name(std::uint32_t(i)) + "=" +
                   std::string(e.fields[i].text);
    return out;
}

// Decodes from a copy with no slack (so the decoder copies) and from one
// with plenty (so it parses in place); both must agree.
std::string decode(json_decoder& decoder, const raw_schema& schema,
                   const std::string& json) {
    std::string results[2];
    for (int in_place = 0; in_place < 2; ++in_place) {
        std::string buffer = json;
        std::size_t readable = json.size();
        if (in_place) {
            buffer.append(64, ' ');
            readable = buffer.size();
        }
        raw_event event;
        std::string error;
        bool ok = decoder.decode(std::string_view(buffer.data(), json.size()),
                                 readable, event, error);
        results[in_place] = ok ? summary(schema, event) : "error: " + error;
    }
    CHECK(results[0] == results[1]);
    return results[0];
}

} // namespace

TEST_CASE("decode: shapes and values, one row per case") {
    raw_schema schema = test_schema();
    json_decoder decoder(schema);
    struct row {
        const char* json;
        const char* expected;
    } rows[] = {
        // Flat, with each spelling of the event id and provider.
        {R"({"EventID":1,"Image":"C:\\a.exe","Computer":"h"})",
         "1|||Image=C:\\a.exe|Computer=h"},
        {R"({"EventId":"1"})", "1||"},
        {R"({"EventCode":"0001"})", "0001||"},
        {R"({"EventID":1,"Provider":"P"})", "1|P|"},
        {R"({"EventID":1,"ProviderName":"P"})", "1|P|"},
        {R"({"EventID":1,"SourceName":"P","Channel":"C"})", "1|P|C"},
        {R"({"EventID":1,"Provider_Name":"P"})", "1|P|"},
        // Values: strings unescaped, numbers and booleans as their text.
        {R"({"ProcessId":1234,"Flag":true})", "|||ProcessId=1234|Flag=true"},
        {R"({"ProcessId":-1.5e3 ,"Flag":false})",
         "|||ProcessId=-1.5e3|Flag=false"},
        {R"({"CommandLine":"a \"b\" \\c \u0041\t"})",
         "|||CommandLine=a \"b\" \\c A\t"},
        {R"({"Image":null,"Computer":""})", "|||Computer="},
        // A repeated key: the last value that is one counts.
        {R"({"Image":"a","Image":null,"Computer":"h","Computer":[1]})",
         "|||Image=a|Computer=h"},
        {R"({"Image":"a","Image":"b"})", "|||Image=b"},
        {R"({"Image":{"x":1},"CommandLine":[1,2],"Computer":"h"})",
         "|||Computer=h"},
        {R"({"Escaped\"Key":"v","Esc\u0061ped":"w"})", "|||Escaped\"Key=v"},
        {R"({"Unused":{"deep":[{"a":1}]},"Image":"i"})", "|||Image=i"},
        // Keys of 15, 16, 17 and more bytes; escapes past the 16th byte.
        {R"({"CurrentDirectory":"d","ParentProcessId":7,)"
         R"("ParentCommandLine":"p"})",
         "|||CurrentDirectory=d|ParentProcessId=7|ParentCommandLine=p"},
        {R"({"ParentCommandLin\u0065":"p","ParentCommandLine\"":"q"})",
         "|||ParentCommandLine=p"},
        {R"({"AVendorsFieldWhoseNameIsLongerThan32Bytes":"v",)"
         R"("AVendorsFieldWhoseNameIsLongerThan32Bytes2":"w"})",
         "|||AVendorsFieldWhoseNameIsLongerThan32Bytes=v"},
        {R"({})", "||"},
        {" \n{ \"Image\" : \"i\" } \n", "|||Image=i"},
        // Nested Event.System and Event.EventData.
        {R"({"Event":{"System":{"EventID":1,"Provider":{"Name":"P"},)"
         R"("Channel":"C","Computer":"h"},"EventData":{"Image":"i"}}})",
         "1|P|C|Image=i|Computer=h"},
        {R"({"Event":{"System":{"EventID":{"#text":"10","@Qualifiers":""},)"
         R"("Provider":{"@Name":"P","@Guid":"{x}"}}}})",
         "10|P|"},
        {R"({"Event":{"System":{"Provider":{"#attributes":{"Name":"P",)"
         R"("Guid":"g"}},"EventID":7}}})",
         "7|P|"},
        {R"({"Event":{"EventData":{"Data":[{"@Name":"Image","#text":"i"},)"
         R"({"#text":"c","@Name":"CommandLine"},{"@Name":"Other",)"
         R"("#text":"o"},{"@Name":"Flag"},"junk"]}}})",
         "|||Image=i|CommandLine=c"},
        {R"({"EventData":{"Data":{"@Name":"Image","#text":"i"}}})",
         "|||Image=i"},
        {R"({"System":{"EventID":5},"EventData":{"Image":"i"}})",
         "5|||Image=i"},
        // Names keep their meaning only in their own place.
        {R"({"Event":{"EventData":{"EventID":99,"Image":"i"}}})", "|||Image=i"},
        {R"({"Data":[{"@Name":"Image","#text":"i"}]})", "||"},
        {R"({"Event":"flat","EventID":3})", "3||"},
        // Winlogbeat/ECS: winlog's event id, provider, channel and
        // event_data; other objects' members by dotted name.
        {R"({"winlog":{"event_id":1,"provider_name":"P","channel":"C",)"
         R"("computer_name":"h","event_data":{"Image":"i"}}})",
         "1|P|C|Image=i|winlog.computer_name=h"},
        {R"({"winlog":{"event_id":"4688","user_data":{"Image":"i"}},)"
         R"("process":{"executable":"e","name":"n"}})",
         "4688|||Image=i|process.executable=e"},
        {R"({"a":{"b":{"c":"deep","x":1},"c":"no"},"b":{"c":"no"}})",
         "|||a.b.c=deep"},
        {R"({"process":"flat","executable":"no","Image":"i"})", "|||Image=i"},
        {R"({"process":{"Image":"no"},"event_id":2,"channel":"no"})", "||"},
    };
    for (const row& r : rows) {
        CAPTURE(r.json);
        CHECK(decode(decoder, schema, r.json) == r.expected);
    }
}

TEST_CASE("decode: malformed input fails with a byte offset") {
    raw_schema schema = test_schema();
    json_decoder decoder(schema);
    struct row {
        const char* json;
        const char* expected;
    } rows[] = {
        {"[1,2]", "error: expected a JSON object at byte 0"},
        {"42", "error: expected a JSON object at byte 0"},
        {"\"s\"", "error: expected a JSON object at byte 0"},
        {"", "error: expected a JSON object, found nothing at byte 0"},
        {"   ", "error: expected a JSON object, found nothing at byte 3"},
        {R"({"Image":"a" "CommandLine":"b"})",
         "error: expected ',', ':' or a closing bracket at byte 13"},
        {R"({"Image":"a",})",
         "error: expected ',', ':' or a closing bracket at byte 13"},
        {R"({"Image" "a"})",
         "error: expected ',', ':' or a closing bracket at byte 9"},
        {R"({"Image":"a")",
         "error: unexpected end of input, expected '}' at byte 12"},
        {R"({"Image":"a"])", "error: expected '}', found ']' at byte 12"},
        {R"({"Image":"a)", "error: unterminated string at byte 11"},
        {R"({"Image":"a"} x)",
         "error: unexpected content after the JSON object at byte 14"},
        {R"({"Image":"a"}})",
         "error: unexpected content after the JSON object at byte 13"},
        {R"({"Image":"a"}{"Image":"b"})",
         "error: unexpected content after the JSON object at byte 13"},
        {R"({"Flag":tru})", "error: expected a value at byte 8"},
        {R"({"Image":"\q"})", "error: invalid escape in string at byte 13"},
        {R"({"Image":"a\u00"})", "error: invalid escape in string at byte 16"},
        // Values no mapping reads are skipped, not checked: on-demand.
        {R"({"Other":"\q","Unread":tru,"Image":"ok"})", "|||Image=ok"},
    };
    for (const row& r : rows) {
        CAPTURE(r.json);
        CHECK(decode(decoder, schema, r.json) == r.expected);
    }
}

TEST_CASE("decode reuses the event and forgets the last one") {
    raw_schema schema = test_schema();
    json_decoder decoder(schema);
    raw_event event;
    std::string error;
    std::string first = R"({"EventID":1,"Image":"a","Provider":"P"})";
    REQUIRE(decoder.decode(first, first.size(), event, error));
    std::string second = R"({"CommandLine":"b"})";
    REQUIRE(decoder.decode(second, second.size(), event, error));
    CHECK(summary(schema, event) == "|||CommandLine=b");
    std::string bad = "{";
    CHECK(!decoder.decode(bad, bad.size(), event, error));
    CHECK(!error.empty());
    REQUIRE(decoder.decode(first, first.size(), event, error));
    CHECK(summary(schema, event) == "1|P||Image=a");
}

TEST_CASE("decode with the bound Sysmon schema, end to end") {
    const mapping_set& set = mapping_set::builtin();
    json_decoder decoder(set.schema());
    std::string line =
        R"({"EventID":1,"SourceName":"Microsoft-Windows-Sysmon",)"
        R"("Hostname":"WORKSTATION5","Image":"C:\\Tools\\procdump64.exe",)"
        R"("CommandLine":"procdump64.exe -ma lsass.exe","ProcessId":"7012",)"
        R"("Message":"long text nobody maps"})";
    raw_event event;
    std::string error;
    REQUIRE(decoder.decode(line, line.size(), event, error));
    const mapping_rule* rule = set.route(event);
    REQUIRE(rule);
    const object_info& object = set.model().object_of(rule->type);
    std::vector<value> record(object.fields.size());
    mapping_set::apply(*rule, event, record.data());
    auto field = [&](const char* name) {
        const value& v = record[*set.model().find_field(object, name)];
        return v.present ? std::string(v.text) : std::string("(absent)");
    };
    CHECK(field("exe") == "procdump64.exe");
    CHECK(field("command_line") == "procdump64.exe -ma lsass.exe");
    CHECK(field("hostname") == "WORKSTATION5");
    CHECK(field("pid") == "7012");
    CHECK(field("parent_exe") == "(absent)");
}
