// Fuzz target: the analysis toolbox's parameter check (analysis: ParameterValues::bind). The input is lines of
// NAME=VALUE given to a schema with a parameter of every type, over the fixed fuzz layer; when they pass, every typed
// accessor is read. No recursion: the limits are the expression engine's for Expression values (docs/analysis.md).
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "fuzzsupport.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"

namespace {

const gis::analysis::AlgorithmInfo& schema()
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
        return i;
    }();
    return info;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, std::string> given;
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
    try {
        const auto values = gis::analysis::ParameterValues::bind(schema(), given, *layer);
        for (const auto& p : schema().parameters) {
            if (!values.has(p.name))
                continue;
            (void)values.text(p.name);
            (void)values.list(p.name);
            (void)values.boolean(p.name);
            if (p.type == gis::analysis::ParameterType::Number || p.type == gis::analysis::ParameterType::Integer) {
                (void)values.number(p.name);
                (void)values.integer(p.name);
            }
        }
    } catch (const gis::Error&) {
    }
    return 0;
}
