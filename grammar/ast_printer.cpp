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

const char* arith_name(ast::arith_op op) {
    switch (op) {
    case ast::arith_op::add:
        return "+";
    case ast::arith_op::sub:
        return "-";
    case ast::arith_op::mul:
        return "*";
    case ast::arith_op::div:
        return "/";
    }
    return "?";
}

const char* statement_name(ast::statement_kind kind) {
    using ast::statement_kind;
    switch (kind) {
    case statement_kind::search:
        return "search";
    case statement_kind::filter:
        return "filter";
    case statement_kind::output:
        return "output";
    case statement_kind::join:
        return "join";
    case statement_kind::group:
        return "group";
    case statement_kind::select:
        return "select";
    case statement_kind::aggregate:
        return "aggregate";
    case statement_kind::difference:
        return "difference";
    case statement_kind::compute:
        return "compute";
    case statement_kind::derive:
        return "derive";
    case statement_kind::list:
        return "list";
    case statement_kind::input:
        return "input";
    case statement_kind::run:
        return "run";
    case statement_kind::implicit_filter:
        return "implicit-filter";
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
    case ast::expr_kind::arithmetic:
        return arith_name(e.arith);
    case ast::expr_kind::call:
        return "call";
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
    case ast::expr_kind::now:
        out += "now";
        break;
    case ast::expr_kind::duration:
        out += "(duration " + e.text + ")";
        break;
    case ast::expr_kind::cidr:
        out += "(cidr " + e.text + ")";
        break;
    case ast::expr_kind::call:
        out += "(" + e.text;
        for (const auto& child : e.children) {
            out += ' ';
            print(*child, spans, out);
        }
        out += ')';
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
    out += '(';
    out += statement_name(s.kind);
    if (!s.target.text.empty()) {
        out += ' ';
        print(s.target, spans, out);
    }
    if (!s.field.text.empty()) {
        out += '.';
        print(s.field, spans, out);
    }
    if (!s.function.text.empty()) {
        out += ' ';
        print(s.function, spans, out);
    }
    if (!s.analytic.text.empty()) {
        out += " Analytic:";
        print(s.analytic, spans, out);
    }
    for (const auto& t : s.types) {
        out += ' ';
        print(t.object, spans, out);
        if (t.action.text.empty())
            continue;
        out += ':';
        print(t.action, spans, out);
    }
    for (const auto& source : s.sources) {
        out += ' ';
        print(source, spans, out);
    }
    for (const auto& item : s.items) {
        out += ' ';
        print(*item.value, spans, out);
        if (!item.alias.text.empty()) {
            out += " as ";
            print(item.alias, spans, out);
        }
    }
    if (s.value) {
        out += ' ';
        print(*s.value, spans, out);
    }
    if (!s.keys.empty())
        out += " by";
    for (const auto& key : s.keys) {
        out += ' ';
        print(*key, spans, out);
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
