#include "pgviewloader.h"

#include <algorithm>
#include <utility>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

namespace viewer {

/// What the worker thread keeps from one read to the next: its connection (through DataSource) and the
/// transformation from the map's CRS to the layer's.
struct PgViewLoader::Worker {
    std::optional<gis::DataSource> source;
    std::size_t layerIndex = 0;
    bool crsSet = false;
    gis::Crs mapCrs;
    std::optional<gis::Transformer> toLayer; // empty: the map and the layer share their CRS (or one is unknown)

    gis::Box toLayerBox(const gis::Box& box) const { return toLayer ? toLayer->transformBox(box) : box; }
};

namespace {

gis::Box grown(const gis::Box& box, double fraction)
{
    const double dx = box.width() * fraction;
    const double dy = box.height() * fraction;
    return {box.minX - dx, box.minY - dy, box.maxX + dx, box.maxY + dy};
}

/// The share of `extent` along one axis that [lo, hi] covers; a degenerate extent (all points on a line) is
/// covered whole or not at all.
double share(double lo, double hi, double extentLo, double extentHi)
{
    const double overlap = std::min(hi, extentHi) - std::max(lo, extentLo);
    if (overlap < 0)
        return 0;
    const double span = extentHi - extentLo;
    return span > 0 ? std::min(1.0, overlap / span) : 1.0;
}

} // namespace

PgViewLoader::PgViewLoader(std::string source, std::string layer, gis::LayerInfo info, QObject* parent,
    std::size_t cacheBytes)
    : QObject(parent), m_source(std::move(source)), m_layer(std::move(layer)), m_info(std::move(info)),
      m_empty(emptyLayerOf(m_info)), m_cache(cacheBytes), m_workerState(std::make_unique<Worker>()),
      m_worker([this](Job& job, const gis::CancellationToken& token) { work(job, token); })
{
}

PgViewLoader::~PgViewLoader() = default;

std::shared_ptr<const gis::Layer> PgViewLoader::emptyLayerOf(const gis::LayerInfo& info)
{
    gis::AttributeTable attributes;
    for (const gis::FieldInfo& f : info.fields)
        attributes.addColumn(f.name, f.type);
    return std::make_shared<const gis::Layer>(info.name, info.crs, info.geometryType, gis::GeometryColumn(),
        std::move(attributes));
}

void PgViewLoader::setView(const gis::Box& box, const gis::Crs& mapCrs)
{
    if (box.isEmpty())
        return;
    if (!(mapCrs == m_crs)) { // the cache holds boxes of the old map CRS
        m_cache.clear();
        m_crs = mapCrs;
        m_view.reset();
    }
    if (m_view && *m_view == box)
        return;
    m_view = box;
    ++m_generation; // whatever is running or queued now answers an older view
    if (std::shared_ptr<const gis::Layer> rows = m_cache.find(box)) {
        m_worker.cancel();
        m_busy = false;
        emit viewReady(std::move(rows), true, true);
        return;
    }
    m_busy = true;
    m_worker.post({m_generation, box, mapCrs});
}

void PgViewLoader::invalidate()
{
    m_cache.clear();
    if (!m_view)
        return;
    const gis::Box box = *m_view;
    m_view.reset();
    setView(box, m_crs);
}

std::int64_t PgViewLoader::estimatedRows(const gis::Box& layerBox) const
{
    if (m_info.featureCount < 0 || m_info.extent.isEmpty())
        return -1;
    const gis::Box& e = m_info.extent;
    const double fraction =
        share(layerBox.minX, layerBox.maxX, e.minX, e.maxX) * share(layerBox.minY, layerBox.maxY, e.minY, e.maxY);
    return static_cast<std::int64_t>(static_cast<double>(m_info.featureCount) * fraction + 0.5);
}

void PgViewLoader::work(Job& job, const gis::CancellationToken& token)
{
    Worker& w = *m_workerState;
    const auto post = [this](auto&& call) { QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection); };
    try {
        if (!w.source) {
            w.source = gis::DataSource::open(m_source);
            w.layerIndex = w.source->layerIndex(m_layer);
        }
        if (!w.crsSet || !(job.crs == w.mapCrs)) {
            w.crsSet = true;
            w.mapCrs = job.crs;
            w.toLayer.reset();
            if (job.crs.isValid() && m_info.crs.isValid() && !(job.crs == m_info.crs))
                w.toLayer.emplace(job.crs, m_info.crs);
        }
        const gis::Box viewBox = w.toLayerBox(job.box);
        const std::int64_t estimate = estimatedRows(viewBox);
        if (estimate > kMaxViewRows) {
            post([this, generation = job.generation, estimate] {
                if (generation != m_generation)
                    return;
                m_busy = false;
                emit tooMany(estimate);
            });
            return;
        }
        gis::ReadOptions options;
        options.feedback.cancel = token;
        options.filterBox = viewBox;
        ++m_queries;
        std::shared_ptr<const gis::Layer> rows = w.source->readLayer(w.layerIndex, options);
        post([this, generation = job.generation, box = job.box, rows] { deliver(generation, box, rows, false); });
        if (token.isCancelled())
            return;
        const gis::Box marginMap = grown(job.box, kMarginFraction);
        options.filterBox = w.toLayerBox(marginMap);
        if (estimatedRows(options.filterBox) > kMaxViewRows) {
            post([this, generation = job.generation] { finish(generation); });
            return;
        }
        ++m_queries;
        rows = w.source->readLayer(w.layerIndex, options);
        post([this, generation = job.generation, box = marginMap, rows] { deliver(generation, box, rows, true); });
    } catch (const gis::Error& e) {
        if (e.code() == gis::ErrorCode::Cancelled) {
            post([this] {
                ++m_cancelled;
                emit readCancelled();
            });
            return;
        }
        if (e.code() == gis::ErrorCode::Io)
            w.source.reset(); // the connection broke: the next view connects again
        const QString message = QString::fromUtf8(e.what());
        post([this, generation = job.generation, message] {
            if (generation == m_generation) {
                m_busy = false;
                emit failed(message);
            }
        });
    } catch (const std::exception& e) {
        const QString message = QString::fromUtf8(e.what());
        post([this, generation = job.generation, message] {
            if (generation == m_generation) {
                m_busy = false;
                emit failed(message);
            }
        });
    }
}

void PgViewLoader::deliver(std::uint64_t generation, const gis::Box& box, std::shared_ptr<const gis::Layer> rows,
    bool margin)
{
    // A finished read is good data even when the view has moved on: panning back finds it.
    m_cache.insert(box, rows);
    if (generation != m_generation)
        return;
    if (margin)
        m_busy = false;
    emit viewReady(std::move(rows), margin, false);
}

void PgViewLoader::finish(std::uint64_t generation)
{
    if (generation == m_generation)
        m_busy = false;
}

} // namespace viewer
