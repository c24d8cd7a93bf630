#include "printlayoutatlasjob.h"

#include <cmath>

#include "gis/core/error.h"

namespace viewer {

PrintLayoutAtlasJob::PrintLayoutAtlasJob(gis::Layout layout, std::vector<gis::LayoutContent> pages, QString path, double dpi,
    QObject* parent)
    : QObject(parent), m_layout(std::move(layout)), m_pages(std::move(pages)), m_path(std::move(path)), m_dpi(dpi)
{
}

PrintLayoutAtlasJob::~PrintLayoutAtlasJob()
{
    cancel(); // the export watches m_feedback's token; m_thread then joins
}

void PrintLayoutAtlasJob::start()
{
    if (m_running)
        return;
    m_running = true;
    const int total = pageCount();
    m_feedback.progress = [this, total](double fraction) { // on the worker thread
        const int done = static_cast<int>(std::lround(fraction * total));
        emit pageDone(done, total);
        QMetaObject::invokeMethod(this, [this, done, total] {
            m_pagesDone = done;
            emit progress(done, total);
        }, Qt::QueuedConnection);
    };
    if (!m_thread)
        m_thread = std::make_unique<LatestJobThread<Export>>([this](Export&, const gis::CancellationToken&) { run(); });
    m_thread->post(Export{});
}

void PrintLayoutAtlasJob::run()
{
    QStringList files;
    QString error;
    bool cancelled = false;
    std::vector<gis::LayerError> errors;
    try {
        gis::LayoutExportOptions options;
        options.feedback = m_feedback;
        for (const auto& f : gis::exportLayoutPages(m_layout, m_pages, m_path.toStdString(), m_dpi, &errors, options))
            files << QString::fromStdString(f);
    } catch (const gis::Error& e) {
        cancelled = e.code() == gis::ErrorCode::Cancelled;
        if (!cancelled)
            error = QString::fromUtf8(e.what());
    } catch (const std::exception& e) { // a worker must not let anything escape (std::terminate)
        error = m_path + ": " + QString::fromUtf8(e.what());
    }
    if (m_feedback.isCancelled())
        cancelled = true;
    QStringList layerErrors;
    for (const auto& e : errors)
        layerErrors << QString::fromStdString(e.layer + ": " + e.message);
    QMetaObject::invokeMethod(this, [=, this] { deliver(files, error, cancelled, layerErrors); }, Qt::QueuedConnection);
}

void PrintLayoutAtlasJob::deliver(QStringList files, QString error, bool cancelled, QStringList layerErrors)
{
    m_running = false; // the worker has nothing left to do but return
    m_files = std::move(files);
    m_error = std::move(error);
    m_cancelled = cancelled;
    m_layerErrors = std::move(layerErrors);
    emit finished();
}

} // namespace viewer
