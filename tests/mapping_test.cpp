// Mappings: the shipped Sysmon file, the loader's diagnostics, routing by
// event id, provider and channel, bind() and apply() with its transforms.
#include "carl/mapping.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

using namespace carl;

namespace {

// A raw event for `set`, with the named fields present.
raw_event make_event(const mapping_set& set, std::string_view id,
                     std::string_view provider, std::string_view channel,
                     std::vector<std::pair<std::string, std::string>> fields,
                     std::vector<std::string>& storage) {
    raw_event event;
    event.reset(set.schema().size());
    event.event_id = id;
    event.provider = provider;
    event.channel = channel;
    storage.reserve(fields.size());
    for (auto& [name, text] : fields) {
        std::int32_t index = set.schema().find(name);
        if (index < 0)
            continue;
        storage.push_back(text);
        event.fields[std::size_t(index)] = {storage.back(), true};
    }
    return event;
}

// The record a set makes of an event, as "field=value" for present fields.
std::vector<std::string> mapped(const mapping_set& set, const raw_event& e) {
    const mapping_rule* rule = set.route(e);
    if (!rule)
        return {"(not routed)"};
    const object_info& object = set.model().object_of(rule->type);
    std::vector<value> record(object.fields.size());
    mapping_set::apply(*rule, e, record.data());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < record.size(); ++i)
        if (record[i].present)
            out.push_back(object.fields[i] + "=" + std::string(record[i].text));
    std::sort(out.begin(), out.end());
    return out;
}

const char* sysmon = "Microsoft-Windows-Sysmon";
const char* sysmon_channel = "Microsoft-Windows-Sysmon/Operational";

} // namespace

TEST_CASE("the shipped mappings load cleanly") {
    const mapping_set& set = mapping_set::builtin();
    const data_model& model = set.model();
    for (const char* type :
         {"process:create", "process:terminate", "process:access", "flow:start",
          "flow:message", "driver:load", "module:load", "thread:remote_create",
          "file:create", "file:read", "file:delete", "registry:add",
          "registry:value_edit", "registry:key_edit", "user_session:login",
          "authentication:failure", "service:create"}) {
        CAPTURE(type);
        const std::string name(type);
        const std::size_t colon = name.find(':');
        CHECK(set.covers(
            *model.find_type(name.substr(0, colon), name.substr(colon + 1))));
    }
    CHECK(!set.covers(*model.find_type("user_session", "logout")));

    // Every rule is scoped by its source's provider and channel.
    const std::map<std::string, std::vector<std::string>> providers = {
        {"sysmon", {"microsoft-windows-sysmon"}},
        {"windows_security", {"microsoft-windows-security-auditing"}},
        {"service_control_manager", {"service control manager"}},
    };
    for (const mapping_rule& rule : set.rules()) {
        CAPTURE(rule.source);
        REQUIRE(providers.count(rule.source));
        CHECK(rule.providers == providers.at(rule.source));
        CHECK(rule.channels.size() == 1);
    }
}

