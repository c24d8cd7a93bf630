#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/layout/layoutexport.h"
#include "map/latestjobthread.h"

namespace viewer {

/// One atlas export (gis::exportLayoutPages: a multi-page PDF, or one PNG/SVG file per page) on its own thread
/// (a LatestJobThread that this job starts and owns).
/// progress() and finished() arrive on the thread that owns the job; pageDone() is emitted on the worker thread
/// right after each page, before the next one starts (a Qt::DirectConnection runs there: tests cancel from it to
/// stop at a known page). cancel() may be called from any thread. Destroying the job cancels it and joins.
class PrintLayoutAtlasJob : public QObject {
    Q_OBJECT
public:
    PrintLayoutAtlasJob(gis::Layout layout, std::vector<gis::LayoutContent> pages, QString path, double dpi,
        QObject* parent = nullptr);
    ~PrintLayoutAtlasJob() override;

    /// Starts the export (once).
    void start();
    void cancel() { m_feedback.cancel.cancel(); }
    bool isRunning() const { return m_running; }

    int pageCount() const { return static_cast<int>(m_pages.size()); }
    QString path() const { return m_path; }
    // After finished():
    QStringList files() const { return m_files; }      ///< written; empty when cancelled or failed
    int pagesDone() const { return m_pagesDone; }      ///< pages finished (PNG/SVG pages finished before a cancel stay)
    QString error() const { return m_error; }          ///< "" or why it failed, naming the file
    bool wasCancelled() const { return m_cancelled; }
    QStringList layerErrors() const { return m_layerErrors; } ///< "layer: message" of the map frames

signals:
    void pageDone(int done, int total);  ///< worker thread
    void progress(int done, int total);  ///< owner's thread
    void finished();                     ///< owner's thread

private:
    struct Export {}; // everything the export needs is the job's own (constant while it runs)

    void run(); // on the worker thread
    void deliver(QStringList files, QString error, bool cancelled, QStringList layerErrors);

    gis::Layout m_layout;
    std::vector<gis::LayoutContent> m_pages;
    QString m_path;
    double m_dpi;
    gis::Feedback m_feedback;
    bool m_running = false;
    int m_pagesDone = 0;
    QStringList m_files;
    QString m_error;
    bool m_cancelled = false;
    QStringList m_layerErrors;
    std::unique_ptr<LatestJobThread<Export>> m_thread; // last: joined before the members above go
};

} // namespace viewer
