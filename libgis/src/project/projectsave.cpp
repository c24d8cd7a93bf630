// Project::save: the model written back over the JSON it was read from, changing only what changed.

#include <filesystem>
#include <map>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/project/project.h"
#include "gis/project/stylejson.h"
#include "projectjson.h"
#include "projectlayerkeys.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

Json boxJson(const Box& b)
{
    return Json::array({b.minX, b.minY, b.maxX, b.maxY});
}

} // namespace

namespace detail {

Json documentJson(const Project& p)
{
    Json root{{"version", 1}, {"title", p.title}, {"language", p.language}, {"background", colorToJson(p.background)}};
    if (!p.titleAr.empty())
        root["title_ar"] = p.titleAr;
    if (!p.credits.empty())
        root["credits"] = p.credits;
    if (!p.creditsAr.empty())
        root["credits_ar"] = p.creditsAr;
    if (p.crs.isValid())
        root["crs"] = p.crs.identifier();
    if (!p.extent.isEmpty())
        root["extent"] = boxJson(p.extent);
    if (!p.view.isEmpty())
        root["view"] = Json{{"extent", boxJson(p.view)}};
    if (!p.history.empty()) {
        Json history = Json::array();
        for (const ProvenanceRecord& r : p.history)
            history.push_back(provenanceToJson(r));
        root["history"] = std::move(history);
    }
    return root;
}

} // namespace detail

Json projectLayerJson(const ProjectLayer& pl)
{
    Json o = Json::object();
    for (const detail::LayerProperty& p : detail::layerProperties()) {
        std::optional<Json> v = p.write(pl);
        if (v)
            o[p.key] = std::move(*v);
    }
    return o;
}

Json Project::toJson() const
{
    Json root = detail::documentJson(*this);
    Json array = Json::array();
    for (const auto& pl : layers)
        array.push_back(projectLayerJson(pl));
    root["layers"] = std::move(array);
    return root;
}

void Project::save(const std::string& target)
{
    const fs::path dir = fs::path(target).parent_path();
    const Json document = detail::documentJson(*this);
    Json root = applyChanges(origin, document);
    Json array = Json::array();
    std::vector<Json> layerJson;
    struct StyleWrite {
        std::vector<std::size_t> layers;
        Json json;
    };
    std::map<std::string, StyleWrite> styleWrites; // by resolved path: two layers may share a file
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const ProjectLayer& pl = layers[i];
        layerJson.push_back(projectLayerJson(pl));
        array.push_back(applyChanges(pl.origin, layerJson.back()));
        if (pl.styleFile.empty())
            continue;
        const Json style = styleToJson(pl.map.style);
        if (!pl.styleOrigin.empty() && style == pl.styleOrigin.loaded)
            continue; // unchanged: the style file is not touched
        const fs::path sp(pl.styleFile);
        const std::string stylePath = (sp.is_absolute() || dir.empty() ? sp : dir / sp).lexically_normal().string();
        const Json json = applyChanges(pl.styleOrigin, style);
        auto [it, inserted] = styleWrites.try_emplace(stylePath, StyleWrite{{}, json});
        if (!inserted && it->second.json != json)
            throw Error(ErrorCode::Argument, target + ": layers \"" + layers[it->second.layers.front()].map.name + "\" and \""
                + pl.map.name + "\" share the style file " + stylePath + " but their styles differ; nothing was saved");
        it->second.layers.push_back(i);
    }
    if (!root.contains("layers") || root["layers"] != array)
        root["layers"] = array;
    const std::string bytes = !origin.bytes.empty() && root == origin.written
        ? origin.bytes // nothing changed: byte for byte as it was, formatting and key order included
        : jsonText(root);

    AtomicFileSet files;
    files.add(target).write(bytes);
    for (const auto& [path, w] : styleWrites)
        files.add(path).write(jsonText(w.json));
    files.commit();

    // The files now hold the model: later saves measure changes from here.
    path = target;
    origin = JsonOrigin{root, document, bytes};
    for (std::size_t i = 0; i < layers.size(); ++i)
        layers[i].origin = JsonOrigin{array[i], layerJson[i], {}};
    for (const auto& [p, w] : styleWrites)
        for (std::size_t i : w.layers)
            layers[i].styleOrigin = JsonOrigin{w.json, styleToJson(layers[i].map.style), {}};
}

} // namespace gis
