#include "fieldaggregates.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/suggest.h"

namespace gis::analysis::detail {

namespace {

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates)
{
    const std::string s = closestName(name, candidates);
    return s.empty() ? std::string() : " — did you mean \"" + s + "\"?";
}

bool isNumeric(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Real || t == FieldType::Boolean || t == FieldType::Date
        || t == FieldType::DateTime;
}

bool isIntegral(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Boolean || t == FieldType::Date || t == FieldType::DateTime;
}

} // namespace

const std::vector<std::string>& aggregateNames()
{
    static const std::vector<std::string> names{"sum", "mean", "min", "max", "count", "first", "concat"};
    return names;
}

std::vector<AggregateSpec> parseAggregates(const std::string& text, const Layer& layer, const std::string& algorithm,
    const std::string& parameter)
{
    std::vector<AggregateSpec> out;
    if (text.size() > kMaxAggregatesText
        || static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) >= kMaxAggregateItems)
        throw Error(ErrorCode::Argument, algorithm + ": --" + parameter + ": more than "
                + std::to_string(kMaxAggregateItems) + " items or " + std::to_string(kMaxAggregatesText) + " characters");
    if (trimmed(text).empty())
        return out;
    std::vector<std::string> fieldNames;
    for (const auto& f : layer.attributes().fields())
        fieldNames.push_back(f.name);
    const std::string where = algorithm + ": --" + parameter + " ";
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = trimmed(text.substr(start, comma - start));
        start = comma + 1;
        const std::size_t colon = item.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
            throw Error(ErrorCode::Argument, where + "\"" + item + "\": expected field:aggregate (aggregates: sum, "
                    "mean, min, max, count, first, concat), for example population:sum");
        const std::string field = trimmed(item.substr(0, colon));
        const std::string aggregate = trimmed(item.substr(colon + 1));
        const int column = layer.attributes().indexOf(field);
        if (column < 0)
            throw Error(ErrorCode::Query, where + "\"" + item + "\": unknown field \"" + field + "\" in layer \""
                    + layer.name() + "\"" + didYouMean(field, fieldNames));
        const auto& names = aggregateNames();
        const auto it = std::find(names.begin(), names.end(), aggregate);
        if (it == names.end())
            throw Error(ErrorCode::Argument, where + "\"" + item + "\": unknown aggregate \"" + aggregate
                    + "\" (sum, mean, min, max, count, first, concat)" + didYouMean(aggregate, names));
        AggregateSpec spec;
        spec.column = static_cast<std::size_t>(column);
        spec.field = layer.attributes().column(spec.column).name();
        spec.kind = static_cast<AggregateKind>(it - names.begin());
        spec.outputName = spec.field + "_" + aggregate;
        const FieldType type = layer.attributes().column(spec.column).type();
        if ((spec.kind == AggregateKind::Sum || spec.kind == AggregateKind::Mean) && !isNumeric(type))
            throw Error(ErrorCode::Argument, where + "\"" + item + "\": field \"" + spec.field + "\" is "
                    + std::string(fieldTypeName(type)) + ", and " + aggregate + " needs numbers");
        switch (spec.kind) {
        case AggregateKind::Sum:
            spec.outputType = type == FieldType::Integer || type == FieldType::Boolean ? FieldType::Integer
                                                                                       : FieldType::Real;
            break;
        case AggregateKind::Mean:
            spec.outputType = FieldType::Real;
            break;
        case AggregateKind::Count:
            spec.outputType = FieldType::Integer;
            break;
        case AggregateKind::Concat:
            spec.outputType = FieldType::String;
            break;
        case AggregateKind::Min:
        case AggregateKind::Max:
        case AggregateKind::First:
            spec.outputType = type == FieldType::Binary ? FieldType::String : type;
            break;
        }
        out.push_back(std::move(spec));
    }
    return out;
}

void appendAggregate(AttributeColumn& out, const AggregateSpec& spec, const Layer& layer,
    const std::vector<std::size_t>& rows)
{
    const AttributeColumn& in = layer.attributes().column(spec.column);
    const FieldType type = in.type();
    switch (spec.kind) {
    case AggregateKind::First:
        if (rows.empty() || in.isNull(rows.front()))
            out.appendNull();
        else if (out.type() == FieldType::Real)
            out.appendReal(in.real(rows.front()));
        else if (out.type() == FieldType::String)
            out.appendString(type == FieldType::String ? std::string(in.string(rows.front())) : in.toString(rows.front()));
        else
            out.appendInteger(in.integer(rows.front()));
        return;
    case AggregateKind::Count: {
        std::int64_t n = 0;
        for (const std::size_t r : rows)
            n += !in.isNull(r);
        out.appendInteger(n);
        return;
    }
    case AggregateKind::Concat: {
        std::string s;
        bool any = false;
        for (const std::size_t r : rows) {
            if (in.isNull(r))
                continue;
            s += any ? "," : "";
            s += type == FieldType::String ? std::string(in.string(r)) : in.toString(r);
            any = true;
        }
        any ? out.appendString(s) : out.appendNull();
        return;
    }
    case AggregateKind::Sum:
    case AggregateKind::Mean: {
        std::int64_t isum = 0;
        double rsum = 0;
        std::size_t n = 0;
        const bool integral = out.type() == FieldType::Integer;
        for (const std::size_t r : rows) {
            if (in.isNull(r))
                continue;
            ++n;
            if (integral) {
                if (__builtin_add_overflow(isum, in.integer(r), &isum))
                    throw Error(ErrorCode::Argument, "the sum of field \"" + spec.field + "\" of layer \"" + layer.name()
                            + "\" overflows a 64-bit integer");
            } else {
                rsum += in.real(r);
            }
        }
        if (n == 0)
            out.appendNull();
        else if (spec.kind == AggregateKind::Mean)
            out.appendReal(rsum / static_cast<double>(n));
        else
            integral ? out.appendInteger(isum) : out.appendReal(rsum);
        return;
    }
    case AggregateKind::Min:
    case AggregateKind::Max: {
        const bool max = spec.kind == AggregateKind::Max;
        std::size_t best = rows.size();
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const std::size_t r = rows[k];
            if (in.isNull(r))
                continue;
            if (best == rows.size()) {
                best = k;
                continue;
            }
            const std::size_t b = rows[best];
            bool better = false;
            if (type == FieldType::Real)
                better = max ? in.real(r) > in.real(b) : in.real(r) < in.real(b);
            else if (isIntegral(type))
                better = max ? in.integer(r) > in.integer(b) : in.integer(r) < in.integer(b);
            else
                better = max ? in.string(r) > in.string(b) : in.string(r) < in.string(b);
            if (better)
                best = k;
        }
        if (best == rows.size())
            out.appendNull();
        else if (out.type() == FieldType::Real)
            out.appendReal(in.real(rows[best]));
        else if (out.type() == FieldType::String)
            out.appendString(type == FieldType::String ? std::string(in.string(rows[best])) : in.toString(rows[best]));
        else
            out.appendInteger(in.integer(rows[best]));
        return;
    }
    }
}

} // namespace gis::analysis::detail
