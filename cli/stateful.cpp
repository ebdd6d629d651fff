// What `carl hunt` adds for stateful analytics: the --now, --param,
// --lateness, --state-limit, --hold-memory and --window options, matches that
// carry several events or an aggregate's values, and the state in the summary.
#include "cli.hpp"

#include "carl/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace carl::cli {
namespace {

bool fail(const std::string& option, const std::string& value,
          const char* expected) {
    std::fprintf(stderr, "carl hunt: %s '%s': expected %s\n", option.c_str(),
                 value.c_str(), expected);
    return false;
}

// The last value given to `name`, if any.
std::optional<std::string> last(arguments& args, const std::string& name) {
    auto all = args.values(name);
    if (all.empty())
        return std::nullopt;
    return all.back();
}

bool read_duration(arguments& args, const std::string& name,
                   std::int64_t& out) {
    auto text = last(args, name);
    if (!text)
        return true;
    auto d = parse_duration(*text);
    if (!d || *d < 0)
        return fail(name, *text, "a duration such as '2 seconds' or '1 hour'");
    out = *d;
    return true;
}

// A positive whole number, if `name` was given.
bool read_count(arguments& args, const std::string& name, std::size_t& out) {
    auto text = last(args, name);
    if (!text)
        return true;
    std::size_t n = 0;
    auto [end, error] =
        std::from_chars(text->data(), text->data() + text->size(), n);
    if (error != std::errc() || end != text->data() + text->size() || n == 0)
        return fail(name, *text, "a positive whole number");
    out = n;
    return true;
}

} // namespace

std::optional<stream_settings> read_stream_settings(arguments& args) {
    stream_settings s;
    if (auto now = last(args, "--now")) {
        s.options.now = parse_time(*now);
        if (!s.options.now) {
            fail("--now", *now, "a time such as '2026-11-30T09:00:00Z'");
            return std::nullopt;
        }
    }
    if (!read_duration(args, "--lateness", s.options.lateness) ||
        !read_duration(args, "--window", s.options.window))
        return std::nullopt;
    if (!read_count(args, "--state-limit", s.options.state_limit))
        return std::nullopt;
    std::size_t megabytes = s.options.hold_bytes >> 20;
    if (!read_count(args, "--hold-memory", megabytes))
        return std::nullopt;
    // Past 2^44 MB the shift would overflow; nobody has that memory.
    s.options.hold_bytes = std::min<std::size_t>(megabytes, 1ull << 44) << 20;
    for (const std::string& param : args.values("--param")) {
        const auto equals = param.find('=');
        if (equals == std::string::npos || equals == 0) {
            fail("--param", param, "NAME=VALUE");
            return std::nullopt;
        }
        s.parameters[param.substr(0, equals)] = param.substr(equals + 1);
    }
    return s;
}

// Each event is written as it was read, as `carl hunt` writes the event of
// a stateless match; the rest is made by nlohmann::json in a fixed order.
void write_stateful_match(const match& m, std::string& out) {
    nlohmann::ordered_json head = {
        {"analytic", m.analytic->id},
        {"title", m.analytic->title},
        {"techniques", m.analytic->techniques},
        {"output", std::string(m.output)},
    };
    if (m.field_count) {
        nlohmann::ordered_json fields = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < m.field_count; ++i)
            fields[std::string(m.fields[i].name)] = m.fields[i].value;
        head["fields"] = std::move(fields);
    }
    out += head.dump();
    if (m.event_count) {
        out.pop_back(); // reopen the object for the events
        out += ",\"events\":[";
        for (std::size_t i = 0; i < m.event_count; ++i) {
            const matched_event& e = m.events[i];
            nlohmann::ordered_json about = {
                {"event_type", std::string(e.event_type)},
                {"source", {{"file", std::string(e.file)}, {"line", e.line}}},
            };
            std::string text = about.dump();
            text.pop_back();
            out += (i ? "," : "") + text + ",\"event\":";
            out += e.text.empty() ? std::string_view("null") : e.text;
            out += "}";
        }
        out += "]}";
    }
    out += "\n";
}

void print_stream_summary(const stream_summary& s) {
    if (s.evicted)
        std::fprintf(stderr,
                     "carl: state evicted at the state limits "
                     "(--state-limit, --hold-memory): %llu; some matches "
                     "may be missing or wrong\n",
                     static_cast<unsigned long long>(s.evicted));
    if (s.late)
        std::fprintf(stderr,
                     "carl: events later than --lateness allows: %llu; "
                     "some joins may be missing\n",
                     static_cast<unsigned long long>(s.late));
    if (s.untimed)
        std::fprintf(stderr,
                     "carl: events with no readable time, left out of "
                     "time windows: %llu\n",
                     static_cast<unsigned long long>(s.untimed));
}

} // namespace carl::cli
