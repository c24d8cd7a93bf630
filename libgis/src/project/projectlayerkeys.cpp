#include "projectlayerkeys.h"

#include <filesystem>

#include "gis/data/postgis.h"
#include "gis/project/project.h"
#include "gis/project/stylejson.h"
#include "jsonpath.h"
#include "projectjson.h"
#include "projectpaths.h"

namespace fs = std::filesystem;

namespace gis {

namespace detail {

namespace {

/// A text of the drawn layer (title, title_ar): absent and "" are the same, and "" is not written.
template <std::string MapLayer::*Member>
LayerProperty text(const char* key)
{
    return {key,
        [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) {
            pl.map.*Member = v.optString().value_or("");
        },
        [](const ProjectLayer& pl) -> std::optional<Json> {
            return (pl.map.*Member).empty() ? std::nullopt : std::optional<Json>(pl.map.*Member);
        }};
}

/// A switch of the drawn layer; written only when it is not `Default`.
template <bool MapLayer::*Member, bool Default>
LayerProperty flag(const char* key)
{
    return {key,
        [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) { pl.map.*Member = v.booleanOr(Default); },
        [](const ProjectLayer& pl) -> std::optional<Json> {
            return pl.map.*Member == Default ? std::nullopt : std::optional<Json>(pl.map.*Member);
        }};
}

void readSource(const JsonNode& v, ProjectLayer& pl, LayerReadContext& c)
{
    pl.source = v.string();
    if (gis::pg::isPostgresSource(pl.source)) {
        // A database is named by a service of the user's own pg_service.conf, nothing else (docs/postgis.md).
        const std::string problem = gis::pg::projectSourceProblem(pl.source);
        if (!problem.empty())
            v.fail(problem);
        pl.sourcePath = pl.source;
        return;
    }
    const auto refused = checkDocumentPath(pl.source, v.path(), c.sourceRules, &pl.sourcePath);
    c.refusals.insert(c.refusals.end(), refused.begin(), refused.end());
}

void readStyle(const JsonNode& style, ProjectLayer& pl, LayerReadContext& c)
{
    if (style.isString()) {
        pl.styleFile = style.string();
        std::string stylePath;
        const auto refused = checkDocumentPath(pl.styleFile, style.path(), c.styleRules, &stylePath);
        c.refusals.insert(c.refusals.end(), refused.begin(), refused.end());
        if (refused.empty()) { // a refused file is not read: its icons are checked once it is allowed
            pl.map.style = readStyleFile(stylePath);
            pl.styleOrigin = {readJsonFile(stylePath, "style file"), styleToJson(pl.map.style), {}};
            checkStyleIcons(pl.map.style, style.path() + " → " + fs::path(stylePath).filename().string() + ":",
                c.projectPath, fs::path(stylePath).parent_path().string(), c.trustedFolders, c.refusals);
        }
    } else if (!style.isNull()) {
        pl.map.style = parseStyle(style.value(), style.path(), c.projectDir);
        checkStyleIcons(pl.map.style, style.path(), c.projectPath, c.projectDir, c.trustedFolders, c.refusals);
    }
}

std::vector<LayerProperty> makeLayerProperties()
{
    return {
        {"source", readSource, [](const ProjectLayer& pl) -> std::optional<Json> { return pl.source; }},
        {"layer", [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) { pl.layer = v.optString().value_or(""); },
            [](const ProjectLayer& pl) -> std::optional<Json> {
                return pl.layer.empty() ? std::nullopt : std::optional<Json>(pl.layer);
            }},
        {"name", // always written: it identifies the layer (atlas, insets, errors)
            [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) {
                pl.map.name = v.optString().value_or(pl.layer.empty() ? fs::path(pl.source).stem().string() : pl.layer);
            },
            [](const ProjectLayer& pl) -> std::optional<Json> { return pl.map.name; }},
        text<&MapLayer::title>("title"),
        text<&MapLayer::titleAr>("title_ar"),
        flag<&MapLayer::visible, true>("visible"),
        {"made_by", // the history record of the run that made the layer (gis/project/provenance.h)
            [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) { pl.madeBy = v.optString().value_or(""); },
            [](const ProjectLayer& pl) -> std::optional<Json> {
                return pl.madeBy.empty() ? std::nullopt : std::optional<Json>(pl.madeBy);
            }},
        {"form",
            [](const JsonNode& v, ProjectLayer& pl, LayerReadContext&) {
                pl.form = v.isNull() ? nullptr : std::make_shared<const Form>(parseForm(v.value(), v.path()));
            },
            [](const ProjectLayer& pl) -> std::optional<Json> {
                return pl.form ? std::optional<Json>(pl.form->json) : std::nullopt;
            }},
        {"style", readStyle, // always written: the file it was read from, or inline
            [](const ProjectLayer& pl) -> std::optional<Json> {
                if (!pl.styleFile.empty())
                    return pl.styleFile;
                return styleToJson(pl.map.style);
            }},
    };
}

} // namespace

const std::vector<LayerProperty>& layerProperties()
{
    static const std::vector<LayerProperty> properties = makeLayerProperties();
    return properties;
}

} // namespace detail

std::vector<std::string> projectLayerKeys()
{
    std::vector<std::string> keys;
    for (const detail::LayerProperty& p : detail::layerProperties())
        keys.emplace_back(p.key);
    return keys;
}

} // namespace gis
