#pragma once

#include <QDialog>
#include <QPointer>

#include <functional>

#include "gis/core/box.h"
#include "gis/layout/layoutexport.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace viewer {

class MapDocument;
class PrintLayoutAtlasDialog;
class PrintLayoutPreview;

/// "Print layout" (File ▸ Print layout…, Ctrl+P): the open map on a template page. Choose the template (the named
/// ones of styles/layouts, or any .json), edit the title and subtitle (prefilled in the template's language),
/// fit the map to the extent or fix its scale, show or hide the template's items, see the page as it will print
/// (PrintLayoutPreview draws it with the export's own code), export it to PDF, PNG (with an optional world file)
/// or SVG, and run an atlas. A non-modal window over the main window that follows the document (project, layers,
/// styles) and the UI language. GUI thread only. Handlers catch gis::Error and report it: a message box (when
/// Options::dialogs) and errorReported().
class PrintLayoutWindow : public QDialog {
    Q_OBJECT
public:
    struct Options {
        bool dialogs = true;                 ///< message boxes (tests turn them off and watch errorReported)
        QString folder;                      ///< where Export… and Atlas… propose to write
        std::function<gis::Box()> viewExtent; ///< the main map's extent (map CRS), for "current map view"
    };

    PrintLayoutWindow(MapDocument* document, Options options, QWidget* parent = nullptr);
    ~PrintLayoutWindow() override;

    QComboBox* templateChooser() const { return m_template; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* subtitleEdit() const { return m_subtitle; }
    QComboBox* extentChooser() const { return m_extent; }
    QRadioButton* fitScaleButton() const { return m_fit; }
    QRadioButton* fixedScaleButton() const { return m_fixed; }
    QSpinBox* scaleSpin() const { return m_scale; }
    QListWidget* itemList() const { return m_items; }
    PrintLayoutPreview* preview() const { return m_preview; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* atlasButton() const { return m_atlas; }
    PrintLayoutAtlasDialog* atlasDialog() const; ///< null until Atlas… is first used

    /// The template file in use ("" before one could be read).
    QString templatePath() const { return m_templatePath; }
    /// The page as set up now: the template with the window's show/hide and scale.
    gis::Layout layout() const;
    /// What the page shows: the document's visible layers and the window's title and subtitle.
    gis::LayoutContent content() const;

    /// Reads a template by name ("a4-portrait-en") or path (.json) and makes it current; false (reported) when
    /// it cannot be found or read, and the previous template stays.
    bool setTemplate(const QString& nameOrPath);
    /// Writes the page to .pdf, .png or .svg with gis::exportLayout; false (reported) on failure.
    bool exportTo(const QString& path, double dpi, bool worldFile = false);
    /// Shows the atlas dialog (non-modal, over this window).
    PrintLayoutAtlasDialog* openAtlas();

    /// The main map moved: the page is drawn again when it shows the current map view.
    void mapViewChanged();

signals:
    void errorReported(const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    void retranslate();
    void fillTemplates();
    void onTemplateActivated(int index);
    void fillItems(const gis::Layout& previous);
    void prefillTitles(bool force);
    void onProjectChanged();
    void updatePreview();
    void onExport();
    void report(const QString& message);

    MapDocument* m_doc;
    Options m_options;
    gis::Layout m_layout;         ///< the template as read (visibility and scale are the window's)
    QString m_templatePath;
    QString m_prefilledTitle;     ///< what prefillTitles() last wrote: a field still holding it was not edited
    QString m_prefilledSubtitle;
    bool m_scaleChosen = false;   ///< the fixed scale was set (else it starts at the fitted map's)

    QComboBox* m_template = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_subtitle = nullptr;
    QComboBox* m_extent = nullptr;
    QRadioButton* m_fit = nullptr;
    QRadioButton* m_fixed = nullptr;
    QSpinBox* m_scale = nullptr;
    QListWidget* m_items = nullptr;
    PrintLayoutPreview* m_preview = nullptr;
    QLabel* m_errors = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_atlas = nullptr;
    QPushButton* m_close = nullptr;
    QLabel* m_templateLabel = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_subtitleLabel = nullptr;
    QLabel* m_extentLabel = nullptr;
    QLabel* m_scaleLabel = nullptr;
    QLabel* m_itemsLabel = nullptr;
    QPointer<PrintLayoutAtlasDialog> m_atlasDialog;
};

} // namespace viewer
