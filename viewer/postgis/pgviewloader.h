#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "map/latestjobthread.h"
#include "postgis/pgviewcache.h"

namespace gis {
class Layer;
class Transformer;
}

namespace viewer {

/// A PostGIS layer too big to read whole (LayerInfo::featureCount above kBigTableRows), fetched by view
/// (docs/postgis.md, "Big tables in the viewer"). setView() gives the box the map shows; a worker (the viewer's
/// LatestJobThread) reads the layer's rows in that box through gis::DataSource with ReadOptions::filterBox (the
/// server's `geom && ST_MakeEnvelope(…)`, its GIST index), hands them over (viewReady, `margin` false), then reads the
/// box grown by kMarginFraction on every side and hands that over too (`margin` true), so a short pan shows
/// features at once. A new view cancels the running read — its CancellationToken makes gis::pg::Connection cancel
/// the server's statement (PQcancel) — and only the newest view's rows are handed over. Every read, current or
/// not, goes into a PgViewCache; a view inside a cached box is answered from it at once, without a query.
///
/// When the whole table's estimated density (count over the estimated extent) puts more than kMaxViewRows in the
/// view, nothing is read: tooMany() says how many features the view would hold, and the map says "zoom in" (a
/// random sample would draw a map whose density lies; a count the user can act on does not).
///
/// GUI thread only, except the worker it owns. The worker opens its own DataSource (one per thread, as DataSource
/// asks) on its first read and keeps it. Errors of a read come back as failed(), never thrown.
class PgViewLoader : public QObject {
    Q_OBJECT
public:
    /// Above this estimated row count a PostGIS layer is fetched by view. Reading 250,000 points whole takes about
    /// 0.3 s and 30 MB (docs/postgis.md: 1,000,000 in 1.2–1.5 s): the most a desk can wait for when a layer is
    /// added. A 10,000,000-row table would take 12 s and over a gigabyte.
    static constexpr std::int64_t kBigTableRows = 250'000;
    /// The most features one view fetches; a view estimated to hold more is not read (tooMany). Same reasoning as
    /// kBigTableRows: a fetch must come back within a pan's patience.
    static constexpr std::int64_t kMaxViewRows = 250'000;
    /// The margin read after the view: this fraction of the view's width (height) on each side, so the second
    /// read covers (1 + 2 × 0.5)² = 4 views — a pan of half a screen in any direction needs no query.
    static constexpr double kMarginFraction = 0.5;

    /// `source` and `layer` as DataSource takes them; `info` is the layer's listing (estimated count and extent,
    /// fields, CRS).
    PgViewLoader(std::string source, std::string layer, gis::LayerInfo info, QObject* parent = nullptr,
        std::size_t cacheBytes = PgViewCache::kDefaultMaxBytes);
    ~PgViewLoader() override;

    /// The map shows `box` in `mapCrs`. The same box as the last call does nothing; a box inside a cached one is
    /// answered at once (viewReady before this returns); otherwise the running read is cancelled and the new one
    /// queued.
    void setView(const gis::Box& box, const gis::Crs& mapCrs);
    /// Forgets what was fetched (an edit, a colleague's commit) and reads the current view again.
    void invalidate();

    /// A layer with the table's fields and no rows: what the map holds before the first read.
    std::shared_ptr<const gis::Layer> emptyLayer() const { return m_empty; }
    /// The same for a listing (thread-safe).
    static std::shared_ptr<const gis::Layer> emptyLayerOf(const gis::LayerInfo& info);
    const gis::LayerInfo& info() const { return m_info; }
    const PgViewCache& cache() const { return m_cache; }

    /// True from a setView() that needs a read until its rows (view and margin), an error or a newer view.
    bool isBusy() const { return m_busy; }
    /// Reads sent to the server (each view and each margin counts one), since construction. Any thread.
    int queries() const { return m_queries.load(); }
    /// Reads stopped by a newer view while the server ran them.
    int cancelledReads() const { return m_cancelled; }

signals:
    /// The rows of the current view (`margin` false) or of the view and its margin (`margin` true); `fromCache`
    /// when no query was needed.
    void viewReady(std::shared_ptr<const gis::Layer> rows, bool margin, bool fromCache);
    /// The view would hold about `estimated` features (more than kMaxViewRows): nothing was read.
    void tooMany(qint64 estimated);
    /// A read stopped because the view moved (the server's statement was cancelled).
    void readCancelled();
    void failed(const QString& message);

private:
    struct Job {
        std::uint64_t generation = 0;
        gis::Box box; ///< map CRS
        gis::Crs crs;
    };
    struct Worker; // the worker thread's DataSource and Transformer
    void work(Job& job, const gis::CancellationToken& token); ///< on the worker thread
    void deliver(std::uint64_t generation, const gis::Box& box, std::shared_ptr<const gis::Layer> rows, bool margin);
    void finish(std::uint64_t generation);
    /// Features the estimated density puts in `layerBox` (layer CRS); -1 when the listing has no estimate.
    std::int64_t estimatedRows(const gis::Box& layerBox) const;

    const std::string m_source;
    const std::string m_layer;
    const gis::LayerInfo m_info;
    const std::shared_ptr<const gis::Layer> m_empty;

    // GUI thread only.
    PgViewCache m_cache;
    gis::Crs m_crs;
    std::optional<gis::Box> m_view;
    std::uint64_t m_generation = 0;
    bool m_busy = false;
    int m_cancelled = 0;

    std::atomic<int> m_queries{0};
    std::unique_ptr<Worker> m_workerState; // used by the worker thread only
    LatestJobThread<Job> m_worker;         // last: joined before the members above go
};

} // namespace viewer
