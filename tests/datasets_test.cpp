// The shipped analytics over real recordings, ../shared/datasets (skipped
// when absent): exactly the true positives its README names, from EVTX and
// zipped JSON alike; EVTX and JSON copies of Sigma's regression events give
// the same fields; damaged EVTX files are read as far as they go.
#include "carl/carl.hpp"
#include "carl/json_decoder.hpp"
#include "carl/reader.hpp"

#include <doctest/doctest.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

using namespace carl;
namespace fs = std::filesystem;

// Under ASan: libevtx 20181227 leaks the partial XML tree of a record it
// cannot parse (as fuzz/lsan.supp says); the damaged files here make it.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libevtx.so\n";
}

namespace {

const fs::path datasets = fs::path(CARL_SHARED_DIR) / "datasets";

// The shipped CAR-2019-07-002, both its forms: the README's true positives
// are this analytic's.
std::shared_ptr<const program_set> shipped() {
    load_result loaded = load_analytics(std::string(CARL_SOURCE_DIR) +
                                        "/analytics/CAR-2019-07-002.yaml");
    REQUIRE(loaded.diagnostics.empty());
    compile_result compiled = compile(loaded.analytics);
    REQUIRE(compiled.ok());
    return compiled.programs;
}

// "where output" for each match: where is the path below `root`, then
// "(member)", then ":line" or "#record".
std::string place(const event_location& where, const fs::path& root) {
    std::string text =
        fs::path(where.file).lexically_relative(root).generic_string();
    if (!where.member.empty())
        text += "(" + std::string(where.member) + ")";
    if (where.line)
        return text + ":" + std::to_string(where.line);
    return text + "#" + std::to_string(where.record);
}

struct hunt_result {
    std::multiset<std::string> matches;
    std::vector<std::string> problems;
    std::uint64_t events = 0;
    reader_totals totals;
};

hunt_result hunt(const std::vector<std::string>& inputs, const fs::path& root) {
    evaluator eval(shipped());
    event_reader reader(inputs);
    hunt_result result;
    for (;;) {
        const event_reader::step s = reader.next();
        if (s == event_reader::step::end)
            break;
        if (s == event_reader::step::problem) {
            result.problems.push_back(place(reader.problem().where, root) +
                                      " " + reader.problem().message);
            continue;
        }
        ++result.events;
        const input_event& e = reader.event();
        eval.evaluate_json(e.json, e.readable, [&](const match& m) {
            result.matches.insert(place(e.where, root) + " " +
                                  std::string(m.output));
        });
    }
    result.totals = reader.totals();
    return result;
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

fs::path scratch(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / "carl_datasets_test";
    fs::create_directories(dir);
    return dir / name;
}

} // namespace

TEST_CASE("datasets: exactly the README's true positives, from every format") {
    if (!fs::is_directory(datasets))
        return;
    const std::string sysmon =
        "splunk-attack_data/Microsoft-Windows-Sysmon%4Operational.evtx";
    const std::string security = "splunk-attack_data/Security.evtx";
    const std::string otrf =
        "otrf-security-datasets/metasploit_procdump_lsass_memory_dump.zip"
        "(metasploit_procdump_lsass_memory_dump.json)";
    const std::multiset<std::string> expected = {
        // The process-create form: Sysmon 1 and Security 4688.
        sysmon + "#40892442 procdump_lsass",
        sysmon + "#40892451 procdump_lsass",
        sysmon + "#40892485 procdump_lsass",
        sysmon + "#40892494 procdump_lsass",
        security + "#2786588 procdump_lsass",
        security + "#2786592 procdump_lsass",
        security + "#2786610 procdump_lsass",
        security + "#2786614 procdump_lsass",
        otrf + ":23272 procdump_lsass",
        otrf + ":23341 procdump_lsass",
        otrf + ":1081 procdump_lsass",
        otrf + ":1087 procdump_lsass",
        // The process-access form: Sysmon 10.
        sysmon + "#40892460 procdump_lsass_access",
        sysmon + "#40892503 procdump_lsass_access",
        "evtx-attack-samples/sysmon_10_11_lsass_memdump.evtx#4434 "
        "procdump_lsass_access",
        otrf + ":23380 procdump_lsass_access",
    };
    const hunt_result r = hunt({datasets.string()}, datasets);
    CHECK(r.matches == expected);
    CHECK(r.events > 98000);
}

namespace {

// Every mapped field of every event in `file`, as "type field=value", with
// the differences two exports of one record may have smoothed out (see
// comparable()).
std::vector<std::string> mapped_fields(const fs::path& file);

// What EVTX and JSON exports of one record legitimately differ in: letter
// case (libevtx writes GUIDs in capitals), braces around GUIDs, trailing
// white space (Sigma's JSON trims it) and the zero padding of hexadecimal
// numbers (libevtx pads 0x1fffff to 0x001fffff).
std::string comparable(std::string_view text) {
    std::string out;
    for (char c : text)
        out += char(std::tolower(static_cast<unsigned char>(c)));
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > 2 && out.front() == '{' && out.back() == '}')
        out = out.substr(1, out.size() - 2);
    if (out.size() > 2 && out.compare(0, 2, "0x") == 0 &&
        out.find_first_not_of("0123456789abcdef", 2) == std::string::npos) {
        const std::size_t digits = out.find_first_not_of('0', 2);
        out = "0x" + (digits == std::string::npos ? "0" : out.substr(digits));
    }
    return out;
}

std::vector<std::string> mapped_fields(const fs::path& file) {
    const mapping_set& mappings = mapping_set::builtin();
    json_decoder decoder(mappings.schema());
    raw_event event;
    std::string error;
    std::vector<std::string> out;
    event_reader reader({file.string()});
    while (reader.next() == event_reader::step::event) {
        const input_event& e = reader.event();
        REQUIRE(decoder.decode(e.json, e.readable, event, error));
        const mapping_rule* rule = mappings.route(event);
        if (!rule) {
            out.push_back("(not mapped) " + std::string(event.event_id));
            continue;
        }
        const data_model& model = mappings.model();
        const object_info& object = model.object_of(rule->type);
        std::vector<value> record(object.fields.size());
        mapping_set::apply(*rule, event, record.data());
        for (std::size_t i = 0; i < record.size(); ++i)
            if (record[i].present)
                out.push_back(std::string(model.type_name(rule->type)) + " " +
                              object.fields[i] + "=" +
                              comparable(record[i].text));
    }
    return out;
}

} // namespace

