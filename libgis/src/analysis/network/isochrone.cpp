// isochrone: per hub and per break, the area within that cost of the hub along the roads: the road stretches the
// hub reaches first (service-area's multi-source search), buffered by a walk-off distance and unioned (one GEOS
// buffer of the stretches as a multi-line). Chosen over a concave hull of the reached nodes: a hull spans the
// ground between two reached roads (desert, a wadi) and would call a village there reachable; the buffer never
// claims more than `--buffer` metres from a reached road, and GEOS computes it exactly (each stretch buffered,
// then one cascaded union). On a longitude/latitude
// layer each hub's stretches are buffered in an azimuthal equidistant projection centred on the hub (PROJ), so the
// buffer is in metres; a projected layer is buffered in its own units (metres).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "layerbuilder.h"
#include "graph.h"
#include "hubs.h"

namespace gis::analysis::detail {

std::vector<double> parseBreaks(const std::string& text)
{
    std::vector<double> out;
    if (text.size() > kMaxListText || static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) >= kMaxListItems)
        throw Error(ErrorCode::Argument, "isochrone: --breaks: more than " + std::to_string(kMaxListItems)
                + " breaks or " + std::to_string(kMaxListText) + " characters");
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        start = comma + 1;
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        while (end && (*end == ' ' || *end == '\t'))
            ++end;
        if (item.find_first_not_of(" \t") == std::string::npos || end != item.c_str() + item.size() || !std::isfinite(v)
            || v <= 0)
            throw Error(ErrorCode::Argument, "isochrone: --breaks \"" + text + "\": \"" + item
                    + "\" is not a cost above 0 (expected a list such as 10,20,30)");
        out.push_back(v);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

namespace {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;

class Isochrone final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "isochrone";
            i.inputGeometry = GeometryKinds::Lines;
            i.overlayGeometry = GeometryKinds::Points;
            i.group = "network";
            i.titleEn = "Isochrones";
            i.titleAr = "خطوط تساوي الزمن";
            i.descriptionEn = "Per hub (the overlay's points) and per break, the area within that cost along the roads "
                              "from the nearest hub: the reached road stretches buffered by a walk-off distance. "
                              "The hubs' attributes are kept.";
            i.descriptionAr = "لكل مركز (نقاط الطبقة الثانية) ولكل حد، المنطقة الواقعة ضمن تلك الكلفة على الطرق من أقرب "
                              "مركز: أجزاء الطرق المبلوغة محاطة بمسافة مشي. تُحفظ سمات المراكز.";
            i.input = InputKind::VectorAndOverlay;
            Parameter breaks = Parameter::make("breaks", ParameterType::Text, "Breaks", "الحدود",
                "costs separated by commas: minutes with --cost time, metres with --cost length (e.g. 10,20,30)",
                "كلفات مفصولة بفواصل: دقائق مع ‎--cost time، وأمتار مع ‎--cost length (مثل 10,20,30)");
            breaks.required = true;
            Parameter buffer = Parameter::make("buffer", ParameterType::Number, "Walk-off distance", "مسافة المشي",
                "how far from a reached road the area extends, in metres", "امتداد المنطقة حول الطريق المبلوغ، بالأمتار");
            buffer.defaultValue = "250";
            buffer.minimum = 1;
            buffer.maximum = 10000;
            buffer.unit = "m";
            i.parameters.push_back(std::move(breaks));
            i.parameters.push_back(std::move(buffer));
            addNetworkParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& roads = *inputs.input;
        const Layer& hubLayer = *inputs.overlay;
        const std::vector<double> breaks = parseBreaks(parameters.text("breaks"));
        const double buffer = parameters.number("buffer");
        const RoadGraph graph(roads, networkOptions(info(), parameters, roads), options);
        std::size_t nullHubs = 0;
        const std::vector<Hub> hubs = snapHubs(graph, roads, hubLayer, info().id, nullHubs);
        const std::vector<ReachedPiece> pieces = reachedPieces(graph, hubs, breaks.back(), options, "isochrone");
        std::vector<std::vector<std::size_t>> piecesOf(hubs.size());
        for (std::size_t p = 0; p < pieces.size(); ++p)
            piecesOf[pieces[p].hub].push_back(p);

