#pragma once

#include <QDialog>

#include "gis/query/spatialquery.h"

class QCheckBox;
class QComboBox;

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

} // namespace viewer
