// JSON to raw_event with simdjson on-demand: one pass over the keys, each
// looked up in a small open-addressing table built from the raw_schema, so
// values no mapping reads are skipped unparsed. Shapes: docs/mappings.md.
#include "carl/json_decoder.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace carl {

namespace ondemand = simdjson::ondemand;

namespace {

// What a key means besides (or instead of) a schema field, and where.
enum role : std::uint8_t {
    role_none,
    role_event,      // "Event": the nested shape's wrapper
    role_system,     // "System"
    role_event_data, // "EventData"
    role_event_id,   // "EventID", "EventId", "EventCode"
    role_provider,   // "Provider", "ProviderName", "SourceName", ...
    role_channel,    // "Channel"
    role_data,       // "Data" inside EventData: [{"@Name":..,"#text":..}]
    role_name,       // "@Name" / "Name" inside a Data item or a Provider
    role_text,       // "#text" inside a Data item or an EventID object
    role_attributes, // "#attributes": XML attributes as an object
    role_winlog,     // "winlog": Winlogbeat's event, id, provider, channel
    role_prefix,     // an object whose members a mapping names with dots
};

// Where a key is read: the roles above only apply in their own places.
enum place : std::uint8_t {
    place_top,
    place_system,
    place_event_data,
    place_inner,  // inside Provider, EventID or a Data item
    place_winlog, // inside Winlogbeat's "winlog"
    place_nested, // inside another object: keys are read as "outer.key"
};

struct entry {
    std::string_view key;
    std::int32_t field = -1; // schema index, or -1
    role what = role_none;
    std::uint8_t places = 0; // bit per place where `what` applies
};

constexpr std::uint8_t bit(place p) {
    return std::uint8_t(1u << p);
}

struct special {
    std::string_view key;
    role what;
    std::uint8_t places;
};

constexpr std::uint8_t top_or_system = bit(place_top) | bit(place_system);

constexpr special specials[] = {
    {"Event", role_event, bit(place_top)},
    {"System", role_system, bit(place_top)},
    {"EventData", role_event_data, bit(place_top)},
    {"EventID", role_event_id, top_or_system},
    {"EventId", role_event_id, top_or_system},
    {"EventCode", role_event_id, top_or_system},
    {"Provider", role_provider, top_or_system},
    {"ProviderName", role_provider, top_or_system},
    {"Provider_Name", role_provider, top_or_system},
    {"SourceName", role_provider, top_or_system},
    {"Channel", role_channel, top_or_system},
    {"Data", role_data, bit(place_event_data)},
    {"@Name", role_name, bit(place_inner)},
    {"Name", role_name, bit(place_inner)},
    {"#text", role_text, bit(place_inner)},
    {"#attributes", role_attributes, bit(place_inner)},
    {"winlog", role_winlog, bit(place_top)},
    {"event_id", role_event_id, bit(place_winlog)},
    {"provider_name", role_provider, bit(place_winlog)},
    {"channel", role_channel, bit(place_winlog)},
    {"event_data", role_event_data, bit(place_winlog)},
    {"user_data", role_event_data, bit(place_winlog)},
};

// Keys are short: a hash of the length and three bytes spreads them well
// enough, and costs far less than hashing a std::string.
std::uint32_t key_hash(std::string_view key) {
    if (key.empty())
        return 0;
    auto at = [&](std::size_t i) {
        return std::uint32_t(std::uint8_t(key[i]));
    };
    std::uint32_t h = std::uint32_t(key.size()) * 0x9E3779B1u;
    h ^= at(0) * 0x85EBCA77u;
    h ^= at(key.size() - 1) * 0xC2B2AE3Du;
    h ^= at(key.size() / 2) * 0x27D4EB2Fu;
    return h ^ (h >> 15);
}

// The first '"' or '\\' from `p` on, in a key of the parsed text: one
// closes it, as simdjson checked, and padding follows the text, so 16
// bytes at a time may be read up to it.
const char* key_stop(const char* p) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (;; p += 16) {
        const __m128i bytes =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const unsigned stops = unsigned(_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash))));
        if (stops)
            return p + __builtin_ctz(stops);
    }
