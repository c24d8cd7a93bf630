// shortest-path: the cheapest route along a line layer (the roads) between two points, each snapped to the nearest
// point of the nearest road (the road split there). Dijkstra with a binary heap over the graph of graph.h; the cost
// is length (metres) or time (minutes at the speed of each road's class); one-way roads are driven one way only.

#include <cmath>
#include <cstdio>

#include "gis/core/error.h"
#include "gis/data/layer.h"

#include "algorithms.h"
#include "featuremap.h"
#include "layerbuilder.h"
#include "graph.h"

namespace gis::analysis::detail {

namespace {

std::string pointText(const Coord& p)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.9g,%.9g", p.x, p.y);
    return text;
}

class ShortestPath final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "shortest-path";
            i.inputGeometry = GeometryKinds::Lines;
            i.group = "network";
            i.titleEn = "Shortest path";
            i.titleAr = "أقصر مسار";
            i.descriptionEn = "The cheapest route along the roads between two points, by length or by travel time, "
                              "one-way roads respected. The output is the route line with its cost, length and time.";
            i.descriptionAr = "أرخص مسار على الطرق بين نقطتين، بالطول أو بزمن السفر، مع احترام الطرق ذات الاتجاه "
                              "الواحد. الناتج خط المسار مع كلفته وطوله وزمنه.";
            Parameter from = Parameter::make("from", ParameterType::Point, "From", "من",
                "the start, x,y in the roads' CRS (lon,lat on a longitude/latitude layer); snapped to the nearest road",
                "نقطة البداية، x,y بنظام إحداثيات الطرق (lon,lat لطبقة الطول/العرض)؛ تُلتقط إلى أقرب طريق");
            from.required = true;
            Parameter to = Parameter::make("to", ParameterType::Point, "To", "إلى",
                "the destination, x,y in the roads' CRS; snapped to the nearest road",
                "الوجهة، x,y بنظام إحداثيات الطرق؛ تُلتقط إلى أقرب طريق");
            to.required = true;
            i.parameters.push_back(std::move(from));
            i.parameters.push_back(std::move(to));
            addNetworkParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& roads = *inputs.input;
        const Coord from = parameters.point("from");
        const Coord to = parameters.point("to");
        const RoadGraph graph(roads, networkOptions(info(), parameters, roads), options);
        const NetworkSnap a = *graph.snap(from);
        const NetworkSnap b = *graph.snap(to);
        std::vector<NetworkSeed> seeds;
        graph.seedsOf(a, 0, seeds);
        const ShortestPathTree tree = graph.search(seeds, kInfinity, options.feedback, "shortest path");

        // The last stretch: from an end node of the destination's edge to the destination, or along one edge when
        // both points are on it. Ties: the direct stretch, then via the edge's start, then via its end.
        const NetworkEdge& ea = graph.edges()[a.edge];
        const NetworkEdge& eb = graph.edges()[b.edge];
        const double kb = graph.costPerMetre(eb);
        enum class Finish { None, Direct, ViaFrom, ViaTo } finish = Finish::None;
        double best = kInfinity;
        if (a.edge == b.edge && ((b.offset >= a.offset && eb.forward) || (b.offset <= a.offset && eb.backward))) {
            best = std::fabs(b.offset - a.offset) * kb;
            finish = Finish::Direct;
        }
        if (eb.forward && tree.cost[eb.from] + b.offset * kb < best) {
            best = tree.cost[eb.from] + b.offset * kb;
            finish = Finish::ViaFrom;
        }
        if (eb.backward && tree.cost[eb.to] + (eb.length - b.offset) * kb < best) {
            best = tree.cost[eb.to] + (eb.length - b.offset) * kb;
            finish = Finish::ViaTo;
        }
        if (finish == Finish::None)
            throw Error(ErrorCode::Argument, "shortest-path: no route from " + parameters.text("from") + " to "
                    + parameters.text("to") + " on layer \"" + roads.name() + "\" (snapped to " + pointText(a.point)
                    + " and " + pointText(b.point) + "; they are on parts of the network that do not connect, or "
                    + "one-way roads (--oneway-field) forbid it)");

        std::vector<Coord> line;
        double length = 0, minutes = 0;
        const auto piece = [&](std::uint32_t edge, double x0, double x1) {
            graph.appendPiece(line, edge, x0, x1);
            const double metres = std::fabs(x1 - x0);
            length += metres;
            minutes += RoadGraph::minutes(graph.edges()[edge], metres);
        };
        if (finish == Finish::Direct) {
            piece(a.edge, a.offset, b.offset);
        } else {
            const std::uint32_t end = finish == Finish::ViaFrom ? eb.from : eb.to;
            std::vector<std::uint32_t> arcs; // from the destination back to the seed
            std::uint32_t node = end;
            while (tree.arc[node] != kNone) {
                const std::uint32_t arc = tree.arc[node];
                arcs.push_back(arc);
                const NetworkEdge& e = graph.edges()[graph.arcs()[arc].edge];
                node = node == e.to ? e.from : e.to;
            }
            // The seed `node` is an end of the start's edge: its start when driving backward reached it cheaper.
            const double ka = graph.costPerMetre(ea);
            const double viaStart = node == ea.from && ea.backward ? a.offset * ka : kInfinity;
            const double viaEnd = node == ea.to && ea.forward ? (ea.length - a.offset) * ka : kInfinity;
            piece(a.edge, a.offset, viaStart <= viaEnd ? 0.0 : ea.length);
            for (auto it = arcs.rbegin(); it != arcs.rend(); ++it) {
                const NetworkArc& arc = graph.arcs()[*it];
                const NetworkEdge& e = graph.edges()[arc.edge];
                const bool forward = arc.target == e.to && !(e.from == e.to && !e.forward);
                piece(arc.edge, forward ? 0.0 : e.length, forward ? e.length : 0.0);
            }
            piece(b.edge, finish == Finish::ViaFrom ? 0.0 : eb.length, b.offset);
        }
        if (line.size() == 1)
            line.push_back(line.front()); // from and to snapped to one point: a line of length 0

        LayerBuilder builder(roads.name() + "_route", roads.crs(), GeometryType::LineString);
        const std::size_t costColumn = builder.addField("cost", FieldType::Real);
        const std::size_t lengthColumn = builder.addField("length_m", FieldType::Real);
        const std::size_t timeColumn = builder.addField("time_min", FieldType::Real);
        GeometryColumn& g = builder.geometries();
        g.beginGeometry(GeometryType::LineString);
        g.beginPart(GeometryType::LineString);
        g.beginRing();
        for (const Coord& c : line)
            g.addCoord(c.x, c.y);
        g.endGeometry();
        builder.column(costColumn).appendReal(best);
        builder.column(lengthColumn).appendReal(length);
        builder.column(timeColumn).appendReal(minutes);

        RunResult result;
        result.layer = builder.finish();
        result.invalid = graph.invalid();
        if (const std::string w = nullWarning(roads, graph.nullGeometries()); !w.empty())
            result.warnings.push_back(w);
        for (const auto& [name, snap] : {std::pair{"--from", &a}, std::pair{"--to", &b}})
            if (snap->distance > 100) {
                char text[160];
                std::snprintf(text, sizeof text, "%s is %.0f m from the nearest road; the route starts at %s", name,
                    snap->distance, pointText(snap->point).c_str());
                result.warnings.emplace_back(text);
            }
        return result;
    }
};

} // namespace

const Algorithm& shortestPathAlgorithm()
{
    static const ShortestPath algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
