#pragma once

#include <QString>
#include <QWidget>

#include <string>

#include "analysis/toolboxrun.h"
#include "gis/core/box.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTreeWidget;

namespace viewer {

class AlgorithmForm;
class AnalysisRunner;
class MapDocument;

/// The Analysis toolbox (the dock's content): a search box, the algorithms of gis::analysis::algorithms() grouped
/// by their group, the chosen algorithm's description and generated form (AlgorithmForm), Run and Cancel, a
/// progress bar, and the list of features the invalid-geometry policy acted on. Runs go through its
/// AnalysisRunner; the result becomes a new layer of the document. Errors are not shown here but reported through
/// errorReported() (the main window shows them in a dialog). Titles in the interface language; retranslates on
/// QEvent::LanguageChange. GUI thread; the document must outlive the panel.
class ToolboxPanel : public QWidget {
    Q_OBJECT
public:
    explicit ToolboxPanel(MapDocument* document, QWidget* parent = nullptr);

    /// Shows the form of `id`; false for an id the library does not have.
    bool selectAlgorithm(const std::string& id);
    /// The form shown, or null before an algorithm is chosen.
    AlgorithmForm* form() const { return m_form; }
    AnalysisRunner* runner() const { return m_runner; }
    /// Runs the algorithm shown with the form's values (what Run does); false when it did not start.
    bool run();
    void cancel();
    /// A map click for the form's Point parameter `name` (map CRS): see AlgorithmForm::setPickedPoint.
    bool setPickedPoint(const QString& name, const gis::Coord& mapPoint);
    /// Keeps only the algorithms whose id, titles or description contain `text`.
    void setFilter(const QString& text);
    /// Ids of the algorithms the list shows now (after the filter), in list order.
    QStringList visibleAlgorithms() const;
    QListWidget* invalidList() const { return m_invalid; }
    QString statusText() const;

signals:
    void errorReported(const QString& message);
    /// A run succeeded and its layer is in the document (AnalysisRunner::runFinished).
    void runFinished(const viewer::ToolboxRun& run);
    /// The form's "pick on map" for the Point parameter `name` (the main window's MapPointPicker takes the click).
    void pointPickRequested(const QString& name);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuildList();
    void showAlgorithm(const std::string& id);
    void updateButtons();
    void showReport();
    QString groupTitle(const std::string& group) const;

    MapDocument* m_doc;
    AnalysisRunner* m_runner;
    QLineEdit* m_search;
    QTreeWidget* m_list;
    QLabel* m_title;
    QLabel* m_description;
    QScrollArea* m_formArea;
    AlgorithmForm* m_form = nullptr;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_invalidTitle;
    QListWidget* m_invalid;
    std::string m_current; ///< the id shown
};

} // namespace viewer
