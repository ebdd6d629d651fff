// compile() and the evaluator of carl.hpp: analytics in, matches out.
#include "carl/carl.hpp"
#include "carl/json_decoder.hpp"
#include "carl/parse.hpp"
#include "compiler.hpp"
#include "prefilter.hpp"
#include "rewrite.hpp"
#include "stateful/session.hpp"

#include <algorithm>

namespace carl {

// One output of one analytic block, ready to run on one object:action.
struct compiled_rule {
    std::uint32_t analytic = 0; // index into impl::analytics
    std::string block;          // the implementation's name
    compiled_output output;
    std::int32_t graph = -1; // a feed: index into impl::graphs
};

struct program_set::impl {
    const data_model* model = nullptr;
    mapping_set mappings;
    std::uint32_t budget = 0;
    std::vector<analytic_info> analytics;
    std::vector<compiled_rule> rules;
    std::vector<std::vector<std::uint32_t>> rules_by_type;
    std::vector<std::string> type_names;
    std::vector<stateful::block_graph> graphs;
    // By type, when some rule feeds a graph that reads `now`: the slot of
    // `time`, whose latest value is `now` at the end of the input; else -1.
    std::vector<std::int32_t> now_slot;
    prefilter filter;

    explicit impl(const mapping_set& all) : mappings(all) {}
};

program_set::program_set(std::unique_ptr<impl> impl)
    : m_impl(std::move(impl)) {}
program_set::~program_set() = default;

const std::vector<analytic_info>& program_set::analytics() const {
    return m_impl->analytics;
}

std::string program_set::disassemble(std::size_t analytic) const {
    std::string out;
    for (const compiled_rule& rule : m_impl->rules) {
        if (rule.analytic != analytic)
            continue;
        if (rule.graph >= 0) {
            out += "; " + m_impl->analytics[analytic].id + ": " +
                   rule.output.name + " on " +
                   m_impl->model->type_name(rule.output.program.type) +
                   " feeds node " + std::to_string(rule.output.feed) + "\n";
            out += carl::disassemble(rule.output.program, *m_impl->model);
            continue;
        }
        const predicate& p = rule.output.program;
        out += "; " + m_impl->analytics[analytic].id;
        if (!rule.block.empty())
            out += " (" + rule.block + ")";
        out += ": output " + rule.output.name + " on " +
               m_impl->model->type_name(p.type) + "\n";
        out += carl::disassemble(p, *m_impl->model);
    }
    for (const stateful::block_graph& g : m_impl->graphs)
        if (g.analytic == analytic)
            out += "; " + m_impl->analytics[analytic].id + ": operators\n" +
                   g.graph->describe();
    return out;
}

bool program_set::stateful() const {
    return !m_impl->graphs.empty();
}

bool program_set::wants_line_keys() const {
    return !m_impl->filter.scans_first();
}

const prefilter& prefilter_of(const program_set& programs) {
    return programs.internals().filter;
}

namespace {

struct compiled_analytic {
    std::vector<compiled_rule> rules; // graph: index into graphs
    std::vector<std::shared_ptr<const stateful::graph>> graphs;
};

// Compiles every block of `a`; returns its rules and graphs, or nothing on
// any error.
std::optional<compiled_analytic>
compile_analytic(const analytic& a, std::uint32_t index,
                 const std::vector<analytic>& all,
                 const compile_options& options, std::vector<diagnostic>& out) {
    compiled_analytic result;
    bool ok = true;
    for (const pseudocode_block& block : a.blocks) {
        parse_result parsed = parse(block.code);
        out.insert(out.end(), parsed.diagnostics.begin(),
                   parsed.diagnostics.end());
        if (!parsed.ok()) {
            ok = false;
            continue;
        }
        std::vector<diagnostic> found;
        bind_constants(parsed.program, options.parameters, block.code, found);
        split_row_conditions(parsed.program);
        compile_context context;
        context.analytics = &all;
        context.library = options.library;
        context.parameters = &options.parameters;
        compiled_block compiled = compile_block(parsed.program, block.code,
                                                *options.model, found, context);
        ok = ok && !has_errors(found);
        out.insert(out.end(), found.begin(), found.end());
        const auto graph = static_cast<std::int32_t>(result.graphs.size());
        if (compiled.graph)
            result.graphs.push_back(compiled.graph);
        for (compiled_output& o : compiled.outputs) {
            const std::int32_t feeds = o.feed >= 0 ? graph : -1;
            result.rules.push_back({index, block.name, std::move(o), feeds});
        }
    }
    if (!ok)
        return std::nullopt;
    return result;
}

// Marks, per object:action, the fields some program or graph reads.
std::vector<std::vector<bool>>
used_fields(const std::vector<compiled_rule>& rules,
            const std::vector<stateful::block_graph>& graphs,
            const data_model& model) {
    std::vector<std::vector<std::vector<bool>>> reads;
    for (const stateful::block_graph& g : graphs)
        reads.push_back(g.graph->columns_read());
    std::vector<std::vector<bool>> used(model.type_count());
    for (std::size_t t = 0; t < used.size(); ++t)
        used[t].assign(model.object_of(static_cast<type_id>(t)).fields.size(),
                       false);
    for (const compiled_rule& rule : rules) {
        const predicate& p = rule.output.program;
        // A feed needs the fields its graph reads, and the time.
        if (rule.graph >= 0) {
            const auto& read = reads[rule.graph][rule.output.feed];
            const object_info& object = model.object_of(p.type);
            for (std::size_t slot = 0; slot < object.fields.size(); ++slot)
                if (read[rule.output.columns[slot]] ||
                    object.fields[slot] == "time")
                    used[p.type][slot] = true;
        }
        for (const instruction& in : p.code) {
            if (in.op == opcode::test_field || in.op == opcode::test_exists)
                used[p.type][in.a] = true;
            if (in.op == opcode::compare_fields) {
                used[p.type][in.a] = true;
                used[p.type][in.b & 0xffff] = true;
            }
            if (in.op == opcode::field_in_field) {
                used[p.type][in.a] = true;
                used[p.type][in.b] = true;
            }
        }
    }
    return used;
}

// True when a filter of `g` waits for `now` (a hold node).
bool reads_now(const stateful::graph& g) {
    for (const stateful::node& n : g.nodes)
        if (n.kind == stateful::node_kind::hold)
            return true;
    return false;
}

void warn_unmapped(const program_set::impl& set, const analytic& a,
                   const std::vector<compiled_rule>& rules,
                   std::vector<diagnostic>& out) {
    for (const compiled_rule& rule : rules) {
        const type_id type = rule.output.program.type;
        if (set.mappings.covers(type) || a.blocks.empty())
            continue;
        diagnostic d = a.blocks[0].code.make(
            severity::warning, 0, 0,
            "no mapping produces '" + set.model->type_name(type) +
                "' events, so output '" + rule.output.name + "' cannot match");
        out.push_back(std::move(d));
    }
}

} // namespace

compile_result compile(const std::vector<analytic>& analytics,
                       const compile_options& options) {
    compile_result result;
    auto set = std::make_unique<program_set::impl>(*options.mappings);
    set->model = options.model;
    set->budget = options.instruction_budget;

    for (const analytic& a : analytics) {
        const auto index = static_cast<std::uint32_t>(set->analytics.size());
        auto compiled =
            compile_analytic(a, index, analytics, options, result.diagnostics);
        if (!compiled)
            continue;
        warn_unmapped(*set, a, compiled->rules, result.diagnostics);
        set->analytics.push_back(a.info);
        const auto first_graph = static_cast<std::int32_t>(set->graphs.size());
        for (auto& graph : compiled->graphs)
            set->graphs.push_back({std::move(graph), index});
        for (compiled_rule& rule : compiled->rules) {
            if (rule.graph >= 0)
                rule.graph += first_graph;
            set->rules.push_back(std::move(rule));
        }
    }
    if (set->analytics.empty())
        return result;

    // Route by object:action, and keep only the mapped fields some program
    // reads, so decoding skips the rest.
    const data_model& model = *options.model;
    set->mappings =
        options.mappings->bind(used_fields(set->rules, set->graphs, model));
    set->rules_by_type.resize(model.type_count());
    for (std::size_t t = 0; t < model.type_count(); ++t)
        set->type_names.push_back(model.type_name(static_cast<type_id>(t)));
    set->now_slot.assign(model.type_count(), -1);
    for (std::size_t i = 0; i < set->rules.size(); ++i) {
        const compiled_rule& rule = set->rules[i];
        set->rules_by_type[rule.output.program.type].push_back(
            static_cast<std::uint32_t>(i));
        const type_id type = rule.output.program.type;
        auto time = model.find_field(model.object_of(type), "time");
        if (time && rule.graph >= 0 &&
            reads_now(*set->graphs[rule.graph].graph))
            set->now_slot[type] = *time;
    }

    // `now` is the latest time of every event of its types, so an analytic
    // that reads it must see them all: no prefilter then.
    const bool needs_every_event =
        std::any_of(set->now_slot.begin(), set->now_slot.end(),
                    [](std::int32_t slot) { return slot >= 0; });
    if (options.prefilter && !needs_every_event) {
        std::vector<const predicate*> programs;
        for (const compiled_rule& rule : set->rules)
            programs.push_back(&rule.output.program);
        set->filter = prefilter(programs, set->mappings);
    }

    result.programs.reset(new program_set(std::move(set)));
    return result;
}

struct evaluator::impl {
    std::shared_ptr<const program_set> programs;
    const program_set::impl& set;
    json_decoder decoder;
    raw_event event;
    // Between events every field absent but those `filled` filled.
    std::vector<value> record;
    const mapping_rule* filled = nullptr;
    std::string error;
    stateful::session state;
    std::string_view json;              // the event being evaluated, when JSON
    std::vector<std::uint8_t> possible; // per rule, from the prefilter
    prefilter_scratch scratch;