TEST_CASE("routing: event id as a number, provider and channel") {
    const mapping_set& set = mapping_set::builtin();
    struct row {
        const char* id;
        const char* provider;
        const char* channel;
        const char* type; // "" when not routed
    } rows[] = {
        {"1", sysmon, sysmon_channel, "process:create"},
        {"1", "", "", "process:create"},
        {"0001", "", "", "process:create"},
        {" 1", "", "", "process:create"},
        {"1", "MICROSOFT-WINDOWS-SYSMON", "", "process:create"},
        {"1", "", "microsoft-windows-sysmon/operational", "process:create"},
        {"1", "Microsoft-Windows-Security-Auditing", "", ""},
        {"1", "", "Security", ""},
        {"1", sysmon, "Security", ""},
        {"5", sysmon, sysmon_channel, "process:terminate"},
        {"10", sysmon, "", "process:access"},
        {"010", "", "", "process:access"},
        {"2", sysmon, sysmon_channel, ""},
        {"4688", "", "", "process:create"},
        {"4688", "Microsoft-Windows-Security-Auditing", "security",
         "process:create"},
        {"4688", sysmon, sysmon_channel, ""},
        {"4624", "", "Security", "user_session:login"},
        {"4625", "", "Security", "authentication:failure"},
        {"7045", "Service Control Manager", "System", "service:create"},
        {"7045", "", "Security", ""},
        {"5156", "", "SECURITY", "flow:start"},
        {"3", sysmon, "", "flow:start"},
        {"22", sysmon, "", "flow:message"},
        {"26", sysmon, "", "file:delete"},
        {"3", "Microsoft-Windows-Security-Auditing", "", ""},
        {"", sysmon, sysmon_channel, ""},
        {"0x1", "", "", ""},
        {"-1", "", "", ""},
        {"1.0", "", "", ""},
        {"99999999999999999999", "", "", ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.id);
        CAPTURE(r.provider);
        CAPTURE(r.channel);
        std::vector<std::string> storage;
        raw_event e = make_event(set, r.id, r.provider, r.channel, {}, storage);
        const mapping_rule* rule = set.route(e);
        if (*r.type == 0) {
            CHECK(rule == nullptr);
            continue;
        }
        REQUIRE(rule);
        CHECK(set.model().type_name(rule->type) == r.type);
    }
}

TEST_CASE("Sysmon 1 becomes process:create") {
    const mapping_set& set = mapping_set::builtin();
    std::vector<std::string> storage;
    raw_event e = make_event(set, "1", sysmon, sysmon_channel,
                             {{"UtcTime", "2022-08-31 18:37:46.123"},
                              {"Computer", "host.example.org"},
                              {"ProcessGuid", "{a}"},
                              {"ProcessId", "4242"},
                              {"Image", "C:\\Tools\\procdump64.exe"},
                              {"CommandLine", "procdump64.exe -ma lsass.exe"},
                              {"CurrentDirectory", "C:\\Tools\\"},
                              {"User", "HOST\\admin"},
                              {"IntegrityLevel", "High"},
                              {"Hashes", "SHA1=AA,MD5=BB,SHA256=CC,IMPHASH=DD"},
                              {"ParentProcessGuid", "{b}"},
                              {"ParentProcessId", "100"},
                              {"ParentImage", "C:/Windows/cmd.exe"},
                              {"ParentCommandLine", "cmd.exe /c x"},
                              {"OriginalFileName", "procdump"},
                              {"Unmapped", "ignored"}},
                             storage);
    CHECK(mapped(set, e) == std::vector<std::string>{
                                "command_line=procdump64.exe -ma lsass.exe",
                                "current_working_directory=C:\\Tools\\",
                                "exe=procdump64.exe",
                                "fqdn=host.example.org",
                                "guid={a}",
                                "hostname=host.example.org",
                                "image_path=C:\\Tools\\procdump64.exe",
                                "imphash=DD",
                                "integrity_level=High",
                                "md5_hash=BB",
                                "original_file_name=procdump",
                                "parent_command_line=cmd.exe /c x",
                                "parent_exe=cmd.exe",
                                "parent_guid={b}",
                                "parent_image_path=C:/Windows/cmd.exe",
                                "pid=4242",
                                "ppid=100",
                                "sha1_hash=AA",
                                "sha256_hash=CC",
                                "time=2022-08-31 18:37:46.123",
                                "user=HOST\\admin",
                            });
}

