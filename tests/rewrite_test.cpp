// The rewrites between parsing and compiling (engine/src/rewrite.hpp):
// each program against its printed syntax tree after them. One row a case.
#include "carl/parse.hpp"
#include "grammar/ast_printer.hpp"
#include "rewrite.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace {

struct rewrite_case {
    const char* code;
    const char* ast; // after bind_constants and split_row_conditions
};

// Parameter values for `input` statements, as `--param` gives them.
const std::map<std::string, std::string> parameters = {{"base", "5000"},
                                                       {"host", "ws1"}};

// The printed tree after the rewrites, then any diagnostic they made.
std::string rewritten(const char* code) {
    const auto src = carl::source::from_file_text("t.car", code);
    auto r = carl::parse(src);
    REQUIRE(r.ok());
    std::vector<carl::diagnostic> found;
    carl::bind_constants(r.program, parameters, src, found);
    carl::split_row_conditions(r.program);
    std::string out =
        carl::grammar::to_string(r.program, carl::grammar::print_spans::no);
    for (const auto& d : found)
        out += carl::render(d);
    return out;
}

const rewrite_case cases[] = {
    // Inputs, lists and constants stand in their uses.
    {"input host\n"
     "p = search Process:Create\n"
     "x = filter p where hostname == host\n",
     "(input host)\n(search p Process:Create)\n"
     "(filter x p (== hostname \"ws1\"))\n"},
    {"l = [\"a.exe\", \"b.exe\"]\n"
     "p = search Process:Create\n"
     "x = filter p where exe in l\n",
     "(list l [\"a.exe\", \"b.exe\"])\n(search p Process:Create)\n"
     "(filter x p (in exe [\"a.exe\", \"b.exe\"]))\n"},
    {"input base\n"
     "limit = base * 2 + 1000\n"
     "f = search Flow:Start\n"
     "x = filter f where dest_port > limit\n",
     "(input base)\n(compute limit 11000)\n(search f Flow:Start)\n"
     "(filter x f (> dest_port 11000))\n"},

    // Folding: numbers only, exactly.
    {"x = filter p where a > 1024 * 48", "(filter x p (> a 49152))\n"},
    {"x = filter p where a > 1 / 4", "(filter x p (> a 0.25))\n"},
    {"x = filter p where a > 0.1 + 0.2",
     "(filter x p (> a 0.30000000000000004))\n"},
    {"x = filter p where a > 10 - 20", "(filter x p (> a -10))\n"},
    {"x = filter p where a > b * 2", "(filter x p (> a (* b 2)))\n"},
    {"x = filter p where a > 2 hours * 2",
     "(filter x p (> a (* (duration 2 hours) 2)))\n"},
    {"x = filter p where a > 1 / 0",
     "(filter x p (> a (/ 1 0)))\n"
     "t.car:1:24: error: division by zero\n"
     "    1 | x = filter p where a > 1 / 0\n"
     "      |                        ^~~~~\n"},

    // A constant that reads `now` stays an expression; a name given
    // another meaning stops standing for its value.
    {"cutoff = now - 1 day\n"
     "x = filter p where time > cutoff\n",
     "(compute cutoff (- now (duration 1 day)))\n"
     "(filter x p (> time (- now (duration 1 day))))\n"},
    {"n = 5\nn = search Process:Create\nx = filter n where pid > n\n",
     "(compute n 5)\n(search n Process:Create)\n(filter x n (> pid n))\n"},

    // `procs.exe` is a field where `procs` is a stream, else a file name.
    {"procs = search Process:Create\n"
     "x = filter procs where procs.exe == \"cmd.exe\"\n"
     "y = filter procs where exe == svchost.exe\n",
     "(search procs Process:Create)\n"
     "(filter x procs (== procs.exe \"cmd.exe\"))\n"
     "(filter y procs (== exe \"svchost.exe\"))\n"},

    // What the VM can decide stays; the rest filters after it.
    {"x = filter p where (exe == \"cmd.exe\" and pid > ppid + 1)",
     "(filter x p (== exe \"cmd.exe\"))\n"
     "(filter x (> pid (+ ppid 1)))\n"},
    {"x = search Process:Create where (time > now - 1 hour)",
     "(search x Process:Create)\n(filter x (> time (- now (duration 1 hour))))\n"},
    {"x = filter p where (pid > ppid + 1)",
     "(filter x p (> pid (+ ppid 1)))\n"},
    {"x = filter p where (exe == \"a\" or pid > ppid + 1)",
     "(filter x p (or (== exe \"a\") (> pid (+ ppid 1))))\n"},
    // A call ranks the filter's whole input: nothing is taken before it.
    {"x = filter p where (exe == \"a\" and user in TOP3(user))",
     "(filter x p (and (== exe \"a\") (in user (TOP3 user))))\n"},
    // A filter over rows has nothing to give the VM. (`a.exe` is a file
    // name here: no statement named a stream `a`.)
    {"j = join (a, b) where (a.pid == b.ppid)\n"
     "x = filter j where (a.exe == \"c\" and a.pid > 1 + b.pid)\n",
     "(join j a b (== a.pid b.ppid))\n"
     "(filter x j (and (== \"a.exe\" \"c\") (> a.pid (+ 1 b.pid))))\n"},
};

} // namespace

TEST_CASE("constants stand in their uses; row conditions split off") {
    for (const rewrite_case& c : cases) {
        const std::string code = c.code;
        CAPTURE(code);
        CHECK(rewritten(c.code) == std::string(c.ast));
    }
}