        // One task per hub: its stretches, cut at each break, buffered; results in (hub, break) order.
        std::vector<GeometryColumn> areas(hubs.size());
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "isochrone";
        parallelFor(hubs.size(), [&](std::size_t h) {
            std::optional<Transformer> toLocal;
            if (graph.geographic()) {
                char definition[160];
                std::snprintf(definition, sizeof definition, "+proj=aeqd +lat_0=%.10f +lon_0=%.10f +datum=WGS84 +units=m +no_defs",
                    hubs[h].snap.point.y, hubs[h].snap.point.x);
                toLocal.emplace(roads.crs(), Crs::fromUserInput(definition));
            }
            GEOSContextHandle_t ctx = geosContext();
            for (const double limit : breaks) {
                options.feedback.cancel.throwIfCancelled("isochrone");
                std::vector<GeosGeometryPtr> lines;
                std::vector<Coord> line;
                for (const std::size_t p : piecesOf[h]) {
                    if (!reachedLine(graph, pieces[p], limit, false, line))
                        continue;
                    if (line.size() == 1)
                        line.push_back(line.front());
                    if (toLocal)
                        toLocal->transform(line.data(), line.size());
                    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(line.size()), 2);
                    for (std::size_t c = 0; c < line.size(); ++c)
                        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(c), line[c].x, line[c].y);
                    lines.push_back(checkGeos(GEOSGeom_createLineString_r(ctx, seq), "isochrone line"));
                }
                // The hub itself is reached at cost 0, even when its stretches are not (a hub on a dead end).
                Coord hub = hubs[h].snap.point;
                if (toLocal)
                    hub = toLocal->transform(hub);
                GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, 2, 2);
                GEOSCoordSeq_setXY_r(ctx, seq, 0, hub.x, hub.y);
                GEOSCoordSeq_setXY_r(ctx, seq, 1, hub.x, hub.y);
                lines.push_back(checkGeos(GEOSGeom_createLineString_r(ctx, seq), "isochrone line"));
                // Each stretch buffered alone, then one cascaded union: GEOS buffers a multi-line of thousands of
                // crossing stretches as one noding problem, far slower (a 300 x 300 street grid, 10,000 stretches:
                // run_ms 306428 as one buffer, 2307 this way).
                std::vector<GEOSGeometry*> members; // the collection takes them over
                for (auto& l : lines)
                    members.push_back(checkGeos(GEOSBuffer_r(ctx, l.get(), buffer, 16), "isochrone buffer").release());
                const GeosGeometryPtr all = checkGeos(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION,
                    members.data(), static_cast<unsigned>(members.size())), "isochrone areas");
                const GeosGeometryPtr area = checkGeos(GEOSUnaryUnion_r(ctx, all.get()), "isochrone union");
                GeometryColumn one;
                appendGeos(one, area.get());
                if (toLocal)
                    toLocal->inverse(one.mutableCoords(), one.coordCount());
                areas[h].append(one, 0);
            }
            options.feedback.report(0.5 + 0.5 * static_cast<double>(h + 1) / static_cast<double>(hubs.size()));
        }, &options.feedback.cancel, parallel);

        LayerBuilder builder(roads.name() + "_isochrones", roads.crs(), GeometryType::MultiPolygon);
        const std::size_t first = builder.addFieldsOf(hubLayer);
        const std::size_t hubColumn = builder.addField("hub", FieldType::Integer);
        const std::size_t breakColumn = builder.addField("cost", FieldType::Real);
        for (std::size_t h = 0; h < hubs.size(); ++h)
            for (std::size_t k = 0; k < breaks.size(); ++k) {
                builder.geometries().append(areas[h], k);
                builder.appendValues(hubLayer, hubs[h].row, first);
                builder.column(hubColumn).appendInteger(hubLayer.fid(hubs[h].row));
                builder.column(breakColumn).appendReal(breaks[k]);
            }
        return hubRunResult(builder.finish(), graph, roads, hubLayer, nullHubs);
    }
};

} // namespace

const Algorithm& isochroneAlgorithm()
{
    static const Isochrone algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
