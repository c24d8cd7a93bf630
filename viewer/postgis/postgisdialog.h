#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include <vector>

#include "gis/data/datasource.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace viewer {

/// Layer ▸ Add PostGIS layer…: pick a service of the user's pg_service.conf (pgServiceNames) or type a connection
/// string, list the database's tables with geometry (gis::DataSource::layers(): the server's estimated counts, the
/// geometry type and CRS; no table is scanned) and tick those to add. Connecting and listing run on the GUI thread
/// when the user presses Connect (a catalogue query, no table read); a failure (an unknown service, a refused
/// connection, a database without PostGIS) is shown in the dialog with the library's message, never thrown.
/// GUI thread only.
class PostgisDialog : public QDialog {
    Q_OBJECT
public:
    explicit PostgisDialog(QWidget* parent = nullptr);

    /// The source to open: "PG:" + the connection string typed, else "PG:service=" + the service chosen; empty
    /// when neither. A typed "PG:…" or postgresql:// URI is taken as it is.
    QString source() const;
    /// Lists the tables of source(); false (the reason in errorText()) when it cannot.
    bool connectNow();
    /// The listing of the last successful connectNow().
    const std::vector<gis::LayerInfo>& tables() const { return m_tables; }
    /// "schema.table" of the ticked tables.
    QStringList chosenLayers() const;
    /// Ticks a table by name (scripts, tests); false when it is not listed.
    bool choose(const QString& layer, bool on = true);
    QString errorText() const { return m_error; }

    QComboBox* serviceBox() const { return m_services; }
    QLineEdit* connectionEdit() const { return m_connection; }
    QTreeWidget* tableList() const { return m_list; }

private:
    void retranslate();

    QComboBox* m_services;
    QLineEdit* m_connection;
    QPushButton* m_connect;
    QTreeWidget* m_list;
    QLabel* m_status;
    QPushButton* m_ok;
    std::vector<gis::LayerInfo> m_tables;
    QString m_error;
};

} // namespace viewer
