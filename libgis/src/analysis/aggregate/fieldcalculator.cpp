// field-calculator: the input layer with one field added or updated from an expression (docs/expressions.md: fields,
// functions, $area, $length, $perimeter — geodesic m² and m on a longitude/latitude layer, CRS units otherwise).
// Every feature is kept, with its id and geometry. The expression is the query engine's, evaluated on every core.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

#include "algorithms.h"
#include "featuremap.h"
#include "invalidgate.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

FieldType autoType(const std::vector<Value>& values)
{
    bool any = false, real = false, text = false, date = false, dateTime = false, number = false;
    for (const Value& v : values) {
        switch (v.type) {
        case Value::Type::Null:
            continue;
        case Value::Type::Boolean:
        case Value::Type::Integer:
            number = true;
            break;
        case Value::Type::Real:
            number = real = true;
            break;
        case Value::Type::String:
            text = true;
            break;
        case Value::Type::Date:
            date = true;
            break;
        case Value::Type::DateTime:
            dateTime = true;
            break;
        }
        any = true;
    }
    if (!any || text)
        return FieldType::String; // no value says which type: text holds any later update
    if (number + date + dateTime > 1)
        return !number ? FieldType::DateTime : FieldType::String; // dates with date-times; numbers with dates
    if (date)
        return FieldType::Date;
    if (dateTime)
        return FieldType::DateTime;
    return real ? FieldType::Real : FieldType::Integer;
}

/// Appends `v` to `out` converted to out's type; throws Error(Argument) naming the feature when it cannot be.
void appendConverted(AttributeColumn& out, const Value& v, const Layer& layer, std::size_t row)
{
    if (v.isNull()) {
        out.appendNull();
        return;
    }
    const auto refuse = [&](const char* as) {
        throw Error(ErrorCode::Argument, "field-calculator: layer \"" + layer.name() + "\", feature "
                + std::to_string(layer.fid(row)) + ": the value \"" + v.toString() + "\" is not " + as
                + " (--type auto keeps the expression's own type)");
    };
    switch (out.type()) {
    case FieldType::Integer:
    case FieldType::Boolean:
        if (v.type == Value::Type::Real) {
            if (!std::isfinite(v.real) || std::fabs(v.real) > 9.2e18)
                refuse("an integer");
            out.appendInteger(std::llround(v.real)); // to the nearest, halves away from zero
        } else if (v.type == Value::Type::String) {
            try {
                std::size_t used = 0;
                const long long i = std::stoll(v.text, &used);
                if (used != v.text.size())
                    refuse("an integer");
                out.appendInteger(i);
            } catch (const std::logic_error&) {
                refuse("an integer");
            }
        } else {
            out.appendInteger(v.integer);
        }
        return;
    case FieldType::Real:
        if (v.type == Value::Type::Real)
            out.appendReal(v.real);
        else if (v.type == Value::Type::String) {
            try {
                std::size_t used = 0;
                const double d = std::stod(v.text, &used);
                if (used != v.text.size())
                    refuse("a number");
                out.appendReal(d);
            } catch (const std::logic_error&) {
                refuse("a number");
            }
        } else {
            out.appendReal(static_cast<double>(v.integer));
        }
        return;
    case FieldType::Date:
        if (v.type == Value::Type::Date)
            out.appendInteger(v.integer);
        else if (v.type == Value::Type::DateTime)
            out.appendInteger(v.integer >= 0 ? v.integer / 86400000 : -((-v.integer + 86399999) / 86400000));
        else if (const auto d = v.type == Value::Type::String ? parseDate(v.text) : std::nullopt)
            out.appendInteger(*d);
        else
            refuse("a date (YYYY-MM-DD)");
        return;
    case FieldType::DateTime:
        if (v.type == Value::Type::DateTime)
            out.appendInteger(v.integer);
        else if (v.type == Value::Type::Date)
            out.appendInteger(v.integer * 86400000);
        else if (const auto d = v.type == Value::Type::String ? parseDateTime(v.text) : std::nullopt)
            out.appendInteger(*d);
        else
            refuse("a date and time");
        return;
    case FieldType::String:
    case FieldType::Binary:
        out.appendString(v.type == Value::Type::String ? v.text : v.toString());
        return;
    }
}

