#pragma once

#include <QWidget>

#include "gis/core/box.h"
#include "map/renderworker.h"

namespace viewer {

class MapCanvas;
class MapDocument;

/// The overview map: the context of the project's starting view (the smallest layer extent holding it with room
/// around, else every layer's extent), rendered once per change on its own worker, with the main view's rectangle;
/// a click or drag recentres the main view there.
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
