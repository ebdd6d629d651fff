// XML to JSON for evtx_json.hpp. libevtx writes a small, regular subset of
// XML (no CDATA, no DTD); this reads that subset and nothing more, so a
// record that strays from it is reported rather than guessed at.
#include "evtx_json.hpp"

#include <cstdint>
#include <cstdio>

namespace carl::detail {
namespace {

bool name_char(char c) {
    return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '>' &&
           c != '/' && c != '=' && c != '<';
}

void skip_space(std::string_view xml, std::size_t& at) {
    while (at < xml.size() && (xml[at] == ' ' || xml[at] == '\t' ||
                               xml[at] == '\n' || xml[at] == '\r'))
        ++at;
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void append_utf8(std::uint32_t c, std::string& out) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x110000) {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// The entity starting at text[at] ('&'); advances past it. An unknown one
// is kept as it is.
void decode_entity(std::string_view text, std::size_t& at, std::string& out) {
    const std::size_t end = text.find(';', at);
    if (end == std::string_view::npos || end - at > 10) {
        out += text[at++];
        return;
    }
    const std::string_view name = text.substr(at + 1, end - at - 1);
    at = end + 1;
    if (name == "lt")
        out += '<';
    else if (name == "gt")
        out += '>';
    else if (name == "amp")
        out += '&';
    else if (name == "quot")
        out += '"';
    else if (name == "apos")
        out += '\'';
    else if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        std::uint32_t c = 0;
        for (char d : name.substr(hex ? 2 : 1)) {
            const int v = d >= '0' && d <= '9'          ? d - '0'
                          : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                          : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                        : -1;
            if (v < 0 || c > 0x10FFFF)
                break;
            c = c * (hex ? 16 : 10) + std::uint32_t(v);
        }
        append_utf8(c, out);
    } else {
        out += '&';
        out += name;
        out += ';';
    }
}

} // namespace

void write_json_string(std::string_view text, bool entities, std::string& out) {
    // Entities are rare (libevtx writes &lt; &gt; &amp;): decode them
    // into a copy only when there is one.
    if (entities && text.find('&') != std::string_view::npos) {
        std::string decoded;
        for (std::size_t at = 0; at < text.size();)
            if (text[at] == '&')
                decode_entity(text, at, decoded);
            else
                decoded += text[at++];
        write_json_string(decoded, false, out);
        return;
    }

    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (std::uint8_t(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(c));
            out += escape;
        } else {
            out += c;
        }
    }
    out += '"';
}

// Builds the element tree of `xml` in m_elements (reused between records);
// element 0 is the root.
bool evtx_json::parse(std::string_view xml, std::string& error) {
    m_used = 0;
    m_attributes.clear();
    m_open.clear();
    constexpr std::size_t max_depth = 64;
    constexpr std::size_t npos = std::string_view::npos;

    std::size_t at = 0;
    while (at < xml.size()) {
        // Text: kept raw on the open element.
        if (xml[at] != '<') {
            std::size_t end = std::min(xml.find('<', at), xml.size());
            if (!m_open.empty() && m_elements[m_open.back()].text.empty())
                m_elements[m_open.back()].text = xml.substr(at, end - at);
            at = end;
            continue;
        }

        // Declarations and comments are skipped.
        if (xml.compare(at, 2, "<?") == 0 || xml.compare(at, 4, "<!--") == 0) {
            const bool comment = xml[at + 1] == '!';
            std::size_t end = xml.find(comment ? "-->" : "?>", at);
            if (end == npos)
                break;
            at = end + (comment ? 3 : 2);
            continue;
        }

        if (xml.compare(at, 2, "</") == 0) {
            std::size_t end = xml.find('>', at);
            if (end == npos)
                break;
            std::string_view name = xml.substr(at + 2, end - at - 2);
            while (!name.empty() && !name_char(name.back()))
                name.remove_suffix(1);
            if (m_open.empty() || m_elements[m_open.back()].name != name) {
                error = "unexpected </" + std::string(name) + ">";
                return false;
            }
            m_open.pop_back();
            at = end + 1;
            continue;
        }

        // An opening tag and its attributes.
        if (m_open.size() >= max_depth || (m_open.empty() && m_used > 0)) {
            error = m_used > 0 && m_open.empty() ? "more than one root element"
                                                 : "elements nested too deeply";
            return false;
        }
        if (m_used == m_elements.size())
            m_elements.emplace_back();
        const std::size_t index = m_used++;
        element& e = m_elements[index];
        e.children.clear();
        e.text = {};
        std::size_t start = ++at;
        while (at < xml.size() && name_char(xml[at]))
            ++at;
        e.name = xml.substr(start, at - start);
        e.first_attribute = m_attributes.size();
        e.attributes = 0;
        if (e.name.empty()) {
            error = "expected an element name";
            return false;
        }
        if (!m_open.empty())
            m_elements[m_open.back()].children.push_back(index);

        bool closed = false;
        for (;;) {
            skip_space(xml, at);
            if (at >= xml.size()) {
                error = "unexpected end of the record's XML";
                return false;
            }
            if (xml[at] == '>') {
                ++at;
                break;
            }
            if (xml[at] == '/') {
                closed = true;
                at = xml.find('>', at);
                at = at == npos ? xml.size() : at + 1;
                break;
            }
            start = at;
            while (at < xml.size() && name_char(xml[at]))
                ++at;
            std::string_view name = xml.substr(start, at - start);
            skip_space(xml, at);
            if (name.empty() || at + 1 >= xml.size() || xml[at] != '=') {
                error = "expected '=' after an attribute name";
                return false;
            }
            ++at;
            skip_space(xml, at);
            const char quote = at < xml.size() ? xml[at] : '\0';
            std::size_t end =
                quote == '"' || quote == '\'' ? xml.find(quote, at + 1) : npos;
            if (end == npos) {
                error = "expected a quoted attribute value";
                return false;
            }
            m_attributes.push_back({name, xml.substr(at + 1, end - at - 1)});
            ++m_elements[index].attributes;
            at = end + 1;
        }
        if (!closed)
            m_open.push_back(index);
    }

    if (m_used == 0 || !m_open.empty()) {
        error = "unexpected end of the record's XML";
        return false;
    }
    return true;
}

