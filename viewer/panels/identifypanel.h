#pragma once

#include <QWidget>

#include <vector>

#include "maptools.h"
#include "renderworker.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace viewer {

class MapCanvas;
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

/// The measure panel: length (and area) of the measure sketch, geodesic on WGS 84.
class MeasurePanel : public QWidget {
    Q_OBJECT
public:
    MeasurePanel(MapTools* tools, MapCanvas* canvas, QWidget* parent = nullptr);
    void refresh();
    QString text() const;
    void retranslate();

protected:
    void changeEvent(QEvent* event) override;

private:
    MapTools* m_tools;
    MapCanvas* m_canvas;
    QLabel* m_result;
    QLabel* m_hint;
    QPushButton* m_clear;
};

/// The overview map: the full extent, rendered once per change on its own worker, with the main view's
/// rectangle; a click or drag recentres the main view there.
class OverviewMap : public QWidget {
    Q_OBJECT
public:
    OverviewMap(MapDocument* document, MapCanvas* canvas, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {240, 180}; }
    /// The last overview image and its map transform (null image until the first render is done).
    const RenderFrame& lastFrame() const { return m_worker.lastFrame(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void render();
    gis::Box fullExtent() const;

    MapDocument* m_doc;
    MapCanvas* m_canvas;
    RenderWorker m_worker;
};

} // namespace viewer
