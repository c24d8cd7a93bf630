// Fuzz target: forms (project: gis::parseForm from bytes), then prepared against a layer's fields (field names,
// widget types, expressions, regular expressions) and evaluated for every row of that layer: whatever the bytes,
// only gis::Error comes out, and a prepared form evaluates without throwing for ordinary rows.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/project/form.h"
#include "gis/project/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::shared_ptr<const gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    gis::Json doc;
    try {
        doc = gis::parseJson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const gis::Error&) {
        return 0;
    }
    std::shared_ptr<const gis::PreparedForm> form;
    try {
        const gis::Form parsed = gis::parseForm(doc, "form");
        gis::FormContext context;
        context.settings["inspector"] = "fuzz";
        context.layer = [](const std::string& name) { return name == "self" ? layer : nullptr; };
        form = gis::PreparedForm::prepare(parsed, layer->attributes().fields(), layer->crs(), context, "form");
    } catch (const gis::Error&) {
        return 0;
    }
    try {
        (void)form->validateLayer(*layer);
        for (std::size_t row = 0; row < layer->size(); ++row) {
            gis::EditFeature f = gis::editFeatureFromLayer(*layer, row);
            form->applyDefaults(f);
            (void)form->evaluate(f, layer->fid(row));
        }
    } catch (const gis::Error&) {
    }
    return 0;
}
