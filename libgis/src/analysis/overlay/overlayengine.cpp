#include "overlayengine.h"

#include <algorithm>
#include <atomic>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "featuremap.h"
#include "layerbuilder.h"
#include "overlayside.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::GeosPreparedPtr;
using gis::detail::prepareGeos;
using gis::detail::throwGeosError;
using gis::detail::toGeos;

constexpr std::size_t kChunk = 64; // rows of x per task: a row may cost a GEOS overlay, so chunks stay small

/// Which pieces a pass makes for each feature x.
enum Want : unsigned { kPairs = 1, kRemainder = 2, kClipped = 4 };

/// Output pieces and, for each, the row of the input and of the overlay it came from (-1: none).
struct Pieces {
    GeometryColumn geometries;
    std::vector<std::int64_t> inputRows;
    std::vector<std::int64_t> overlayRows;
};

/// One worker's GEOS copies of the other side's geometries, made on first use. GEOS geometries and prepared
/// geometries build caches lazily on use, so workers do not share them.
class GeosCache {
public:
    explicit GeosCache(const OverlaySide& side) : m_side(&side), m_geos(side.layer->size()), m_prepared(side.layer->size()) {}
    const GEOSGeometry* geometry(std::size_t row)
    {
        if (!m_geos[row])
            m_geos[row] = toGeos(m_side->geometry(row));
        return m_geos[row].get();
    }
    const GEOSPreparedGeometry* prepared(std::size_t row)
    {
        if (!m_prepared[row])
            m_prepared[row] = prepareGeos(geometry(row));
        return m_prepared[row].get();
    }

private:
    const OverlaySide* m_side;
    std::vector<GeosGeometryPtr> m_geos;
    std::vector<GeosPreparedPtr> m_prepared;
};

bool predicate(char result, const char* what)
{
    if (result == 2)
        throwGeosError(what);
    return result == 1;
}

/// The union of the other side's geometries `rows` (one of them: itself, not a copy).
GeosGeometryPtr unionOf(GeosCache& cache, const std::vector<std::uint32_t>& rows, const GEOSGeometry*& single)
{
    GEOSContextHandle_t ctx = geosContext();
    if (rows.size() == 1) {
        single = cache.geometry(rows.front());
        return nullptr;
    }
    std::vector<GEOSGeometry*> clones;
    clones.reserve(rows.size());
    for (const std::uint32_t r : rows)
        clones.push_back(GEOSGeom_clone_r(ctx, cache.geometry(r)));
    const GeosGeometryPtr collection = checkGeos(
        GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())),
        "collection");
    GeosGeometryPtr u = checkGeos(GEOSUnaryUnion_r(ctx, collection.get()), "union");
    single = u.get();
    return u;
}

