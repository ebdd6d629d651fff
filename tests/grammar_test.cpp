// Tests of the grammar (grammar/): accepted programs against their printed
// AST, rejected ones against their whole rendered diagnostics.
#include "carl/parse.hpp"
#include "grammar/ast_printer.hpp"
#include "grammar/rules.hpp"

#include <doctest/doctest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <string>
#include <string_view>

namespace {

using carl::grammar::print_spans;

// The printed AST, or the rendered diagnostics when parsing fails.
std::string parsed(std::string code, print_spans spans = print_spans::no) {
    const auto src = carl::source::from_file_text("t.car", std::move(code));
    const auto r = carl::parse(src);
    if (!r.ok()) {
        std::string out;
        for (const auto& d : r.diagnostics)
            out += carl::render(d);
        return out;
    }
    return carl::grammar::to_string(r.program, spans);
}

// Whether a string that opened with `quote` ends before `next`: the rule for
// `\"` in the grammar.
bool closes_string(std::string_view rest) {
    return rest.empty() || rest[0] == ' ' || rest[0] == '\t' ||
           rest[0] == ')' || rest[0] == ']' || rest[0] == '\r' ||
           rest[0] == '\n';
}

// `code` with every space inside brackets, outside strings, turned into a
// line break and a tab (the falco parser re-test).
std::string spread_out(std::string_view code) {
    std::string out;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (quote) {
            out += c;
            const bool escape = c == '\\' && i + 1 < code.size();
            if (escape &&
                (code[i + 1] == '\\' || (code[i + 1] == quote &&
                                         !closes_string(code.substr(i + 2))))) {
                out += code[++i];
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'')
            quote = c;
        else if (c == '(' || c == '[')
            ++depth;
        else if (c == ')' || c == ']')
            --depth;
        out += c == ' ' && depth > 0 ? std::string("\n\t") : std::string(1, c);
    }
    return out;
}

struct accepted_case {
    const char* code;
    const char* ast;
};

// Programs the grammar accepts, and their AST.
const accepted_case accepted[] = {
    // Statements.
    {"processes = search Process:Create\n"
     "procdump_lsass = filter processes where (\n"
     "  exe = \"procdump*.exe\"  and\n"
     "  command_line = \"*lsass*\")\n"
     "output procdump_lsass\n",
     "(search processes Process:Create)\n"
     "(filter procdump_lsass processes (and (== exe \"procdump*.exe\") "
     "(== command_line \"*lsass*\")))\n"
     "(output procdump_lsass)\n"},
    {"x = search process:create", "(search x process:create)\n"},
    {"x = SEARCH UserSession : Login", "(search x UserSession:Login)\n"},
    {"x = Search user_session:login\n", "(search x user_session:login)\n"},
    {"output a, b ,c", "(output a b c)\n"},
    {"OUTPUT a", "(output a)\n"},
    {"", ""},
    {"\n  \n\t\n", ""},
    {"\n\n  a = search P:C  \n\n   output a\n\n",
     "(search a P:C)\n(output a)\n"},
    {"a = search P:C\r\noutput a\r\n", "(search a P:C)\n(output a)\n"},
    {"a\t=\tsearch\tP:C", "(search a P:C)\n"},

    // Filters with and without outer parentheses.
    {"x = filter p where a == 1", "(filter x p (== a 1))\n"},
    {"x = filter p where (a == 1)", "(filter x p (== a 1))\n"},
    {"x = FILTER p WHERE(a==1)", "(filter x p (== a 1))\n"},
    {"x = filter p where ((a == 1))", "(filter x p (== a 1))\n"},
    {"x = filter p where (a == 1) and (b == 2)",
     "(filter x p (and (== a 1) (== b 2)))\n"},
    {"x = filter p where (a == 1)AND(b == 2)",
     "(filter x p (and (== a 1) (== b 2)))\n"},

    // Comparison operators.
    {"x = filter p where a = 1 and b != 2 and c < 3 and d <= 4 and e > 5 "
     "and f >= 6",
     "(filter x p (and (== a 1) (!= b 2) (< c 3) (<= d 4) (> e 5) "
     "(>= f 6)))\n"},
    {"x = filter p where a=\"1\"", "(filter x p (== a \"1\"))\n"},
    {"x = filter p where protocol == smb.setup",
     "(filter x p (== protocol smb.setup))\n"},
    {"x = filter p where \"445\" == dest_port",
     "(filter x p (== \"445\" dest_port))\n"},

    // Precedence: not > comparison > and > or.
    {"x = filter p where a == 1 or b == 2 and c == 3 or d == 4",
     "(filter x p (or (== a 1) (and (== b 2) (== c 3)) (== d 4)))\n"},
    {"x = filter p where (a == 1 or b == 2) and c == 3",
     "(filter x p (and (or (== a 1) (== b 2)) (== c 3)))\n"},
    {"x = filter p where not a == 1 and b == 2",
     "(filter x p (and (not (== a 1)) (== b 2)))\n"},
    {"x = filter p where not not a == 1",
     "(filter x p (not (not (== a 1))))\n"},
    {"x = filter p where NOT (a == 1 Or b == 2)",
     "(filter x p (not (or (== a 1) (== b 2))))\n"},
    {"x = filter p where (a == 1 and b == 2) and c == 3",
     "(filter x p (and (and (== a 1) (== b 2)) (== c 3)))\n"},

    // Predicates.
    {"x = filter p where a in [\"x\", 'y', 3, 0x1F, 1.5]",
     "(filter x p (in a [\"x\", \"y\", 3, 0x1F, 1.5]))\n"},
    {"x = filter p where a NOT IN [1] and b Not In []",
     "(filter x p (and (not-in a [1]) (not-in b [])))\n"},
    {"x = filter p where a in [\n  \"x\",\n  \"y\"\n]",
     "(filter x p (in a [\"x\", \"y\"]))\n"},
    {"x = filter p where command_line Match \"-R .* -pw\"",
     "(filter x p (match command_line \"-R .* -pw\"))\n"},
    {"x = filter p where command_line CONTAINS(\"*x*\")",
     "(filter x p (contains command_line \"*x*\"))\n"},
    {"x = filter p where command_line contains ( 'x' )",
     "(filter x p (contains command_line \"x\"))\n"},
    {"x = filter p where parent_exe exists and a == 1",
     "(filter x p (and (exists parent_exe) (== a 1)))\n"},
    {"x = filter p where parent_exe EXISTS",
     "(filter x p (exists parent_exe))\n"},
    {"x = filter p where signer == null or signer != NULL",
     "(filter x p (or (== signer null) (!= signer null)))\n"},

    // Fields.
    {"x = filter p where a.b.c == 1", "(filter x p (== a.b.c 1))\n"},
    {"x = filter p where [log_name] == \"x\"",
     "(filter x p (== log_name \"x\"))\n"},
    {"x = filter p where [ a.b ] == 1", "(filter x p (== a.b 1))\n"},
    {"x = filter p where _a1 == 1", "(filter x p (== _a1 1))\n"},

    // Keywords only as whole words.
    {"x = filter p where order == 1 and android == 2 or nothing == 3",
     "(filter x p (or (and (== order 1) (== android 2)) (== nothing 3)))\n"},
    {"x = filter p where index == 1 and matches == 2 and existsx == 3 and "
     "nullable == 4 and wherever == 5 and outputs == 6",
     "(filter x p (and (== index 1) (== matches 2) (== existsx 3) "
     "(== nullable 4) (== wherever 5) (== outputs 6)))\n"},
    {"searches = search P:C\noutputs = search P:C",
     "(search searches P:C)\n(search outputs P:C)\n"},

    // Line continuation after and/or; line breaks inside brackets.
    {"x = filter p where a == 1 and\n  b == 2 or\n  c == 3\noutput x",
     "(filter x p (or (and (== a 1) (== b 2)) (== c 3)))\n(output x)\n"},
    {"x = filter p where (\n a == 1\n and\n b == 2\n )",
     "(filter x p (and (== a 1) (== b 2)))\n"},

    // Numbers.
    {"x = filter p where a > -1 and b == 0X00ff and c == 10.25",
     "(filter x p (and (> a -1) (== b 0X00ff) (== c 10.25)))\n"},

    // Strings, printed with `"` and `\` escaped.
    {"x = filter p where a == 'say \"hi\"'",
     "(filter x p (== a \"say \\\"hi\\\"\"))\n"},
    {"x = filter p where a == \"C:\\Windows\\*\"",
     "(filter x p (== a \"C:\\\\Windows\\\\*\"))\n"},
    {"x = filter p where (a == \"C:\\\")", "(filter x p (== a \"C:\\\\\"))\n"},
    {"x = filter p where a == \"\xc3\xa9*\"",
     "(filter x p (== a \"\xc3\xa9*\"))\n"},

    // Search targets.
    {"x = search Process", "(search x Process)\n"},
    {"x = search Process:*", "(search x Process:*)\n"},
    {"x = search File:Create,Modify", "(search x File:Create File:Modify)\n"},
    {"x = search (Registry:Add OR Registry:Edit)",
     "(search x Registry:Add Registry:Edit)\n"},
    {"x = search Registry:add or Registry:edit",
     "(search x Registry:add Registry:edit)\n"},
    {"x = search P:C where (a == 1)", "(search x P:C (== a 1))\n"},

    // Filter variants.
    {"x = filter (a == 1)", "(filter x (== a 1))\n"},
    {"x = filter p (where a == 1)", "(filter x p (== a 1))\n"},
    {"x = filter p (a == 1)", "(filter x p (== a 1))\n"},

    // Statements over streams and values.
    {"x = join a, b", "(join x a b)\n"},
    {"x = join (a, b) where (a.pid == b.ppid)",
     "(join x a b (== a.pid b.ppid))\n"},
    {"x = group a, b by h, p", "(group x a b by h p)\n"},
    {"x = from a select min(time) as t0, count(user), exe",
     "(select x a (min time) as t0 (count user) exe)\n"},
    {"x = count(p) by exe", "(aggregate x count p by exe)\n"},
    {"x = max(p.time)", "(aggregate x max p.time)\n"},
    {"a = search P:C\nb = search P:C\nx = a - b",
     "(search a P:C)\n(search b P:C)\n(difference x a b)\n"},
    {"x = avg - stdev * 1.5", "(compute x (- avg (* stdev 1.5)))\n"},
    {"s.file_name = s.proto_info.file_name",
     "(derive s.file_name s.proto_info.file_name)\n"},
    {"x = [\"a\", 'b', 3]", "(list x [\"a\", \"b\", 3])\n"},
    {"input host", "(input host)\n"},
    {"return x", "(output x)\n"},
    {"output (a, b)", "(output a b)\n"},
    {"x = run Analytic:CAR-2013-05-003",
     "(run x Analytic:CAR-2013-05-003)\n"},
    {"[a] == 1", "(implicit-filter (== a 1))\n"},
    {"a == 1 AND\nb in [2]", "(implicit-filter (and (== a 1) (in b [2])))\n"},

    // Expressions.
    {"x = filter p where a < b < c",
     "(filter x p (and (< a b) (< b c)))\n"},
    {"x = filter p where t < now - 1 day",
     "(filter x p (< t (- now (duration 1 day))))\n"},
    {"x = filter p where a == 1sec or b <= 2 hours",
     "(filter x p (or (== a (duration 1sec)) (<= b (duration 2 hours))))\n"},
    {"x = filter p where a includes one of [*x*, \"y\"]",
     "(filter x p (in a [\"*x*\", \"y\"]))\n"},
    {"x = filter p where a does not contain [\"y\"]",
     "(filter x p (not-in a [\"y\"]))\n"},
    {"x = filter p where a not in l and b NOT IN TOP30(b)",
     "(filter x p (and (not-in a l) (not-in b (TOP30 b))))\n"},
    {"x = filter p where a.matches(\"^x\")",
     "(filter x p (match a \"^x\"))\n"},
    {"x = filter p where a = *x* and b = C:\\W\\n.exe and c=svc.exe",
     "(filter x p (and (== a \"*x*\") (== b \"C:\\\\W\\\\n.exe\") "
     "(== c \"svc.exe\")))\n"},
    {"x = filter p where a in [10.0.0.0/8, fe80::/10] or b == 1.2.3.4/32",
     "(filter x p (or (in a [(cidr 10.0.0.0/8), (cidr fe80::/10)]) "
     "(== b (cidr 1.2.3.4/32))))\n"},
    {"x = filter p where a == \"%windir%\\x\" and b CONTAINS(*y*)",
     "(filter x p (and (== a \"%windir%\\\\x\") (contains b \"*y*\")))\n"},

    // Lexical repairs (each also warns).
    {"x = filter p where exe = \xe2\x80\x9dx\xe2\x80\x9d",
     "(filter x p (== exe \"x\"))\n"},
    {"x = filter p where a match \"b{{pipe}}c\" and d == \"e\xe2\x80\x93"
     "f\"",
     "(filter x p (and (match a \"b|c\") (== d \"e-f\")))\n"},
};

struct rejected_case {
    const char* code;
    const char* diagnostics;
};

// Programs the grammar rejects, and everything it says about them.
const rejected_case rejected[] = {
    {"x = filter p where (a == 1",
     "t.car:1:20: error: unclosed '('\n"
     "    1 | x = filter p where (a == 1\n"
     "      |                    ^\n"
     "t.car:1:27: note: missing ')' before end of input?\n"
     "    1 | x = filter p where (a == 1\n"
     "      |                           ^\n"},
    {"x = filter p where (a == 1\n\noutput x\n",
     "t.car:1:20: error: unclosed '('\n"
     "    1 | x = filter p where (a == 1\n"
     "      |                    ^\n"
     "t.car:1:27: note: missing ')' before 'output'?\n"
     "    1 | x = filter p where (a == 1\n"
     "      |                           ^\n"},
    {"x = filter p where (a == 1 b == 2)",
     "t.car:1:28: error: expected ')', found 'b'\n"
     "    1 | x = filter p where (a == 1 b == 2)\n"
     "      |                            ^\n"
     "t.car:1:20: note: to match this '('\n"
     "    1 | x = filter p where (a == 1 b == 2)\n"
     "      |                    ^\n"
     "t.car:1:28: note: missing 'and' or 'or' before this?\n"
     "    1 | x = filter p where (a == 1 b == 2)\n"
     "      |                            ^\n"},
    {"x = filter p where ((a == 1) or (b == 2)\noutput x",
     "t.car:1:20: error: unclosed '('\n"
     "    1 | x = filter p where ((a == 1) or (b == 2)\n"
     "      |                    ^\n"
     "t.car:1:41: note: missing ')' before 'output'?\n"
     "    1 | x = filter p where ((a == 1) or (b == 2)\n"
     "      |                                         ^\n"},
    {"x = filter p where a == \"abc\noutput x",
     "t.car:1:25: error: unterminated string\n"
     "    1 | x = filter p where a == \"abc\n"
     "      |                         ^~~~\n"},
    {"x = filter p where a == 'abc", "t.car:1:25: error: unterminated string\n"
                                     "    1 | x = filter p where a == 'abc\n"
                                     "      |                         ^~~~\n"},
    {"output a b", "t.car:1:10: error: expected end of line, found 'b'\n"
                   "    1 | output a b\n"
                   "      |          ^\n"},
    {"x search P:C", "t.car:1:3: error: expected '=', found 'search'\n"
                     "    1 | x search P:C\n"
                     "      |   ^~~~~~\n"},
    {")", "t.car:1:1: error: expected a statement, found ')'\n"
          "    1 | )\n"
          "      | ^\n"
          "t.car:1:1: note: no '(' is open here\n"
          "    1 | )\n"
          "      | ^\n"},
    {"x = filter p where (a == 1))",
     "t.car:1:28: error: expected end of line, found ')'\n"
     "    1 | x = filter p where (a == 1))\n"
     "      |                            ^\n"
     "t.car:1:27: note: the last '(' was closed here: is one of these ')' "
     "one too many?\n"
     "    1 | x = filter p where (a == 1))\n"
     "      |                           ^\n"},
    {"x = from p select min(t) as a max(t) as b",
     "t.car:1:31: error: expected end of line, found 'max'\n"
     "    1 | x = from p select min(t) as a max(t) as b\n"
     "      |                               ^~~\n"
     "t.car:1:31: note: missing ',' before this?\n"
     "    1 | x = from p select min(t) as a max(t) as b\n"
     "      |                               ^~~\n"},
    {"x = search Process:",
     "t.car:1:20: error: expected an action name or '*', found end of "
     "input\n"
     "    1 | x = search Process:\n"
     "      |                    ^\n"},
    {"x = search\noutput x",
     "t.car:1:11: error: expected an object:action such as "
     "'Process:Create', found end of line\n"
     "    1 | x = search\n"
     "      |           ^\n"},
    {"x = filter p where",
     "t.car:1:19: error: expected a condition, found end of input\n"
     "    1 | x = filter p where\n"
     "      |                   ^\n"},
    {"x = filter p where a ==",
     "t.car:1:24: error: expected a value, found end of input\n"
     "    1 | x = filter p where a ==\n"
     "      |                        ^\n"},
    {"x = filter p where a \"x\"",
     "t.car:1:22: error: expected a comparison operator, found \"x\"\n"
     "    1 | x = filter p where a \"x\"\n"
     "      |                      ^~~\n"},
    {"x = filter p where a not \"x\"",
     "t.car:1:26: error: expected 'in', found \"x\"\n"
     "    1 | x = filter p where a not \"x\"\n"
     "      |                          ^~~\n"},
    {"x = filter p where a in 1", "t.car:1:25: error: expected a list or a field, found "
                                  "'1'\n"
                                  "    1 | x = filter p where a in 1\n"
                                  "      |                         ^\n"},
    {"x = filter p where a in [1 2]",
     "t.car:1:28: error: expected ',' or ']', found '2'\n"
     "    1 | x = filter p where a in [1 2]\n"
     "      |                            ^\n"},
    {"x = filter p where a in [x]",
     "t.car:1:26: error: expected a string or a number, found 'x'\n"
     "    1 | x = filter p where a in [x]\n"
     "      |                          ^\n"},
    {"x = filter p where a in [1,",
     "t.car:1:28: error: expected a string or a number, found end of input\n"
     "    1 | x = filter p where a in [1,\n"
     "      |                            ^\n"},
    {"x = filter p where a match b",
     "t.car:1:28: error: expected a string, found 'b'\n"
     "    1 | x = filter p where a match b\n"
     "      |                            ^\n"},
    {"x = filter p where a contains \"x\"",
     "t.car:1:31: error: expected '(', found \"x\"\n"
     "    1 | x = filter p where a contains \"x\"\n"
     "      |                               ^~~\n"},
    {"x = filter p where a contains(\"x\"",
     "t.car:1:30: error: unclosed '('\n"
     "    1 | x = filter p where a contains(\"x\"\n"
     "      |                              ^\n"
     "t.car:1:34: note: missing ')' before end of input?\n"
     "    1 | x = filter p where a contains(\"x\"\n"
     "      |                                  ^\n"},
    {"x = filter p where a. == 1",
     "t.car:1:23: error: expected a field name, found '=='\n"
     "    1 | x = filter p where a. == 1\n"
     "      |                       ^~\n"},
    {"x = filter p where [a == 1",
     "t.car:1:23: error: expected ']', found '=='\n"
     "    1 | x = filter p where [a == 1\n"
     "      |                       ^~\n"},
    {"x = filter p where a == 1parsec",
     "t.car:1:25: error: expected a value, found '1parsec'\n"
     "    1 | x = filter p where a == 1parsec\n"
     "      |                         ^~~~~~~\n"},
    {"x = filter p where a == 0x1FFFFFFFFFFFFFFFFF",
     "t.car:1:25: error: number '0x1FFFFFFFFFFFFFFFFF' is out of range\n"
     "    1 | x = filter p where a == 0x1FFFFFFFFFFFFFFFFF\n"
     "      |                         ^~~~~~~~~~~~~~~~~~~~\n"},
    {"x = filter p where a == 1\n  and b == 2",
     "t.car:2:3: error: expected a statement, found 'and'\n"
     "    2 |   and b == 2\n"
     "      |   ^~~\n"
     "t.car:1:26: note: a statement goes on to the next line only after "
     "'and', 'or' or an open '('\n"
     "    1 | x = filter p where a == 1\n"
     "      |                          ^\n"},
    {"x = filter p where a\n == 1",
     "t.car:1:21: error: expected a comparison operator, found end of line\n"
     "    1 | x = filter p where a\n"
     "      |                     ^\n"},
    {"x = filter p where a == 1 and )",
     "t.car:1:31: error: expected a condition, found ')'\n"
     "    1 | x = filter p where a == 1 and )\n"
     "      |                               ^\n"},
    {"x = filter p where a == \"\xc3"
     "\xa9"
     "\" b",
     "t.car:1:29: error: expected end of line, found 'b'\n"
     "    1 | x = filter p where a == \"\xc3"
     "\xa9"
     "\" b\n"
     "      |                             ^\n"},
    {"output = search P:C",
     "t.car:1:8: error: expected a name or '(', found '='\n"
                            "    1 | output = search P:C\n"
                            "      |        ^\n"},
    {"x = filter p where a == 1 \x01"
     "",
     "t.car:1:27: error: expected end of line, found '\\x01'\n"
     "    1 | x = filter p where a == 1 \x01"
     "\n"
     "      |                           ^\n"},
    {"x = filter p where a == 1 or",
     "t.car:1:29: error: expected a condition, found end of input\n"
     "    1 | x = filter p where a == 1 or\n"
     "      |                             ^\n"},
    {"x = filter p where not",
     "t.car:1:23: error: expected a condition, found end of input\n"
     "    1 | x = filter p where not\n"
     "      |                       ^\n"},
    {"x = filter and where a == 1",
     "t.car:1:12: error: expected 'where' or '(', found 'and'\n"
     "    1 | x = filter and where a == 1\n"
     "      |            ^~~\n"},
    {"x == search P:C", "t.car:1:6: error: expected a value, found 'search'\n"
                        "    1 | x == search P:C\n"
                        "      |      ^~~~~~\n"},
    {"x = search P:C, Q:D",
     "t.car:1:18: error: expected end of line, found ':'\n"
     "    1 | x = search P:C, Q:D\n"
     "      |                  ^\n"},
    // `\"` before a comma is a quote: the string runs on to the next `"`.
    {"x = filter p where a in [\"C:\\\", \"D:\\\"]",
     "t.car:1:34: error: expected ',' or ']', found 'D'\n"
     "    1 | x = filter p where a in [\"C:\\\", \"D:\\\"]\n"
     "      |                                  ^\n"
     "t.car:1:33: note: this quote opened no string: is a closing quote "
     "missing before it?\n"
     "    1 | x = filter p where a in [\"C:\\\", \"D:\\\"]\n"
     "      |                                 ^\n"},

    // The defects of published analytics, each at its place.
    {"x = filter p where (a != \"b\"\")",
     "t.car:1:29: error: expected ')', found '\"'\n"
     "    1 | x = filter p where (a != \"b\"\")\n"
     "      |                             ^\n"
     "t.car:1:29: note: this quote doubles the one before it\n"
     "    1 | x = filter p where (a != \"b\"\")\n"
     "      |                             ^\n"
     "t.car:1:20: note: to match this '('\n"
     "    1 | x = filter p where (a != \"b\"\")\n"
     "      |                    ^\n"},
    {"a == \"1\"\nb == \"2\"",
     "t.car:2:1: error: expected end of input, found 'b'\n"
     "    2 | b == \"2\"\n"
     "      | ^\n"
     "t.car:1:9: note: missing 'and' or 'or' at the end of this line?\n"
     "    1 | a == \"1\"\n"
     "      |         ^\n"},
    {"x = filter p where (a == C:\\x\" or b == 1)",
     "t.car:1:30: error: expected ')', found '\"'\n"
     "    1 | x = filter p where (a == C:\\x\" or b == 1)\n"
     "      |                              ^\n"
     "t.car:1:26: note: this value ends in a quote: is its opening quote "
     "missing?\n"
     "    1 | x = filter p where (a == C:\\x\" or b == 1)\n"
     "      |                          ^~~~\n"
     "t.car:1:20: note: to match this '('\n"
     "    1 | x = filter p where (a == C:\\x\" or b == 1)\n"
     "      |                    ^\n"},
    {"x = count(p) + 1 by a",
     "t.car:1:21: error: 'by' needs an aggregate such as 'count(...)' before "
     "it\n"
     "    1 | x = count(p) + 1 by a\n"
     "      |                     ^\n"},
    {"x = group p where a == 1",
     "t.car:1:13: error: expected 'by', found 'where'\n"
     "    1 | x = group p where a == 1\n"
     "      |             ^~~~~\n"},
    {"x = run CAR-2013-05-003",
     "t.car:1:9: error: expected 'Analytic', found 'CAR'\n"
     "    1 | x = run CAR-2013-05-003\n"
     "      |         ^~~\n"},
};

} // namespace

