// Change polygons of dsm-change as building-inspection tasks: one Point feature per polygon, appended through the
// edit session (journaled, one batch, one transaction), so what the drone saw goes into the inspectors' work.

#include "gis/analysis/inspectiontasks.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datetime.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

namespace gis::analysis {

namespace {

/// GEOS's point on surface of `g` (inside the polygon, unlike a centroid of an L-shaped change).
Coord pointOnSurface(GeometryRef g)
{
    const detail::GeosGeometryPtr geos = detail::toGeos(g);
    const detail::GeosGeometryPtr point = detail::checkGeos(GEOSPointOnSurface_r(detail::geosContext(), geos.get()), "point on surface");
    Coord c;
    if (!GEOSGeomGetX_r(detail::geosContext(), point.get(), &c.x) || !GEOSGeomGetY_r(detail::geosContext(), point.get(), &c.y))
        throw Error(ErrorCode::Geometry, "point on surface: GEOS returned no point");
    return c;
}

std::string describe(const std::string& sign, double area, double meanDz, double volume)
{
    char text[160];
    std::snprintf(text, sizeof text, "%s of %.1f m², mean height change %+.2f m, %.1f m³", sign.c_str(), area, meanDz, volume);
    return text;
}

} // namespace

std::vector<std::int64_t> appendInspectionTasks(EditSession& session, const Layer& polygons, const InspectionTaskOptions& options)
{
    const std::vector<FieldInfo>& fields = session.fields();
    const auto field = [&](const char* name) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (fields[k].name == name)
                return k;
        return std::nullopt;
    };
    const std::string layer = "layer \"" + session.layerName() + "\"";
    for (const char* required : {"stage", "result", "flight_id"})
        if (!field(required))
            throw Error(ErrorCode::Argument, layer + " has no field \"" + required
                    + "\" for the inspection tasks (flight_id: a text field that data/generate_drone.py adds)");
    for (const char* needed : {"sign", "area_m2", "volume_m3", "mean_dz"})
        if (polygons.attributes().indexOf(needed) < 0)
            throw Error(ErrorCode::Argument, "layer \"" + polygons.name() + "\" has no field \"" + needed
                    + "\": inspection tasks are made from dsm-change's change polygons");
    // The tasks are committed (and on failure rolled back) on their own: never with edits of someone else.
    if (session.isModified())
        throw Error(ErrorCode::Argument, layer + " has changes not committed: commit or roll them back before adding inspection tasks");
    if (options.flightId.empty())
        throw Error(ErrorCode::Argument, "inspection tasks need the flight's id (flight_id)");
    std::optional<std::int64_t> date;
    if (!options.inspectionDate.empty() && !(date = parseDate(options.inspectionDate)))
        throw Error(ErrorCode::Argument, "inspection date \"" + options.inspectionDate + "\" is not YYYY-MM-DD");

    const Crs& target = session.base()->crs();
    std::optional<Transformer> transformer;
    if (polygons.crs().isValid() && target.isValid() && !polygons.crs().isEquivalentTo(target))
        transformer.emplace(polygons.crs(), target);
    const AttributeTable& a = polygons.attributes();
    const AttributeColumn& sign = a.column("sign");
    const AttributeColumn& area = a.column("area_m2");
    const AttributeColumn& volume = a.column("volume_m3");
    const AttributeColumn& mean = a.column("mean_dz");

    // Every feature is made before the first edit: an error here leaves the session untouched.
    std::vector<EditFeature> features;
    for (std::size_t row = 0; row < polygons.size(); ++row) {
        Coord at = pointOnSurface(polygons.geometry(row));
        if (transformer)
            at = transformer->transform(at);
        if (!std::isfinite(at.x) || !std::isfinite(at.y))
            throw Error(ErrorCode::Crs, "change polygon " + std::to_string(row + 1) + " cannot be put into " + layer + "'s CRS");
        EditFeature f;
        GeometryColumn point;
        point.appendPoint(at.x, at.y);
        f.geometry = Geometry(std::move(point));
        f.values.resize(fields.size());
        f.values[*field("stage")] = std::string("drone change");
        f.values[*field("result")] = std::string("pending");
        f.values[*field("flight_id")] = options.flightId;
        if (const auto k = field("violations"))
            f.values[*k] = describe(std::string(sign.string(row)), area.real(row), mean.real(row), volume.real(row));
        if (const auto k = field("inspection_id"))
            f.values[*k] = options.flightId + "-C" + std::to_string(row + 1);
        if (const auto k = field("inspection_date"); k && date)
            f.values[*k] = *date;
        features.push_back(std::move(f));
    }

    std::vector<std::int64_t> provisional;
    try {
        session.beginBatch("inspection tasks from change polygons");
        for (EditFeature& f : features)
            provisional.push_back(session.insert(std::move(f)));
        session.endBatch();
        const CommitResult r = session.commit();
        if (!r.committed) {
            std::string why = r.conflicts.empty() ? "an edit check failed" : "another writer changed the layer";
            for (const EditIssue& issue : r.issues)
                why += "; " + issue.message;
            throw Error(ErrorCode::Argument, layer + ": the inspection tasks were not written: " + why);
        }
        std::vector<std::int64_t> stored;
        for (const std::int64_t id : provisional)
            stored.push_back(r.insertedIds.at(id));
        return stored;
    } catch (...) {
        session.rollback();
        throw;
    }
}

} // namespace gis::analysis
