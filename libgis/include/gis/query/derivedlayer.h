#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// A column of numbers added to a derived layer as it is, such as the distances of a nearest search.
struct ExtraColumn {
    std::string name;
    std::vector<double> values; ///< one per derived row; NaN for null
};

/// The rows `rows` of `layer` (in that order, so a nearest-first order is kept; every row when null) as a new
/// layer whose columns are `items`, each a field name (copied as it is) or an expression of the expression
/// language (docs/expressions.md: `year(inspection_date)`, `$area`, `upper(name_en)`), evaluated per row into a
/// column named by the expression's text. Empty `items`: every field. Then `extra` columns are appended.
/// Geometries and feature ids are those of the rows.
///
/// An expression column is Integer, Real (integers and reals mixed), Boolean, Date, DateTime or String as its
/// non-null values are; values of mixed other types become their text. This is what lets `gis query` group by,
/// summarise and write expressions through the writers and the aggregation that take fields.
///
/// Throws Error(Query) as Expression::compile does — a misspelt field name is an unknown field with a
/// "did you mean" — and Error(Argument) for a row out of range or an extra column of the wrong length.
std::shared_ptr<const Layer> deriveLayer(const Layer& layer, const std::vector<std::uint32_t>* rows,
    const std::vector<std::string>& items, const std::vector<ExtraColumn>& extra = {});

} // namespace gis

GIS_API_END