    impl(std::shared_ptr<const program_set> p, const stream_options& options)
        : programs(std::move(p)), set(programs->internals()),
          decoder(set.mappings.schema()),
          state(set.graphs, set.analytics, options) {
        set.filter.prepare(scratch);
    }

    event_result evaluate_json(std::string_view text, std::size_t readable,
                               const line_marks* marks,
                               const match_callback& on_match);
    event_result run(const raw_event& event, const std::uint8_t* possible,
                     const match_callback& on_match);
};

evaluator::evaluator(std::shared_ptr<const program_set> programs,
                     const stream_options& options)
    : m_impl(std::make_unique<impl>(std::move(programs), options)) {}
evaluator::~evaluator() = default;
evaluator::evaluator(evaluator&&) noexcept = default;
evaluator& evaluator::operator=(evaluator&&) noexcept = default;

const raw_schema& evaluator::schema() const {
    return m_impl->set.mappings.schema();
}

event_result evaluator::evaluate_json(std::string_view json,
                                      std::size_t readable,
                                      const match_callback& on_match) {
    return m_impl->evaluate_json(json, readable, nullptr, on_match);
}

event_result evaluator::evaluate_json(std::string_view json,
                                      std::size_t readable,
                                      const line_marks& marks,
                                      const match_callback& on_match) {
    return m_impl->evaluate_json(json, readable, &marks, on_match);
}

event_result evaluator::impl::evaluate_json(std::string_view text,
                                            std::size_t readable,
                                            const line_marks* marks,
                                            const match_callback& on_match) {
    event_result result;
    const prefilter& filter = set.filter;
    const std::uint8_t* possible_rules = nullptr;
    if (filter.active()) {
        if (!filter.scan(text, possible, scratch, marks)) {
            result.status = event_status::skipped;
            return result;
        }
        possible_rules = possible.data();
    }

    if (!decoder.decode(text, readable, event, error)) {
        result.status = event_status::malformed;
        result.error = error;
        return result;
    }
    json = text;
    result = run(event, possible_rules, on_match);
    json = {};
    return result;
}

void evaluator::set_origin(std::string_view file, std::uint64_t line) {
    m_impl->state.set_origin(file, line);
}

std::uint32_t evaluator::finish(const match_callback& on_match) {
    return m_impl->state.finish(on_match);
}

stream_summary evaluator::summary() const {
    return m_impl->state.summary();
}

event_result evaluator::evaluate(const raw_event& event,
                                 const match_callback& on_match) {
    return m_impl->run(event, nullptr, on_match);
}

// Routes the event and runs its programs: all of them, or only those
// `possible` marks when the prefilter ran.
event_result evaluator::impl::run(const raw_event& event,
                                  const std::uint8_t* possible,
                                  const match_callback& on_match) {
    event_result result;
    const mapping_rule* mapping = set.mappings.route(event);
    if (!mapping) {
        result.status = event_status::unmapped;
        return result;
    }
    const std::vector<std::uint32_t>& rules = set.rules_by_type[mapping->type];
    if (rules.empty())
        return result;

    // A mapping fills only the fields some program reads: empty those the
    // last one filled, rather than the whole object's.
    if (filled)
        for (const field_rule& field : filled->fields)
            record[field.slot] = value{};
    const std::size_t fields =
        set.model->object_of(mapping->type).fields.size();
    if (record.size() < fields)
        record.resize(fields);
    mapping_set::apply(*mapping, event, record.data());
    filled = mapping;

    // `now` at the end of the input is the latest time of these events,
    // whether or not they pass the filters.
    if (const std::int32_t slot = set.now_slot[mapping->type]; slot >= 0)
        state.observe_time(record[slot]);

    std::uint32_t budget = set.budget;
    for (std::uint32_t index : rules) {
        if (possible && !possible[index])
            continue;
        const compiled_rule& rule = set.rules[index];
        const run_status status =
            carl::run(rule.output.program, record.data(), budget);
        if (status == run_status::over_budget) {
            result.status = event_status::over_budget;
            return result;
        }
        if (status != run_status::match)
            continue;
        if (rule.graph >= 0) {
            result.matches += state.feed(
                rule.graph, rule.output.feed, rule.output.columns,
                record.data(), set.type_names[mapping->type], json, on_match);
            continue;
        }
        ++result.matches;
        match m;
        m.analytic = &set.analytics[rule.analytic];
        m.output = rule.output.name;
        m.event_type = set.type_names[mapping->type];
        on_match(m);
    }
    return result;
}

} // namespace carl
