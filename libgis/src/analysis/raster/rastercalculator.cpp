// raster-calculator: band math, an expression over the bands of co-registered rasters (A the input, B to F given
// as --raster-b ... --raster-f), compiled once to a postfix program (calcprogram.h) and evaluated over spans of
// pixels on every core, in double precision.

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/raster.h"
#include "gis/data/rasterwriter.h"

#include "algorithms.h"
#include "calcprogram.h"
#include "rasterinput.h"

namespace gis::analysis::detail {

namespace {

constexpr const char* kWhat = "raster-calculator";
constexpr std::size_t kPixelsPerBlock = 65536; // a unit of work, progress and cancel: well under 100 ms
constexpr std::size_t kSpan = 4096;            // pixels evaluated at once: the stack (<= ~400 slots) stays small
constexpr double kGridTolerance = 1e-9;

char letter(int raster) { return static_cast<char>('A' + raster); }
std::string parameterOf(int raster) { return std::string("raster-") + static_cast<char>('a' + raster); }

std::string describeTransform(const std::array<double, 6>& gt)
{
    std::ostringstream s;
    s.precision(17);
    s << "(" << gt[0] << ", " << gt[1] << ", " << gt[2] << ", " << gt[3] << ", " << gt[4] << ", " << gt[5] << ")";
    return s.str();
}

std::string crsName(const Crs& crs) { return crs.isValid() ? crs.identifier() : std::string("none"); }

/// One of the rasters A..F as given: its path, grid and band count.
struct Source {
    int raster = 0;
    std::string path;
    int width = 0, height = 0, bandCount = 0;
    std::array<double, 6> gt{};
    Crs crs;
    std::string name() const { return std::string(1, letter(raster)) + " (" + path + ")"; }
};

Source openSource(int raster, const std::string& path)
{
    const Raster r = Raster::open(path);
    Source s;
    s.raster = raster;
    s.path = path;
    s.width = r.width();
    s.height = r.height();
    s.bandCount = r.bandCount();
    s.crs = r.crs();
    const auto gt = r.geoTransform();
    if (!gt)
        throw Error(ErrorCode::Argument, std::string(kWhat) + ": " + s.name() + " has no georeferencing (no geotransform)");
    s.gt = *gt;
    return s;
}

/// Throws Error(Argument) naming both files and what differs when `b` is not on `a`'s grid.
void checkCoregistered(const Source& a, const Source& b)
{
    const std::string head = std::string(kWhat) + ": " + b.name() + " is not co-registered with " + a.name() + ": ";
    const std::string tail = "; the calculator does not resample: warp it onto A's grid first (gdalwarp -te -ts -t_srs)";
    if (a.width != b.width || a.height != b.height)
        throw Error(ErrorCode::Argument, head + "its size is " + std::to_string(b.width) + " x " + std::to_string(b.height)
                + " pixels, A's " + std::to_string(a.width) + " x " + std::to_string(a.height) + tail);
    const double scale = std::max(std::fabs(a.gt[1]), std::fabs(a.gt[5]));
    for (int k = 0; k < 6; ++k) {
        const double m = std::max({std::fabs(a.gt[k]), std::fabs(b.gt[k]), scale});
        if (!(std::fabs(a.gt[k] - b.gt[k]) <= kGridTolerance * m))
            throw Error(ErrorCode::Argument, head + "its geotransform " + describeTransform(b.gt) + " differs from A's "
                    + describeTransform(a.gt) + " (origin and pixel size must agree within 1e-9 relative)" + tail);
    }
    if (!(a.crs == b.crs))
        throw Error(ErrorCode::Argument, head + "its CRS " + crsName(b.crs) + " differs from A's " + crsName(a.crs) + tail);
}

class RasterCalculator final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = kWhat;
            i.group = "raster";
            i.titleEn = "Raster calculator";
            i.titleAr = "حاسبة الطبقات الشبكية";
            i.descriptionEn = "Band math: an expression over the bands of the input raster (A@1, A@2 ...) and of up "
                              "to five more rasters on the same grid (B@1 ... F@1), such as (A@2 - A@1) / (A@2 + A@1). "
                              "A pixel is nodata where a band it reads is nodata or the result is not finite.";
            i.descriptionAr = "حساب النطاقات: تعبير على نطاقات الطبقة الشبكية المدخلة (A@1، A@2 ...) وحتى خمس طبقات "
                              "أخرى على الشبكة نفسها (B@1 ... F@1)، مثل (A@2 - A@1) / (A@2 + A@1). تكون الخلية بلا "
                              "قيمة حيث يكون أحد النطاقات التي يقرؤها بلا قيمة أو تكون النتيجة غير منتهية.";
            i.input = InputKind::Raster;
            i.output = OutputKind::Raster;
            Parameter expression = Parameter::make("expression", ParameterType::Text, "Expression", "التعبير",
                "bands A@1 … F@n, numbers, + - * / ^, < <= > >= = != (1 or 0), and or not, abs sqrt ln log10 exp sin "
                "cos tan min(a,b) max(a,b) if(c,a,b)",
                "النطاقات A@1 … F@n، أرقام، + - * / ^، < <= > >= = != (1 أو 0)، and or not، abs sqrt ln log10 exp "
                "sin cos tan min(a,b) max(a,b) if(c,a,b)");
            expression.required = true;
            i.parameters.push_back(std::move(expression));
            const char* const ar[] = {"", "ب", "ج", "د", "هـ", "و"};
            for (int r = 1; r < kMaxCalcRasters; ++r) {
                const std::string l(1, letter(r));
                Parameter p = Parameter::make(parameterOf(r), ParameterType::Raster, "Raster " + l,
                    std::string("الطبقة الشبكية ") + l,
                    "the raster the expression reads as " + l + "@1, " + l + "@2 …; same size, geotransform and CRS as A",
                    std::string("الطبقة الشبكية التي يقرؤها التعبير باسم ") + l + "@1، " + l + "@2 …؛ بحجم A "
                        + "وتحويله الجغرافي ونظام إحداثياته (" + ar[r] + ")");
                i.parameters.push_back(std::move(p));
            }
            Parameter nodata = Parameter::make("nodata", ParameterType::Number, "Nodata value", "قيمة اللاقيمة",
                "the value written where the result has none", "القيمة المكتوبة حيث لا قيمة للنتيجة");
            nodata.defaultValue = "-9999";
            nodata.minimum = -3.4e38;
            nodata.maximum = 3.4e38;
            i.parameters.push_back(std::move(nodata));
            i.parameters.push_back(outputTypeParameter());
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const CalcProgram program = [&] {
            try {
                return compileCalcExpression(parameters.text("expression"));
            } catch (const Error& e) {
                throw Error(e.code(), std::string(kWhat) + ": --expression: " + e.what());
            }
        }();
        RunResult result;

