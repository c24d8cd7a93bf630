#pragma once

#include <QWidget>

#include <vector>

#include "map/maptools.h"

class QComboBox;
class QTreeWidget;

namespace viewer {

class MapDocument;

/// The identify panel: the attributes of the features under the last click, grouped by layer.
class IdentifyPanel : public QWidget {
    Q_OBJECT
public:
    IdentifyPanel(MapDocument* document, MapTools* tools, QWidget* parent = nullptr);
    void showHits(const std::vector<IdentifyHit>& hits);
    QTreeWidget* tree() const { return m_tree; }
    /// The value shown for `field` of the first feature listed ("" when none).
    QString firstValue(const QString& field) const;
    void retranslate();

protected:
    void changeEvent(QEvent* event) override;

private:
    MapDocument* m_doc;
    MapTools* m_tools;
    QComboBox* m_scope;
    QTreeWidget* m_tree;
    std::vector<IdentifyHit> m_hits;
};

} // namespace viewer