/// The pieces of one feature x (row `row` of side x) against side y.
void overlayFeature(const OverlaySide& x, std::size_t row, const OverlaySide& y, GeosCache& cache, unsigned want,
    int dimension, bool xIsInput, const CancellationToken& cancel, Pieces& out)
{
    GEOSContextHandle_t ctx = geosContext();
    const GeometryRef gx = x.geometry(row);
    if (gx.column->isEmpty(gx.index))
        return;
    const auto emit = [&](std::int64_t yRow) {
        out.inputRows.push_back(xIsInput ? static_cast<std::int64_t>(row) : yRow);
        out.overlayRows.push_back(xIsInput ? yRow : static_cast<std::int64_t>(row));
    };
    std::vector<std::uint32_t> candidates = y.index().search(gx.bounds());
    std::sort(candidates.begin(), candidates.end());
    const GeosGeometryPtr xg = toGeos(gx);
    std::vector<std::uint32_t> meeting;   // y that share any point with x
    std::vector<std::uint8_t> containing; // per meeting: y contains x (x is copied, no overlay)
    bool inside = false;
    for (const std::uint32_t j : candidates) {
        if (!y.usable[j] || y.layer->geometries().isEmpty(j))
            continue;
        const GEOSPreparedGeometry* p = cache.prepared(j);
        const bool contains = predicate(GEOSPreparedContains_r(ctx, p, xg.get()), "prepared contains");
        if (contains || predicate(GEOSPreparedIntersects_r(ctx, p, xg.get()), "prepared intersects")) {
            meeting.push_back(j);
            containing.push_back(contains);
            inside = inside || contains;
        }
    }
    if (want & kPairs) {
        for (std::size_t k = 0; k < meeting.size(); ++k) {
            cancel.throwIfCancelled("overlay"); // a large feature may meet many others
            if (containing[k]) {
                if (appendAsMulti(out.geometries, *gx.column, gx.index, dimension))
                    emit(meeting[k]);
                continue;
            }
            const GeosGeometryPtr piece = checkGeos(GEOSIntersection_r(ctx, xg.get(), cache.geometry(meeting[k])), "intersection");
            if (appendGeosAsMulti(out.geometries, piece.get(), dimension))
                emit(meeting[k]);
        }
    }
    if (want & kClipped) {
        if (inside) {
            if (appendAsMulti(out.geometries, *gx.column, gx.index, dimension))
                emit(-1);
        } else if (!meeting.empty()) {
            const GEOSGeometry* other = nullptr;
            const GeosGeometryPtr owned = unionOf(cache, meeting, other);
            const GeosGeometryPtr piece = checkGeos(GEOSIntersection_r(ctx, xg.get(), other), "intersection");
            if (appendGeosAsMulti(out.geometries, piece.get(), dimension))
                emit(-1);
        }
    }
    if ((want & kRemainder) && !inside) {
        if (meeting.empty()) {
            if (appendAsMulti(out.geometries, *gx.column, gx.index, dimension))
                emit(-1);
        } else {
            const GEOSGeometry* other = nullptr;
            const GeosGeometryPtr owned = unionOf(cache, meeting, other);
            const GeosGeometryPtr piece = checkGeos(GEOSDifference_r(ctx, xg.get(), other), "difference");
            if (appendGeosAsMulti(out.geometries, piece.get(), dimension))
                emit(-1);
        }
    }
}

/// Runs overlayFeature over every feature of x, in chunks on the pool; the pieces in x order.
Pieces overlayPass(const OverlaySide& x, const OverlaySide& y, unsigned want, int dimension, bool xIsInput,
    const RunOptions& options, std::atomic<std::size_t>& done, std::size_t totalChunks)
{
    const std::size_t n = x.layer->size();
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "overlay";
    std::vector<GeosCache> caches;
    for (unsigned w = 0; w < parallelWorkers(chunks, parallel); ++w)
        caches.emplace_back(y);
    std::vector<Pieces> parts(chunks);
    parallelFor(
        chunks,
        [&](std::size_t c, unsigned worker) {
            const std::size_t end = std::min(n, (c + 1) * kChunk);
            for (std::size_t row = c * kChunk; row < end; ++row) {
                options.feedback.cancel.throwIfCancelled("overlay");
                if (!x.usable[row])
                    continue;
                try {
                    overlayFeature(x, row, y, caches[worker], want, dimension, xIsInput,
                        options.feedback.cancel, parts[c]);
                } catch (const Error& e) {
                    if (e.code() != ErrorCode::Geometry)
                        throw;
                    throw Error(ErrorCode::Geometry, "layer \"" + x.layer->name() + "\", feature "
                            + std::to_string(x.layer->fid(row)) + ": " + e.what());
                }
            }
            options.feedback.report(static_cast<double>(++done) / static_cast<double>(totalChunks));
        },
        &options.feedback.cancel, parallel);
    Pieces out;
    for (auto& p : parts) {
        for (std::size_t i = 0; i < p.geometries.size(); ++i)
            out.geometries.append(p.geometries, i);
        out.inputRows.insert(out.inputRows.end(), p.inputRows.begin(), p.inputRows.end());
        out.overlayRows.insert(out.overlayRows.end(), p.overlayRows.begin(), p.overlayRows.end());
    }
    return out;
}

/// The columns of `layer` to keep: the names listed in parameter `name`, or all when it is empty.
std::vector<std::size_t> keptColumns(const Layer& layer, const ParameterValues& parameters, const char* name)
{
    std::vector<std::size_t> columns;
    const std::vector<std::string> listed = parameters.has(name) ? parameters.list(name) : std::vector<std::string>{};
    if (listed.empty()) {
        for (std::size_t c = 0; c < layer.attributes().columnCount(); ++c)
            columns.push_back(c);
        return columns;
    }
    for (const std::string& field : listed) // bind() checked the names
        columns.push_back(static_cast<std::size_t>(layer.attributes().indexOf(field)));
    return columns;
}