TEST_CASE("apply: transforms and fallbacks, one row per case") {
    const mapping_set& set = mapping_set::builtin();
    struct row {
        std::vector<std::pair<std::string, std::string>> fields;
        std::vector<std::string> expected;
    } rows[] = {
        {{{"Image", "lsass.exe"}}, {"exe=lsass.exe", "image_path=lsass.exe"}},
        {{{"Image", "C:\\dir\\"}}, {"exe=", "image_path=C:\\dir\\"}},
        {{{"Image", ""}}, {"exe=", "image_path="}},
        {{{"Image", "C:\\a/b\\c.exe"}},
         {"exe=c.exe", "image_path=C:\\a/b\\c.exe"}},
        {{{"Image", "\\a.exe/"}}, {"exe=", "image_path=\\a.exe/"}},
        {{{"Hashes", "MD5=01"}}, {"md5_hash=01"}},
        {{{"Hashes", "md5=01, sha256=02"}}, {"md5_hash=01", "sha256_hash=02"}},
        {{{"Hashes", "SHA1=01"}}, {"sha1_hash=01"}},
        {{{"Hashes", "garbage"}}, {}},
        {{{"Hostname", "otrf"}}, {"hostname=otrf"}},
        {{{"Hostname", "otrf"}, {"Computer", "sys"}},
         {"fqdn=sys", "hostname=sys"}},
    };
    for (const row& r : rows) {
        CAPTURE(r.fields.front().second);
        std::vector<std::string> storage;
        raw_event e = make_event(set, "1", "", "", r.fields, storage);
        CHECK(mapped(set, e) == r.expected);
    }
}

TEST_CASE("Sysmon 10 becomes process:access") {
    const mapping_set& set = mapping_set::builtin();
    std::vector<std::string> storage;
    raw_event e =
        make_event(set, "10", sysmon, "",
                   {{"SourceImage", "C:\\t\\procdump64.exe"},
                    {"TargetImage", "C:\\Windows\\system32\\lsass.exe"},
                    {"GrantedAccess", "0x1FFFFF"},
                    {"CallTrace", "C:\\Windows\\SYSTEM32\\dbghelp.dll+1"},
                    {"TargetProcessId", "612"}},
                   storage);
    CHECK(mapped(set, e) ==
          std::vector<std::string>{
              "access_level=0x1FFFFF",
              "call_trace=C:\\Windows\\SYSTEM32\\dbghelp.dll+1",
              "exe=procdump64.exe", "granted_access=0x1FFFFF",
              "image_path=C:\\t\\procdump64.exe", "target_exe=lsass.exe",
              "target_image_path=C:\\Windows\\system32\\lsass.exe",
              "target_name=C:\\Windows\\system32\\lsass.exe",
              "target_pid=612"});
}

TEST_CASE("Sysmon, Security and System events make these records") {
    const mapping_set& set = mapping_set::builtin();
    const char* security = "Microsoft-Windows-Security-Auditing";
    struct row {
        const char* id;
        const char* provider;
        std::vector<std::pair<std::string, std::string>> fields;
        std::vector<std::string> expected;
    } rows[] = {
        {"4688",
         security,
         {{"NewProcessName", "C:\\t\\procdump.exe"},
          {"ParentProcessName", "C:\\w\\cmd.exe"},
          {"NewProcessId", "0x1a2c"}},
         {"exe=procdump.exe", "image_path=C:\\t\\procdump.exe",
          "parent_exe=cmd.exe", "parent_image_path=C:\\w\\cmd.exe",
          "pid=0x1a2c"}},
        {"4688 from EVTX: the time is TimeCreated's SystemTime",
         security,
         {{"TimeCreated.#attributes.SystemTime", "2022-08-31T19:18:45.6Z"},
          {"NewProcessName", "C:\\t\\a.exe"}},
         {"exe=a.exe", "image_path=C:\\t\\a.exe",
          "time=2022-08-31T19:18:45.6Z"}},
        {"4624 with the attribute written as @SystemTime",
         security,
         {{"TimeCreated.@SystemTime", "2022-08-31T19:18:45Z"},
          {"TargetUserName", "bob"}},
         {"time=2022-08-31T19:18:45Z", "user=bob"}},
        {"4625",
         security,
         {{"TargetUserName", "bob"}, {"Status", "0xc000006d"}},
         {"status=0xc000006d", "user=bob"}},
        {"7045",
         "Service Control Manager",
         {{"ServiceName", "evil"}, {"ImagePath", "C:\\x\\e.exe -k"}},
         {"command_line=C:\\x\\e.exe -k", "exe=e.exe -k",
          "image_path=C:\\x\\e.exe -k", "name=evil"}},
        {"11",
         sysmon,
         {{"Image", "C:\\w\\taskmgr.exe"},
          {"TargetFilename", "C:\\t\\lsass.DMP"}},
         {"exe=taskmgr.exe", "file_name=lsass.DMP",
          "file_path=C:\\t\\lsass.DMP", "image_path=C:\\w\\taskmgr.exe"}},
        {"13",
         sysmon,
         {{"TargetObject", "HKLM\\S\\Run\\x"},
          {"Details", "c.exe"},
          {"EventType", "SetValue"}},
         {"data=c.exe", "key=HKLM\\S\\Run\\x", "operation=SetValue",
          "value=x"}},
        {"8",
         sysmon,
         {{"SourceImage", "C:\\a.exe"},
          {"TargetImage", "C:\\b.exe"},
          {"NewThreadId", "7"}},
         {"src_exe=a.exe", "src_image_path=C:\\a.exe", "tgt_exe=b.exe",
          "tgt_image_path=C:\\b.exe", "tgt_tid=7"}},
        {"22",
         sysmon,
         {{"QueryName", "example.org"}, {"QueryStatus", "0"}},
         {"dest_hostname=example.org", "query_name=example.org",
          "query_status=0"}},
    };
    for (const row& r : rows) {
        CAPTURE(r.id);
        const std::string id = std::string(r.id).substr(0, 4);
        std::vector<std::string> storage;
        raw_event e = make_event(set, id.c_str(), r.provider, "", r.fields,
                                 storage);
        CHECK(mapped(set, e) == r.expected);
    }
}

