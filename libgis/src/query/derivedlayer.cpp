#include "gis/query/derivedlayer.h"

#include <cmath>
#include <string>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

namespace gis {

namespace {

// The column type that holds every non-null value of an expression without loss (String as the last resort).
FieldType columnTypeOf(const std::vector<Value>& values)
{
    bool any = false, integer = false, real = false, other = false;
    Value::Type first = Value::Type::Null;
    for (const Value& v : values) {
        if (v.isNull())
            continue;
        if (!any)
            first = v.type;
        any = true;
        integer |= v.type == Value::Type::Integer;
        real |= v.type == Value::Type::Real;
        other |= v.type != first && !(v.type == Value::Type::Integer || v.type == Value::Type::Real);
    }
    if (!any)
        return FieldType::String;
    if ((integer || real) && (first == Value::Type::Integer || first == Value::Type::Real) && !other)
        return real ? FieldType::Real : FieldType::Integer;
    if (other || integer || real)
        return FieldType::String;
    switch (first) {
    case Value::Type::Boolean: return FieldType::Boolean;
    case Value::Type::Date: return FieldType::Date;
    case Value::Type::DateTime: return FieldType::DateTime;
    default: return FieldType::String;
    }
}

void appendValue(AttributeColumn& column, const Value& v)
{
    if (v.isNull()) {
        column.appendNull();
        return;
    }
    switch (column.type()) {
    case FieldType::Real:
        column.appendReal(v.type == Value::Type::Real ? v.real : static_cast<double>(v.integer));
        break;
    case FieldType::String:
        column.appendString(v.type == Value::Type::String ? v.text : v.toString());
        break;
    default: // Integer, Boolean, Date, DateTime: kept in `integer`
        column.appendInteger(v.integer);
        break;
    }
}

void copyValue(AttributeColumn& to, const AttributeColumn& from, std::size_t row)
{
    if (from.isNull(row)) {
        to.appendNull();
        return;
    }
    switch (from.type()) {
    case FieldType::Real: to.appendReal(from.real(row)); break;
    case FieldType::String:
    case FieldType::Binary: to.appendString(from.string(row)); break;
    default: to.appendInteger(from.integer(row)); break;
    }
}

} // namespace

std::shared_ptr<const Layer> deriveLayer(const Layer& layer, const std::vector<std::uint32_t>* rows,
    const std::vector<std::string>& items, const std::vector<ExtraColumn>& extra)
{
    const std::size_t n = rows ? rows->size() : layer.size();
    auto rowAt = [&](std::size_t k) -> std::size_t {
        const std::size_t row = rows ? (*rows)[k] : k;
        if (row >= layer.size())
            throw Error(ErrorCode::Argument, "\"" + layer.name() + "\": row " + std::to_string(row)
                + " out of range (the layer has " + std::to_string(layer.size()) + " rows)");
        return row;
    };
    GeometryColumn geometries;
    std::vector<std::int64_t> fids;
    fids.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t row = rowAt(k);
        geometries.append(layer.geometries(), row);
        fids.push_back(layer.fid(row));
    }

    const AttributeTable& source = layer.attributes();
    std::vector<std::string> names = items;
    if (names.empty())
        for (const AttributeColumn& c : source.columns())
            names.push_back(c.name());
    AttributeTable table;
    for (const std::string& item : names) {
        const int field = source.indexOf(item);
        if (field >= 0) {
            const AttributeColumn& from = source.column(static_cast<std::size_t>(field));
            AttributeColumn& to = table.addColumn(from.name(), from.type());
            to.reserve(n);
            for (std::size_t k = 0; k < n; ++k)
                copyValue(to, from, rowAt(k));
            continue;
        }
        // Not a field: an expression (a misspelt field name fails here with its "did you mean").
        const Expression expression = Expression::compile(item, layer);
        std::vector<Value> values;
        values.reserve(n);
        for (std::size_t k = 0; k < n; ++k)
            values.push_back(expression.evaluate(rowAt(k)));
        AttributeColumn& to = table.addColumn(item, columnTypeOf(values));
        to.reserve(n);
        for (const Value& v : values)
            appendValue(to, v);
    }
    for (const ExtraColumn& e : extra) {
        if (e.values.size() != n)
            throw Error(ErrorCode::Argument, "column \"" + e.name + "\" has " + std::to_string(e.values.size())
                + " values for " + std::to_string(n) + " rows");
        AttributeColumn& to = table.addColumn(e.name, FieldType::Real);
        to.reserve(n);
        for (double v : e.values) {
            if (std::isnan(v))
                to.appendNull();
            else
                to.appendReal(v);
        }
    }
    table.setRowCount(n);
    return std::make_shared<const Layer>(layer.name(), layer.crs(), layer.geometryType(), std::move(geometries),
        std::move(table), std::move(fids));
}

} // namespace gis
