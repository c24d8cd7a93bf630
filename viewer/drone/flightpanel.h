#pragma once

#include <QPointer>
#include <QWidget>

#include <vector>

#include "drone/flightstack.h"
#include "drone/swipeview.h"
#include "map/mapcanvas.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QSlider;

namespace viewer {

class MapDocument;

/// The "Drone flights" panel (a dock of the main window): choose a construction project among the flights found in
/// the map's layers, see its flights by date, and step through them with the time slider — the map shows that
/// flight's orthophoto (or DSM) alone (FlightStack). Comparing: the swipe tool (SwipeView, on the main canvas) and a
/// side-by-side view (sideCanvas(), a second canvas on the same document showing the comparison flight, its pans
/// and zooms linked both ways with the main canvas at the same scale). Choosing a project zooms to its site.
/// The slider and its labels mirror in Arabic (Qt's right-to-left layout). GUI thread only.
class FlightPanel : public QWidget {
    Q_OBJECT
public:
    FlightPanel(MapDocument* document, MapCanvas* canvas, QWidget* parent = nullptr);
    ~FlightPanel() override;

    FlightStack* stack() const { return m_stack; }
    SwipeView* swipe() const { return m_swipe.data(); }
    /// The side-by-side canvas; the main window puts it in a dock, shown while the box is ticked.
    MapCanvas* sideCanvas() const { return m_side.data(); }

    /// Lists the projects with flights in the map's layers again; keeps the choice when it is still there. The
    /// flights themselves are loaded (rasters added, map zoomed to the site) only while the panel is shown.
    void refreshSources();
    /// Chooses the `index`th source (sources listed in the chooser) and zooms to its site.
    void chooseSource(int index);
    /// The time slider's step: the flight at `index` (oldest first).
    void setFlightIndex(int index);
    void setSwipe(bool on);
    void setSideBySide(bool on);
    void zoomToSite();
    QSlider* slider() const { return m_slider; }
    QComboBox* projectChooser() const { return m_project; }
    void retranslate();

signals:
    /// The side-by-side box was ticked or cleared: the main window shows or hides sideCanvas()'s dock.
    void sideBySideToggled(bool on);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override; ///< the first show loads the chosen project's flights

private:
    void rebuildFlights();
    QString sourceName(std::size_t index) const; ///< the chooser's text for m_sources[index]
    void showCurrent(int index);

    MapDocument* m_doc;
    MapCanvas* m_canvas;
    FlightStack* m_stack;
    QPointer<SwipeView> m_swipe; // the canvas's child; goes with us (it draws our stack's flights)
    QPointer<MapCanvas> m_side; // ours until a dock takes it (then the dock's)
    std::vector<FlightStack::Source> m_sources;

    QLabel* m_projectLabel;
    QComboBox* m_project;
    QListWidget* m_list;
    QSlider* m_slider;
    QLabel* m_date;
    QLabel* m_first;
    QLabel* m_last;
    QCheckBox* m_dsm;
    QCheckBox* m_swipeBox;
    QCheckBox* m_sideBox;
    QLabel* m_notes;
};

} // namespace viewer