TEST_CASE("bind keeps only the used fields and their raw names") {
    const mapping_set& set = mapping_set::builtin();
    const data_model& model = set.model();
    type_id create = *model.find_type("process", "create");
    const object_info& process = model.object_of(create);
    std::vector<std::vector<bool>> used(model.type_count());
    used[create].assign(process.fields.size(), false);
    used[create][*model.find_field(process, "exe")] = true;
    used[create][*model.find_field(process, "command_line")] = true;

    mapping_set bound = set.bind(used);
    // Sysmon's names, Winlogbeat's and Security 4688's.
    CHECK(bound.schema().size() == 5);
    CHECK(bound.schema().find("Image") >= 0);
    CHECK(bound.schema().find("CommandLine") >= 0);
    CHECK(bound.schema().find("NewProcessName") >= 0);
    CHECK(bound.schema().find("process.command_line") >= 0);
    CHECK(bound.schema().find("ParentImage") < 0);
    CHECK(bound.rules().size() == set.rules().size());
    CHECK(bound.covers(*model.find_type("process", "access")));

    std::vector<std::string> storage;
    raw_event e = make_event(bound, "1", sysmon, "",
                             {{"Image", "C:\\x\\a.exe"},
                              {"CommandLine", "a -b"},
                              {"ParentImage", "p.exe"}},
                             storage);
    CHECK(mapped(bound, e) ==
          std::vector<std::string>{"command_line=a -b", "exe=a.exe"});
    raw_event access = make_event(bound, "10", sysmon, "", {}, storage);
    CHECK(mapped(bound, access).empty());
}

