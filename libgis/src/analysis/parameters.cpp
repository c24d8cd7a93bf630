// ParameterValues::bind: the one place where an algorithm's parameters are read and checked, for the CLI, the viewer
// and services alike.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/query/expression.h"
#include "gis/query/suggest.h"

namespace gis::analysis {

namespace {

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> splitList(std::string_view text)
{
    std::vector<std::string> out;
    if (trimmed(text).empty())
        return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        out.push_back(trimmed(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return out;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates)
{
    const std::string s = closestName(name, candidates);
    return s.empty() ? std::string() : " — did you mean \"" + s + "\"?";
}

std::optional<double> parseNumber(const std::string& text)
{
    double v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || !std::isfinite(v))
        return std::nullopt;
    return v;
}

/// "x,y" (blanks allowed around each number) → the point; nullopt when it is not two finite numbers.
std::optional<Coord> parsePoint(std::string_view text)
{
    const std::size_t comma = text.find(',');
    if (comma == std::string_view::npos)
        return std::nullopt;
    const auto x = parseNumber(trimmed(text.substr(0, comma)));
    const auto y = parseNumber(trimmed(text.substr(comma + 1)));
    if (!x || !y)
        return std::nullopt;
    return Coord{*x, *y};
}

std::optional<bool> parseBoolean(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "true" || t == "yes" || t == "1" || t == "on")
        return true;
    if (t == "false" || t == "no" || t == "0" || t == "off")
        return false;
    return std::nullopt;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

[[noreturn]] void badValue(const AlgorithmInfo& info, const Parameter& p, const std::string& value, const std::string& why)
{
    throw Error(ErrorCode::Argument, info.id + ": --" + p.name + " \"" + value + "\": " + why);
}

void checkField(const AlgorithmInfo& info, const Parameter& p, const std::string& name, const Layer& layer)
{
    if (layer.attributes().indexOf(name) >= 0)
        return;
    std::vector<std::string> names;
    for (const auto& f : layer.attributes().fields())
        names.push_back(f.name);
    throw Error(ErrorCode::Query, info.id + ": --" + p.name + ": unknown field \"" + name + "\" in layer \""
            + layer.name() + "\"" + didYouMean(name, names));
}

void checkValue(const AlgorithmInfo& info, const Parameter& p, const std::string& value, const Layer* input,
    const Layer* overlay)
{
    if (!input && (p.type == ParameterType::Field || p.type == ParameterType::Fields || p.type == ParameterType::Expression))
        badValue(info, p, value, "names fields of a layer, and the input is a raster");
    const Layer* fieldLayer = p.fieldOf == FieldSource::Overlay ? overlay : input;
    switch (p.type) {
    case ParameterType::Number:
    case ParameterType::Integer: {
        const auto v = parseNumber(value);
        if (!v)
            badValue(info, p, value, "not a number");
        if (p.type == ParameterType::Integer && *v != std::floor(*v))
            badValue(info, p, value, "not a whole number");
        if (*v < p.minimum || *v > p.maximum) {
            char range[96];
            std::snprintf(range, sizeof range, "outside %g..%g", p.minimum, p.maximum);
            badValue(info, p, value, range + (p.unit.empty() ? std::string() : " " + p.unit));
        }
        break;
    }
    case ParameterType::Boolean:
        if (!parseBoolean(value))
            badValue(info, p, value, "not true or false");
        break;
    case ParameterType::Text:
        break;
    case ParameterType::Choice:
        if (std::find(p.choices.begin(), p.choices.end(), value) == p.choices.end())
            badValue(info, p, value, "not one of: " + joined(p.choices) + didYouMean(value, p.choices));
        break;
    case ParameterType::Choices:
        for (const auto& item : splitList(value))
            if (std::find(p.choices.begin(), p.choices.end(), item) == p.choices.end())
                badValue(info, p, value, "\"" + item + "\" is not one of: " + joined(p.choices) + didYouMean(item, p.choices));
        break;
    case ParameterType::Point:
        if (!parsePoint(value))
            badValue(info, p, value, "not a point \"x,y\" (two numbers in the input layer's CRS: \"lon,lat\" on a "
                "longitude/latitude layer)");
        break;
    case ParameterType::Field:
    case ParameterType::Fields:
        if (!fieldLayer)
            badValue(info, p, value, "names a field of the overlay layer, and there is none");
        for (const auto& name : p.type == ParameterType::Field ? std::vector<std::string>{value} : splitList(value))
            checkField(info, p, name, *fieldLayer);
        break;
    case ParameterType::Expression:
        if (!fieldLayer)
            badValue(info, p, value, "is an expression over the overlay layer, and there is none");
        try {
            (void)Expression::compile(value, *fieldLayer);
        } catch (const Error& e) {
            throw Error(e.code(), info.id + ": --" + p.name + ": " + e.what());
        }
        break;
    case ParameterType::Raster:
        // Opened once here so that a missing or unreadable file is refused before any work, naming the parameter;
        // the algorithm opens it again (one Raster per thread).
        try {
            (void)Raster::open(value);
        } catch (const Error& e) {
            throw Error(e.code(), info.id + ": --" + p.name + ": " + e.what());
        }
        break;
    }
}

const std::string& emptyText()
{
    static const std::string empty;
    return empty;
}

} // namespace

const Parameter* AlgorithmInfo::parameter(std::string_view name) const
{
    for (const auto& p : parameters)
        if (p.name == name)
            return &p;
    return nullptr;
}

bool acceptsGeometry(std::uint8_t kinds, GeometryType type)
{
    switch (type) {
    case GeometryType::Point:
    case GeometryType::MultiPoint:
        return (kinds & GeometryKinds::Points) != 0;
    case GeometryType::LineString:
    case GeometryType::MultiLineString:
        return (kinds & GeometryKinds::Lines) != 0;
    case GeometryType::Polygon:
    case GeometryType::MultiPolygon:
        return (kinds & GeometryKinds::Polygons) != 0;
    case GeometryType::Unknown:
    case GeometryType::GeometryCollection:
        break;
    }
    return (kinds & GeometryKinds::Any) == GeometryKinds::Any;
}

InvalidPolicy invalidPolicyFromName(std::string_view name)
{
    if (name == "stop")
        return InvalidPolicy::Stop;
    if (name == "skip")
        return InvalidPolicy::Skip;
    if (name == "repair")
        return InvalidPolicy::Repair;
    throw Error(ErrorCode::Argument, "--invalid \"" + std::string(name) + "\": not one of: stop, skip, repair");
}

std::string_view invalidPolicyName(InvalidPolicy policy)
{
    switch (policy) {
    case InvalidPolicy::Stop:
        return "stop";
    case InvalidPolicy::Skip:
        return "skip";
    case InvalidPolicy::Repair:
        return "repair";
    }
    return "stop";
}

namespace {

void bindInto(const AlgorithmInfo& info, const std::map<std::string, std::string>& given,
    const Layer* input, const Layer* overlay, std::map<std::string, std::string>& values)
{
    std::vector<std::string> names;
    for (const auto& p : info.parameters)
        names.push_back(p.name);
    for (const auto& [name, value] : given)
        if (!info.parameter(name))
            throw Error(ErrorCode::Argument, info.id + ": unknown parameter --" + name + didYouMean(name, names)
                    + (names.empty() ? std::string(" (it takes none)") : " (it takes: --" + joined(names) + ")"));
    for (const auto& p : info.parameters) {
        const auto it = given.find(p.name);
        std::string value = it != given.end() ? it->second : p.defaultValue;
        if (it == given.end() && p.defaultValue.empty()) {
            if (p.required)
                throw Error(ErrorCode::Argument, info.id + ": --" + p.name + " is required (" + p.helpEn + ")");
            continue;
        }
        if (p.type != ParameterType::Text && p.type != ParameterType::Expression)
            value = trimmed(value);
        if (value.empty() && p.type != ParameterType::Fields && p.type != ParameterType::Choices
            && p.type != ParameterType::Text)
            badValue(info, p, value, "empty");
        checkValue(info, p, value, input, overlay);
        values.emplace(p.name, std::move(value));
    }
}

} // namespace

ParameterValues ParameterValues::bind(const AlgorithmInfo& info, const std::map<std::string, std::string>& given,
    const Layer& input, const Layer* overlay)
{
    ParameterValues out;
    bindInto(info, given, &input, overlay, out.m_values);
    return out;
}

ParameterValues ParameterValues::bind(const AlgorithmInfo& info, const std::map<std::string, std::string>& given)
{
    ParameterValues out;
    bindInto(info, given, nullptr, nullptr, out.m_values);
    return out;
}

bool ParameterValues::has(std::string_view name) const
{
    return m_values.find(std::string(name)) != m_values.end();
}

const std::string& ParameterValues::text(std::string_view name) const
{
    const auto it = m_values.find(std::string(name));
    return it == m_values.end() ? emptyText() : it->second;
}

double ParameterValues::number(std::string_view name) const
{
    const auto v = parseNumber(text(name));
    if (!v)
        throw Error(ErrorCode::Argument, "parameter --" + std::string(name) + " has no number");
    return *v;
}

std::int64_t ParameterValues::integer(std::string_view name) const
{
    const double v = number(name);
    if (std::fabs(v) > 9007199254740992.0) // 2^53: beyond it a double no longer holds every whole number
        throw Error(ErrorCode::Argument, "parameter --" + std::string(name) + " is too large for a whole number");
    return static_cast<std::int64_t>(v);
}

bool ParameterValues::boolean(std::string_view name) const
{
    return parseBoolean(text(name)).value_or(false);
}

Coord ParameterValues::point(std::string_view name) const
{
    const auto p = parsePoint(text(name));
    if (!p)
        throw Error(ErrorCode::Argument, "parameter --" + std::string(name) + " has no point");
    return *p;
}

std::vector<std::string> ParameterValues::list(std::string_view name) const
{
    return splitList(text(name));
}

} // namespace gis::analysis