TEST_CASE("accepted programs give their AST, also spread over lines") {
    for (const auto& row : accepted) {
        const std::string code = row.code;
        CAPTURE(code);
        CHECK(parsed(row.code) == row.ast);
        const auto spread = spread_out(row.code);
        CAPTURE(spread);
        CHECK(parsed(spread) == row.ast);
    }
}

TEST_CASE("rejected programs give the whole rendered diagnostic") {
    for (const auto& row : rejected) {
        const std::string code = row.code;
        CAPTURE(code);
        CHECK(parsed(row.code) == row.diagnostics);
    }
}

namespace {

// The first node of `kind` in `e`, depth first.
const carl::ast::expr* find(const carl::ast::expr& e,
                            carl::ast::expr_kind kind) {
    if (e.kind == kind)
        return &e;
    for (const auto& child : e.children) {
        if (const auto* found = find(*child, kind))
            return found;
    }
    return nullptr;
}

// The condition of the filter in `code`, which must parse.
carl::parse_result parse_filter(const std::string& condition) {
    auto src = carl::source::from_file_text("t.car",
                                            "x = filter p where " + condition);
    auto r = carl::parse(src);
    REQUIRE(r.ok());
    REQUIRE(r.program.statements.size() == 1);
    return r;
}

struct string_case {
    const char* condition;
    const char* text; // the first string literal's text after escapes
};

const string_case strings[] = {
    {R"(a == "C:\Windows")", R"(C:\Windows)"},
    {R"(a == "C:\\Windows")", R"(C:\Windows)"},
    {R"(a == "\\\\server\share")", R"(\\server\share)"},
    {R"(a == "a\"b")", R"(a"b)"},
    {R"(a == "*.exe\"*cleanmgr*")", R"(*.exe"*cleanmgr*)"},
    {R"(a == "C:\")", R"(C:\)"},
    {R"((a == "C:\"))", R"(C:\)"},
    {R"(a == "C:\" and b == 1)", R"(C:\)"},
    {"a == \"C:\\\"\tand b == 1", R"(C:\)"},
    {R"(a in ["C:\" , "D:\"])", R"(C:\)"},
    {R"(a in ["C:\"])", R"(C:\)"},
    {R"(a == "\\")", R"(\)"},
    {R"(a == "\\\"")", R"(\")"},
    {R"(a match "\d{1,3}\.\d")", R"(\d{1,3}\.\d)"},
    {R"(a == "")", ""},
    {R"(a == "it's")", "it's"},
    {R"(a == 'it\'s')", "it's"},
    {R"(a == 'C:\')", R"(C:\)"},
    {R"(a == 'a\"b')", R"(a\"b)"},
    {R"(a == '"c:\x.exe"*')", R"("c:\x.exe"*)"},
    {"a == \"caf\xc3\xa9\"", "caf\xc3\xa9"},
};

struct number_case {
    const char* literal;
    double value;
};

const number_case numbers[] = {
    {"445", 445},
    {"007", 7},
    {"-3", -3},
    {"1.5", 1.5},
    {"0x1F", 31},
    {"0X001fffff", 0x1fffff},
    {"0xFFFFFFFF", 4294967295.0},
    {"-0x10", -16},
};

struct span_case {
    const char* code;
    const char* ast; // printed with spans
};

const span_case spans[] = {
    {"a = search P:C", "(search a@0+1 P@11+1:C@13+1)@0+14\n"},
    {"output a, b", "(output a@7+1 b@10+1)@0+11\n"},
    {"x = filter p where (a == \"v\" or b in [1, 2])",
     "(filter x@0+1 p@11+1 (or (== a@20+1 \"v\"@25+3)@20+8 "
     "(in b@32+1 [1@38+1, 2@41+1]@37+6)@32+11)@20+23)@0+44\n"},
    {"x = filter p where not [a] exists and c contains ( \"d\" )",
     "(filter x@0+1 p@11+1 (and (not (exists a@23+3)@23+10)@19+14 "
     "(contains c@38+1 \"d\"@51+3)@38+18)@19+37)@0+56\n"},
    {"  x = filter p where a.b\t!= null\n",
     "(filter x@2+1 p@13+1 (!= a.b@21+3 null@28+4)@21+11)@2+30\n"},
};

} // namespace

TEST_CASE("string literals follow the backslash rules") {
    for (const auto& row : strings) {
        const std::string condition = row.condition;
        CAPTURE(condition);
        const auto r = parse_filter(condition);
        const auto* s = find(*r.program.statements[0].condition,
                             carl::ast::expr_kind::string);
        REQUIRE(s);
        CHECK(s->text == row.text);
    }
}

TEST_CASE("number literals keep their text and have their value") {
    for (const auto& row : numbers) {
        const std::string literal = row.literal;
        CAPTURE(literal);
        const auto r = parse_filter("a == " + literal);
        const auto* n = find(*r.program.statements[0].condition,
                             carl::ast::expr_kind::number);
        REQUIRE(n);
        CHECK(n->text == literal);
        CHECK(n->number == row.value);
    }
}

TEST_CASE("every node spans its text") {
    for (const auto& row : spans) {
        const std::string code = row.code;
        CAPTURE(code);
        CHECK(parsed(code, print_spans::yes) == row.ast);
    }
}

TEST_CASE("diagnostics point into the YAML file the block came from") {
    const std::string yaml = "implementations:\n"
                             "  - code: |\n"
                             "      x = filter p where (a == 1\n"
                             "      output x\n"
                             "    type: Pseudocode\n";
    const auto src = carl::source::from_block(
        "analytic.yaml", std::make_shared<const std::string>(yaml),
        "x = filter p where (a == 1\noutput x\n", {{3, 6}, {4, 6}});
    const auto r = carl::parse(src);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(carl::render(r.diagnostics[0]) ==
          "analytic.yaml:3:26: error: unclosed '('\n"
          "    3 |       x = filter p where (a == 1\n"
          "      |                          ^\n"
          "analytic.yaml:3:33: note: missing ')' before 'output'?\n"
          "    3 |       x = filter p where (a == 1\n"
          "      |                                 ^\n");
}

TEST_CASE("nesting is limited, and deep input fails cleanly") {
    const std::string head = "x = filter p where ";
    const auto nested = [&](std::size_t n, const std::string& open,
                            const std::string& close) {
        std::string code = head;
        for (std::size_t i = 0; i < n; ++i)
            code += open;
        code += "a == 1";
        for (std::size_t i = 0; i < n; ++i)
            code += close;
        return code;
    };
    const std::string limit = "expression nested more than 256 levels deep";

    SUBCASE("256 parentheses are accepted") {
        CHECK(carl::parse(
                  carl::source::from_file_text("t.car", nested(256, "(", ")")))
                  .ok());
    }
    SUBCASE("the 257th parenthesis is refused where it stands") {
        const auto r = carl::parse(
            carl::source::from_file_text("t.car", nested(257, "(", ")")));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message == limit);
        CHECK(r.diagnostics[0].where.column == head.size() + 257);
    }
    SUBCASE("a hundred thousand open parentheses") {
        const auto r = carl::parse(
            carl::source::from_file_text("t.car", nested(100000, "(", "")));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message == limit);
    }
    SUBCASE("`not`s count as nesting") {
        const auto r = carl::parse(
            carl::source::from_file_text("t.car", nested(100000, "not ", "")));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message == limit);
        CHECK(r.diagnostics[0].where.column == head.size() + 256 * 4 + 1);
    }
    SUBCASE("long chains of `or` stay flat") {
        std::string code = head + "a == 0";
        for (int i = 1; i < 50000; ++i)
            code += " or a == " + std::to_string(i);
        const auto r = carl::parse(carl::source::from_file_text("t.car", code));
        REQUIRE(r.ok());
        CHECK(r.program.statements[0].condition->children.size() == 50000);
    }
    SUBCASE("calls count as nesting") {
        std::string code = "x = ";
        for (int i = 0; i < 100000; ++i)
            code += "f(";
        const auto r = carl::parse(carl::source::from_file_text("t.car", code));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message == limit);
    }
    SUBCASE("arithmetic operators are limited per statement") {
        std::string code = "x = a";
        for (int i = 0; i < 100000; ++i)
            code += " + a";
        const auto r = carl::parse(carl::source::from_file_text("t.car", code));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message ==
              "more than 256 arithmetic operators in one statement");
        code = "x = a";
        for (int i = 0; i < 256; ++i)
            code += " * a";
        CHECK(carl::parse(carl::source::from_file_text("t.car", code)).ok());
    }
    SUBCASE("long chains of comparisons stay flat") {
        std::string code = head + "a";
        for (int i = 0; i < 20000; ++i)
            code += " < a";
        const auto r = carl::parse(carl::source::from_file_text("t.car", code));
        REQUIRE(r.ok());
        CHECK(r.program.statements[0].condition->children.size() == 20000);
    }
}