const char* operationName(OverlayOperation operation)
{
    switch (operation) {
    case OverlayOperation::Clip: return "clip";
    case OverlayOperation::Intersection: return "intersection";
    case OverlayOperation::Difference: return "difference";
    case OverlayOperation::SymmetricalDifference: return "symmetrical_difference";
    case OverlayOperation::Union: return "union";
    case OverlayOperation::Identity: return "identity";
    }
    return "overlay";
}

} // namespace

AlgorithmInfo overlayInfo(OverlayOperation operation, std::string id, std::string titleEn, std::string titleAr,
    std::string descriptionEn, std::string descriptionAr)
{
    AlgorithmInfo i;
    i.id = std::move(id);
    i.group = "overlay";
    i.titleEn = std::move(titleEn);
    i.titleAr = std::move(titleAr);
    i.descriptionEn = std::move(descriptionEn);
    i.descriptionAr = std::move(descriptionAr);
    i.input = InputKind::VectorAndOverlay;
    if (operation == OverlayOperation::Clip || operation == OverlayOperation::Difference)
        return i;
    Parameter inputFields = Parameter::make("input-fields", ParameterType::Fields, "Input fields", "حقول طبقة الإدخال",
        "the input's fields to keep, separated by commas (default: all)",
        "حقول طبقة الإدخال المراد الاحتفاظ بها، مفصولة بفواصل (الافتراضي: كلها)");
    inputFields.fieldOf = FieldSource::Input;
    Parameter overlayFields = Parameter::make("overlay-fields", ParameterType::Fields, "Overlay fields",
        "حقول طبقة التراكب",
        "the overlay's fields to keep, separated by commas (default: all; a name the input has gets _2)",
        "حقول طبقة التراكب المراد الاحتفاظ بها، مفصولة بفواصل (الافتراضي: كلها؛ الاسم المكرر يُضاف إليه _2)");
    overlayFields.fieldOf = FieldSource::Overlay;
    i.parameters.push_back(std::move(inputFields));
    i.parameters.push_back(std::move(overlayFields));
    return i;
}