#else
    while (*p != '"' && *p != '\\')
        ++p;
    return p;
#endif
}

// Trailing white space that raw_json_token() keeps after a number or atom.
std::string_view trim_token(std::string_view token) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' ||
                              token.back() == '\n' || token.back() == '\r'))
        token.remove_suffix(1);
    return token;
}

// For brackets simdjson finds unbalanced before reading (a missing one, a
// second value): find the first bracket problem ourselves, skipping strings.
// Only malformed lines pay for this.
std::string diagnose_brackets(std::string_view text) {
    std::string open;
    bool closed = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (closed)
            return "unexpected content after the JSON object at byte " +
                   std::to_string(i);
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\')
                    ++i;
        } else if (c == '{' || c == '[') {
            open += c == '{' ? '}' : ']';
        } else if (c == '}' || c == ']') {
            if (open.empty() || open.back() != c)
                return std::string("expected '") +
                       (open.empty() ? "{" : open.substr(open.size() - 1)) +
                       "', found '" + c + "' at byte " + std::to_string(i);
            open.pop_back();
            closed = open.empty();
        }
    }
    if (!open.empty())
        return "unexpected end of input, expected '" +
               open.substr(open.size() - 1) + "' at byte " +
               std::to_string(text.size());
    return {};
}

const char* describe(simdjson::error_code code) {
    switch (code) {
    case simdjson::TAPE_ERROR:
        return "expected ',', ':' or a closing bracket";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return "unexpected end of input, expected '}' or ']'";
    case simdjson::UNCLOSED_STRING:
        return "unterminated string";
    case simdjson::STRING_ERROR:
        return "invalid escape in string";
    case simdjson::UNESCAPED_CHARS:
        return "unescaped control character in string";
    case simdjson::UTF8_ERROR:
        return "invalid UTF-8";
    case simdjson::NUMBER_ERROR:
        return "invalid number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return "expected a value";
    case simdjson::EMPTY:
        return "expected a JSON object, found nothing";
    case simdjson::TRAILING_CONTENT:
        return "unexpected content after the JSON object";
    case simdjson::DEPTH_ERROR:
        return "nested too deeply";
    default:
        return simdjson::error_message(code);
    }
}

} // namespace

struct json_decoder::impl {
    const raw_schema* schema;
    ondemand::parser parser;
    std::vector<entry> table; // open addressing; size a power of two
    std::uint32_t mask = 0;
    std::unique_ptr<char[]> copy; // padded copy of input without slack
    std::size_t copy_capacity = 0;
    const char* base = nullptr; // start of the text being parsed
    std::size_t base_size = 0;
    simdjson::error_code failure = simdjson::SUCCESS;
    const char* failure_at = nullptr;
    raw_event* out = nullptr;
    std::string path;   // "winlog." or "process." inside those objects
    std::string dotted; // path + key, reused from key to key

    explicit impl(const raw_schema& s) : schema(&s) { build_table(); }

    void build_table();
    entry* slot_for(std::string_view key);
    const entry* find(std::string_view key) const;

    bool fail(simdjson::error_code code, const char* at = nullptr) {
        if (failure == simdjson::SUCCESS) {
            failure = code;
            failure_at = at;
        }
        return false;
    }

    bool read_key(ondemand::field& field, std::string_view& key);
    bool read_scalar(ondemand::value& v, value& out);
    bool read_object(ondemand::object object, place where);
    bool read_inner_object(ondemand::field& field, role what,
                           std::string_view key);
    bool read_inner(ondemand::value& v, role what);
    bool read_data(ondemand::value& v);
    bool read_data_item(ondemand::object item);
    void store(std::int32_t field, const value& v);
};

