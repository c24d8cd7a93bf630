#pragma once

#include <QColor>
#include <QDialog>
#include <QTimer>

#include <string>
#include <vector>

#include "gis/project/json.h"
#include "gis/project/style.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace viewer {

class LeftToRightDelegate;
class MapDocument;

/// The style editor of a vector layer: single symbol, categorized, graduated or rule-based renderer, and
/// labels; marker shape or SVG icon, size, dashes, fill pattern and opacity of the symbol (a changed value goes to
/// every class too), and the scale ranges of the layer, the labels and each rule. Every change is previewed live on the map (the document's style is replaced); Cancel puts the
/// original back. "Classify" fills categories or ranges from the data (gis::categorizedRenderer,
/// gis::graduatedRenderer); styles load from and save to style files (gis::readStyleFile, writeStyleFile).
/// Only what the user edits changes: a control still showing what populate() put in it leaves the style's value
/// as it was (its unit, precision beyond the control's, each class's own colours and outlines), so OK without
/// edits gives back the same style, and the layer keeps its style file.
class StyleEditorDialog : public QDialog {
    Q_OBJECT
public:
    StyleEditorDialog(MapDocument* document, int layerId, QWidget* parent = nullptr);

    const gis::LayerStyle& style() const { return m_style; }
    /// Renderer kind (0 single, 1 categorized, 2 graduated, 3 rule-based), field, and classification.
    void setRendererKind(int kind);
    void setField(const QString& field);
    void classify();
    bool loadStyle(const QString& path);
    bool saveStyle(const QString& path);
    /// The folder the SVG icon chooser opens first: styles/icons/ beside the program or the working folder.
    static QString defaultIconFolder();

public slots:
    void reject() override;

private:
    void buildUi();
    void populate();
    void fillClassTable();
    void collect();
    void preview();
    void updateVisibility();
    void pickColor(QPushButton* button);
    void pickIcon();
    void collectSymbol();
    void remember();
    void rememberRows();
    /// The style file to keep for m_style: the one it came from while it is unchanged, else "" (inline).
    std::string styleFileFor() const;

    /// What populate() and fillClassTable() showed; a control still showing it was not edited.
    struct Shown {
        int kind = -1;
        QString field, ramp, icon, dashes, labelText, labelSecond;
        QColor fill, stroke, labelColor;
        double strokeWidth = 0, size = 0, opacity = 0, layerMinScale = 0, layerMaxScale = 0, labelSize = 0,
               labelMinScale = 0, labelMaxScale = 0;
        int marker = -1, pattern = -1;
        bool labelsOn = false;
    };
    struct ShownRow {
        QColor color;
        QString value, label, minScale, maxScale;
    };

    MapDocument* m_doc;
    int m_layerId;
    gis::LayerStyle m_original;
    std::string m_originalFile;
    gis::LayerStyle m_style;
    std::string m_styleFile;     ///< the file that holds m_styleFileJson
    gis::Json m_styleFileJson;
    bool m_wasModified = false;  ///< the document's flag when the dialog opened (Cancel puts it back)
    Shown m_shown;
    std::vector<ShownRow> m_shownRows;
    bool m_populating = false;
    int m_tableKind = -1;
    QTimer m_previewTimer;

    QComboBox* m_kind = nullptr;
    QComboBox* m_field = nullptr;
    QComboBox* m_ramp = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_classes = nullptr;
    QPushButton* m_classify = nullptr;
    QPushButton* m_fill = nullptr;
    QPushButton* m_stroke = nullptr;
    QDoubleSpinBox* m_strokeWidth = nullptr;
    QDoubleSpinBox* m_size = nullptr;
    QComboBox* m_marker = nullptr;
    QLineEdit* m_icon = nullptr;
    QPushButton* m_iconBrowse = nullptr;
    QLineEdit* m_dashes = nullptr;
    QComboBox* m_pattern = nullptr;
    QDoubleSpinBox* m_opacity = nullptr;
    QDoubleSpinBox* m_layerMinScale = nullptr;
    QDoubleSpinBox* m_layerMaxScale = nullptr;
    QDoubleSpinBox* m_labelMinScale = nullptr;
    QDoubleSpinBox* m_labelMaxScale = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_addRule = nullptr;
    QPushButton* m_removeRule = nullptr;
    QCheckBox* m_labelsOn = nullptr;
    QComboBox* m_labelText = nullptr;
    QComboBox* m_labelSecond = nullptr;
    QDoubleSpinBox* m_labelSize = nullptr;
    QPushButton* m_labelColor = nullptr;
    QLabel* m_error = nullptr;
    LeftToRightDelegate* m_filterDelegate = nullptr; ///< the rule filters' column (rule-based only)
    static constexpr int kVisibleRules = 5;
};

} // namespace viewer
