#include "gis/query/select.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

namespace gis {

namespace {

/// The transformer from `from` into the layer's CRS, or none when no reprojection is needed (either CRS
/// unknown, or the two equivalent).
std::optional<Transformer> toLayerCrs(const Layer& layer, const Crs& from)
{
    if (!from.isValid() || !layer.crs().isValid() || from.isEquivalentTo(layer.crs()))
        return std::nullopt;
    return Transformer(from, layer.crs());
}

Geometry inLayerCrs(const Layer& layer, const Geometry& geometry, const Crs& crs)
{
    const auto t = toLayerCrs(layer, crs);
    return t ? t->transform(geometry.ref()) : geometry;
}

/// Rows in both `a` (all rows when none yet) and `b`; both ascending.
std::vector<std::uint32_t> intersect(const std::optional<std::vector<std::uint32_t>>& a, std::vector<std::uint32_t> b)
{
    if (!a)
        return b;
    std::vector<std::uint32_t> out;
    std::set_intersection(a->begin(), a->end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

template <class T>
void window(std::vector<T>& v, std::size_t offset, std::optional<std::size_t> limit)
{
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::min(offset, v.size())));
    if (limit && *limit < v.size())
        v.resize(*limit);
}

} // namespace

bool QuerySpec::filters() const
{
    return bbox || !predicates.empty() || withinDistance || where || nearest || offset > 0 || limit;
}

Selection select(const Layer& layer, const QuerySpec& spec, const CancellationToken& cancel)
{
    const Feedback feedback{cancel, {}};
    // nullopt: no condition yet, every row.
    std::optional<std::vector<std::uint32_t>> rows;
    if (spec.bbox) {
        Box box = spec.bbox->box;
        if (auto t = toLayerCrs(layer, spec.bbox->crs))
            box = t->transformBox(box);
        rows = intersect(rows, selectByBox(layer, box));
    }
    for (const QuerySpec::PredicateFilter& p : spec.predicates) {
        cancel.throwIfCancelled("query");
        const Geometry g = inLayerCrs(layer, p.geometry, p.crs);
        rows = intersect(rows, selectByPredicate(layer, p.predicate, g.ref(), feedback));
    }
    if (const auto& d = spec.withinDistance) {
        cancel.throwIfCancelled("query");
        const Geometry g = inLayerCrs(layer, d->geometry, d->crs);
        rows = intersect(rows, selectWithinDistance(layer, g.ref(), d->distance, feedback));
    }
    if (spec.where) {
        cancel.throwIfCancelled("query");
        const Expression expression = Expression::compile(*spec.where, layer);
        rows = expression.filter(rows ? &*rows : nullptr);
    }

    Selection selection;
    if (const auto& n = spec.nearest) {
        cancel.throwIfCancelled("query");
        Coord p = n->point;
        if (auto t = toLayerCrs(layer, n->crs))
            p = t->transform(p);
        // Among the rows the other conditions kept: the search skips the others without measuring them.
        RowFilter keep;
        if (rows)
            keep = [&kept = *rows](std::uint32_t row) { return std::binary_search(kept.begin(), kept.end(), row); };
        auto found = nearest(layer, p, n->k, -1, keep);
        selection.rows.reserve(found.size());
        selection.distances.reserve(found.size());
        for (const auto& [row, distance] : found) {
            selection.rows.push_back(row);
            selection.distances.push_back(distance);
        }
    } else if (rows) {
        selection.rows = std::move(*rows);
    } else if (spec.offset > 0 || spec.limit) {
        selection.rows.resize(layer.size());
        for (std::size_t r = 0; r < layer.size(); ++r)
            selection.rows[r] = static_cast<std::uint32_t>(r);
    } else {
        selection.allRows = true;
    }
    window(selection.rows, spec.offset, spec.limit);
    if (spec.nearest)
        window(selection.distances, spec.offset, spec.limit);
    cancel.throwIfCancelled("query");
    return selection;
}

} // namespace gis
