#include "gis/data/editfeature.h"
#include "gis/data/editstore.h"

#include "edit/editjournal.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

FieldValue valueOf(const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row))
        return std::monostate{};
    switch (column.type()) {
    case FieldType::Real: return column.real(row);
    case FieldType::String:
    case FieldType::Binary: return std::string(column.string(row));
    default: return column.integer(row);
    }
}

std::uint64_t fnv1a(const std::string& bytes)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

} // namespace

EditFeature editFeatureFromLayer(const Layer& layer, std::size_t row)
{
    EditFeature f;
    f.geometry = Geometry(layer.geometry(row));
    const AttributeTable& table = layer.attributes();
    f.values.reserve(table.columnCount());
    for (std::size_t k = 0; k < table.columnCount(); ++k)
        f.values.push_back(valueOf(table.column(k), row));
    return f;
}

FeatureVersion featureVersion(const EditFeature* feature)
{
    if (!feature)
        return {};
    thread_local std::string bytes;
    detail::encodeFeatureInto(bytes, *feature);
    return {true, fnv1a(bytes)};
}

bool sameContent(const EditFeature& a, const EditFeature& b)
{
    return detail::encodeFeature(a) == detail::encodeFeature(b);
}

std::optional<EditConflict> conflictWith(const std::string& layer, const FeatureChange& change,
    std::optional<EditFeature> theirs)
{
    const FeatureVersion now = featureVersion(theirs ? &*theirs : nullptr);
    if (now == change.baseVersion)
        return std::nullopt;
    EditConflict conflict;
    conflict.layer = layer;
    conflict.fid = change.fid;
    if (change.feature)
        conflict.mine = *change.feature;
    conflict.theirs = std::move(theirs);
    conflict.theirsVersion = now;
    return conflict;
}

} // namespace gis