void json_decoder::impl::build_table() {
    std::size_t count = schema->size() + std::size(specials);
    for (std::uint32_t i = 0; i < schema->size(); ++i)
        count += std::size_t(
            std::count(schema->name(i).begin(), schema->name(i).end(), '.'));
    std::size_t size = 64;
    while (size < count * 2)
        size *= 2;
    table.assign(size, entry{});
    mask = std::uint32_t(size - 1);
    for (std::uint32_t i = 0; i < schema->size(); ++i) {
        entry* e = slot_for(schema->name(i));
        e->key = schema->name(i);
        e->field = std::int32_t(i);
    }
    for (const special& s : specials) {
        entry* e = slot_for(s.key);
        e->key = s.key;
        e->what = s.what;
        e->places = s.places;
    }

    // "process.executable" makes "process" an object to look into.
    for (std::uint32_t i = 0; i < schema->size(); ++i) {
        std::string_view name = schema->name(i);
        for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
             dot = name.find('.', dot + 1)) {
            entry* e = slot_for(name.substr(0, dot));
            e->key = name.substr(0, dot);
            if (e->what == role_none)
                e->what = role_prefix;
        }
    }
}

entry* json_decoder::impl::slot_for(std::string_view key) {
    std::uint32_t i = key_hash(key) & mask;
    while (!table[i].key.empty() && table[i].key != key)
        i = (i + 1) & mask;
    return &table[i];
}

const entry* json_decoder::impl::find(std::string_view key) const {
    std::uint32_t i = key_hash(key) & mask;
    for (;;) {
        const entry& e = table[i];
        if (e.key.empty())
            return nullptr;
        if (e.key.size() == key.size() &&
            std::memcmp(e.key.data(), key.data(), key.size()) == 0)
            return &e;
        i = (i + 1) & mask;
    }
}

// The key as a view into the input; only a key with an escape in it is
// unescaped (into the parser's string buffer).
bool json_decoder::impl::read_key(ondemand::field& field,
                                  std::string_view& key) {
    const char* start = field.key().raw();
    const char* end = key_stop(start);
    if (*end == '"') {
        key = std::string_view(start, std::size_t(end - start));
        return true;
    }
    auto error = field.unescaped_key().get(key);
    return error ? fail(error, start) : true;
}

// A string, number or boolean as text into `out`; null, objects and arrays
// are absent, and leave `out` as it was.
bool json_decoder::impl::read_scalar(ondemand::value& v, value& out) {
    ondemand::json_type type;
    if (auto error = v.type().get(type))
        return fail(error);
    std::string_view text;
    switch (type) {
    case ondemand::json_type::string:
        if (auto error = v.get_string().get(text)) {
            const char* at = nullptr;
            return fail(error, v.current_location().get(at) ? nullptr : at);
        }
        out = {text, true};
        return true;
    case ondemand::json_type::number:
    case ondemand::json_type::boolean:
        text = trim_token(v.raw_json_token());
        // On-demand checks no atom it is not asked to parse: check this one.
        if (type == ondemand::json_type::boolean && text != "true" &&
            text != "false")
            return fail(text[0] == 't' ? simdjson::T_ATOM_ERROR
                                       : simdjson::F_ATOM_ERROR,
                        text.data());
        out = {text, true};
        return true;
    case ondemand::json_type::null: {
        bool is_null;
        if (auto error = v.is_null().get(is_null))
            return fail(error);
        return true;
    }
    default:
        return true;
    }
}

void json_decoder::impl::store(std::int32_t field, const value& v) {
    if (field >= 0 && v.present)
        out->fields[std::size_t(field)] = v;
}

// The value of an EventID or Provider: a string or number, or an object
// holding it as "#text", "Name", "@Name" or "#attributes": {"Name": ...}.
bool json_decoder::impl::read_inner(ondemand::value& v, role what) {
    ondemand::json_type type;
    if (auto error = v.type().get(type))
        return fail(error);
    std::string_view* target = what == role_event_id   ? &out->event_id
                               : what == role_provider ? &out->provider
                                                       : &out->channel;
    if (type != ondemand::json_type::object) {
        value text;
        if (!read_scalar(v, text))
            return false;
        if (text.present)
            *target = text.text;
        return true;
    }
    ondemand::object object;
    if (auto error = v.get_object().get(object))
        return fail(error);
    role wanted = what == role_event_id ? role_text : role_name;
    for (auto result : object) {
        if (auto error = result.error())
            return fail(error);
        ondemand::field& field = result.value_unsafe();
        std::string_view key;
        if (!read_key(field, key))
            return false;
        const entry* e = find(key);
        if (!e || !(e->places & bit(place_inner)))
            continue;
        if (e->what == role_attributes) {
            if (!read_inner(field.value(), what))
                return false;
        } else if (e->what == wanted) {
            value text;
            if (!read_scalar(field.value(), text))
                return false;
            if (text.present)
                *target = text.text;
        }
    }
    return true;
}

