// The main window's drone flights: the panel's dock, the side-by-side canvas's dock, and the current flight's id
// filled into annotations digitised while a flight is shown.

#include <QDockWidget>
#include <QMenu>
#include <QSplitter>

#include "app/mainwindow.h"
#include "drone/flightpanel.h"
#include "edit/editcontroller.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

void MainWindow::createDrone()
{
    m_flights = new FlightPanel(m_doc, m_canvas, this);
    m_flightsDock = new QDockWidget(this);
    m_flightsDock->setObjectName("DroneFlightsDock");
    m_flightsDock->setWidget(m_flights);
    // On the trailing side, with Identify and Measure: Qt does not mirror dock areas, so the side is taken from the
    // window's direction here and mirrorDockAreas() moves it on a language switch.
    addDockWidget(isRightToLeft() ? Qt::LeftDockWidgetArea : Qt::RightDockWidgetArea, m_flightsDock);
    m_flightsDock->hide();
    // Side by side: the two maps share the centre, split in two equal halves (linked views compare at one scale;
    // equal sizes make their extents equal too). The splitter mirrors in Arabic: the earlier flight on the left.
    m_mapSplitter = new QSplitter(Qt::Horizontal, this);
    m_mapSplitter->setObjectName("MapSplitter");
    m_mapSplitter->setChildrenCollapsible(false);
    takeCentralWidget();
    m_mapSplitter->addWidget(m_canvas);
    m_mapSplitter->addWidget(m_flights->sideCanvas());
    m_flights->sideCanvas()->hide();
    setCentralWidget(m_mapSplitter);
    m_panelsMenu->addAction(m_flightsDock->toggleViewAction());
    connect(m_flights, &FlightPanel::sideBySideToggled, this, [this](bool on) {
        m_flights->sideCanvas()->setVisible(on);
        if (on) {
            const int half = m_mapSplitter->width() / 2;
            m_mapSplitter->setSizes({half, m_mapSplitter->width() - half});
        }
    });
    connect(m_flightsDock->toggleViewAction(), &QAction::triggered, this, [this](bool on) {
        if (on)
            m_flights->zoomToSite();
    });
    retranslateDrone();
}

void MainWindow::showFlightPanel()
{
    m_flightsDock->show();
    m_flightsDock->raise();
    m_flights->zoomToSite();
}

void MainWindow::retranslateDrone()
{
    if (!m_flightsDock)
        return;
    m_flightsDock->setWindowTitle(tr("Drone flights"));
}

bool MainWindow::fillFlightId(int id, qint64 fid, gis::EditFeature* feature)
{
    const QString flight = m_flights ? m_flights->stack()->currentFlightId() : QString();
    const gis::ProjectLayer* layer = m_doc->layer(id);
    if (flight.isEmpty() || !layer || !layer->map.vector)
        return false;
    const int field = layer->map.vector->attributes().indexOf("flight_id");
    if (field < 0 || layer->map.vector->attributes().column(static_cast<std::size_t>(field)).type() != gis::FieldType::String)
        return false;
    if (feature) {
        if (static_cast<std::size_t>(field) >= feature->values.size())
            return false;
        feature->values[static_cast<std::size_t>(field)] = flight.toStdString();
    } else {
        m_edits->setAttribute(id, fid, static_cast<std::size_t>(field), flight.toStdString());
    }
    return true;
}

} // namespace viewer
