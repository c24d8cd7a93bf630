// service-area: the parts of the roads reachable from the nearest hub (the overlay's points) within a cost, each
// edge cut where the cost reaches the limit, and split where two hubs' costs meet. One multi-source Dijkstra.

#include <limits>

#include "gis/core/error.h"
#include "gis/data/layer.h"

#include "algorithms.h"
#include "layerbuilder.h"
#include "graph.h"
#include "hubs.h"

namespace gis::analysis::detail {

namespace {

class ServiceArea final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "service-area";
            i.inputGeometry = GeometryKinds::Lines;
            i.overlayGeometry = GeometryKinds::Points;
            i.group = "network";
            i.titleEn = "Service area";
            i.titleAr = "منطقة الخدمة";
            i.descriptionEn = "The parts of the roads within a cost (metres or minutes) of the nearest hub (the "
                              "overlay's points), cut at the limit, with the hub's id and the cost. The roads' "
                              "attributes are kept.";
            i.descriptionAr = "أجزاء الطرق الواقعة ضمن كلفة (أمتار أو دقائق) من أقرب مركز (نقاط الطبقة الثانية)، "
                              "مقطوعة عند الحد، مع معرّف المركز والكلفة. تُحفظ سمات الطرق.";
            i.input = InputKind::VectorAndOverlay;
            Parameter max = Parameter::make("max-cost", ParameterType::Number, "Maximum cost", "الكلفة القصوى",
                "the limit: metres with --cost length, minutes with --cost time",
                "الحد: بالأمتار مع ‎--cost length، وبالدقائق مع ‎--cost time");
            max.required = true;
            max.minimum = 0;
            i.parameters.push_back(std::move(max));
            addNetworkParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& roads = *inputs.input;
        const Layer& hubLayer = *inputs.overlay;
        const double limit = parameters.number("max-cost");
        const RoadGraph graph(roads, networkOptions(info(), parameters, roads), options);
        std::size_t nullHubs = 0;
        const std::vector<Hub> hubs = snapHubs(graph, roads, hubLayer, info().id, nullHubs);
        const std::vector<ReachedPiece> pieces = reachedPieces(graph, hubs, limit, options, "service area");

        LayerBuilder builder(roads.name() + "_service_area", roads.crs(), GeometryType::LineString);
        const std::size_t first = builder.addFieldsOf(roads);
        const std::size_t hubColumn = builder.addField("hub", FieldType::Integer);
        const std::size_t startColumn = builder.addField("cost_start", FieldType::Real);
        const std::size_t costColumn = builder.addField("cost", FieldType::Real);
        GeometryColumn& g = builder.geometries();
        std::vector<Coord> line;
        for (const ReachedPiece& p : pieces) {
            // Whole (reachedPieces cut it at the limit), drawn in the direction of travel, away from the hub.
            reachedLine(graph, p, std::numeric_limits<double>::infinity(), true, line);
            if (line.size() < 2)
                continue;
            g.beginGeometry(GeometryType::LineString);
            g.beginPart(GeometryType::LineString);
            g.beginRing();
            for (const Coord& c : line)
                g.addCoord(c.x, c.y);
            g.endGeometry();
            builder.appendValues(roads, graph.edges()[p.edge].row, first);
            builder.column(hubColumn).appendInteger(hubLayer.fid(hubs[p.hub].row));
            builder.column(startColumn).appendReal(std::min(p.costFrom, p.costTo));
            builder.column(costColumn).appendReal(std::max(p.costFrom, p.costTo));
        }
        return hubRunResult(builder.finish(), graph, roads, hubLayer, nullHubs);
    }
};

} // namespace

const Algorithm& serviceAreaAlgorithm()
{
    static const ServiceArea algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
