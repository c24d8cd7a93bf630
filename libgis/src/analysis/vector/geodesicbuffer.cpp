#include "geodesicbuffer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/geodesic.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

namespace gis::analysis::detail {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

std::vector<Parameter> bufferStyleParameters()
{
    std::vector<Parameter> out;
    Parameter cap = Parameter::make("cap", ParameterType::Choice, "End cap", "نهاية الخط",
        "How the ends of lines are made: round, flat (cut at the end) or square (extended by the distance)",
        "شكل نهايات الخطوط: round (دائرية) أو flat (مقطوعة عند النهاية) أو square (ممتدة بمقدار المسافة)");
    cap.defaultValue = "round";
    cap.choices = {"round", "flat", "square"};
    cap.choiceTitles = {{"Round", "مستدير"}, {"Flat", "مسطح"}, {"Square", "مربع"}};
    out.push_back(std::move(cap));
    Parameter join = Parameter::make("join", ParameterType::Choice, "Join", "الزوايا",
        "How corners are made: round, mitre (sharp, up to 5 times the distance) or bevel (cut)",
        "شكل الزوايا: round (دائرية) أو mitre (حادة، حتى خمسة أضعاف المسافة) أو bevel (مشطوفة)");
    join.defaultValue = "round";
    join.choices = {"round", "mitre", "bevel"};
    join.choiceTitles = {{"Round", "مستدير"}, {"Mitre", "حاد"}, {"Bevel", "مشطوف"}};
    out.push_back(std::move(join));
    Parameter segments = Parameter::make("segments", ParameterType::Integer, "Segments per quarter circle",
        "عدد القطع في ربع الدائرة",
        "Straight segments that make a quarter circle; on longitude/latitude layers at least 18 are used, so that "
        "the buffer is within 0.1 % of the distance everywhere",
        "عدد القطع المستقيمة التي تكوّن ربع دائرة؛ في طبقات خطوط الطول والعرض يُستخدم 18 على الأقل ليبقى النطاق "
        "ضمن 0.1 % من المسافة في كل مكان");
    segments.defaultValue = std::string("8"); // see buffer.cpp: GCC 12 bug 105329
    segments.minimum = 1;
    segments.maximum = 1000;
    out.push_back(std::move(segments));
    return out;
}

BufferStyle bufferStyleFrom(const ParameterValues& values)
{
    BufferStyle style;
    const std::string& cap = values.text("cap");
    style.cap = cap == "flat" ? GEOSBUF_CAP_FLAT : cap == "square" ? GEOSBUF_CAP_SQUARE : GEOSBUF_CAP_ROUND;
    const std::string& join = values.text("join");
    style.join = join == "mitre" ? GEOSBUF_JOIN_MITRE : join == "bevel" ? GEOSBUF_JOIN_BEVEL : GEOSBUF_JOIN_ROUND;
    style.quadrantSegments = static_cast<int>(values.integer("segments"));
    return style;
}

Bufferer::Bufferer(const Crs& crs, const BufferStyle& style) : m_crs(crs), m_style(style)
{
    if (crs.isGeographic()) {
        m_geodesic = true;
        m_style.quadrantSegments = std::max(m_style.quadrantSegments, kGeodesicMinimumSegments);
        // sin and cos of the azimuths 360 k / n degrees, k = 0 .. n / 2, exact at the quadrant boundaries.
        const int n = 4 * m_style.quadrantSegments;
        for (int k = 0; k <= n / 2; ++k) {
            const double angle = 2 * 3.14159265358979323846 * k / n;
            double s = std::sin(angle), c = std::cos(angle);
            if (4 * k == n)
                s = 1, c = 0;
            else if (2 * k == n)
                s = 0, c = -1;
            m_unitCircle.push_back({s, c});
        }
    } else if (!crs.isProjected()) {
        throw Error(ErrorCode::Crs, std::string("a distance in metres needs a layer with a known CRS, projected or ")
                + "longitude/latitude" + (crs.isValid() ? " (\"" + crs.name() + "\" is neither)" : " (it has none)"));
    }
}

void Bufferer::checkDistance(double metres, const std::string& what, const std::string& feature) const
{
    if (m_geodesic && std::fabs(metres) > kGeodesicMaximum) {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", metres);
        throw Error(ErrorCode::Argument, what + ": " + text + " m for " + feature + " is more than the 1,000 km a "
                + "geodesic buffer takes on a longitude/latitude layer");
    }
}

GeosGeometryPtr Bufferer::planar(const GEOSGeometry* g, double distance) const
{
    return checkGeos(GEOSBufferWithStyle_r(geosContext(), g, distance, m_style.quadrantSegments, m_style.cap,
                         m_style.join, m_style.mitreLimit),
        "buffer");
}

namespace {

/// One step of the classical fourth-order Runge-Kutta method on the geodesic equations of the WGS84 ellipsoid,
/// dphi/ds = cos(alpha) / M, dlambda/ds = sin(alpha) / (N cos(phi)), dalpha/ds = sin(alpha) tan(phi) / N, with
/// alpha carried as its sine and cosine (so no trigonometric call per vertex: sin and cos of phi near the centre
/// come from those of the centre and a short series of the offset, exact to rounding for offsets under 0.01 rad).
class GeodesicStep {
public:
    explicit GeodesicStep(double latDegrees)
        : m_sin(std::sin(latDegrees * kRadian)), m_cos(std::cos(latDegrees * kRadian))
    {
    }