const evtx_json::element* evtx_json::child(const element& e,
                                           std::string_view name) const {
    for (std::size_t index : e.children)
        if (m_elements[index].name == name)
            return &m_elements[index];
    return nullptr;
}

std::uint64_t evtx_json::record_id() const {
    const element* system = m_used ? child(m_elements[0], "System") : nullptr;
    const element* id = system ? child(*system, "EventRecordID") : nullptr;
    std::uint64_t value = 0;
    for (char c : id ? id->text : std::string_view()) {
        if (c < '0' || c > '9' || value > (~std::uint64_t(0)) / 10 - 9)
            return 0;
        value = value * 10 + std::uint64_t(c - '0');
    }
    return value;
}

std::string_view evtx_json::attribute_value(const element& e,
                                            std::string_view name) const {
    for (std::size_t i = 0; i < e.attributes; ++i)
        if (m_attributes[e.first_attribute + i].name == name)
            return m_attributes[e.first_attribute + i].value;
    return {};
}

void evtx_json::write_attributes(const element& e, std::string& out) const {
    out += "\"#attributes\":{";
    for (std::size_t i = 0; i < e.attributes; ++i) {
        const attribute& a = m_attributes[e.first_attribute + i];
        if (i)
            out += ',';
        write_json_string(a.name, false, out);
        out += ':';
        write_json_string(a.value, true, out);
    }
    out += '}';
}

void evtx_json::write(const element& e, std::string& out) const {
    if (e.attributes == 0 && e.children.empty()) {
        if (e.text.empty())
            out += "null";
        else
            write_json_string(e.text, true, out);
        return;
    }

    out += '{';
    bool first = true;
    if (e.attributes) {
        write_attributes(e, out);
        first = false;
    }
    for (std::size_t index : e.children) {
        const element& child = m_elements[index];
        if (!first)
            out += ',';
        first = false;
        write_json_string(child.name, false, out);
        out += ':';
        if (child.name == "EventData")
            write_event_data(child, out);
        else
            write(child, out);
    }
    if (!blank(e.text)) {
        if (!first)
            out += ',';
        out += "\"#text\":";
        write_json_string(e.text, true, out);
    }
    out += '}';
}

// <Data Name="Image">C:\x.exe</Data> as "Image":"C:\\x.exe"; a Data with
// no name keeps the key "Data".
void evtx_json::write_event_data(const element& e, std::string& out) const {
    out += '{';
    bool first = true;
    for (std::size_t index : e.children) {
        const element& child = m_elements[index];
        if (!first)
            out += ',';
        first = false;
        const std::string_view name = attribute_value(child, "Name");
        if (child.name == "Data" && child.children.empty()) {
            write_json_string(name.empty() ? child.name : name, true, out);
            out += ':';
            write_json_string(child.text, true, out);
        } else {
            write_json_string(child.name, false, out);
            out += ':';
            write(child, out);
        }
    }
    out += '}';
}

bool evtx_json::render(std::string_view xml, std::string& out,
                       std::string& error) {
    if (!parse(xml, error))
        return false;
    out += '{';
    write_json_string(m_elements[0].name, false, out);
    out += ':';
    write(m_elements[0], out);
    out += '}';
    return true;
}

} // namespace carl::detail