TEST_CASE("datasets: EVTX and JSON copies of Sigma's events map alike") {
    const fs::path sigma = datasets / "sigma-regression-data";
    if (!fs::is_directory(sigma))
        return;
    std::size_t pairs = 0;
    for (const auto& entry : fs::recursive_directory_iterator(sigma)) {
        if (entry.path().extension() != ".evtx")
            continue;
        fs::path json = entry.path();
        json.replace_extension(".json");
        if (!fs::exists(json))
            continue;
        CAPTURE(entry.path().string());
        ++pairs;
        const std::vector<std::string> from_evtx = mapped_fields(entry.path());
        CHECK(!from_evtx.empty());
        CHECK(from_evtx == mapped_fields(json));
    }
    CHECK(pairs == 17);
}

TEST_CASE("datasets: damaged EVTX is read as far as it goes") {
    const fs::path samples = datasets / "omerbenamram-evtx";
    if (!fs::is_directory(samples))
        return;

    // One file has two chunks whose header was wiped: both are reported,
    // with their offsets, and the other chunks' 267 records are read.
    hunt_result r = hunt(
        {(samples / "sample_with_a_bad_chunk_magic.evtx").string()}, samples);
    CHECK(r.events == 267);
    CHECK(r.totals.damaged == 2);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].find("damaged chunk 6: bad signature") !=
          std::string::npos);
    CHECK(r.problems[1].find("damaged chunk 10: bad signature") !=
          std::string::npos);

    // Zeroed checksums are no damage.
    r = hunt({(samples / "Application_no_crc32.evtx").string()}, samples);
    CHECK(r.events == 17);
    CHECK(r.problems.empty());
}

TEST_CASE("datasets: an EVTX file damaged here, cut short or zipped") {
    const fs::path original = datasets / "splunk-attack_data" /
                              "Microsoft-Windows-Sysmon%4Operational.evtx";
    if (!fs::exists(original))
        return;
    const std::string bytes = read_bytes(original);
    const std::size_t chunk = 65536, first = 4096;

    // A chunk signature overwritten, another chunk's header checksum and
    // records scribbled over: the rest of the file is still read.
    std::string damaged = bytes;
    damaged.replace(first + 2 * chunk, 8, "XXXXXXXX");
    damaged[first + 3 * chunk + 200] ^= 0x5A;
    for (std::size_t at = first + 4 * chunk + 600; at < first + 5 * chunk;
         at += 97)
        damaged[at] = char(0xFF);
    write_bytes(scratch("damaged.evtx"), damaged);
    hunt_result r = hunt({scratch("damaged.evtx").string()}, scratch(""));
    CHECK(r.events > 300);
    CHECK(r.events < 429);
    CHECK(r.totals.damaged >= 2);

    // Cut in the middle of a chunk: what came before is read.
    write_bytes(scratch("cut.evtx"), bytes.substr(0, first + 5 * chunk + 999));
    r = hunt({scratch("cut.evtx").string()}, scratch(""));
    CHECK(r.events > 100);
    CHECK(r.totals.damaged >= 1);

    // Inside a gzip and a zip: the same matches as the file itself.
    gzFile gz = gzopen(scratch("sysmon.evtx.gz").c_str(), "wb");
    REQUIRE(gz);
    gzwrite(gz, bytes.data(), unsigned(bytes.size()));
    gzclose(gz);
    int code = 0;
    fs::remove(scratch("sysmon.zip"));
    zip_t* archive = zip_open(scratch("sysmon.zip").c_str(), ZIP_CREATE, &code);
    REQUIRE(archive);
    zip_source_t* member =
        zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    REQUIRE(zip_file_add(archive, "logs/sysmon.evtx", member, 0) >= 0);
    REQUIRE(zip_close(archive) == 0);

    const hunt_result plain = hunt({original.string()}, original.parent_path());
    const hunt_result gzipped =
        hunt({scratch("sysmon.evtx.gz").string()}, scratch(""));
    const hunt_result zipped =
        hunt({scratch("sysmon.zip").string()}, scratch(""));
    CHECK(plain.matches.size() == 6);
    CHECK(gzipped.events == plain.events);
    CHECK(zipped.events == plain.events);
    CHECK(gzipped.matches.size() == 6);
    REQUIRE(zipped.matches.size() == 6);
    CHECK(zipped.matches.begin()->find("sysmon.zip(logs/sysmon.evtx)#4089") ==
          0);
}
