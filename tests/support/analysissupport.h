#pragma once

// Helpers shared by the analysis tests (tests/analysis): in-memory layers from WKT, and the run cancelled at its first
// progress report. Header-only; the GEOS oracle's helpers are in geosoracle.h (only tests that link GEOS include it).

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"

namespace gis::test {

/// WKT strings as a geometry column; "" is a feature without geometry.
inline GeometryColumn geometriesFromWkt(const std::vector<std::string>& wkts)
{
    GeometryColumn geometries;
    for (const std::string& wkt : wkts) {
        if (wkt.empty())
            geometries.appendNull();
        else
            geometries.append(geometryFromWkt(wkt).column(), 0);
    }
    return geometries;
}

/// A layer of `geometries` and `attributes` (whose row count is set to the geometries'), ids from `firstFid` up.
inline std::shared_ptr<const Layer> makeTestLayer(const std::string& name, const Crs& crs, GeometryType type,
    GeometryColumn geometries, AttributeTable attributes, std::int64_t firstFid = 101)
{
    std::vector<std::int64_t> fids;
    for (std::size_t i = 0; i < geometries.size(); ++i)
        fids.push_back(firstFid + static_cast<std::int64_t>(i));
    attributes.setRowCount(geometries.size());
    return std::make_shared<const Layer>(name, crs, type, std::move(geometries), std::move(attributes), std::move(fids));
}

/// How layerFromWkt names its layer, its CRS, the first id and the text of its field "name".
struct WktLayerSpec {
    std::string name = "parcels";
    Crs crs = Crs::fromEpsg(32640);
    std::int64_t firstFid = 101;
    std::string rowPrefix = "feature "; ///< row i's "name" is this followed by i
};

/// A layer from WKT strings ("" for a feature without geometry) with one text field "name" (`rowPrefix` and the row
/// number) and ids from `firstFid`: by default "parcels" in EPSG:32640, "feature 0", "feature 1" …, ids from 101.
inline std::shared_ptr<const Layer> layerFromWkt(const std::vector<std::string>& wkts, GeometryType type,
    const WktLayerSpec& spec = {})
{
    AttributeTable attributes;
    AttributeColumn& name = attributes.addColumn("name", FieldType::String);
    for (std::size_t i = 0; i < wkts.size(); ++i)
        name.appendString(spec.rowPrefix + std::to_string(i));
    return makeTestLayer(spec.name, spec.crs, type, geometriesFromWkt(wkts), std::move(attributes), spec.firstFid);
}

/// What a run cancelled from its first progress report did: `error` is empty when it stopped with
/// Error(Cancelled), else says what happened instead; `reports` counts the progress reports it made.
struct CancelOutcome {
    QString error;
    int reports = 0;
};

/// Runs `run(options)` with a progress callback that cancels at the first report (a user pressing Cancel mid-run).
/// The callback may be called from several threads: the count is atomic.
template <class Run>
CancelOutcome cancelAtFirstReport(Run run)
{
    analysis::RunOptions options;
    std::atomic<int> reports{0};
    const CancellationToken token = options.feedback.cancel;
    options.feedback.progress = [token, &reports](double) {
        token.cancel();
        ++reports;
    };
    CancelOutcome outcome;
    try {
        run(options);
        outcome.error = "no error";
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Cancelled)
            outcome.error = QString("not Cancelled: ") + e.what();
    }
    outcome.reports = reports.load();
    return outcome;
}

} // namespace gis::test
