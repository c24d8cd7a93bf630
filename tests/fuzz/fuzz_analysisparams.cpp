// Fuzz target: the analysis toolbox's text parsers (analysis: ParameterValues::bind, and the parsers algorithms run on
// Text parameters). The first line picks a schema: a decimal index into gis::analysis::algorithms() (taken modulo
// their number plus one; the extra index is a synthetic schema with a parameter of every type), or an algorithm's
// id (as the seeds do), or else the synthetic schema with the first line read as a NAME=VALUE line too. The other lines are NAME=VALUE,
// bound against the schema over the fixed fuzz layer (input and overlay). When they pass, every typed accessor is
// read, and the run-time parsers of the values they hold are called directly: dissolve's --aggregates
// (parseAggregates), the network algorithms' --speeds (parseSpeeds) and isochrone's --breaks (parseBreaks).
// Values of Raster parameters are dropped (bind would open the path). Limits: the expression engine's for
// Expression values, kMaxAggregatesText/kMaxAggregateItems and kMaxListText/kMaxListItems for the lists
// (docs/analysis.md, "Parameter limits", under "Running an algorithm").
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "aggregate/fieldaggregates.h"
#include "fuzzsupport.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "network/graph.h"

namespace {

const gis::analysis::AlgorithmInfo& synthetic()
{
    using gis::analysis::Parameter;
    using gis::analysis::ParameterType;
    static const gis::analysis::AlgorithmInfo info = [] {
        gis::analysis::AlgorithmInfo i;
        i.id = "fuzz";
        auto add = [&](const char* name, ParameterType type) -> Parameter& {
            i.parameters.push_back(Parameter::make(name, type, name, name, name, name));
            return i.parameters.back();
        };
        add("distance", ParameterType::Number).maximum = 1e9;
        Parameter& rings = add("rings", ParameterType::Integer);
        rings.minimum = 1;
        rings.defaultValue = "1";
        add("dissolve", ParameterType::Boolean);
        add("label", ParameterType::Text);
        add("cap", ParameterType::Choice).choices = {"round", "flat", "square"};
        add("stats", ParameterType::Choices).choices = {"count", "sum", "mean", "min", "max"};
        add("by", ParameterType::Fields);
        add("weight", ParameterType::Field);
        add("value", ParameterType::Expression);
        add("at", ParameterType::Point);
        add("other", ParameterType::Field).fieldOf = gis::analysis::FieldSource::Overlay;
        return i;
    }();
    return info;
}

void readLines(std::string_view text, std::map<std::string, std::string>& given)
{
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const std::size_t eq = line.find('=');
        if (eq != std::string_view::npos)
            given[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
        start = end + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    namespace analysis = gis::analysis;
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    std::string_view text(reinterpret_cast<const char*>(data), size);

    const auto& all = analysis::algorithms();
    const analysis::AlgorithmInfo* schema = &synthetic();
    const std::size_t newline = std::min(text.find('\n'), text.size());
    std::uint64_t index = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + newline, index);
    if (ec == std::errc() && ptr == text.data() + newline && newline > 0) {
        const std::uint64_t pick = index % (all.size() + 1);
        if (pick < all.size())
            schema = &all[pick]->info();
        text.remove_prefix(std::min(newline + 1, text.size()));
    } else if (const analysis::Algorithm* named = analysis::findAlgorithm(text.substr(0, newline))) {
        schema = &named->info(); // the seeds name theirs: indices move as algorithms are added
        text.remove_prefix(std::min(newline + 1, text.size()));
    }
    std::map<std::string, std::string> given;
    readLines(text, given);
    for (const auto& p : schema->parameters)
        if (p.type == analysis::ParameterType::Raster)
            given.erase(p.name);

    try {
        const auto values = analysis::ParameterValues::bind(*schema, given, *layer, layer.get());
        for (const auto& p : schema->parameters) {
            if (!values.has(p.name))
                continue;
            (void)values.text(p.name);
            (void)values.list(p.name);
            (void)values.boolean(p.name);
            if (p.type == analysis::ParameterType::Number || p.type == analysis::ParameterType::Integer) {
                (void)values.number(p.name);
                (void)values.integer(p.name);
            }
            if (p.type == analysis::ParameterType::Point && !values.text(p.name).empty())
                (void)values.point(p.name);
        }
    } catch (const gis::Error&) {
    }
    // The run-time parsers, on the value given under their parameter's name whatever the schema (so that every
    // input exercises them, not only those that pass bind()).
    const auto parse = [&](const char* name, const auto& parser) {
        const auto it = given.find(name);
        if (it == given.end())
            return;
        try {
            parser(it->second);
        } catch (const gis::Error&) {
        }
    };
    parse("aggregates", [&](const std::string& v) {
        (void)analysis::detail::parseAggregates(v, *layer, schema->id, "aggregates");
    });
    parse("speeds", [&](const std::string& v) { (void)analysis::detail::parseSpeeds(v, schema->id); });
    parse("breaks", [&](const std::string& v) { (void)analysis::detail::parseBreaks(v); });
    return 0;
}
