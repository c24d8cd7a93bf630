// heatmap: kernel density of points on a grid, as a raster. Distances are in metres: a layer in longitude/latitude is
// computed in the UTM zone of its centre (UTM 40N for Oman), which the output raster then uses. Rows of the grid run
// in parallel; each pixel sums the points in one fixed order (by y, then x, then input order), so the values do not
// depend on the number of threads.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"

#include "algorithms.h"
#include "featuremap.h"
#include "invalidgate.h"

namespace gis::analysis::detail {

namespace {

constexpr double kMaxPixels = 50e6; // 400 MB of doubles: beyond, the pixel size is surely a slip
constexpr int kRowsPerChunk = 8;

struct WeightedPoint {
    double x, y, w;
    std::size_t order; ///< input order, the last sort key
};

enum class Kernel : unsigned char { Quartic, Triangular, Uniform, Epanechnikov, Triweight };

/// The kernel at u² = (d / radius)², u < 1: 1 at the centre (QGIS's "raw" shape).
double kernelShape(Kernel k, double u2)
{
    switch (k) {
    case Kernel::Quartic:
        return (1 - u2) * (1 - u2);
    case Kernel::Triangular:
        return 1 - std::sqrt(u2);
    case Kernel::Uniform:
        return 1;
    case Kernel::Epanechnikov:
        return 1 - u2;
    case Kernel::Triweight:
        return (1 - u2) * (1 - u2) * (1 - u2);
    }
    return 0;
}

/// The factor that makes the shape integrate to 1 over the disk of radius r: 1 / (2π r² ∫₀¹ shape(u) u du).
double kernelNorm(Kernel k, double r)
{
    const double integral = [k] {
        switch (k) {
        case Kernel::Quartic:
            return 1.0 / 6;
        case Kernel::Triangular:
            return 1.0 / 6;
        case Kernel::Uniform:
            return 1.0 / 2;
        case Kernel::Epanechnikov:
            return 1.0 / 4;
        case Kernel::Triweight:
            return 1.0 / 8;
        }
        return 1.0;
    }();
    return 1.0 / (2 * std::numbers::pi * r * r * integral);
}

Crs utmFor(const Box& lonLat)
{
    const Coord c = lonLat.center();
    const int zone = std::clamp(static_cast<int>(std::floor((c.x + 180) / 6)) + 1, 1, 60);
    return Crs::fromEpsg((c.y >= 0 ? 32600 : 32700) + zone);
}

class Heatmap final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "heatmap";
            i.inputGeometry = GeometryKinds::Points;
            i.group = "raster";
            i.titleEn = "Heatmap (kernel density)";
            i.titleAr = "خريطة حرارية (كثافة النواة)";
            i.descriptionEn = "A raster of the density of points: each point spreads its weight over a disk of the "
                              "given radius with the chosen kernel. Longitude/latitude layers are computed in the "
                              "UTM zone of their centre.";
            i.descriptionAr = "طبقة شبكية لكثافة النقاط: توزع كل نقطة وزنها على دائرة بنصف القطر المحدد وفق النواة "
                              "المختارة. تُحسب الطبقات بخطوط الطول والعرض في نطاق UTM الذي يقع فيه مركزها.";
            i.output = OutputKind::Raster;
            Parameter radius = Parameter::make("radius", ParameterType::Number, "Radius", "نصف القطر",
                "how far a point reaches, in metres", "المسافة التي تصل إليها النقطة، بالأمتار");
            radius.required = true;
            radius.minimum = 1e-6;
            radius.unit = "m";
            i.parameters.push_back(std::move(radius));
            Parameter pixel = Parameter::make("pixel-size", ParameterType::Number, "Pixel size", "حجم الخلية",
                "the side of an output pixel, in metres", "طول ضلع خلية الناتج، بالأمتار");
            pixel.required = true;
            pixel.minimum = 1e-6;
            pixel.unit = "m";
            i.parameters.push_back(std::move(pixel));
            Parameter kernel = Parameter::make("kernel", ParameterType::Choice, "Kernel", "النواة",
                "the shape of each point's contribution, highest at the point and zero at the radius (uniform: flat)",
                "شكل إسهام كل نقطة، أعلى ما يكون عند النقطة وصفر عند نصف القطر (uniform: ثابت)");
            kernel.defaultValue = "quartic";
            kernel.choices = {"quartic", "triangular", "uniform", "epanechnikov", "triweight"};
            kernel.choiceTitles = {{"Quartic", "رباعية"}, {"Triangular", "مثلثية"}, {"Uniform", "منتظمة"},
                {"Epanechnikov", "إيبانيشنيكوف"}, {"Triweight", "ثلاثية الوزن"}};
            i.parameters.push_back(std::move(kernel));
            Parameter weight = Parameter::make("weight", ParameterType::Field, "Weight field", "حقل الوزن",
                "a numeric field weighting each point (default: each point weighs 1)",
                "حقل رقمي يعطي وزن كل نقطة (الافتراضي: وزن كل نقطة 1)");
            i.parameters.push_back(std::move(weight));
            Parameter output = Parameter::make("output", ParameterType::Choice, "Values", "القيم",
                "density: weight per square kilometre (the kernel integrates to 1); raw: the sum of kernels that "
                "are 1 at their point",
                "density: الوزن لكل كيلومتر مربع (تكامل النواة 1)؛ raw: مجموع نوى قيمتها 1 عند نقطتها");
            output.defaultValue = "density";
            output.choices = {"density", "raw"};
            output.choiceTitles = {{"Density", "الكثافة"}, {"Raw kernel sum", "مجموع النواة الخام"}};
            i.parameters.push_back(std::move(output));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const std::string what = "heatmap";
        const GeometryType single = singleType(layer.geometryType());
        if (single == GeometryType::LineString || single == GeometryType::Polygon)
            throw Error(ErrorCode::Argument, what + ": layer \"" + layer.name() + "\" has "
                    + std::string(geometryTypeName(layer.geometryType())) + " geometries; a heatmap needs points");
        const double radius = parameters.number("radius");
        const double pixel = parameters.number("pixel-size");
        const auto& kernels = info().parameter("kernel")->choices;
        const Kernel kernel = Kernel(std::find(kernels.begin(), kernels.end(), parameters.text("kernel")) - kernels.begin());
        const double scale = parameters.text("output") == "raw" ? 1.0 : kernelNorm(kernel, radius) * 1e6;