    /// The offsets (degrees of latitude, degrees of longitude) of the point `metres` from the centre along the
    /// geodesic of azimuth alpha (given by its sine and cosine).
    std::pair<double, double> offset(double sinAlpha, double cosAlpha, double metres) const
    {
        const State x{0, 0, sinAlpha, cosAlpha};
        const State k1 = rate(x);
        const State k2 = rate(x.plus(k1, metres / 2));
        const State k3 = rate(x.plus(k2, metres / 2));
        const State k4 = rate(x.plus(k3, metres));
        const double dLat = metres / 6 * (k1.dLat + 2 * k2.dLat + 2 * k3.dLat + k4.dLat);
        const double dLon = metres / 6 * (k1.dLon + 2 * k2.dLon + 2 * k3.dLon + k4.dLon);
        return {dLat / kRadian, dLon / kRadian};
    }

private:
    static constexpr double kRadian = 3.14159265358979323846 / 180;
    static constexpr double kA = 6378137.0;
    static constexpr double kF = 1 / 298.257223563;
    static constexpr double kE2 = kF * (2 - kF);

    struct State {
        double dLat, dLon, sinAlpha, cosAlpha; // offsets from the centre in radians
        State plus(const State& k, double h) const
        {
            return {dLat + h * k.dLat, dLon + h * k.dLon, sinAlpha + h * k.sinAlpha, cosAlpha + h * k.cosAlpha};
        }
    };

    State rate(const State& x) const
    {
        const double d = x.dLat, d2 = d * d;
        const double sinD = d * (1 - d2 / 6 * (1 - d2 / 20)), cosD = 1 - d2 / 2 * (1 - d2 / 12 * (1 - d2 / 30));
        const double sinPhi = m_sin * cosD + m_cos * sinD, cosPhi = m_cos * cosD - m_sin * sinD;
        const double w2 = 1 - kE2 * sinPhi * sinPhi, w = std::sqrt(w2);
        const double invM = w2 * w / (kA * (1 - kE2)), invNcos = w / (kA * cosPhi);
        const double turn = x.sinAlpha * sinPhi * invNcos; // dalpha/ds
        return {x.cosAlpha * invM, x.sinAlpha * invNcos, x.cosAlpha * turn, -x.sinAlpha * turn};
    }

    double m_sin, m_cos;
};

} // namespace

void Bufferer::circleVertices(double lon, double lat, double metres, std::vector<Coord>& ring) const
{
    // The circle is symmetric about the meridian through its centre (the ellipsoid is one of revolution): the
    // vertices east of it are computed, those west are their mirror images.
    const int n = 4 * m_style.quadrantSegments;
    ring.resize(static_cast<std::size_t>(n) + 1);
    const bool series = metres <= kSeriesMaximum && std::fabs(lat) <= kSeriesLatitude;
    const GeodesicStep step(series ? lat : 0.0);
    for (int k = 0; k <= n / 2; ++k) {
        double dLon = 0, dLat = 0;
        if (series) {
            std::tie(dLat, dLon) = step.offset(m_unitCircle[static_cast<std::size_t>(k)].x,
                m_unitCircle[static_cast<std::size_t>(k)].y, metres);
        } else {
            const Coord c = geodesic::destination(lon, lat, 360.0 * k / n, metres);
            dLon = c.x - lon; // across the antimeridian: the short way round
            if (dLon > 180)
                dLon -= 360;
            else if (dLon < -180)
                dLon += 360;
            dLat = c.y - lat;
        }
        ring[static_cast<std::size_t>(k)] = {lon + dLon, lat + dLat};
        if (k > 0 && k < n - k)
            ring[static_cast<std::size_t>(n - k)] = {lon - dLon, lat + dLat};
    }
    ring[static_cast<std::size_t>(n)] = ring[0];
}

bool Bufferer::isCircle(GeometryRef g, double metres) const
{
    return m_geodesic && m_style.cap == GEOSBUF_CAP_ROUND && metres > 0 && g.type() == GeometryType::Point
        && !g.column->isEmpty(g.index);
}

void Bufferer::appendCircle(GeometryColumn& out, GeometryRef g, double metres) const
{
    const GeometryColumn& column = *g.column;
    const Coord centre = column.coord(column.coordBegin(column.ringBegin(column.partBegin(g.index))));
    thread_local std::vector<Coord> ring;
    circleVertices(centre.x, centre.y, metres, ring);
    out.beginGeometry(GeometryType::MultiPolygon);
    out.beginPart(GeometryType::Polygon);
    out.beginRing();
    for (const Coord& c : ring)
        out.addCoord(c.x, c.y);
    out.endGeometry();
}

GeosGeometryPtr Bufferer::geodesicCircle(double lon, double lat, double metres) const
{
    std::vector<Coord> ring;
    circleVertices(lon, lat, metres, ring);
    GEOSContextHandle_t ctx = geosContext();
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, &ring[0].x, static_cast<unsigned>(ring.size()), 0, 0);
    if (!seq)
        gis::detail::throwGeosError("geodesic circle");
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(ctx, seq);
    if (!shell)
        gis::detail::throwGeosError("geodesic circle");
    return checkGeos(GEOSGeom_createPolygon_r(ctx, shell, nullptr, 0), "geodesic circle");
}

