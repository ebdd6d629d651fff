// carl::parse: runs the grammar over a source's code and reports the first
// syntax error as a diagnostic pointing into the user's file.
#include "carl/parse.hpp"

#include "grammar/actions.hpp"
#include "grammar/builder.hpp"
#include "grammar/errors.hpp"
#include "grammar/rules.hpp"
#include "grammar/syntax_error.hpp"

#include <tao/pegtl.hpp>

namespace carl {

namespace {

// Larger blocks are refused before parsing; no CAR analytic comes near.
constexpr std::size_t max_code_size = std::size_t{1} << 20;

// An error found at the end of the input is shown just after the last token,
// on its line, rather than on a line after the block.
std::size_t after_last_token(std::string_view code, std::size_t offset) {
    if (offset < code.size())
        return offset;
    while (offset > 0) {
        const char c = code[offset - 1];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            break;
        --offset;
    }
    return offset;
}

diagnostic to_diagnostic(const source& src, const grammar::syntax_error& e) {
    const auto offset = after_last_token(src.code(), e.offset);
    auto d = src.make(severity::error, offset, e.length, e.message);
    for (const auto& n : e.notes)
        d.notes.push_back(
            src.make(severity::note, n.offset, n.length, n.message));
    return d;
}

} // namespace

parse_result parse(const source& src) {
    parse_result result;
    const std::string& code = src.code();
    grammar::builder b(code);
    const auto add_warnings = [&] {
        for (const auto& w : b.warnings())
            result.diagnostics.push_back(
                src.make(severity::warning, w.offset, w.length, w.message));
    };
    try {
        if (code.size() > max_code_size) {
            result.diagnostics.push_back(src.make(
                severity::error, 0, 0,
                "pseudocode too large: " + std::to_string(code.size()) +
                    " bytes, the limit is " + std::to_string(max_code_size)));
            return result;
        }
        tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(
            code.data(), code.size(), src.path());
        const bool parsed = tao::pegtl::parse<grammar::program, grammar::action,
                                              grammar::control>(in, b);
        add_warnings();
        if (!parsed) {
            // `program` ends in must<eof>, so this is a grammar bug.
            result.diagnostics.push_back(src.make(
                severity::error, 0, 0, "internal error: the parse stopped"));
            return result;
        }
        result.program = b.take_program();
    } catch (const grammar::syntax_error& e) {
        add_warnings();
        result.diagnostics.push_back(to_diagnostic(src, e));
    } catch (const std::exception& e) {
        // Only an exhausted allocator or a bug in the grammar gets here.
        result.diagnostics.push_back(
            src.make(severity::error, 0, 0,
                     std::string("internal error while parsing: ") + e.what()));
    } catch (...) {
        result.diagnostics.push_back(
            src.make(severity::error, 0, 0, "internal error while parsing"));
    }
    return result;
}

} // namespace carl
