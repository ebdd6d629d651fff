// The data model: the shipped file, name styles, lookups, suggestions and the
// loader's diagnostics.
#include "carl/data_model.hpp"

#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

using namespace carl;

namespace {

bool has_field(const object_info& object, const std::string& field) {
    return std::find(object.fields.begin(), object.fields.end(), field) !=
           object.fields.end();
}

} // namespace

TEST_CASE("normalize writes every style in snake_case") {
    struct row {
        const char* in;
        const char* out;
    } rows[] = {
        {"UserSession", "user_session"},
        {"user_session", "user_session"},
        {"USER_SESSION", "user_session"},
        {"User Session", "user_session"},
        {"Process", "process"},
        {"HTTP", "http"},
        {"HTTPRequest", "http_request"},
        {"CommandLine", "command_line"},
        {"command_line", "command_line"},
        {"md5_hash", "md5_hash"},
        {"Md5Hash", "md5_hash"},
        {"sha256Hash", "sha256_hash"},
        {"parentExe", "parent_exe"},
        {"  spaced  ", "spaced"},
        {"", ""},
        {"a-b", "a_b"},
    };
    for (const row& r : rows) {
        CAPTURE(r.in);
        CHECK(data_model::normalize(r.in) == r.out);
    }
}

TEST_CASE("the builtin model has every CAR object with time") {
    const data_model& model = data_model::builtin();
    const char* objects[] = {"authentication", "driver",  "email",  "file",
                             "flow",           "http",    "module", "process",
                             "registry",       "service", "socket", "thread",
                             "user_session"};
    CHECK(model.objects().size() == std::size(objects));
    for (const char* name : objects) {
        CAPTURE(name);
        const object_info* object = model.find_object(name);
        REQUIRE(object);
        CHECK(has_field(*object, "time"));
        CHECK(object->types.size() == object->actions.size());
    }
}

TEST_CASE("lookups accept any style and refuse unknown names") {
    const data_model& model = data_model::builtin();
    struct row {
        const char* object;
        const char* action;
        const char* type; // "" when unknown
    } rows[] = {
        {"process", "create", "process:create"},
        {"Process", "Create", "process:create"},
        {"PROCESS", "terminate", "process:terminate"},
        {"process", "access", "process:access"},
        {"UserSession", "Login", "user_session:login"},
        {"user_session", "logout", "user_session:logout"},
        {"Registry", "ValueEdit", "registry:value_edit"},
        {"file", "acl_modify", "file:acl_modify"},
        {"thread", "remote_create", "thread:remote_create"},
        {"proces", "create", ""},
        {"process", "launch", ""},
        {"", "", ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.object);
        CAPTURE(r.action);
        auto type = model.find_type(r.object, r.action);
        if (*r.type == 0) {
            CHECK(!type);
            continue;
        }
        REQUIRE(type);
        CHECK(model.type_name(*type) == r.type);
    }
}

TEST_CASE("type ids are dense and name their object") {
    const data_model& model = data_model::builtin();
    std::size_t count = 0;
    for (const object_info& object : model.objects())
        for (std::size_t a = 0; a < object.actions.size(); ++a) {
            CHECK(object.types[a] == count);
            CHECK(&model.object_of(object.types[a]) == &object);
            ++count;
        }
    CHECK(model.type_count() == count);
}

TEST_CASE("process fields: CAR's and carl's additions") {
    const data_model& model = data_model::builtin();
    const object_info* process = model.find_object("process");
    REQUIRE(process);
    const char* fields[] = {
        "time",
        "hostname",
        "exe",
        "image_path",
        "command_line",
        "parent_exe",
        "parent_image_path",
        "pid",
        "ppid",
        "user",
        "integrity_level",
        "parent_command_line",
        "current_working_directory",
        "guid",
        "parent_guid",
        "md5_hash",
        "sha256_hash",
        "call_trace",
        "access_level",
        "target_pid",
        "target_guid",
        "target_image_path",
        "target_exe",
        "granted_access",
        "original_file_name",
    };
    for (const char* name : fields) {
        CAPTURE(name);
        auto slot = model.find_field(*process, name);
        REQUIRE(slot);
        CHECK(process->fields[*slot] == name);
    }
    CHECK(model.find_field(*process, "CommandLine"));
    CHECK(!model.find_field(*process, "commandline"));
}