std::unique_ptr<Transformer> Bufferer::takeTransformer(double lon, double lat) const
{
    {
        const std::lock_guard lock(m_poolMutex);
        const auto it = m_pool.find({lon, lat});
        if (it != m_pool.end() && !it->second.empty()) {
            std::unique_ptr<Transformer> t = std::move(it->second.back());
            it->second.pop_back();
            return t;
        }
    }
    char definition[160];
    std::snprintf(definition, sizeof definition,
        "+proj=aeqd +lat_0=%.10f +lon_0=%.10f +datum=WGS84 +units=m +no_defs +type=crs", lat, lon);
    return std::make_unique<Transformer>(m_crs, Crs::fromUserInput(definition));
}

void Bufferer::giveBack(double lon, double lat, std::unique_ptr<Transformer> t) const
{
    const std::lock_guard lock(m_poolMutex);
    m_pool[{lon, lat}].push_back(std::move(t));
}

GeosGeometryPtr Bufferer::projected(GeometryRef g, double metres) const
{
    const Box b = g.bounds();
    double lon = (b.minX + b.maxX) / 2, lat = (b.minY + b.maxY) / 2;
    const double cellLon = (std::floor(lon / kCellDegrees) + 0.5) * kCellDegrees;
    const double cellLat = (std::floor(lat / kCellDegrees) + 0.5) * kCellDegrees;
    // How far the buffer reaches from the cell's centre: to the farthest corner of the shape's box, plus the distance.
    double reach = 0;
    for (const Coord corner : {Coord{b.minX, b.minY}, Coord{b.minX, b.maxY}, Coord{b.maxX, b.minY}, Coord{b.maxX, b.maxY}})
        reach = std::max(reach, geodesic::distance(cellLon, cellLat, corner.x, corner.y));
    const bool pooled = reach + std::fabs(metres) <= kPoolRadius;
    if (pooled) {
        lon = cellLon;
        lat = cellLat;
    }
    std::unique_ptr<Transformer> toLocal = takeTransformer(lon, lat);
    const Geometry local = toLocal->transform(g);
    if (!local.column().isFinite(0))
        throw Error(ErrorCode::Crs, "cannot project the geometry to a local azimuthal equidistant projection");
    const GeosGeometryPtr source = toGeos(local.ref());
    const GeosGeometryPtr buffered = planar(source.get(), metres);
    GeometryColumn back;
    if (GEOSisEmpty_r(geosContext(), buffered.get()) == 0) {
        appendGeos(back, buffered.get());
        toLocal->inverse(back.mutableCoords(), back.coordCount());
    }
    if (pooled)
        giveBack(lon, lat, std::move(toLocal));
    if (back.empty())
        return checkGeos(GEOSGeom_clone_r(geosContext(), buffered.get()), "buffer");
    if (!back.isFinite(0))
        throw Error(ErrorCode::Crs, "cannot project the buffer back to longitude/latitude");
    return toGeos({&back, 0});
}

