// reclassify: each pixel's value through a table of ranges and exact values ("0-500:1,500-1000:2,1000-:3"), the
// first matching rule winning. The table's grammar and limits are reclasstable.h's.

#include <atomic>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/rasterwriter.h"

#include "algorithms.h"
#include "rasterinput.h"
#include "reclasstable.h"

namespace gis::analysis::detail {

namespace {

constexpr double kDefaultNodata = -9999; // when the input band has none
constexpr std::size_t kPixelsPerChunk = 65536; // with 1024 rules, a chunk is well under 100 ms

class Reclassify final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "reclassify";
            i.group = "raster";
            i.titleEn = "Reclassify by table";
            i.titleAr = "إعادة التصنيف بجدول";
            i.descriptionEn = "Each pixel's value is replaced through a table of rules \"low-high:new\" (a range "
                              "[low, high), either end may be left out) or \"value:new\", the first matching rule "
                              "winning; nodata stays nodata.";
            i.descriptionAr = "تُستبدل قيمة كل خلية وفق جدول قواعد \"أدنى-أعلى:جديد\" (مدى [أدنى، أعلى) ويجوز ترك أحد "
                              "طرفيه) أو \"قيمة:جديد\"، وتُطبق أول قاعدة مطابقة؛ الخلايا بلا قيمة تبقى بلا قيمة.";
            i.input = InputKind::Raster;
            i.output = OutputKind::Raster;
            Parameter table = Parameter::make("table", ParameterType::Text, "Table", "الجدول",
                "rules separated by commas: \"0-500:1,500-1000:2,1000-:3\"; \"5:50\" for an exact value; "
                "\"-100..-50:1\" and \"=-5:2\" for negative values; \":nodata\" makes nodata",
                "قواعد مفصولة بفواصل: \"0-500:1,500-1000:2,1000-:3\"؛ \"5:50\" لقيمة بعينها؛ \"-100..-50:1\" "
                "و\"=-5:2\" للقيم السالبة؛ \":nodata\" تجعلها بلا قيمة");
            table.required = true;
            i.parameters.push_back(std::move(table));
            Parameter unmatched = Parameter::make("unmatched", ParameterType::Choice, "Unmatched values",
                "القيم غير المطابقة", "what a value no rule matches becomes: nodata, or kept as it is",
                "ما تصبح عليه قيمة لا تطابقها أي قاعدة: بلا قيمة، أو تبقى كما هي");
            unmatched.choices = {"nodata", "keep"};
            unmatched.choiceTitles = {{"Nodata", "بلا قيمة"}, {"Kept as it is", "تبقى كما هي"}};
            unmatched.defaultValue = "nodata";
            i.parameters.push_back(std::move(unmatched));
            Parameter band = Parameter::make("band", ParameterType::Integer, "Band", "النطاق",
                "the band to reclassify (1 is the first)", "النطاق المراد إعادة تصنيفه (1 هو الأول)");
            band.defaultValue = "1";
            band.minimum = 1;
            band.maximum = 65535;
            i.parameters.push_back(std::move(band));
            i.parameters.push_back(outputTypeParameter());
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const std::string what = "reclassify";
        const std::vector<ReclassRule> rules = [&] {
            try {
                return parseReclassTable(parameters.text("table"));
            } catch (const Error& e) {
                throw Error(e.code(), what + ": " + e.what());
            }
        }();
        const bool keep = parameters.text("unmatched") == "keep";
        const BandValues in = readBand(inputs.inputRaster, static_cast<int>(parameters.integer("band")), what,
            options.feedback.cancel);
        const double nodata = in.nodata.value_or(kDefaultNodata);

        RunResult result;
        for (std::size_t k = 0; k < rules.size(); ++k)
            if (rules[k].value && *rules[k].value == nodata)
                result.warnings.push_back(what + ": rule " + std::to_string(k + 1) + " gives " + std::to_string(*rules[k].value)
                    + ", the output's nodata value: those pixels will read as nodata");

        auto out = std::make_shared<RasterData>();
        out->extent = in.extent;
        out->crs = in.crs;
        out->width = in.width;
        out->height = in.height;
        out->nodata = nodata;
        out->sampleType = outputSampleType(parameters);
        out->bands.assign(1, std::vector<double>(in.values.size(), nodata));
        std::vector<double>& band = out->bands[0];

        const std::size_t chunks = (in.values.size() + kPixelsPerChunk - 1) / kPixelsPerChunk;
        std::atomic<std::size_t> done{0};
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "reclassify";
        parallelFor(
            chunks,
            [&](std::size_t chunk) {
                const std::size_t first = chunk * kPixelsPerChunk;
                const std::size_t last = std::min(in.values.size(), first + kPixelsPerChunk);
                for (std::size_t i = first; i < last; ++i) {
                    if (!in.valid[i])
                        continue;
                    const double v = in.values[i];
                    if (const ReclassRule* r = matchReclass(rules, v))
                        band[i] = r->value.value_or(nodata);
                    else if (keep)
                        band[i] = v;
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);
        result.raster = std::move(out);
        return result;
    }
};

} // namespace

const Algorithm& reclassifyAlgorithm()
{
    static const Reclassify algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
