#include "gis/render/maprenderer.h"

#include <QPainter>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/render/rasterdraw.h"
#include "gis/render/qtstyle.h"
#include "sessioncaches.h"
#include "label/labelengine.h"
#include "layerprep.h"
#include "pointblitter.h"
#include "renderlimits.h"
#include "rendercontext.h"
#include "vectordrawer.h"

namespace gis {

namespace {

using namespace detail;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs task(0..count-1) on the calling thread and at most one pool thread (two cores is the target machine;
// more workers would only fight over them). Tasks must not throw.
void runParallel(std::size_t count, const std::function<void(std::size_t)>& task)
{
    ParallelOptions options;
    options.maxThreads = 2;
    parallelFor(count, task, nullptr, options);
}

bool drawable(const MapLayer& layer, double scale)
{
    return layer.visible && (layer.vector || layer.raster) &&
           inScaleRange(layer.style.minScale, layer.style.maxScale, scale);
}

// One layer of one render: what preparing and drawing it produced.
struct Job {
    const MapLayer* layer = nullptr;
    std::optional<PreparedLayer> prepared;
    std::optional<PreparedLayer> added; // an edit overlay's features (MapLayer::edits), drawn after `prepared`
    QImage image;        // the layer alone (vectors drawn into it, or the raster's image)
    bool direct = false; // drawn straight into the map image (the bottom layer, fully opaque)
    std::string error;
    std::string labelError; // the symbols were drawn, the labels could not be
    bool cancelled = false;
    int rasterTilesMissing = 0;

    bool ok() const { return error.empty() && !cancelled; }
    /// The parts drawn, in order: the layer's rows, then an edit overlay's features.
    std::vector<const PreparedLayer*> parts() const
    {
        std::vector<const PreparedLayer*> out;
        if (prepared)
            out.push_back(&*prepared);
        if (added)
            out.push_back(&*added);
        return out;
    }
};

// Runs `body`, turning exceptions into the job's error (cancellation is not an error).
template <class Body>
void guarded(Job& job, std::mutex& mutex, Body&& body)
{
    try {
        body();
    } catch (const Error& e) {
        const std::lock_guard lock(mutex);
        if (e.code() == ErrorCode::Cancelled)
            job.cancelled = true;
        else if (job.error.empty())
            job.error = e.what();
    } catch (const std::exception& e) {
        const std::lock_guard lock(mutex);
        if (job.error.empty())
            job.error = e.what();
    }
}

void prepareJob(Job& job, const RenderContext& ctx, const CancellationToken& cancel, std::mutex& mutex)
{
    guarded(job, mutex, [&] {
        const MapLayer& l = *job.layer;
        // A style made in code (the viewer's editor) is held to the limits a style file is read with.
        checkStyle(l.style, "style");
        if (l.vector) {
            job.prepared = prepareLayer(l, ctx, cancel);
            if (l.edits && l.edits->added && l.edits->added->size() > 0)
                job.added = prepareLayer(l, ctx, cancel, true);
        } else {
            RasterDrawOptions options;
            options.cachedOnly = ctx.rasterCachedOnly;
            RasterTileStats stats;
            job.image = drawRaster(*l.raster, ctx.transform.extent(), ctx.crs, ctx.size, l.style.raster, cancel,
                options, &stats);
            job.rasterTilesMissing = stats.missing;
            job.image.convertTo(QImage::Format_ARGB32_Premultiplied);
        }
    });
}

void drawImageScaled(QPainter& painter, const RenderContext& ctx, const QImage& image)
{
    if (image.isNull())
        return;
    if (image.size() == ctx.size)
        painter.drawImage(QPoint(0, 0), image);
    else
        painter.drawImage(QRectF(0, 0, ctx.size.width(), ctx.size.height()), image);
}

// More markers than this in one render and the map is a field of dots: labels then keep clear of one another
// only (telling the engine of every marker would cost more than drawing them).
constexpr std::size_t kMaxMarkerObstacles = 20000;

// Every point marker drawn (of every point layer, labelled or not), for labels to share the map with: a town's
// name goes beside the health centres' markers, not on them (issue 17).
void addMarkers(LabelEngine& engine, const RenderContext& ctx, const std::vector<Job>& jobs)
{
    std::size_t total = 0;
    for (const Job& job : jobs)
        if (job.ok())
            for (const PreparedLayer* part : job.parts())
                if (part->pointsOnly)
                    total += part->drawnCount();
    if (total == 0 || total > kMaxMarkerObstacles)
        return;
    for (const Job& job : jobs) {
        if (!job.ok())
            continue;
        for (const PreparedLayer* part : job.parts()) {
            if (!part->pointsOnly)
                continue;
            const GeometryColumn& g = *part->geometries;
            std::vector<std::uint32_t> rows;
            std::vector<QPointF> centres;
            std::vector<double> diameters;
            for (std::size_t k = 0; k < part->count(); ++k) {
                const std::uint16_t s = part->symbol(k);
                if (s == kNoSymbol || (!part->sizeOf.empty() && !(part->sizeOf[k] > 0)))
                    continue;
                const std::uint32_t row = part->row(k);
                if (g.isNull(row) || g.isEmpty(row))
                    continue;
                const double diameter = part->sizeOf.empty() ? part->symbols[s].size.toDevice(ctx.dpi) : part->sizeOf[k];
                // A point's or a multipoint's coordinates, one after another.
                const std::size_t first = g.coordBegin(g.ringBegin(g.partBegin(row)));
                const std::size_t end = g.coordEnd(g.ringEnd(g.partEnd(row) - 1) - 1);
                for (std::size_t c = first; c < end; ++c) {
                    rows.push_back(row);
                    centres.emplace_back(ctx.mapping.x(g.coords()[c].x), ctx.mapping.y(g.coords()[c].y));
                    diameters.push_back(diameter);
                }
            }
            engine.addMarkers(*part->layer, job.layer->style.labels.priority, rows, centres, diameters);
        }
    }
}

// The markers labels lie on, by layer name.
void reportCoveredMarkers(const LabelEngine& engine, const std::vector<Job>& jobs, RenderResult& result)
{
    for (const LabelEngine::CoveredMarker& m : engine.coveredMarkers())
        for (const Job& job : jobs)
            for (const PreparedLayer* part : job.parts())
                if (part->layer.get() == m.layer)
                    result.markersUnderLabels.emplace_back(job.layer->name, m.row);
}

// Labels go last, above every layer's symbols, placed across all layers at once.
void drawLabels(QPainter& painter, const RenderRequest& request, const RenderContext& ctx, std::vector<Job>& jobs,
    const CancellationToken& cancel, RenderResult& result)
{
    if (!request.drawLabels)
        return;
    const Clock::time_point start = Clock::now();
    LabelEngine engine(ctx.size, ctx.dpi, ctx.scale, &ctx.caches->halos);
    bool any = false;
    for (Job& job : jobs) {
        const MapLayer& l = *job.layer;
        if (!job.ok() || !job.prepared || !l.style.labels.enabled)
            continue;
        try {
            // Point labels keep clear of the largest marker of the layer.
            // An edit overlay's features are labelled after the layer's rows (their PlacedLabel::row is a row
            // of VectorEdits::added).
            for (const PreparedLayer* part : job.parts()) {
                double markerSize = -1;
                if (part->pointsOnly)
                    for (const Symbol& s : part->symbols)
                        markerSize = std::max(markerSize, s.size.toDevice(ctx.dpi));
                engine.addLayer(l.name, *part->layer, *part->geometries, part->drawnRows(), l.style.labels,
                    ctx.transform, markerSize);
            }
            any = true;
        } catch (const Error& e) {
            job.labelError = e.what();
        }
    }
    if (any && !cancel.isCancelled()) {
        addMarkers(engine, ctx, jobs);
        result.labels = engine.placeAndDraw(painter, cancel);
        reportCoveredMarkers(engine, jobs, result);
    }
    result.labelMs = msSince(start);
}

void collect(const std::vector<Job>& jobs, RenderResult& result)
{
    for (const Job& job : jobs) {
        if (!job.error.empty() || !job.labelError.empty())
            result.errors.push_back({job.layer->name, job.error.empty() ? job.labelError : job.error});
        result.rasterTilesMissing += job.rasterTilesMissing;
        if (job.ok())
            for (const PreparedLayer* part : job.parts())
                result.featuresDrawn += part->drawnCount();
    }
}

std::vector<Job> makeJobs(const RenderRequest& request, double scale)
{
    std::vector<Job> jobs;
    for (const MapLayer& l : request.layers)
        if (drawable(l, scale)) {
            Job job;
            job.layer = &l;
            jobs.push_back(std::move(job));
        }
    return jobs;
}

// How many horizontal bands a layer is drawn in. Polygons and lines are uneven over a map (the north of a world
// map holds most of the land), so four bands shared by the two workers balance better than two halves; the
// point blitter reads every point once per band, so points take two.
int bandCount(const PreparedLayer& layer, int height)
{
    if (height < 64)
        return 1;
    return layer.pointsOnly || height < 256 ? 2 : 4;
}

// What one render works with: the checked request's context, and the caches of its session (the request's, or
// one for this render alone).
struct Render {
    std::shared_ptr<RenderSession> session;
    RenderContext ctx;
};

Render startRender(const RenderRequest& request)
{
    checkRenderRequest(request, "render");
    Render render{request.session ? request.session : std::make_shared<RenderSession>(), makeContext(request)};
    render.ctx.caches = &render.session->caches();
    return render;
}

RenderResult renderImageUnguarded(const RenderRequest& request, const CancellationToken& cancel)
{
    RenderResult result;
    const Render render = startRender(request);
    const RenderContext& ctx = render.ctx;
    std::vector<Job> jobs = makeJobs(request, ctx.scale);
    std::mutex mutex;

    // 1. Reprojection, row selection, symbol assignment; rasters are read and warped here too.
    Clock::time_point start = Clock::now();
    runParallel(jobs.size(), [&](std::size_t i) { prepareJob(jobs[i], ctx, cancel, mutex); });
    result.prepareMs = msSince(start);
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result;
    }

    // 2. Vector layers in horizontal bands: several painters on one pixel buffer, each on its band's rows.
    // Every band draws the features that reach it with the same coordinates (shifted by whole pixels), so the
    // bands join into the single-threaded image: fills exactly, thin outlines to within a few levels of
    // antialiasing (see tst_maprenderer bandsEqualSingleThread). Buffers come from a pool and are
    // cleared by the band that draws them (first touches of a fresh buffer are page faults: two cores take
    // them faster than one).
    start = Clock::now();
    result.image = ctx.caches->images.image(ctx.size);
    if (result.image.isNull())
        throw std::bad_alloc();
    const int height = ctx.size.height();
    const int width = ctx.size.width();
    struct Band {
        Job* job;
        int top, bottom;
        uchar* bits;
        qsizetype stride;
        QColor clear;
    };
    std::vector<Band> bands;
    bool backgroundDone = false;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        Job& job = jobs[i];
        if (!job.ok() || !job.prepared)
            continue;
        // The bottom layer at full opacity goes straight onto the background: compositing it later gives the
        // same pixels (source-over is associative) and costs a pass over the image.
        job.direct = i == 0 && job.layer->style.opacity >= 1;
        if (!job.direct) {
            job.image = ctx.caches->images.image(ctx.size);
            if (job.image.isNull())
                throw std::bad_alloc();
        }
        backgroundDone = backgroundDone || job.direct;
        QImage& target = job.direct ? result.image : job.image;
        uchar* bits = target.bits(); // detaches here, on this thread, before the workers wrap the buffer
        const int count = bandCount(*job.prepared, height);
        for (int b = 0; b < count; ++b)
            bands.push_back({&job, height * b / count, height * (b + 1) / count, bits, target.bytesPerLine(),
                job.direct ? request.background : QColor(Qt::transparent)});
    }
    if (!backgroundDone)
        result.image.fill(request.background);
    runParallel(bands.size(), [&](std::size_t i) {
        if (cancel.isCancelled())
            return; // not even the clearing: a cancelled render returns no image
        const Band& band = bands[i];
        guarded(*band.job, mutex, [&] {
            QImage view(band.bits, width, height, band.stride, QImage::Format_ARGB32_Premultiplied);
            // Painters draw on the band's rows alone, shifted up: Qt's rasterizer works over the whole device
            // whatever the clip, so on the full image with a clip each band cost as much as the whole layer
            // (four bands, four times the work: most of a WMS GetMap went there).
            QImage rows(band.bits + band.top * band.stride, width, band.bottom - band.top, band.stride,
                QImage::Format_ARGB32_Premultiplied);
            const QRect rect(0, band.top, width, band.bottom - band.top);
            const std::vector<const PreparedLayer*> parts = band.job->parts();
            auto drawOn = [&](const PreparedLayer& part, bool clear) {
                QPainter painter(&rows);
                painter.translate(0, -band.top);
                if (clear) {
                    painter.setCompositionMode(QPainter::CompositionMode_Source);
                    painter.fillRect(rect, band.clear);
                    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
                }
                if (!part.pointsOnly)
                    drawVectorLayer(painter, part, ctx, rect, false, cancel);
            };
            drawOn(*parts.front(), true);
            if (parts.front()->pointsOnly)
                blitPoints(view, band.top, band.bottom, *parts.front(), ctx, cancel);
            // An edit overlay's features, after the layer's rows, in the same band of the same image.
            for (std::size_t k = 1; k < parts.size(); ++k) {
                if (parts[k]->pointsOnly)
                    blitPoints(view, band.top, band.bottom, *parts[k], ctx, cancel);
                else
                    drawOn(*parts[k], false);
            }
        });
    });
    result.drawMs = msSince(start);
    if (cancel.isCancelled()) {
        result.cancelled = true;
        result.image = QImage(); // half drawn: nothing to show
        return result;
    }

