// readFiltered: the one place where a query's filters reach the source (docs/postgis.md, "Filters").

#include <cmath>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/data/postgis.h"
#include "gis/query/select.h"
#include "gis/query/sqlfilter.h"

namespace gis {

namespace {

/// The index of the layer to read: `name`'s, or the only one when `name` is empty.
std::size_t chooseLayer(const DataSource& ds, const std::string& path, std::string_view name,
                        const std::vector<LayerInfo>& layers)
{
    if (!name.empty())
        return ds.layerIndex(name);
    if (layers.empty())
        throw Error(ErrorCode::Argument, path + ": no vector layers");
    if (layers.size() > 1) {
        std::string names;
        for (const LayerInfo& l : layers)
            names += (names.empty() ? "" : ", ") + l.name;
        throw Error(ErrorCode::Argument, path + " has " + std::to_string(layers.size())
                + " layers; choose one with --layer (" + names + ")");
    }
    return 0;
}

bool isFinite(const Box& b)
{
    return std::isfinite(b.minX) && std::isfinite(b.minY) && std::isfinite(b.maxX) && std::isfinite(b.maxY);
}

} // namespace

FilteredRead readFiltered(const std::string& path, std::string_view layerName, const QuerySpec& spec,
                          ReadOptions options)
{
    if (!options.filterBox.isEmpty() || !options.serverFilter.empty())
        throw Error(ErrorCode::Argument, path + ": readFiltered sets the read's filters itself; give them in the QuerySpec");
    const DataSource ds = DataSource::open(path, options);
    const std::vector<LayerInfo> layers = ds.layers();
    const std::size_t index = chooseLayer(ds, path, layerName, layers);
    FilteredRead out;
    if (!pg::isPostgresSource(path)) {
        out.layer = ds.readLayer(index, options);
        out.selection = select(*out.layer, spec, options.feedback.cancel);
        return out;
    }

    const LayerInfo& info = layers.at(index);
    QuerySpec rest = spec;
    if (spec.where) {
        // Compiled against the table's columns as the reader will type them: no part names the geometry column.
        SqlTranslation t = translateToSql(*spec.where, info.fields, {});
        out.pushedSql = t.pushed.where;
        out.residual = t.residual;
        options.serverFilter = std::move(t.pushed);
        if (t.residual.empty())
            rest.where.reset();
        else
            rest.where = std::move(t.residual);
    }
    if (spec.bbox) {
        Box box = spec.bbox->box;
        const Crs& from = spec.bbox->crs;
        if (from.isValid() && info.crs.isValid() && !from.isEquivalentTo(info.crs))
            box = Transformer(from, info.crs).transformBox(box);
        // The server's && uses the spatial index; select() below checks the same box again on what was sent
        // (cheap, through the layer's R-tree), so the answer is select()'s whatever the read kept. An empty or
        // non-finite box is not sent: select() alone answers it.
        if (!box.isEmpty() && isFinite(box))
            options.filterBox = box;
    }
    out.layer = ds.readLayer(index, options);
    out.rowsReceived = out.layer->report().rowsReceived;
    out.selection = select(*out.layer, rest, options.feedback.cancel);
    return out;
}

} // namespace gis
