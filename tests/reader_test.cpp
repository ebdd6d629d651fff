// The pieces of the event reader: JSON framing (lines, arrays, objects one
// after another, damage) and the XML-to-JSON rendering of EVTX records.
#include "evtx_json.hpp"
#include "json_framer.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace carl::detail;

namespace {

// Each event as "LINE:TEXT" and each problem as "LINE! MESSAGE", joined by
// " | ".
std::string frame(const std::string& input) {
    json_framer framer(open_memory(input));
    std::string out, problem;
    std::string_view text;
    std::size_t readable = 0;
    std::uint64_t line = 0;
    for (;;) {
        const auto step = framer.next(text, readable, line, problem);
        if (step == json_framer::step::end)
            return out;
        if (!out.empty())
            out += " | ";
        if (step == json_framer::step::problem) {
            out += std::to_string(line) + "! " + problem;
            continue;
        }
        CHECK(readable >= text.size() + 64);
        out += std::to_string(line) + ":" + std::string(text);
    }
}

std::string render(const std::string& xml) {
    evtx_json renderer;
    std::string out, error;
    if (!renderer.render(xml, out, error))
        return "error: " + error;
    return out;
}

} // namespace

TEST_CASE("framing: every layout, one row per case") {
    struct row {
        const char* input;
        const char* expected;
    } rows[] = {
        // JSON lines: blank lines skipped, numbers kept, CR dropped.
        {"{\"a\":1}\n{\"b\":2}\n", "1:{\"a\":1} | 2:{\"b\":2}"},
        {"{\"a\":1}\r\n\n  \n{\"b\":2}", "1:{\"a\":1} | 4:{\"b\":2}"},
        {"{\"a\":1}\nnot json\n", "1:{\"a\":1} | 2:not json"},
        {"\xEF\xBB\xBF{\"a\":1}\n", "1:{\"a\":1}"},
        // An array, on one line or several, commas leading or trailing.
        {"[{\"a\":1},{\"b\":2}]", "1:{\"a\":1} | 1:{\"b\":2}"},
        {"[\n{\"a\":1}\n,{\"b\":2}]\n", "2:{\"a\":1} | 3:{\"b\":2}"},
        {"[]", ""},
        // Objects one after another, pretty-printed; the line of each '{'.
        {"{\n \"a\": \"}\"\n}\n{\n \"b\": [1,\n2]\n}\n",
         "1:{\n \"a\": \"}\"\n} | 4:{\n \"b\": [1,\n2]\n}"},
        {"{\"a\":\"x\\\"}\"\n}{\"b\":1}",
         "1:{\"a\":\"x\\\"}\"\n} | 2:{\"b\":1}"},
        // Damage: junk between objects, an object cut short.
        {"{\"a\":1} {\"b\":\n2}", "1:{\"a\":1} | 1:{\"b\":\n2}"},
        {"{\n\"a\":1}\noops\n{\"b\":2", "1:{\n\"a\":1} | 3! expected a JSON "
                                        "object, found 'o' | 4! unexpected end "
                                        "of input inside this object"},
        {"", ""},
        {"  \n ", ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.input);
        CHECK(frame(r.input) == r.expected);
    }
}

TEST_CASE("framing: events larger than the read buffer") {
    const std::string big(3 << 20, 'x');
    const std::string line = "{\"a\":\"" + big + "\"}";
    CHECK(frame(line + "\n{}\n") == "1:" + line + " | 2:{}");
    CHECK(frame("[" + line + ",{}]") == "1:" + line + " | 1:{}");
}

TEST_CASE("EVTX XML to JSON, one row per case") {
    struct row {
        const char* xml;
        const char* expected;
    } rows[] = {
        {"<Event><System><EventID>1</EventID></System></Event>",
         R"({"Event":{"System":{"EventID":"1"}}})"},
        {"<Event xmlns=\"u\">\n  <System>\n    <Provider Name=\"P\" "
         "Guid=\"{G}\"/>\n    <Correlation/>\n  </System>\n</Event>",
         R"({"Event":{"#attributes":{"xmlns":"u"},"System":{"Provider":)"
         R"({"#attributes":{"Name":"P","Guid":"{G}"}},"Correlation":null}}})"},
        {"<Event><EventData><Data Name=\"Image\">C:\\a &amp; b.exe</Data>"
         "<Data Name=\"Rule\"/><Data Name=\"Cmd\">x  </Data>"
         "<Data>anon</Data></EventData></Event>",
         R"({"Event":{"EventData":{"Image":"C:\\a & b.exe","Rule":"",)"
         R"("Cmd":"x  ","Data":"anon"}}})"},
        {"<E><Q a='1 &lt; 2'>t&#x41;&#66;&quot;\n</Q></E>",
         R"({"E":{"Q":{"#attributes":{"a":"1 < 2"},"#text":"tAB\"\n"}}})"},
        {"<?xml version=\"1.0\"?><!-- c --><E><X>\x01</X></E>",
         R"({"E":{"X":"\u0001"}})"},
        {"<E><X>1</Y></E>", "error: unexpected </Y>"},
        {"<E><X>1</X>", "error: unexpected end of the record's XML"},
        {"<E/><F/>", "error: more than one root element"},
        {"<E a=1/>", "error: expected a quoted attribute value"},
        {"", "error: unexpected end of the record's XML"},
        {"<>", "error: expected an element name"},
    };
    for (const row& r : rows) {
        CAPTURE(r.xml);
        CHECK(render(r.xml) == r.expected);
    }

    std::string deep;
    for (int i = 0; i < 100; ++i)
        deep += "<a>";
    CHECK(render(deep) == "error: elements nested too deeply");
}