RunResult runOverlay(OverlayOperation operation, const RunInputs& inputs, const ParameterValues& parameters,
    const RunOptions& options)
{
    using Op = OverlayOperation;
    RunResult result;
    const Layer& a = *inputs.input;
    std::shared_ptr<const Layer> overlay = inputs.overlay;
    if (a.crs().isValid() && overlay->crs().isValid() && !(a.crs() == overlay->crs())) {
        overlay = reprojectLayer(*overlay, a.crs());
        result.warnings.push_back("overlay layer \"" + overlay->name() + "\" was reprojected from "
            + inputs.overlay->crs().name() + " to the input's CRS (" + a.crs().name() + ")");
    } else if (a.crs().isValid() != overlay->crs().isValid()) {
        result.warnings.push_back("the CRS of " + std::string(a.crs().isValid() ? "overlay" : "input") + " layer \""
            + (a.crs().isValid() ? overlay->name() : a.name()) + "\" is unknown: its coordinates are taken as they are");
    }
    const Layer& b = *overlay;
    const int dimA = layerDimension(a);
    const int dimB = layerDimension(b);
    const bool bothSides = operation == Op::SymmetricalDifference || operation == Op::Union;
    int dimension = dimA;
    if (operation == Op::Intersection)
        dimension = std::min(dimA, dimB);
    if (dimA >= 0 && dimB >= 0) {
        if (bothSides && dimA != dimB)
            throw Error(ErrorCode::Argument, std::string(operationName(operation)) + " needs layers of one dimension: \""
                    + a.name() + "\" has " + std::string(geometryTypeName(a.geometryType())) + ", \"" + b.name()
                    + "\" has " + std::string(geometryTypeName(b.geometryType())));
        if (!bothSides && operation != Op::Intersection && dimB < dimA)
            throw Error(ErrorCode::Argument, std::string(operationName(operation)) + ": the overlay \"" + b.name()
                    + "\" (" + std::string(geometryTypeName(b.geometryType())) + ") cannot cut the "
                    + std::string(geometryTypeName(a.geometryType())) + " of \"" + a.name() + "\"");
    }
    if (dimension < 0)
        dimension = std::max(dimA, dimB);

    const OverlaySide sideA = gateSide(inputs.input, options, result.invalid);
    const OverlaySide sideB = gateSide(overlay, options, result.invalid);

    unsigned wantA = 0;
    bool passB = false;
    switch (operation) {
    case Op::Clip: wantA = kClipped; break;
    case Op::Intersection: wantA = kPairs; break;
    case Op::Difference: wantA = kRemainder; break;
    case Op::SymmetricalDifference: wantA = kRemainder; passB = true; break;
    case Op::Union: wantA = kPairs | kRemainder; passB = true; break;
    case Op::Identity: wantA = kPairs | kRemainder; break;
    }
    const std::size_t chunksA = (a.size() + kChunk - 1) / kChunk;
    const std::size_t chunksB = passB ? (b.size() + kChunk - 1) / kChunk : 0;
    std::atomic<std::size_t> done{0};
    Pieces pieces = overlayPass(sideA, sideB, wantA, dimension, true, options, done, chunksA + chunksB);
    if (passB) {
        Pieces more = overlayPass(sideB, sideA, kRemainder, dimension, false, options, done, chunksA + chunksB);
        for (std::size_t i = 0; i < more.geometries.size(); ++i)
            pieces.geometries.append(more.geometries, i);
        pieces.inputRows.insert(pieces.inputRows.end(), more.inputRows.begin(), more.inputRows.end());
        pieces.overlayRows.insert(pieces.overlayRows.end(), more.overlayRows.begin(), more.overlayRows.end());
    }

    // Attributes: the input's (all, or input-fields), then the overlay's (overlay-fields) where the operation keeps
    // both sides, renamed with _2 on a clash. A side a piece did not come from gets nulls.
    const bool keepB = operation != Op::Clip && operation != Op::Difference;
    LayerBuilder builder(a.name() + "_" + operationName(operation), a.crs(), multiTypeOf(dimension));
    const std::vector<std::size_t> columnsA = keptColumns(a, parameters, "input-fields");
    const std::vector<std::size_t> columnsB = keepB ? keptColumns(b, parameters, "overlay-fields") : std::vector<std::size_t>{};
    std::vector<std::size_t> outA, outB;
    for (const std::size_t c : columnsA)
        outA.push_back(builder.addField(a.attributes().column(c).name(), a.attributes().column(c).type()));
    for (const std::size_t c : columnsB)
        outB.push_back(builder.addField(b.attributes().column(c).name(), b.attributes().column(c).type()));
    builder.geometries() = std::move(pieces.geometries);
    const bool keepIds = operation == Op::Clip || operation == Op::Difference;
    for (std::size_t i = 0; i < pieces.inputRows.size(); ++i) {
        const std::int64_t ra = pieces.inputRows[i], rb = pieces.overlayRows[i];
        for (std::size_t k = 0; k < columnsA.size(); ++k) {
            if (ra < 0)
                builder.column(outA[k]).appendNull();
            else
                appendValue(builder.column(outA[k]), a.attributes().column(columnsA[k]), static_cast<std::size_t>(ra));
        }
        for (std::size_t k = 0; k < columnsB.size(); ++k) {
            if (rb < 0)
                builder.column(outB[k]).appendNull();
            else
                appendValue(builder.column(outB[k]), b.attributes().column(columnsB[k]), static_cast<std::size_t>(rb));
        }
        if (keepIds)
            builder.appendFid(a.fid(static_cast<std::size_t>(ra)));
    }
    result.layer = builder.finish();
    if (const std::string w = nullWarning(a, sideA.nullGeometries); !w.empty())
        result.warnings.push_back(w);
    if (const std::string w = nullWarning(b, sideB.nullGeometries); !w.empty())
        result.warnings.push_back(w);
    return result;
}

} // namespace gis::analysis::detail