class FieldCalculator final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "field-calculator";
            i.group = "aggregate";
            i.titleEn = "Field calculator";
            i.titleAr = "حاسبة الحقول";
            i.descriptionEn = "The layer with a field added, or updated, from an expression over each feature's fields "
                              "and geometry ($area, $length: geodesic square metres and metres on longitude/latitude).";
            i.descriptionAr = "الطبقة مع حقل مضاف أو محدَّث من تعبير على حقول كل معلم وهندسته ($area و$length: أمتار "
                              "مربعة وأمتار جيوديسية على خطوط الطول والعرض).";
            Parameter field = Parameter::make("field", ParameterType::Text, "Field", "الحقل",
                "the field to add, or to update when the layer has it", "الحقل المراد إضافته، أو تحديثه إن كان في الطبقة");
            field.required = true;
            i.parameters.push_back(std::move(field));
            Parameter expression = Parameter::make("expression", ParameterType::Expression, "Expression", "التعبير",
                "its value for each feature, for example round($area / 10000, 2) or name_en || ' (' || code || ')'",
                "قيمته لكل معلم، مثل round($area / 10000, 2) أو name_en || ' (' || code || ')'");
            expression.required = true;
            i.parameters.push_back(std::move(expression));
            Parameter type = Parameter::make("type", ParameterType::Choice, "Type", "النوع",
                "the field's type: auto (the expression's; an existing field keeps its own), integer (reals rounded to "
                "the nearest), real, text or date",
                "نوع الحقل: auto (نوع التعبير؛ ويحتفظ الحقل الموجود بنوعه)، integer (تُقرَّب الأعداد الحقيقية)، real، text أو date");
            type.defaultValue = "auto";
            type.choices = {"auto", "integer", "real", "text", "date"};
            type.choiceTitles = {{"Automatic", "تلقائي"}, {"Integer", "عدد صحيح"}, {"Real number", "عدد حقيقي"},
                {"Text", "نص"}, {"Date", "تاريخ"}};
            i.parameters.push_back(std::move(type));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& input = *inputs.input;
        const std::string field = parameters.text("field");
        if (field.find_first_not_of(" \t") == std::string::npos)
            throw Error(ErrorCode::Argument, "field-calculator: --field must name a field");
        const std::string& text = parameters.text("expression");
        RunResult result;

        // An expression that measures geometries ($area, $length ...) follows the invalid-geometry policy: a bow-tie's
        // area is not a number anyone wants. Under skip the feature's value is null; under repair it is measured on
        // the repaired geometry (a copy of the layer holds those).
        std::shared_ptr<const Layer> measured = inputs.input;
        std::vector<char> skipped(input.size(), 0);
        if (text.find('$') != std::string::npos) {
            const InvalidGate gate(input, options.invalid);
            std::vector<std::optional<Geometry>> repaired(input.size());
            std::vector<std::vector<InvalidFeature>> reports((input.size() + 1023) / 1024);
            ParallelOptions parallel;
            parallel.maxThreads = options.threads;
            parallel.what = "field-calculator";
            parallelFor(
                reports.size(),
                [&](std::size_t c) {
                    for (std::size_t row = c * 1024; row < std::min(input.size(), (c + 1) * 1024); ++row) {
                        if (row % 64 == 0)
                            options.feedback.cancel.throwIfCancelled("field-calculator");
                        if (input.geometry(row).type() == GeometryType::Unknown)
                            continue; // no geometry: the engine measures 0, as documented
                        InvalidGate::Verdict v = gate.check(row);
                        if (v.kind == InvalidGate::Verdict::Kind::Use)
                            continue;
                        reports[c].push_back(gate.report(row, v));
                        if (v.kind == InvalidGate::Verdict::Kind::Skip)
                            skipped[row] = 1;
                        else
                            repaired[row] = std::move(v.repaired);
                    }
                },
                &options.feedback.cancel, parallel);
            for (auto& r : reports)
                result.invalid.insert(result.invalid.end(), r.begin(), r.end());
            if (std::any_of(repaired.begin(), repaired.end(), [](const auto& g) { return g.has_value(); })) {
                GeometryColumn geometries;
                for (std::size_t row = 0; row < input.size(); ++row)
                    geometries.append(repaired[row] ? repaired[row]->column() : input.geometries(), repaired[row] ? 0 : row);
                std::vector<std::int64_t> fids;
                for (std::size_t row = 0; row < input.size(); ++row)
                    fids.push_back(input.fid(row));
                measured = std::make_shared<const Layer>(input.name(), input.crs(), input.geometryType(),
                    std::move(geometries), input.attributes(), std::move(fids), LoadReport{}, 0, false);
            }
        }
        const Expression expression = Expression::compile(text, *measured);

        std::vector<Value> values(input.size());
        constexpr std::size_t kChunk = 1024;
        const std::size_t chunks = (input.size() + kChunk - 1) / kChunk;
        std::atomic<std::size_t> done{0};
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "field-calculator";
        parallelFor(
            chunks,
            [&](std::size_t c) {
                for (std::size_t row = c * kChunk; row < std::min(input.size(), (c + 1) * kChunk); ++row) {
                    if (row % 256 == 0)
                        options.feedback.cancel.throwIfCancelled("field-calculator");
                    if (!skipped[row])
                        values[row] = expression.evaluate(row);
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        const int existing = input.attributes().indexOf(field);
        const std::string& typeName = parameters.text("type");
        FieldType type = FieldType::String;
        if (typeName == "integer")
            type = FieldType::Integer;
        else if (typeName == "real")
            type = FieldType::Real;
        else if (typeName == "date")
            type = FieldType::Date;
        else if (typeName == "text")
            type = FieldType::String;
        else
            type = existing >= 0 ? input.attributes().column(static_cast<std::size_t>(existing)).type() : autoType(values);

        LayerBuilder builder(input.name(), input.crs(), input.geometryType());
        const auto& columns = input.attributes().columns();
        std::size_t target = columns.size();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::size_t index = builder.addField(columns[c].name(), static_cast<int>(c) == existing ? type : columns[c].type());
            if (static_cast<int>(c) == existing)
                target = index;
        }
        if (existing < 0)
            target = builder.addField(field, type);
        for (std::size_t row = 0; row < input.size(); ++row) {
            builder.geometries().append(input.geometries(), row);
            for (std::size_t c = 0; c < columns.size(); ++c)
                if (c != target)
                    appendValue(builder.column(c), columns[c], row);
            appendConverted(builder.column(target), values[row], input, row);
            builder.appendFid(input.fid(row));
        }
        result.layer = builder.finish();
        if (!result.invalid.empty() && options.invalid == InvalidPolicy::Skip)
            result.warnings.push_back("field-calculator: " + std::to_string(std::count(skipped.begin(), skipped.end(), 1))
                + " features with an invalid geometry were kept with a null \"" + field + "\"");
        return result;
    }
};

} // namespace

const Algorithm& fieldCalculatorAlgorithm()
{
    static const FieldCalculator algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
