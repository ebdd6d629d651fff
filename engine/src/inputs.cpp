// Substituting input values into the syntax tree, for inputs.hpp.
#include "inputs.hpp"

namespace carl {
namespace {

void substitute(ast::expr& e, const std::map<std::string, std::string>& bound) {
    if (e.kind == ast::expr_kind::field && e.path.size() == 1) {
        auto found = bound.find(e.path[0]);
        if (found != bound.end()) {
            e.kind = ast::expr_kind::string;
            e.text = found->second;
            e.path.clear();
            return;
        }
    }
    for (auto& child : e.children)
        substitute(*child, bound);
}

void substitute(ast::statement& s,
                const std::map<std::string, std::string>& bound) {
    for (auto* e : {s.condition.get(), s.value.get()})
        if (e)
            substitute(*e, bound);
    for (auto& key : s.keys)
        substitute(*key, bound);
    for (auto& item : s.items)
        substitute(*item.value, bound);
}

} // namespace

void bind_inputs(ast::program& tree,
                 const std::map<std::string, std::string>& values,
                 const source& code, std::vector<diagnostic>& out) {
    std::map<std::string, std::string> bound;
    for (ast::statement& s : tree.statements) {
        if (s.kind != ast::statement_kind::input) {
            if (!bound.empty())
                substitute(s, bound);
            continue;
        }
        auto found = values.find(s.target.text);
        // An input with no value is reported here, and reads as "" so that
        // its uses add no errors of their own.
        bound[s.target.text] = found != values.end() ? found->second : "";
        if (found != values.end())
            continue;
        out.push_back(code.make(severity::error, s.target.where.offset,
                                s.target.where.length,
                                "input '" + s.target.text +
                                    "' has no value: give one as a parameter "
                                    "(carl hunt --param " +
                                    s.target.text + "=VALUE)"));
    }
}

} // namespace carl
