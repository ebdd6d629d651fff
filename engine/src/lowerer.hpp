// Conditions to bytecode: lowers what a stream's filters require of one
// event of one object into a predicate (program.hpp). compiler.cpp walks
// the statements and calls it for every output and every filter.
#pragma once

#include "carl/ast.hpp"
#include "carl/data_model.hpp"
#include "carl/diagnostic.hpp"
#include "carl/source.hpp"
#include "program.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace carl {

// A named stream: the events a search selects, narrowed by every filter on
// the way to it, with the fields derived on the way (`s.f = s.path`).
// A stream made by a construct that cannot run yet is `stateful`: it was
// reported where it was made, and is checked no further.
struct stream {
    std::vector<type_id> types;
    std::vector<const ast::expr*> conditions;
    std::map<std::string, std::vector<std::string>> aliases;
    bool stateful = false;
};

// Everything a block has named so far.
struct scope {
    std::map<std::string, stream> streams;
    // Inputs, lists, constants and aggregates: names of values, which
    // bind_constants (rewrite.hpp) or the graph builder took.
    std::set<std::string> values;
};

// `a.b.c` from {"a", "b", "c"}.
std::string join_path(const std::vector<std::string>& path);

// `'name'`, or empty for an empty name: the guess of a "did you mean" note.
std::string quoted(const std::string& name);

// The fields (or actions) `wrong` may mean, shown as "'a'" or "'a' or 'b'":
// the closest by spelling, or else those that hold it as whole words
// (`edit` for `value_edit`). Empty when none.
std::string guess_field(const std::string& wrong,
                        const std::vector<std::string>& fields);

// Lowers `conditions` (all must hold) over events of `object`, read from
// the stream `from` of `names`, into `program`, which must be empty but
// for its type. Appends every problem to `out`; returns false on any, and
// then `program` is incomplete.
bool lower_conditions(const source& code, const object_info& object,
                      const data_model& model, const scope& names,
                      const stream& from,
                      const std::vector<const ast::expr*>& conditions,
                      predicate& program, std::vector<diagnostic>& out);

} // namespace carl