TEST_CASE("closest suggests a near name, or nothing") {
    std::vector<std::string> fields = {"command_line", "exe",     "parent_exe",
                                       "image_path",   "pid",     "ppid",
                                       "user",         "hostname"};
    struct row {
        const char* wrong;
        const char* suggestion;
    } rows[] = {
        {"comand_line", "command_line"},
        {"command_lien", "command_line"},
        {"commandline", "command_line"},
        {"CommandLine", "command_line"},
        {"parent_exec", "parent_exe"},
        {"imagepath", "image_path"},
        {"pdi", "pid"},
        {"hostnmae", "hostname"},
        {"exe", "exe"},
        {"users", "user"},
        {"signature", ""},
        {"x", ""},
        {"totally_unrelated", ""},
        {"", ""},
    };
    for (const row& r : rows) {
        CAPTURE(r.wrong);
        CHECK(data_model::closest(r.wrong, fields) == r.suggestion);
    }
}

TEST_CASE("load reports bad model files at their line and column") {
    struct row {
        const char* text;
        unsigned line, column;
        const char* message;
    } rows[] = {
        {"objects: [\n", 2, 1, ""}, // yaml-cpp's own message
        {"- a\n- b\n", 1, 1, "expected a map with 'objects'"},
        {"common_fields: [time]\n", 1, 1,
         "expected 'objects', a list of objects"},
        {"objects:\n  - actions: [a]\n", 2, 5,
         "expected an object with a 'name'"},
        {"objects:\n  - name: p\n    actions: [a, a]\n", 3, 18,
         "'a' is listed twice"},
        {"objects:\n  - name: p\n    fields: x\n", 3, 13,
         "expected a list of fields"},
        {"objects:\n  - name: p\n  - name: P\n", 3, 11,
         "object 'p' is defined twice"},
    };
    for (const row& r : rows) {
        CAPTURE(r.text);
        std::vector<diagnostic> diags;
        auto model = data_model::load("m.yaml", r.text, diags);
        CHECK(!model);
        REQUIRE(diags.size() == 1);
        CHECK(diags[0].file == "m.yaml");
        CHECK(diags[0].where.line == r.line);
        CHECK(diags[0].where.column == r.column);
        if (*r.message)
            CHECK(diags[0].message == r.message);
    }
}

TEST_CASE("load reads a small model") {
    std::vector<diagnostic> diags;
    auto model = data_model::load("m.yaml",
                                  "common_fields: [time]\n"
                                  "objects:\n"
                                  "  - name: UserSession\n"
                                  "    actions: [login, logout]\n"
                                  "    fields: [user]\n"
                                  "    carl_fields: [extra]\n",
                                  diags);
    REQUIRE(model);
    CHECK(diags.empty());
    const object_info* object = model->find_object("user_session");
    REQUIRE(object);
    CHECK(object->fields == std::vector<std::string>{"time", "user", "extra"});
    CHECK(model->type_name(*model->find_type("UserSession", "logout")) ==
          "user_session:logout");
}

// When CAR's own model files are at hand (../shared/car/data_model), every
// object, action and field there must be in carl's copy.
TEST_CASE("carl's model holds all of CAR's, when CAR's files are present") {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(CARL_SHARED_DIR) / "car" / "data_model";
    if (!fs::is_directory(dir))
        return;
    const data_model& model = data_model::builtin();
    std::size_t files = 0;
    for (const auto& file : fs::directory_iterator(dir)) {
        if (file.path().extension() != ".yaml")
            continue;
        ++files;
        YAML::Node car = YAML::LoadFile(file.path().string());
        std::string name = car["name"].as<std::string>();
        CAPTURE(name);
        const object_info* object = model.find_object(name);
        REQUIRE(object);
        for (const auto& action : car["actions"])
            CHECK(model.find_type(name, action["name"].as<std::string>()));
        for (const auto& field : car["fields"])
            CHECK(model.find_field(*object, field["name"].as<std::string>()));
    }
    CHECK(files == model.objects().size());
}
