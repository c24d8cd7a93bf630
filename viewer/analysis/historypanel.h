#pragma once

#include <QString>
#include <QWidget>

#include <string>

#include "analysis/analysisrunner.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace viewer {

class MapDocument;

/// The project's analysis history (Analysis ▸ History…, a dock): one row per record of the project's `history`
/// (gis/project/provenance.h), oldest first: the algorithm's title in the interface language, when it finished,
/// its inputs, its parameters and its output; the row's tooltip is the record's provenance sentence.
///
/// "Run again" repeats the selected record with its algorithm, parameters, invalid-geometry policy and inputs:
/// each input must be a file the record names, unchanged since the run (gis::provenanceInputChange: same size and
/// modification time) and a layer of the map; an input made in memory cannot be read again. Otherwise it is refused
/// with the reason (errorReported). The output is a new layer: in memory when the record's was, else a new file
/// beside the old output ("<name>_2.gpkg", never over a file). The run is recorded as a new record with rerun_of.
/// Retranslates on QEvent::LanguageChange. GUI thread; the document must outlive the panel.
class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(MapDocument* document, QWidget* parent = nullptr);

    QTreeWidget* list() const { return m_list; }
    AnalysisRunner* runner() const { return m_runner; }
    /// Selects the row of record `id`; false when the history has none.
    bool selectRecord(const std::string& id);
    /// What "Run again" does for the record `id`: false (and errorReported with the reason) when it is refused or
    /// does not start.
    bool runAgain(const std::string& id);
    /// The request that repeats record `id`, or the reason it cannot be repeated (then `request` is untouched).
    QString prepareRerun(const std::string& id, AnalysisRequest& request) const;
    QString statusText() const;

signals:
    void errorReported(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void retranslate();
    void updateButtons();
    std::string selectedId() const;

    MapDocument* m_doc;
    AnalysisRunner* m_runner;
    QTreeWidget* m_list;
    QPushButton* m_rerun;
    QLabel* m_status;
};

} // namespace viewer