    // 3. Composite in order, then labels on top.
    QPainter painter(&result.image);
    for (Job& job : jobs) {
        if (!job.ok() || job.direct || job.image.isNull())
            continue;
        painter.setOpacity(std::clamp(job.layer->style.opacity, 0.0, 1.0));
        drawImageScaled(painter, ctx, job.image);
        job.image = QImage(); // back to the pool before labels
    }
    painter.setOpacity(1);
    drawLabels(painter, request, ctx, jobs, cancel, result);
    painter.end();
    collect(jobs, result);
    result.cancelled = cancel.isCancelled();
    return result;
}

RenderResult renderToPainterUnguarded(QPainter& painter, const RenderRequest& request, const CancellationToken& cancel)
{
    RenderResult result;
    const Render render = startRender(request);
    const RenderContext& ctx = render.ctx;
    std::vector<Job> jobs = makeJobs(request, ctx.scale);
    std::mutex mutex;
    const QRect device(QPoint(0, 0), ctx.size);

    painter.save();
    painter.setClipRect(device, Qt::IntersectClip);
    if (request.background.alpha() > 0)
        painter.fillRect(device, request.background);
    for (Job& job : jobs) {
        if (cancel.isCancelled())
            break;
        Clock::time_point start = Clock::now();
        prepareJob(job, ctx, cancel, mutex);
        result.prepareMs += msSince(start);
        if (!job.ok())
            continue;
        start = Clock::now();
        painter.save();
        painter.setOpacity(std::clamp(job.layer->style.opacity, 0.0, 1.0));
        // Layer opacity applies to each feature here (a PDF has no layer images to composite), so features
        // that overlap within a semi-transparent layer show through one another.
        if (job.prepared)
            guarded(job, mutex, [&] {
                for (const PreparedLayer* part : job.parts())
                    drawVectorLayer(painter, *part, ctx, device, true, cancel);
            });
        else
            drawImageScaled(painter, ctx, job.image);
        painter.restore();
        job.image = QImage();
        result.drawMs += msSince(start);
    }
    if (!cancel.isCancelled())
        drawLabels(painter, request, ctx, jobs, cancel, result);
    painter.restore();
    collect(jobs, result);
    result.cancelled = cancel.isCancelled();
    return result;
}

} // namespace

RenderResult renderImage(const RenderRequest& request, const CancellationToken& cancel)
{
    try {
        return renderImageUnguarded(request, cancel);
    } catch (const std::exception& e) {
        // Only a failure outside every layer (out of memory for the image itself) gets here.
        RenderResult result;
        result.errors.push_back({"", e.what()});
        result.cancelled = cancel.isCancelled();
        return result;
    }
}

RenderResult renderToPainter(QPainter& painter, const RenderRequest& request, const CancellationToken& cancel)
{
    try {
        return renderToPainterUnguarded(painter, request, cancel);
    } catch (const std::exception& e) {
        RenderResult result;
        result.errors.push_back({"", e.what()});
        result.cancelled = cancel.isCancelled();
        return result;
    }
}

} // namespace gis