// One {"@Name": "Image", "#text": "..."} of EventData's Data list.
bool json_decoder::impl::read_data_item(ondemand::object item) {
    const entry* named = nullptr;
    value text;
    for (auto result : item) {
        if (auto error = result.error())
            return fail(error);
        ondemand::field& field = result.value_unsafe();
        std::string_view key;
        if (!read_key(field, key))
            return false;
        const entry* e = find(key);
        if (!e || !(e->places & bit(place_inner)))
            continue;
        if (e->what == role_name) {
            std::string_view name;
            if (auto error = field.value().get_string().get(name))
                return error == simdjson::INCORRECT_TYPE ? true : fail(error);
            named = find(name);
            if (!named || named->field < 0)
                return true; // a field no mapping reads: skip the rest
        } else if (e->what == role_text) {
            if (!read_scalar(field.value(), text))
                return false;
        }
    }
    if (named)
        store(named->field, text);
    return true;
}

bool json_decoder::impl::read_data(ondemand::value& v) {
    ondemand::json_type type;
    if (auto error = v.type().get(type))
        return fail(error);
    if (type == ondemand::json_type::object) {
        ondemand::object item;
        if (auto error = v.get_object().get(item))
            return fail(error);
        return read_data_item(item);
    }
    if (type != ondemand::json_type::array)
        return true;
    ondemand::array items;
    if (auto error = v.get_array().get(items))
        return fail(error);
    for (auto result : items) {
        ondemand::value item;
        if (auto error = std::move(result).get(item))
            return fail(error);
        ondemand::object object;
        auto error = item.get_object().get(object);
        if (error == simdjson::INCORRECT_TYPE)
            continue;
        if (error)
            return fail(error);
        if (!read_data_item(object))
            return false;
    }
    return true;
}

// An object to read with read_object(): System, EventData, winlog or one
// whose members a mapping names as "key.member". Not an object: skipped.
bool json_decoder::impl::read_inner_object(ondemand::field& field, role what,
                                           std::string_view key) {
    ondemand::object inner;
    auto error = field.value().get_object().get(inner);
    if (error == simdjson::INCORRECT_TYPE)
        return true;
    if (error)
        return fail(error);

    // System and EventData members go by plain name, winlog's and other
    // objects' by their dotted path. Swapping keeps the outer path's
    // buffer without copying it.
    std::string outer_path;
    place next = place_top;
    if (what == role_system || what == role_event_data) {
        next = what == role_system ? place_system : place_event_data;
        outer_path.swap(path);
    } else if (what == role_winlog || what == role_prefix) {
        next = what == role_winlog ? place_winlog : place_nested;
        outer_path = path; // short, and only Winlogbeat's nesting pays
        path.append(key).append(1, '.');
    }
    const bool ok = read_object(inner, next);
    if (what != role_event)
        path.swap(outer_path);
    return ok;
}