        // The rasters: A always, B..F when given; every one given must be on A's grid, every one read must be given.
        std::vector<std::optional<Source>> sources(kMaxCalcRasters);
        sources[0] = openSource(0, inputs.inputRaster);
        std::vector<bool> used(kMaxCalcRasters, false);
        for (const CalcBand& b : program.bands)
            used[static_cast<std::size_t>(b.raster)] = true;
        for (int r = 1; r < kMaxCalcRasters; ++r) {
            const std::string& path = parameters.text(parameterOf(r));
            if (path.empty())
                continue;
            sources[static_cast<std::size_t>(r)] = openSource(r, path);
            checkCoregistered(*sources[0], *sources[static_cast<std::size_t>(r)]);
            if (!used[static_cast<std::size_t>(r)])
                result.warnings.push_back(std::string(kWhat) + ": --" + parameterOf(r) + " " + path
                    + " is given but the expression reads no band of " + letter(r));
        }
        for (const CalcBand& b : program.bands) {
            const std::string ref = std::string(1, letter(b.raster)) + "@" + std::to_string(b.band);
            const auto& s = sources[static_cast<std::size_t>(b.raster)];
            if (!s)
                throw Error(ErrorCode::Argument, std::string(kWhat) + ": the expression reads " + ref + " but no --"
                        + parameterOf(b.raster) + " is given");
            if (b.band > s->bandCount)
                throw Error(ErrorCode::Argument, std::string(kWhat) + ": the expression reads " + ref + " but "
                        + s->path + " has " + std::to_string(s->bandCount) + (s->bandCount == 1 ? " band" : " bands"));
        }