TEST_CASE("add reports errors at the mapping file's line and column") {
    struct row {
        const char* text;
        unsigned line, column;
        const char* message;
        const char* note; // "" when none
    } rows[] = {
        {"name: x\nevents: [\n", 3, 1, "", ""},
        {"name: x\nevents:\n  - event_id: 1\n    type: proces:create\n", 4, 11,
         "unknown object 'proces'", "did you mean 'process'?"},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:craete\n", 4, 11,
         "'process' has no action 'craete'", "did you mean 'create'?"},
        {"name: x\nevents:\n  - event_id: 1\n    type: process\n", 4, 11,
         "expected an object:action such as 'process:create'", ""},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "    fields:\n      comand_line: CommandLine\n",
         6, 7, "'process' has no field 'comand_line'",
         "did you mean 'command_line'?"},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "    fields:\n      exe: basenam(Image)\n",
         6, 12, "unknown transform 'basenam'", "did you mean 'basename'?"},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "    fields:\n      exe: basename(Image\n",
         6, 12, "expected transform(name), found 'basename(Image'", ""},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "    fields:\n      exe: basename()\n",
         6, 12, "expected transform(name), found 'basename()'", ""},
        {"name: x\nevents:\n  - event_id: one\n    type: process:create\n", 3,
         15, "expected a decimal 'event_id'", ""},
        {"name: x\nevents:\n  - type: process:create\n", 3, 5,
         "expected a decimal 'event_id'", ""},
        {"name: x\nevents:\n  - event_id: 1\n    typ: process:create\n", 4, 5,
         "unknown key 'typ'", "did you mean 'type'?"},
        {"events: []\n", 1, 1, "expected a 'name' for this mapping", ""},
        {"name: x\n", 1, 1, "expected 'events', a list of events", ""},
        {"name: x\nprovider: [a]\nevents: []\n", 2, 1, "unknown key 'provider'",
         "did you mean 'providers'?"},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "  - event_id: 01\n    type: process:access\n",
         5, 15, "event id 1 is mapped twice", ""},
        {"name: x\nevents:\n  - event_id: 1\n    type: process:create\n"
         "    fields:\n      exe: Image\n      exe: Other\n",
         7, 7, "field 'exe' is mapped twice", ""},
        {"- 1\n", 1, 1,
         "expected a mapping: name, providers, channels, "
         "events",
         ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.text);
        mapping_set set(data_model::builtin());
        std::vector<diagnostic> diags;
        CHECK(!set.add("m.yaml", r.text, diags));
        CHECK(set.rules().empty());
        CHECK(set.schema().size() == 0);
        REQUIRE(!diags.empty());
        const diagnostic& d = diags.front();
        CHECK(d.file == "m.yaml");
        CHECK(d.where.line == r.line);
        CHECK(d.where.column == r.column);
        if (*r.message)
            CHECK(d.message == r.message);
        if (*r.note) {
            REQUIRE(d.notes.size() == 1);
            CHECK(d.notes[0].message == r.note);
        } else {
            CHECK(d.notes.empty());
        }
    }
}

TEST_CASE("a user mapping adds to the set, scoped by its provider") {
    mapping_set set = mapping_set::builtin();
    std::vector<diagnostic> diags;
    REQUIRE(set.add("security.yaml",
                    "name: security\n"
                    "providers: [Microsoft-Windows-Security-Auditing]\n"
                    "channels: Security\n"
                    "events:\n"
                    "  - event_id: 1\n"
                    "    type: ProcessCreate:x\n",
                    diags) == false);
    diags.clear();
    REQUIRE(set.add("security.yaml",
                    "name: security\n"
                    "providers: [Microsoft-Windows-Security-Auditing]\n"
                    "channels: Security\n"
                    "events:\n"
                    "  - event_id: 1\n"
                    "    type: Process:Create\n"
                    "    fields:\n"
                    "      image_path: NewProcessName\n"
                    "      exe: basename(NewProcessName)\n",
                    diags));
    CHECK(diags.empty());

    std::vector<std::string> storage;
    raw_event sec = make_event(
        set, "1", "microsoft-windows-security-auditing", "security",
        {{"NewProcessName", "C:\\a.exe"}, {"Image", "C:\\b.exe"}}, storage);
    CHECK(mapped(set, sec) ==
          std::vector<std::string>{"exe=a.exe", "image_path=C:\\a.exe"});
    raw_event sys = make_event(
        set, "1", sysmon, "",
        {{"NewProcessName", "C:\\a.exe"}, {"Image", "C:\\b.exe"}}, storage);
    CHECK(mapped(set, sys) ==
          std::vector<std::string>{"exe=b.exe", "image_path=C:\\b.exe"});
}