GeosGeometryPtr Bufferer::buffer(GeometryRef g, double metres) const
{
    const bool roundPoint = m_style.cap == GEOSBUF_CAP_ROUND
        && (g.type() == GeometryType::Point || g.type() == GeometryType::MultiPoint);
    if (!m_geodesic || metres == 0.0 || g.column->isEmpty(g.index)) {
        // A zero distance needs no projection: GEOS's buffer(0) of the geometry itself.
        const GeosGeometryPtr source = toGeos(g);
        return planar(source.get(), metres);
    }
    if (!roundPoint)
        return projected(g, metres);
    GEOSContextHandle_t ctx = geosContext();
    if (metres < 0)
        return checkGeos(GEOSGeom_createEmptyPolygon_r(ctx), "buffer");
    const GeometryColumn& column = *g.column;
    if (g.type() == GeometryType::Point) {
        const Coord c = column.coord(column.coordBegin(column.ringBegin(column.partBegin(g.index))));
        return geodesicCircle(c.x, c.y, metres);
    }
    std::vector<GEOSGeometry*> circles;
    for (std::size_t p = column.partBegin(g.index); p < column.partEnd(g.index); ++p) {
        const Coord c = column.coord(column.coordBegin(column.ringBegin(p)));
        circles.push_back(geodesicCircle(c.x, c.y, metres).release());
    }
    const GeosGeometryPtr all = checkGeos(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, circles.data(),
                                              static_cast<unsigned>(circles.size())),
        "collection");
    return checkGeos(GEOSUnaryUnion_r(ctx, all.get()), "union");
}

void appendMultiPolygon(GeometryColumn& out, const GEOSGeometry* g)
{
    GEOSContextHandle_t ctx = geosContext();
    if (GEOSGeomTypeId_r(ctx, g) == GEOS_MULTIPOLYGON) {
        appendGeos(out, g);
        return;
    }
    // A Polygon, an empty geometry or a collection of polygons: its polygon parts become the MultiPolygon's.
    GeometryColumn single;
    if (GEOSisEmpty_r(ctx, g) == 0)
        appendGeos(single, g);
    out.beginGeometry(GeometryType::MultiPolygon);
    for (std::size_t p = 0; p < single.partCount(); ++p) {
        if (single.partType(p) != GeometryType::Polygon)
            continue;
        out.beginPart(GeometryType::Polygon);
        for (std::size_t r = single.ringBegin(p); r < single.ringEnd(p); ++r) {
            out.beginRing();
            for (std::size_t c = single.coordBegin(r); c < single.coordEnd(r); ++c)
                out.addCoord(single.coord(c).x, single.coord(c).y);
        }
    }
    out.endGeometry();
}

GeosGeometryPtr parallelUnion(std::vector<GeosGeometryPtr> parts, const RunOptions& options, const char* what)
{
    constexpr std::size_t kChunk = 256;
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = what;
    GEOSContextHandle_t ctx = geosContext();
    if (parts.empty())
        return checkGeos(GEOSGeom_createEmptyPolygon_r(ctx), "union");
    // Round one: chunks of parts; then pairs of results, until one is left. Each index of a round is one GEOS
    // union, so cancel is checked between unions.
    const std::size_t chunks = (parts.size() + kChunk - 1) / kChunk;
    std::vector<GeosGeometryPtr> level(chunks);
    parallelFor(
        chunks,
        [&](std::size_t c) {
            const std::size_t begin = c * kChunk, end = std::min(parts.size(), begin + kChunk);
            std::vector<GEOSGeometry*> members;
            for (std::size_t i = begin; i < end; ++i)
                members.push_back(parts[i].release());
            const GeosGeometryPtr collection = checkGeos(GEOSGeom_createCollection_r(geosContext(),
                                                             GEOS_GEOMETRYCOLLECTION, members.data(),
                                                             static_cast<unsigned>(members.size())),
                "collection");
            level[c] = checkGeos(GEOSUnaryUnion_r(geosContext(), collection.get()), "union");
        },
        &options.feedback.cancel, parallel);
    while (level.size() > 1) {
        std::vector<GeosGeometryPtr> next((level.size() + 1) / 2);
        parallelFor(
            next.size(),
            [&](std::size_t i) {
                if (2 * i + 1 < level.size())
                    next[i] = checkGeos(GEOSUnion_r(geosContext(), level[2 * i].get(), level[2 * i + 1].get()), "union");
                else
                    next[i] = std::move(level[2 * i]);
            },
            &options.feedback.cancel, parallel);
        level = std::move(next);
    }
    return std::move(level.front());
}

std::string featureName(const Layer& layer, std::size_t row)
{
    return "feature " + std::to_string(layer.fid(row)) + " of layer \"" + layer.name() + "\"";
}

} // namespace gis::analysis::detail
