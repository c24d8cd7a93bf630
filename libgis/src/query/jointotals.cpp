// The join table: per-polygon totals of aggregatePerPolygon() regrouped by a field of the polygons
// (groupJoinTotals) or kept per polygon as a layer (joinTotalsLayer), declared in spatialjoin.h.

#include "gis/query/spatialjoin.h"

#include <algorithm>
#include <map>

#include "gis/core/error.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

/// Polygon-field values sort numerically for numeric fields, by text otherwise.
struct GroupKey {
    bool numeric = false;
    double number = 0;
    std::string text;
    bool operator<(const GroupKey& o) const
    {
        if (numeric && o.numeric && number != o.number)
            return number < o.number;
        return text < o.text;
    }
};

struct Totals {
    std::uint64_t count = 0;
    double sum = 0;
    std::uint64_t valueCount = 0;
};

/// The group field's column, checked against the polygons and their totals.
const AttributeColumn& groupColumn(const Layer& polygons, std::string_view groupField,
    const std::vector<PolygonAggregate>& perPolygon)
{
    const int c = polygons.attributes().indexOf(groupField);
    if (c < 0)
        throw Error(ErrorCode::Query, "layer \"" + polygons.name() + "\": unknown field \"" + std::string(groupField) + "\"");
    if (perPolygon.size() != polygons.size())
        throw Error(ErrorCode::Argument, "join totals: " + std::to_string(perPolygon.size()) + " totals for "
                + std::to_string(polygons.size()) + " polygons of layer \"" + polygons.name() + "\"");
    return polygons.attributes().column(static_cast<std::size_t>(c));
}

bool isNumeric(const AttributeColumn& column)
{
    return column.type() == FieldType::Integer || column.type() == FieldType::Real;
}

GroupKey keyOf(const AttributeColumn& keys, bool numericKey, std::size_t row)
{
    return GroupKey{numericKey && !keys.isNull(row), keys.real(row), keys.toString(row)};
}

} // namespace

std::vector<JoinGroup> groupJoinTotals(const Layer& polygons, std::string_view groupField,
    const std::vector<PolygonAggregate>& perPolygon, bool includeEmpty)
{
    const AttributeColumn& keys = groupColumn(polygons, groupField, perPolygon);
    const bool numericKey = isNumeric(keys);
    std::map<GroupKey, Totals> groups;
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        if (perPolygon[p].count == 0 && !includeEmpty)
            continue;
        Totals& g = groups[keyOf(keys, numericKey, p)];
        g.count += perPolygon[p].count;
        g.sum += perPolygon[p].sum;
        g.valueCount += perPolygon[p].valueCount;
    }
    std::vector<JoinGroup> out;
    out.reserve(groups.size());
    for (auto& [key, g] : groups)
        out.push_back({key.text, g.count, g.valueCount, g.sum});
    return out;
}

Layer joinTotalsLayer(const Layer& polygons, std::string_view groupField, std::string_view sumField,
    const std::vector<PolygonAggregate>& perPolygon, bool includeEmpty)
{
    const AttributeColumn& keys = groupColumn(polygons, groupField, perPolygon);
    const bool numericKey = isNumeric(keys);
    std::vector<std::uint32_t> rows;
    for (std::size_t p = 0; p < polygons.size(); ++p)
        if (perPolygon[p].count > 0 || includeEmpty)
            rows.push_back(static_cast<std::uint32_t>(p));
    std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
        return keyOf(keys, numericKey, a) < keyOf(keys, numericKey, b);
    });
    AttributeTable table;
    table.addColumn(std::string(groupField), keys.type());
    table.addColumn("count", FieldType::Integer);
    if (!sumField.empty())
        table.addColumn("sum_" + std::string(sumField), FieldType::Real);
    // References only once every column is added: adding one may move the others.
    AttributeColumn& key = table.column(0);
    AttributeColumn& count = table.column(1);
    AttributeColumn* sum = sumField.empty() ? nullptr : &table.column(2);
    GeometryColumn geometries;
    std::vector<std::int64_t> fids;
    for (std::uint32_t r : rows) {
        if (keys.isNull(r))
            key.appendNull();
        else if (keys.type() == FieldType::Real)
            key.appendReal(keys.real(r));
        else if (keys.type() == FieldType::String || keys.type() == FieldType::Binary)
            key.appendString(keys.string(r));
        else
            key.appendInteger(keys.integer(r));
        count.appendInteger(static_cast<std::int64_t>(perPolygon[r].count));
        if (sum) {
            if (perPolygon[r].valueCount)
                sum->appendReal(perPolygon[r].sum);
            else
                sum->appendNull();
        }
        geometries.append(polygons.geometries(), r);
        fids.push_back(polygons.fid(r));
    }
    return Layer(polygons.name(), polygons.crs(), polygons.geometryType(), std::move(geometries), std::move(table),
        std::move(fids));
}

} // namespace gis
