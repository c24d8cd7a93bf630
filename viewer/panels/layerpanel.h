#pragma once

#include <QMap>
#include <QTreeWidget>
#include <QWidget>

namespace gis {
struct LoadReport;
}

class QLabel;
class QSlider;
class QToolButton;

namespace viewer {

class MapDocument;

/// The tree of the layers panel: drag to reorder (top of the list = top of the map), never to nest.
class LayerTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit LayerTree(QWidget* parent = nullptr);
signals:
    void orderChanged();
protected:
    void dropEvent(QDropEvent* event) override;
};

/// The layers panel: visibility checkboxes, order by drag and drop, opacity, remove, zoom to layer, style, and
/// "Locate file…" for a layer whose file is missing (marked with a warning icon; its tooltip says why).
/// Edits go straight to the MapDocument; actions the MainWindow owns (remove, zoom, style, locate) are
/// requested through signals.
class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(MapDocument* document, QWidget* parent = nullptr);

    int currentLayer() const;
    void setCurrentLayer(int id);
    LayerTree* tree() const { return m_tree; }
    /// The tree item of a layer (tests, context actions).
    QTreeWidgetItem* itemOf(int id) const;
    void retranslate();
    /// How a layer shows its edit mode: not editing, editing (italic), or with edits not saved (bold, " *", and a
    /// tooltip line). The item's data role Qt::UserRole + 2 holds the mark (tests).
    enum class EditMark { None, Editing, Unsaved };
    void setEditMark(int id, EditMark mark);
    EditMark editMark(int id) const { return m_editMarks.value(id, EditMark::None); }

signals:
    void editToggleRequested(int id);
    void currentLayerChanged(int id);
    void zoomToLayerRequested(int id);
    void removeRequested(int id);
    void styleRequested(int id);
    void locateRequested(int id);
    void openTableRequested(int id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    /// "N features skipped: reasons" (and kept without geometry, repaired, missing) of a read that was not
    /// clean; "" for a clean one.
    QString readProblems(const gis::LoadReport& report) const;
    void updateButtons();
    void showContextMenu(const QPoint& pos);
    void applyEditMark(QTreeWidgetItem* item, int id);

    MapDocument* m_doc;
    LayerTree* m_tree;
    QLabel* m_opacityLabel;
    QSlider* m_opacity;
    QToolButton* m_zoom;
    QToolButton* m_remove;
    QToolButton* m_style;
    QToolButton* m_locate;
    bool m_rebuilding = false;
    QMap<int, EditMark> m_editMarks;
};

} // namespace viewer
