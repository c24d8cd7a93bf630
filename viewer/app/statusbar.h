#pragma once

#include <QStatusBar>

#include <optional>

#include "gis/crs/transformer.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace viewer {

class MapCanvas;
class MapDocument;

/// The main window's status bar: the cursor position (decimal degrees, DMS, UTM 40N), an editable scale, the
/// map CRS chooser and render progress (busy bar, last render time, the layers that failed). It observes the
/// document and the canvas (neither owned) and changes only the canvas's scale and the document's CRS. A CRS
/// that cannot be used is reported by errorReported(); the chooser then shows the document's CRS again. GUI
/// thread only.
class StatusBar : public QStatusBar {
    Q_OBJECT
public:
    StatusBar(MapDocument* document, MapCanvas* canvas, QWidget* parent = nullptr);

    QComboBox* crsChooser() const { return m_crsCombo; }
    QLineEdit* scaleEdit() const { return m_scaleEdit; }
    /// Texts in the current language, the CRS names included.
    void retranslate();

signals:
    void errorReported(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showCursor(double x, double y);
    /// `reading` as one bidi-isolated unit in the window's reading direction (U+2068 FSI, a direction mark, U+2069).
    QString isolated(const QString& reading) const;
    void showScale();
    void rebuildCrsChooser();
    void onCrsChosen(int index);

    MapDocument* m_doc;
    MapCanvas* m_canvas;
    QLabel* m_coordLabel;
    QLabel* m_utmLabel;
    QLabel* m_scaleLabel;
    QLineEdit* m_scaleEdit;
    QLabel* m_crsLabel;
    QComboBox* m_crsCombo;
    QProgressBar* m_progress;
    QLabel* m_renderLabel;
    std::optional<gis::Transformer> m_toWgs84; ///< made on first use, reset when the map CRS changes
    std::optional<gis::Transformer> m_toUtm;
};

} // namespace viewer