        // Each band read whole (readBand refuses rotated rasters and more than 100 million pixels).
        const std::size_t blocks = (static_cast<std::size_t>(sources[0]->width) * sources[0]->height + kPixelsPerBlock - 1)
            / kPixelsPerBlock;
        const double units = static_cast<double>(program.bands.size() + blocks);
        std::atomic<std::size_t> done{0};
        std::vector<BandValues> bands;
        bands.reserve(program.bands.size());
        for (const CalcBand& b : program.bands) {
            bands.push_back(readBand(sources[static_cast<std::size_t>(b.raster)]->path, b.band, kWhat, options.feedback.cancel));
            options.feedback.report(static_cast<double>(++done) / units);
        }
        const BandValues a = bands.empty() ? readBand(inputs.inputRaster, 1, kWhat, options.feedback.cancel) : BandValues{};
        const BandValues& grid = bands.empty() ? a : bands.front();

        auto out = std::make_shared<RasterData>();
        out->extent = grid.extent;
        out->crs = grid.crs;
        out->width = grid.width;
        out->height = grid.height;
        const double nodata = parameters.number("nodata");
        out->nodata = nodata;
        out->sampleType = outputSampleType(parameters);
        const bool float32 = out->sampleType == RasterSampleType::Float32;
        const std::size_t pixels = static_cast<std::size_t>(out->width) * static_cast<std::size_t>(out->height);
        out->bands.assign(1, std::vector<double>(pixels, nodata));
        std::vector<double>& band = out->bands[0];
        const double largest = float32 ? static_cast<double>(std::numeric_limits<float>::max())
                                       : std::numeric_limits<double>::max();

        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = kWhat;
        const unsigned workers = parallelWorkers(blocks, parallel);
        std::vector<std::vector<double>> scratch(workers), values(workers);
        std::atomic<std::size_t> equalToNodata{0};
        parallelFor(
            blocks,
            [&](std::size_t block, unsigned worker) {
                std::vector<const double*> rows(bands.size());
                std::vector<double>& v = values[worker];
                v.resize(kSpan);
                std::size_t same = 0;
                const std::size_t end = std::min(pixels, (block + 1) * kPixelsPerBlock);
                for (std::size_t first = block * kPixelsPerBlock; first < end; first += kSpan) {
                    const std::size_t n = std::min(kSpan, end - first);
                    for (std::size_t k = 0; k < bands.size(); ++k)
                        rows[k] = bands[k].values.data() + first;
                    program.evaluate(rows.data(), n, v.data(), scratch[worker]);
                    for (std::size_t i = 0; i < n; ++i) {
                        bool valid = std::isfinite(v[i]) && std::fabs(v[i]) <= largest;
                        for (std::size_t k = 0; k < bands.size() && valid; ++k)
                            valid = bands[k].valid[first + i] != 0;
                        if (valid) {
                            band[first + i] = v[i];
                            same += v[i] == nodata;
                        }
                    }
                }
                equalToNodata += same;
                options.feedback.report(static_cast<double>(++done) / units);
            },
            &options.feedback.cancel, parallel);
        if (equalToNodata > 0) {
            std::ostringstream s;
            s << kWhat << ": " << equalToNodata.load() << " pixel(s) computed exactly " << nodata
              << ", the output's nodata value: they will read as nodata (choose another --nodata)";
            result.warnings.push_back(s.str());
        }
        result.raster = std::move(out);
        return result;
    }
};

} // namespace

const Algorithm& rasterCalculatorAlgorithm()
{
    static const RasterCalculator algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
