#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/query/spatialquery.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// What to select from one layer: every condition given must hold (an empty spec selects every row). A
/// plain value: build it, copy it, keep it; nothing in it refers to a layer. Coordinates are in `crs` of
/// each condition; an invalid (default) Crs means the layer's own, as does a layer without a CRS.
struct QuerySpec {
    /// Rows whose bounding box intersects `box` (reprojected as a box when in another CRS).
    struct BoxFilter {
        Box box;
        Crs crs;
    };
    /// Rows whose geometry satisfies "feature PREDICATE geometry" (see selectByPredicate()).
    struct PredicateFilter {
        SpatialPredicate predicate = SpatialPredicate::Intersects;
        Geometry geometry;
        Crs crs;
    };
    /// Rows whose geometry lies within `distance` of `geometry`: metres on the ellipsoid for a geographic
    /// layer, CRS units otherwise (see selectWithinDistance()). Must not be negative.
    struct DistanceFilter {
        Geometry geometry;
        double distance = 0;
        Crs crs;
    };
    /// The k rows nearest to `point` among the rows every other condition keeps, closest first.
    struct NearestFilter {
        Coord point;
        std::size_t k = 1;
        Crs crs;
    };

    std::optional<BoxFilter> bbox;
    std::vector<PredicateFilter> predicates; ///< all must hold, applied in this order
    std::optional<DistanceFilter> withinDistance;
    std::optional<std::string> where;        ///< a filter expression (docs/expressions.md)
    std::optional<NearestFilter> nearest;
    /// Of the rows selected (in their order), skip `offset`, then keep at most `limit`.
    std::size_t offset = 0;
    std::optional<std::size_t> limit;

    /// True when some condition, offset or limit is given, false when the spec selects every row.
    bool filters() const;
};

/// The rows a QuerySpec selects: ascending, or nearest first when it asked for the nearest rows.
struct Selection {
    /// True when the spec had no condition at all: every row of the layer, in order, and `rows` is left
    /// empty (a layer may hold millions; callers write "all rows" without a list).
    bool allRows = false;
    std::vector<std::uint32_t> rows;
    /// With a nearest condition: distances[i] is the exact distance of rows[i] (units as in DistanceFilter);
    /// empty otherwise.
    std::vector<double> distances;

    /// Number of rows selected (layerSize when allRows).
    std::size_t size(std::size_t layerSize) const { return allRows ? layerSize : rows.size(); }
};

/// Selects the rows of `layer` that `spec` asks for. Conditions are applied as the `gis query` command
/// always did: box, predicates, distance (each through the layer's R-tree), then the expression over what is
/// left; then the nearest rows among those (a best-first search of the R-tree that skips rows not kept,
/// so it measures about as many rows as it returns); then offset and limit.
///
/// Reads the layer only: any number of threads may select from one layer at once. Throws Error(Crs) when a
/// condition's CRS cannot be brought into the layer's, Error(Geometry) for a null or non-finite query
/// geometry or point, Error(Argument) for a negative or NaN distance, Error(Query) for an expression that
/// does not compile against the layer, Error(Cancelled) when `cancel` is cancelled.
Selection select(const Layer& layer, const QuerySpec& spec, const CancellationToken& cancel = {});

/// A layer read for a query, and the rows of it the query selects (see readFiltered()).
struct FilteredRead {
    /// What was read. From a PostgreSQL source: only the rows the server sent (those the pushed part of the
    /// expression and the box keep); from any other source: the whole layer.
    std::shared_ptr<const Layer> layer;
    /// The rows of `layer` the whole spec selects (allRows: every row of `layer`).
    Selection selection;
    /// The part of the spec's expression the server evaluated (SQL with $1…$n; empty when none was) and the
    /// part evaluated here on the rows it sent (empty when none). For other sources both are empty and the
    /// whole expression ran here.
    std::string pushedSql;
    std::string residual;
    /// The rows the server sent (LoadReport::rowsReceived); -1 for other sources.
    std::int64_t rowsReceived = -1;
};

/// Reads layer `layerName` of `path` (empty: its only layer; Error(Argument) naming them when it has several)
/// and selects from it what `spec` asks for, pushing work to the server where the source is PostgreSQL:
/// the expression is compiled against the layer's fields (DataSource::layers()), split by translateToSql()
/// into what the server evaluates (ReadOptions::serverFilter) and the residual evaluated here, and a box
/// condition becomes ReadOptions::filterBox (the column's spatial index). The other conditions (predicates,
/// distance, nearest, offset, limit) then run on the rows read, through select(). Other sources are read whole
/// and selected from as select() does. Either way the features selected are the same (tests/cli/
/// tst_clipgfilter.cpp proves it for the expression table of tests/support/sqlfiltercases.h).
///
/// `options` is used for the read; its filterBox and serverFilter must be empty (this function sets them):
/// Error(Argument) otherwise. Throws what DataSource::open, readLayer and select() throw; Error(Query) for an
/// expression that does not compile against the layer.
FilteredRead readFiltered(const std::string& path, std::string_view layerName, const QuerySpec& spec,
                          ReadOptions options = {});

} // namespace gis

GIS_API_END