// The top level, System, EventData or a nested object: keys the schema
// names are stored, the special ones followed; every other value is
// skipped unread.
bool json_decoder::impl::read_object(ondemand::object object, place where) {
    for (auto result : object) {
        // The field where the iterator made it: copying it out cost a
        // stalled load (a store forwarded to a wider load) on every key.
        if (auto error = result.error())
            return fail(error);
        ondemand::field& field = result.value_unsafe();
        std::string_view key;
        if (!read_key(field, key))
            return false;

        // Inside a nested object the schema knows the key by its path.
        const entry* e = find(key);
        const entry* named = e;
        if (where == place_winlog || where == place_nested) {
            dotted.assign(path).append(key);
            named = find(dotted);
        }
        role what = e && (e->places & bit(where)) ? e->what : role_none;
        if (what == role_none && named && named->what == role_prefix)
            what = role_prefix;
        if (!e && !named)
            continue;

        switch (what) {
        case role_event:
            if (!read_inner_object(field, role_event, key))
                return false;
            continue;
        case role_prefix: {
            // "TimeCreated" may be an object ("TimeCreated.@SystemTime")
            // or, flattened by an export, a plain field of its own.
            ondemand::json_type type;
            if (auto error = field.value().type().get(type))
                return fail(error);
            if (type != ondemand::json_type::object)
                break;
            if (!read_inner_object(field, what, key))
                return false;
            continue;
        }
        case role_system:
        case role_event_data:
        case role_winlog:
            if (!read_inner_object(field, what, key))
                return false;
            continue;
        case role_event_id:
        case role_provider:
        case role_channel:
            if (!read_inner(field.value(), what))
                return false;
            // An event id or channel is also a field when a mapping asks.
            if (named && named->field >= 0 && what != role_provider)
                store(named->field,
                      {what == role_event_id ? out->event_id : out->channel,
                       true});
            continue;
        case role_data:
            if (!read_data(field.value()))
                return false;
            continue;
        default:
            break;
        }
        // Straight into the event: read_scalar() leaves an absent value's
        // field as it was, as store() does, and a copy through a local
        // stalled on reading back the two halves it had just written.
        if (named && named->field >= 0 &&
            !read_scalar(field.value(), out->fields[std::size_t(named->field)]))
            return false;
    }
    return true;
}

json_decoder::json_decoder(const raw_schema& schema)
    : m_impl(std::make_unique<impl>(schema)) {}
json_decoder::~json_decoder() = default;
json_decoder::json_decoder(json_decoder&&) noexcept = default;
json_decoder& json_decoder::operator=(json_decoder&&) noexcept = default;

bool json_decoder::decode(std::string_view text, std::size_t readable,
                          raw_event& out, std::string& error) {
    impl& d = *m_impl;
    out.reset(d.schema->size());
    d.out = &out;
    d.failure = simdjson::SUCCESS;
    d.failure_at = nullptr;

    // Parse in place when the caller's buffer has simdjson's padding after
    // the text; otherwise copy into a buffer that only ever grows.
    const char* input = text.data();
    std::size_t capacity = readable;
    if (readable < text.size() ||
        readable - text.size() < simdjson::SIMDJSON_PADDING) {
        std::size_t need = text.size() + simdjson::SIMDJSON_PADDING;
        if (d.copy_capacity < need) {
            d.copy_capacity = std::max(need, d.copy_capacity * 2);
            d.copy.reset(new char[d.copy_capacity]);
        }
        if (!text.empty())
            std::memcpy(d.copy.get(), text.data(), text.size());
        std::memset(d.copy.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
        input = d.copy.get();
        capacity = d.copy_capacity;
    }
    d.base = input;
    d.base_size = text.size();

    // The document must be one object, and nothing may follow it.
    ondemand::document doc;
    simdjson::padded_string_view padded(input, text.size(), capacity);
    auto code = d.parser.iterate(padded).get(doc);
    bool started = !code; // a document that never started has no location
    ondemand::json_type type = ondemand::json_type::object;
    if (!code)
        code = doc.type().get(type);
    ondemand::object object;
    if (!code && type != ondemand::json_type::object) {
        error = "expected a JSON object at byte 0";
        return false;
    }
    if (!code)
        code = doc.get_object().get(object);
    if (!code && !d.read_object(object, place_top))
        code = d.failure;
    // At the end, simdjson has no location left to give.
    const char* rest = nullptr;
    if (!code && !doc.current_location().get(rest)) {
        code = simdjson::TRAILING_CONTENT;
        d.failure_at = rest;
    }
    if (!code)
        return true;

    if (code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
        error = diagnose_brackets(text);
        if (!error.empty())
            return false;
    }

    // Where it went wrong: simdjson's position when it still has one.
    std::size_t offset = text.size();
    const char* at = d.failure_at;
    if (!at && started) {
        const char* location = nullptr;
        if (!doc.current_location().get(location))
            at = location;
    }
    if (at && at >= input && at <= input + text.size())
        offset = std::size_t(at - input);
    error = std::string(describe(code)) + " at byte " + std::to_string(offset);
    return false;
}

} // namespace carl
