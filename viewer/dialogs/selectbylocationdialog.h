#pragma once

#include <QDialog>
#include <QSize>

#include "gis/query/spatialquery.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace viewer {

class MapDocument;

/// "Select by location": select features of one layer by a spatial predicate against another layer (or its
/// selected features).
class SelectByLocationDialog : public QDialog {
    Q_OBJECT
public:
    SelectByLocationDialog(MapDocument* document, int currentLayer, QWidget* parent = nullptr);
    int targetLayer() const;
    int sourceLayer() const;
    gis::SpatialPredicate predicate() const;
    bool selectedOnly() const;
    bool addToSelection() const;

private:
    QComboBox* m_target;
    QComboBox* m_predicate;
    QComboBox* m_source;
    QCheckBox* m_selectedOnly;
    QCheckBox* m_add;
};

/// "Export map": a PNG, PDF or SVG of the current view at a chosen size and resolution.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(QSize viewSize, const QString& folder, QWidget* parent = nullptr);
    QString path() const;
    QSize size() const;
    double dpi() const;

private:
    QLineEdit* m_path;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QSpinBox* m_dpi;
};

} // namespace viewer
