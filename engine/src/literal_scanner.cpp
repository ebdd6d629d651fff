// The Hyperscan scan of literal_scanner.hpp: every literal compiled into one
// block-mode database, each reported once.
#include "literal_scanner.hpp"

#include "raw_marks.hpp"

#include <hs.h>

#include <limits>

namespace carl {
namespace {

// The pattern after the literals when escapes are asked for, matched
// exactly and reported at every place.
constexpr std::string_view unicode_escape = "\\u";

struct scan_context {
    std::string_view text;
    literal_hits* hits;
    std::uint32_t literals;
    bool escape = false;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned,
             void* context) {
    scan_context& c = *static_cast<scan_context*>(context);
    if (id < c.literals)
        (*c.hits)[id / 64] |= std::uint64_t(1) << (id % 64);
    else
        c.escape = c.escape || escape_at(c.text, std::size_t(to) - 2);
    return 0;
}

void free_database(const hs_database* database) {
    hs_free_database(const_cast<hs_database*>(database));
}

} // namespace

literal_scanner::literal_scanner(std::vector<std::string> literals,
                                 bool escapes)
    : m_size(literals.size()), m_escapes(escapes) {
    if (literals.empty() && !escapes)
        return;

    // Hyperscan takes literals as pointer and length, ids by position.
    std::vector<const char*> text;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> ids;
    for (const std::string& literal : literals) {
        text.push_back(literal.data());
        lengths.push_back(literal.size());
        ids.push_back(unsigned(ids.size()));
    }
    std::vector<unsigned> flags(literals.size(),
                                HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    if (escapes) {
        text.push_back(unicode_escape.data());
        lengths.push_back(unicode_escape.size());
        ids.push_back(unsigned(ids.size()));
        flags.push_back(0);
    }
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(text.data(), flags.data(), ids.data(),
                             lengths.data(), unsigned(ids.size()),
                             HS_MODE_BLOCK, nullptr, &database,
                             &error) != HS_SUCCESS) {
        hs_free_compile_error(error);
        m_ok = false;
        return;
    }
    m_database.reset(database, free_database);
}

literal_scanner::scratch::~scratch() {
    hs_free_scratch(m_space);
}

literal_scanner::scratch::scratch(scratch&& other) noexcept
    : m_space(other.m_space) {
    other.m_space = nullptr;
}

literal_scanner::scratch&
literal_scanner::scratch::operator=(scratch&& other) noexcept {
    std::swap(m_space, other.m_space);
    return *this;
}

bool literal_scanner::prepare(scratch& s) const {
    if (!m_database)
        return m_ok;
    return hs_alloc_scratch(m_database.get(), &s.m_space) == HS_SUCCESS;
}

bool literal_scanner::scan(std::string_view text, literal_hits& hits,
                           scratch& s, bool* escape) const {
    hits.assign((m_size + 63) / 64, 0);
    if (escape)
        *escape = false;
    if (!m_database)
        return m_ok && !(escape && m_escapes);
    if (text.size() > std::numeric_limits<unsigned>::max())
        return false;
    scan_context context{text, &hits, std::uint32_t(m_size)};
    const bool ran =
        hs_scan(m_database.get(), text.data(), unsigned(text.size()), 0,
                s.m_space, on_match, &context) == HS_SUCCESS;
    if (escape)
        *escape = context.escape;
    return ran;
}

bool literal_scanner::any(const literal_hits& hits) {
    for (std::uint64_t bits : hits)
        if (bits)
            return true;
    return false;
}

} // namespace carl
