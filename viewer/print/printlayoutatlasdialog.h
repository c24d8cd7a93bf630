#pragma once

#include <QDialog>
#include <QPointer>

#include <functional>
#include <utility>

#include "gis/layout/atlas.h"
#include "gis/layout/layout.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace viewer {

class MapDocument;
class PrintLayoutAtlasJob;

/// "Atlas…" of the print layout window: one page per feature of a vector layer (gis::atlasPages: the map fitted
/// to the feature, titled with a field or an expression), exported by a PrintLayoutAtlasJob on a worker thread
/// with a progress bar and a Cancel button. Errors are reported in a message box (when `dialogs`) and by
/// errorReported(). GUI thread only.
class PrintLayoutAtlasDialog : public QDialog {
    Q_OBJECT
public:
    /// The layout and the page content the atlas starts from: the print layout window's, as edited.
    using PageSource = std::function<std::pair<gis::Layout, gis::LayoutContent>()>;

    PrintLayoutAtlasDialog(MapDocument* document, PageSource page, const QString& folder, bool dialogs, QWidget* parent = nullptr);
    ~PrintLayoutAtlasDialog() override;

    QComboBox* layerChooser() const { return m_layer; }
    QComboBox* titleExpression() const { return m_title; }  ///< editable: a field name or any expression
    QLineEdit* pathEdit() const { return m_path; }
    QSpinBox* dpiSpin() const { return m_dpi; }
    QProgressBar* progressBar() const { return m_progress; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    PrintLayoutAtlasJob* job() const; ///< the last atlas started (null before)

    /// Starts the atlas with the dialog's settings; false (and reported) when the pages cannot be made.
    bool start();
    /// Lists the document's loaded vector layers again (keeps the chosen one when it is still there).
    void refreshLayers();

signals:
    /// A job was made and is about to start (connect to its pageDone() here to see every page).
    void started(viewer::PrintLayoutAtlasJob* job);
    void finished();
    void errorReported(const QString& message);

protected:
    void reject() override; ///< Esc / Cancel: cancels a running atlas, else closes
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refreshFields();
    void setRunning(bool running);
    void onFinished();
    void report(const QString& message);

    MapDocument* m_doc;
    PageSource m_page;
    bool m_dialogs;
    QComboBox* m_layer;
    QComboBox* m_title;
    QLineEdit* m_path;
    QPushButton* m_browse;
    QSpinBox* m_dpi;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_hint;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QLabel* m_layerLabel;
    QLabel* m_titleLabel;
    QLabel* m_pathLabel;
    QLabel* m_dpiLabel;
    QPointer<PrintLayoutAtlasJob> m_job;
};

} // namespace viewer
