// compile() and the evaluator of carl.hpp: analytics in, matches out.
#include "carl/carl.hpp"
#include "carl/json_decoder.hpp"
#include "carl/parse.hpp"
#include "compiler.hpp"
#include "prefilter.hpp"

namespace carl {

// One output of one analytic block, ready to run on one object:action.
struct compiled_rule {
    std::uint32_t analytic = 0; // index into impl::analytics
    std::string block;          // the implementation's name
    compiled_output output;
};

struct program_set::impl {
    const data_model* model = nullptr;
    mapping_set mappings;
    std::uint32_t budget = 0;
    std::vector<analytic_info> analytics;
    std::vector<compiled_rule> rules;
    std::vector<std::vector<std::uint32_t>> rules_by_type;
    std::vector<std::string> type_names;
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
        const predicate& p = rule.output.program;
        out += "; " + m_impl->analytics[analytic].id;
        if (!rule.block.empty())
            out += " (" + rule.block + ")";
        out += ": output " + rule.output.name + " on " +
               m_impl->model->type_name(p.type) + "\n";
        out += carl::disassemble(p, *m_impl->model);
    }
    return out;
}

const prefilter& prefilter_of(const program_set& programs) {
    return programs.internals().filter;
}

namespace {

// Compiles every block of `a`; returns its rules, or nothing on any error.
std::optional<std::vector<compiled_rule>>
compile_analytic(const analytic& a, std::uint32_t index,
                 const data_model& model, std::vector<diagnostic>& out) {
    std::vector<compiled_rule> rules;
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
        auto outputs = compile_block(parsed.program, block.code, model, found);
        ok = ok && !has_errors(found);
        out.insert(out.end(), found.begin(), found.end());
        for (compiled_output& o : outputs)
            rules.push_back({index, block.name, std::move(o)});
    }
    if (!ok)
        return std::nullopt;
    return rules;
}

// Marks, per object:action, the fields some program reads.
std::vector<std::vector<bool>>
used_fields(const std::vector<compiled_rule>& rules, const data_model& model) {
    std::vector<std::vector<bool>> used(model.type_count());
    for (std::size_t t = 0; t < used.size(); ++t)
        used[t].assign(model.object_of(static_cast<type_id>(t)).fields.size(),
                       false);
    for (const compiled_rule& rule : rules) {
        const predicate& p = rule.output.program;
        for (const instruction& in : p.code) {
            if (in.op == opcode::test_field || in.op == opcode::test_exists)
                used[p.type][in.a] = true;
            if (in.op == opcode::compare_fields) {
                used[p.type][in.a] = true;
                used[p.type][in.b & 0xffff] = true;
            }
        }
    }
    return used;
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
                "' events, so output '" + rule.output.name +
                "' cannot match");
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
        auto rules =
            compile_analytic(a, index, *options.model, result.diagnostics);
        if (!rules)
            continue;
        warn_unmapped(*set, a, *rules, result.diagnostics);
        set->analytics.push_back(a.info);
        for (compiled_rule& rule : *rules)
            set->rules.push_back(std::move(rule));
    }
    if (set->analytics.empty())
        return result;

    // Route by object:action, and keep only the mapped fields some program
    // reads, so decoding skips the rest.
    const data_model& model = *options.model;
    set->mappings = options.mappings->bind(used_fields(set->rules, model));
    set->rules_by_type.resize(model.type_count());
    for (std::size_t t = 0; t < model.type_count(); ++t)
        set->type_names.push_back(model.type_name(static_cast<type_id>(t)));
    for (std::size_t i = 0; i < set->rules.size(); ++i)
        set->rules_by_type[set->rules[i].output.program.type].push_back(
            static_cast<std::uint32_t>(i));

    if (options.prefilter) {
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
    std::vector<value> record;
    std::string error;
    std::vector<std::uint8_t> possible; // per rule, from the prefilter
    literal_hits hits;

    explicit impl(std::shared_ptr<const program_set> p)
        : programs(std::move(p)), set(programs->internals()),
          decoder(set.mappings.schema()) {}

    event_result run(const raw_event& event, const std::uint8_t* possible,
                     const match_callback& on_match);
};

evaluator::evaluator(std::shared_ptr<const program_set> programs)
    : m_impl(std::make_unique<impl>(std::move(programs))) {}
evaluator::~evaluator() = default;
evaluator::evaluator(evaluator&&) noexcept = default;
evaluator& evaluator::operator=(evaluator&&) noexcept = default;

const raw_schema& evaluator::schema() const {
    return m_impl->set.mappings.schema();
}

event_result evaluator::evaluate_json(std::string_view json,
                                      std::size_t readable,
                                      const match_callback& on_match) {
    event_result result;
    const prefilter& filter = m_impl->set.filter;
    const std::uint8_t* possible = nullptr;
    if (filter.active()) {
        if (!filter.scan(json, m_impl->possible, m_impl->hits)) {
            result.status = event_status::skipped;
            return result;
        }
        possible = m_impl->possible.data();
    }

    if (!m_impl->decoder.decode(json, readable, m_impl->event,
                                m_impl->error)) {
        result.status = event_status::malformed;
        result.error = m_impl->error;
        return result;
    }
    return m_impl->run(m_impl->event, possible, on_match);
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

    const std::size_t fields = set.model->object_of(mapping->type).fields.size();
    record.assign(fields, value{});
    mapping_set::apply(*mapping, event, record.data());

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
