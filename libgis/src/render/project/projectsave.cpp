// Project::save: the model written back over the JSON it was read from, changing only what changed.

#include <QJsonArray>
#include <QJsonDocument>

#include <filesystem>
#include <map>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/render/project.h"
#include "gis/render/stylejson.h"
#include "projectjson.h"
#include "projectlayerkeys.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

QJsonObject mergeObject(const QJsonObject& written, const QJsonObject& loaded, const QJsonObject& current);

/// `written` changed where `current` differs from `loaded`. Undefined: the key is to be absent.
QJsonValue mergeValue(const QJsonValue& written, const QJsonValue& loaded, const QJsonValue& current)
{
    if (loaded == current)
        return written; // the model did not change it: keep it as the file wrote it (or absent)
    if (written.isObject() && loaded.isObject() && current.isObject())
        return mergeObject(written.toObject(), loaded.toObject(), current.toObject());
    if (written.isArray() && loaded.isArray() && current.isArray()) {
        const QJsonArray w = written.toArray(), l = loaded.toArray(), c = current.toArray();
        if (w.size() == l.size() && l.size() == c.size()) { // same entries, some edited: merge them one by one
            QJsonArray out;
            for (qsizetype i = 0; i < c.size(); ++i)
                out.append(mergeValue(w.at(i), l.at(i), c.at(i)));
            return out;
        }
    }
    return current;
}

QJsonObject mergeObject(const QJsonObject& written, const QJsonObject& loaded, const QJsonObject& current)
{
    QJsonObject out = written; // keys the model does not know (unknown keys, "description") stay
    for (auto it = loaded.begin(); it != loaded.end(); ++it)
        if (!current.contains(it.key()))
            out.remove(it.key()); // the model dropped it (back to the default)
    for (auto it = current.begin(); it != current.end(); ++it) {
        const QJsonValue v = mergeValue(written.value(it.key()), loaded.value(it.key()), it.value());
        if (v.isUndefined())
            out.remove(it.key());
        else
            out[it.key()] = v;
    }
    return out;
}

QJsonArray boxJson(const Box& b)
{
    return QJsonArray{b.minX, b.minY, b.maxX, b.maxY};
}

} // namespace

QJsonObject applyChanges(const JsonOrigin& origin, const QJsonObject& current)
{
    if (origin.empty())
        return current;
    return mergeObject(origin.written, origin.loaded, current);
}

namespace detail {

QJsonObject documentJson(const Project& p)
{
    QJsonObject root{{"version", 1}, {"title", p.title}, {"language", QString::fromStdString(p.language)},
        {"background", colorToJson(p.background)}};
    if (!p.titleAr.isEmpty())
        root["title_ar"] = p.titleAr;
    if (p.crs.isValid())
        root["crs"] = QString::fromStdString(p.crs.identifier());
    if (!p.extent.isEmpty())
        root["extent"] = boxJson(p.extent);
    if (!p.view.isEmpty())
        root["view"] = QJsonObject{{"extent", boxJson(p.view)}};
    return root;
}

} // namespace detail

QJsonObject projectLayerJson(const ProjectLayer& pl)
{
    QJsonObject o;
    for (const detail::LayerProperty& p : detail::layerProperties()) {
        QJsonValue v = p.write(pl);
        if (!v.isUndefined())
            o[p.key] = std::move(v);
    }
    return o;
}

QJsonObject Project::toJson() const
{
    QJsonObject root = detail::documentJson(*this);
    QJsonArray array;
    for (const auto& pl : layers)
        array.append(projectLayerJson(pl));
    root["layers"] = array;
    return root;
}

void Project::save(const std::string& target)
{
    const fs::path dir = fs::path(target).parent_path();
    const QJsonObject document = detail::documentJson(*this);
    QJsonObject root = applyChanges(origin, document);
    QJsonArray array;
    std::vector<QJsonObject> layerJson;
    struct StyleWrite {
        std::vector<std::size_t> layers;
        QJsonObject json;
    };
    std::map<std::string, StyleWrite> styleWrites; // by resolved path: two layers may share a file
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const ProjectLayer& pl = layers[i];
        layerJson.push_back(projectLayerJson(pl));
        array.append(applyChanges(pl.origin, layerJson.back()));
        if (pl.styleFile.empty())
            continue;
        const QJsonObject style = styleToJson(pl.map.style);
        if (!pl.styleOrigin.empty() && style == pl.styleOrigin.loaded)
            continue; // unchanged: the style file is not touched
        const fs::path sp(pl.styleFile);
        const std::string stylePath = (sp.is_absolute() || dir.empty() ? sp : dir / sp).lexically_normal().string();
        const QJsonObject json = applyChanges(pl.styleOrigin, style);
        auto [it, inserted] = styleWrites.try_emplace(stylePath, StyleWrite{{}, json});
        if (!inserted && it->second.json != json)
            throw Error(ErrorCode::Argument, target + ": layers \"" + layers[it->second.layers.front()].map.name + "\" and \""
                + pl.map.name + "\" share the style file " + stylePath + " but their styles differ; nothing was saved");
        it->second.layers.push_back(i);
    }
    if (root.value("layers") != array)
        root["layers"] = array;
    const QByteArray bytes = !origin.bytes.isEmpty() && root == origin.written
        ? origin.bytes // nothing changed: byte for byte as it was, formatting and key order included
        : QJsonDocument(root).toJson(QJsonDocument::Indented);

    AtomicFileSet files;
    files.add(target).write(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    std::vector<QByteArray> styleBytes;
    for (const auto& [path, w] : styleWrites) {
        const QByteArray b = QJsonDocument(w.json).toJson(QJsonDocument::Indented);
        files.add(path).write(std::string_view(b.constData(), static_cast<std::size_t>(b.size())));
    }
    files.commit();

    // The files now hold the model: later saves measure changes from here.
    path = target;
    origin = JsonOrigin{root, document, bytes};
    for (std::size_t i = 0; i < layers.size(); ++i)
        layers[i].origin = JsonOrigin{array.at(static_cast<qsizetype>(i)).toObject(), layerJson[i], {}};
    for (const auto& [p, w] : styleWrites)
        for (std::size_t i : w.layers)
            layers[i].styleOrigin = JsonOrigin{w.json, styleToJson(layers[i].map.style), {}};
}

} // namespace gis
