// The AST printer used by the tests and by debugging tools.
#include "grammar/ast_printer.hpp"

namespace carl::grammar {

namespace {

const char* op_name(ast::compare_op op) {
    switch (op) {
    case ast::compare_op::eq:
        return "==";
    case ast::compare_op::ne:
        return "!=";
    case ast::compare_op::lt:
        return "<";
    case ast::compare_op::le:
        return "<=";
    case ast::compare_op::gt:
        return ">";
    case ast::compare_op::ge:
        return ">=";
    }
    return "?";
}

// The name of a node with children, as its first word.
const char* head(const ast::expr& e) {
    switch (e.kind) {
    case ast::expr_kind::logical_and:
        return "and";
    case ast::expr_kind::logical_or:
        return "or";
    case ast::expr_kind::logical_not:
        return "not";
    case ast::expr_kind::compare:
        return op_name(e.op);
    case ast::expr_kind::in_list:
        return e.negated ? "not-in" : "in";
    case ast::expr_kind::match:
        return "match";
    case ast::expr_kind::contains:
        return "contains";
    case ast::expr_kind::exists:
        return "exists";
    default:
        return "?";
    }
}

void quote(const std::string& text, std::string& out) {
    out += '"';
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

void span_suffix(ast::span s, print_spans spans, std::string& out) {
    if (spans == print_spans::yes)
        out += "@" + std::to_string(s.offset) + "+" + std::to_string(s.length);
}

void print(const ast::expr& e, print_spans spans, std::string& out) {
    switch (e.kind) {
    case ast::expr_kind::field:
        for (std::size_t i = 0; i < e.path.size(); ++i)
            out += (i ? "." : "") + e.path[i];
        break;
    case ast::expr_kind::string:
        quote(e.text, out);
        break;
    case ast::expr_kind::number:
        out += e.text;
        break;
    case ast::expr_kind::null:
        out += "null";
        break;
    case ast::expr_kind::list:
        out += '[';
        for (std::size_t i = 0; i < e.children.size(); ++i) {
            out += i ? ", " : "";
            print(*e.children[i], spans, out);
        }
        out += ']';
        break;
    default:
        out += '(';
        out += head(e);
        for (const auto& child : e.children) {
            out += ' ';
            print(*child, spans, out);
        }
        out += ')';
        break;
    }
    span_suffix(e.where, spans, out);
}

void print(const ast::name& n, print_spans spans, std::string& out) {
    out += n.text;
    span_suffix(n.where, spans, out);
}

void print(const ast::statement& s, print_spans spans, std::string& out) {
    switch (s.kind) {
    case ast::statement_kind::search:
        out += "(search ";
        print(s.target, spans, out);
        for (const auto& t : s.types) {
            out += ' ';
            print(t.object, spans, out);
            out += ':';
            print(t.action, spans, out);
        }
        break;
    case ast::statement_kind::filter:
        out += "(filter ";
        print(s.target, spans, out);
        break;
    case ast::statement_kind::output:
        out += "(output";
        break;
    default:
        // TODO(#3): print the statements of issue 3.
        out += "(?";
        break;
    }
    for (const auto& source : s.sources) {
        out += ' ';
        print(source, spans, out);
    }
    if (s.condition) {
        out += ' ';
        print(*s.condition, spans, out);
    }
    out += ')';
    span_suffix(s.where, spans, out);
}

} // namespace

std::string to_string(const ast::expr& e, print_spans spans) {
    std::string out;
    print(e, spans, out);
    return out;
}

std::string to_string(const ast::program& p, print_spans spans) {
    std::string out;
    for (const auto& s : p.statements) {
        print(s, spans, out);
        out += '\n';
    }
    return out;
}

} // namespace carl::grammar
