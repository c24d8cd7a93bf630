#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace viewer {

class MapCanvas;
class MapTools;

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

} // namespace viewer