TEST_CASE("input size is limited") {
    std::string code = "output x\n";
    while (code.size() <= (1u << 20))
        code += code;
    const auto r = carl::parse(carl::source::from_file_text("t.car", code));
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message ==
          "pseudocode too large: " + std::to_string(code.size()) +
              " bytes, the limit is 1048576");
    CHECK(r.diagnostics[0].where.line == 1);
}

TEST_CASE("every prefix of an accepted program parses or fails cleanly") {
    for (const auto& row : accepted) {
        const std::string code = row.code;
        for (std::size_t n = 0; n <= code.size(); ++n) {
            const auto prefix = code.substr(0, n);
            CAPTURE(prefix);
            const auto r =
                carl::parse(carl::source::from_file_text("t.car", prefix));
            if (r.ok())
                continue;
            // Warnings for repairs may come first; then exactly one error.
            const auto& error = r.diagnostics.back();
            CHECK(error.level == carl::severity::error);
            CHECK(carl::has_errors({r.diagnostics.begin(),
                                    r.diagnostics.end() - 1}) == false);
            CHECK(error.where.line >= 1);
            CHECK(error.where.column >= 1);
            CHECK(error.message.size() > 0);
        }
    }
}

TEST_CASE("no rule of the grammar can loop without reading input") {
    CHECK(tao::pegtl::analyze<carl::grammar::program>() == 0);
}