        const AttributeColumn* weights = nullptr;
        if (parameters.has("weight")) {
            weights = &layer.attributes().column(parameters.text("weight"));
            if (weights->type() != FieldType::Integer && weights->type() != FieldType::Real)
                throw Error(ErrorCode::Argument, what + ": --weight \"" + parameters.text("weight") + "\" of layer \""
                        + layer.name() + "\" is a " + std::string(fieldTypeName(weights->type())) + " field, not a number");
        }

        RunResult result;
        Crs crs = layer.crs();
        std::optional<Transformer> toMetres;
        if (crs.isValid() && crs.isGeographic()) {
            crs = utmFor(layer.geometries().bounds());
            toMetres.emplace(layer.crs(), crs);
            result.warnings.push_back("layer \"" + layer.name() + "\" is in longitude/latitude: the heatmap is computed "
                + "and written in " + crs.authorityCode() + " (UTM), so that the radius and the pixels are in metres");
        }

        // The points, in metres, sorted by y then x then input order: the order every pixel sums them in.
        const InvalidGate gate(layer, options.invalid);
        std::vector<WeightedPoint> points;
        std::size_t nulls = 0, nullWeights = 0;
        const GeometryColumn& g = layer.geometries();
        for (std::size_t row = 0; row < layer.size(); ++row) {
            if (row % 4096 == 0)
                options.feedback.cancel.throwIfCancelled("heatmap");
            if (g.isNull(row)) {
                ++nulls;
                continue;
            }
            const InvalidGate::Verdict verdict = gate.check(row); // points: only a stop on a non-point geometry
            if (verdict.kind != InvalidGate::Verdict::Kind::Use) {
                result.invalid.push_back(gate.report(row, verdict));
                if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
                    continue;
            }
            double w = 1;
            if (weights) {
                if (weights->isNull(row)) {
                    ++nullWeights;
                    continue;
                }
                w = weights->type() == FieldType::Integer ? double(weights->integer(row)) : weights->real(row);
            }
            for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
                if (g.partType(p) != GeometryType::Point)
                    continue;
                Coord c = g.coord(g.coordBegin(g.ringBegin(p)));
                if (toMetres)
                    c = toMetres->transform(c);
                if (std::isfinite(c.x) && std::isfinite(c.y))
                    points.push_back({c.x, c.y, w, points.size()});
            }
        }
        if (points.empty())
            throw Error(ErrorCode::Argument, what + ": layer \"" + layer.name() + "\" has no point to make a heatmap of");
        std::sort(points.begin(), points.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
            return a.y != b.y ? a.y < b.y : a.x != b.x ? a.x < b.x : a.order < b.order;
        });

        Box box;
        for (const auto& p : points)
            box.expand(p.x, p.y);
        auto raster = std::make_shared<RasterData>();
        raster->crs = crs;
        raster->extent = Box(std::floor((box.minX - radius) / pixel) * pixel, std::floor((box.minY - radius) / pixel) * pixel,
            std::ceil((box.maxX + radius) / pixel) * pixel, std::ceil((box.maxY + radius) / pixel) * pixel);
        const double cols = std::round(raster->extent.width() / pixel);
        const double rows = std::round(raster->extent.height() / pixel);
        if (cols * rows > kMaxPixels)
            throw Error(ErrorCode::Argument, what + ": --pixel-size " + parameters.text("pixel-size") + " m gives "
                    + std::to_string(static_cast<long long>(cols)) + " x " + std::to_string(static_cast<long long>(rows))
                    + " pixels, more than 50 million; choose a larger pixel size");
        raster->width = static_cast<int>(cols);
        raster->height = static_cast<int>(rows);
        raster->bands.assign(1, std::vector<double>(static_cast<std::size_t>(cols * rows), 0.0));
        std::vector<double>& values = raster->bands[0];
        const double left = raster->extent.minX, top = raster->extent.maxY, r2 = radius * radius;

        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "heatmap";
        const std::size_t chunks = static_cast<std::size_t>((raster->height + kRowsPerChunk - 1) / kRowsPerChunk);
        std::atomic<std::size_t> done{0};
        parallelFor(
            chunks,
            [&](std::size_t chunk) {
                const int row0 = static_cast<int>(chunk) * kRowsPerChunk;
                const int row1 = std::min(raster->height, row0 + kRowsPerChunk);
                // The points that reach these rows: y within the radius of the rows' centres.
                const double yLow = top - (row1 - 0.5) * pixel - radius;
                const double yHigh = top - (row0 + 0.5) * pixel + radius;
                const auto first = std::lower_bound(points.begin(), points.end(), yLow,
                    [](const WeightedPoint& p, double y) { return p.y < y; });
                std::size_t count = 0;
                for (auto it = first; it != points.end() && it->y <= yHigh; ++it) {
                    if (++count % 1024 == 0)
                        options.feedback.cancel.throwIfCancelled("heatmap");
                    const WeightedPoint& p = *it;
                    const int c0 = std::max(0, static_cast<int>(std::floor((p.x - radius - left) / pixel)));
                    const int c1 = std::min(raster->width, static_cast<int>(std::ceil((p.x + radius - left) / pixel)) + 1);
                    for (int row = row0; row < row1; ++row) {
                        const double dy = top - (row + 0.5) * pixel - p.y;
                        if (dy * dy >= r2)
                            continue;
                        double* line = values.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(raster->width);
                        for (int c = c0; c < c1; ++c) {
                            const double dx = left + (c + 0.5) * pixel - p.x;
                            const double d2 = dx * dx + dy * dy;
                            if (d2 < r2)
                                line[c] += p.w * scale * kernelShape(kernel, d2 / r2);
                        }
                    }
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        result.raster = std::move(raster);
        if (const std::string w = nullWarning(layer, nulls); !w.empty())
            result.warnings.push_back(w);
        if (nullWeights)
            result.warnings.push_back(std::to_string(nullWeights) + " point(s) of layer \"" + layer.name()
                + "\" have no --weight value and were left out");
        return result;
    }
};

} // namespace

const Algorithm& heatmapAlgorithm()
{
    static const Heatmap algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
