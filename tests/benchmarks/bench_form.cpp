// Form benchmark (issue #12): opening a form of 100 fields with 20 value maps (50 entries each) and 5 value
// relations (layers of 1,000 rows, one with a filter), 30 constraints, 20 visibility expressions and 10 defaults:
// parsing the JSON text, reading the form, and preparing it (checking it against the layer's fields, compiling its
// expressions and regular expressions, reading the relations' keys). Goal: under 50 ms. Also: evaluating it for one
// feature (visibility, defaults, constraints), and validating a layer of 10,000 features.
// Usage: bench_form   (prints "key value" lines: open_ms_median, open_ms_max, evaluate_us_median, validate_ms)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gis/data/layer.h"
#include "gis/project/form.h"
#include "gis/project/json.h"

using namespace gis;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::shared_ptr<const Layer> layerOf(const std::vector<FieldInfo>& fields, std::size_t rows, int seed)
{
    GeometryColumn g;
    AttributeTable t;
    for (const FieldInfo& f : fields)
        t.addColumn(f.name, f.type);
    for (std::size_t r = 0; r < rows; ++r) {
        g.appendPoint(57 + static_cast<double>(r % 100) * 0.01, 22 + static_cast<double>(r / 100) * 0.01);
        for (std::size_t i = 0; i < fields.size(); ++i) {
            AttributeColumn& c = t.column(i);
            if (fields[i].type == FieldType::Integer)
                c.appendInteger(static_cast<std::int64_t>((r * 7 + i + static_cast<std::size_t>(seed)) % 10));
            else
                c.appendString("v" + std::to_string((r + i) % 50));
        }
    }
    return std::make_shared<const Layer>("l", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
}

std::string formText()
{
    std::string items;
    const auto add = [&](const std::string& item) { items += (items.empty() ? "" : ",\n") + item; };
    for (int i = 0; i < 100; ++i) {
        const std::string f = "f" + std::to_string(i);
        std::string item = "{\"field\": \"" + f + "\", \"label_en\": \"Field " + std::to_string(i)
            + "\", \"label_ar\": \"الحقل " + std::to_string(i) + "\"";
        if (i < 20) { // value maps of 50 entries
            item += ", \"widget\": \"value_map\", \"values\": [";
            for (int k = 0; k < 50; ++k)
                item += std::string(k ? ", " : "") + "{\"code\": \"v" + std::to_string(k) + "\", \"label_en\": \"Value "
                    + std::to_string(k) + "\", \"label_ar\": \"القيمة " + std::to_string(k) + "\"}";
            item += "]";
        } else if (i < 25) { // value relations
            item += ", \"widget\": \"value_relation\", \"relation\": {\"layer\": \"list" + std::to_string(i - 20)
                + "\", \"key\": \"code\", \"label_en\": \"name_en\", \"label_ar\": \"name_ar\""
                + (i == 20 ? ", \"filter\": \"rank < 5\"" : "") + "}";
        } else if (i < 45) {
            item += ", \"widget\": \"integer\", \"min\": 0, \"max\": 9, \"step\": 1";
        }
        if (i >= 45 && i < 65)
            item += ", \"visible\": \"f" + std::to_string(i - 20) + " > 2 OR f0 = 'v1'\"";
        if (i >= 65 && i < 75)
            item += ", \"default\": \"concat('x', f" + std::to_string(i - 40) + ")\"";
        if (i >= 70) { // 30 constraints of every kind
            const int k = i % 4;
            item += ", \"constraints\": [";
            item += k == 0 ? "{\"type\": \"not_null\"}"
                : k == 1   ? "{\"type\": \"regex\", \"pattern\": \"v[0-9]+\", \"hard\": false}"
                : k == 2   ? "{\"type\": \"expression\", \"expression\": \"f25 < 8 OR " + f + " IS NOT NULL\", "
                             "\"message_en\": \"check\", \"message_ar\": \"تحقق\"}"
                           : "{\"type\": \"unique\", \"hard\": false}";
            item += "]";
        }
        add(item + "}");
    }
    return "{\"title_en\": \"Benchmark\", \"items\": [" + items + "]}";
}

} // namespace

int main()
{
    std::vector<FieldInfo> fields;
    for (int i = 0; i < 100; ++i)
        fields.push_back({"f" + std::to_string(i), i >= 25 && i < 45 ? FieldType::Integer : FieldType::String});
    std::vector<std::shared_ptr<const Layer>> lists;
    for (int k = 0; k < 5; ++k)
        lists.push_back(layerOf({{"code", FieldType::String}, {"name_en", FieldType::String},
            {"name_ar", FieldType::String}, {"rank", FieldType::Integer}}, 1000, k));
    FormContext context;
    context.layer = [&](const std::string& name) -> std::shared_ptr<const Layer> {
        for (int k = 0; k < 5; ++k)
            if (name == "list" + std::to_string(k))
                return lists[static_cast<std::size_t>(k)];
        return nullptr;
    };
    const std::string text = formText();

    std::vector<double> open;
    std::shared_ptr<const PreparedForm> form;
    for (int run = 0; run < 21; ++run) {
        const auto a = Clock::now();
        const Json json = parseJson(text, "bench");
        form = PreparedForm::prepare(parseForm(json, "form"), fields, Crs::fromEpsg(4326), context, "form");
        open.push_back(ms(a, Clock::now()));
    }
    std::sort(open.begin(), open.end());

    const auto data = layerOf(fields, 10000, 0);
    std::vector<double> eval;
    for (std::size_t row = 0; row < 200; ++row) {
        const EditFeature f = editFeatureFromLayer(*data, row);
        const auto a = Clock::now();
        const FormEvaluation e = form->evaluate(f, static_cast<std::int64_t>(row));
        eval.push_back(ms(a, Clock::now()) * 1000);
        if (e.visibleFields.empty())
            return 1;
    }
    std::sort(eval.begin(), eval.end());
    const auto a = Clock::now();
    const auto violations = form->validateLayer(*data);
    const double validate = ms(a, Clock::now());

    std::printf("form_bytes %zu\n", text.size());
    std::printf("open_ms_median %.2f\nopen_ms_max %.2f\n", open[open.size() / 2], open.back());
    std::printf("evaluate_us_median %.1f\n", eval[eval.size() / 2]);
    std::printf("validate_10000_ms %.1f (%zu violations)\n", validate, violations.size());
    return 0;
}
