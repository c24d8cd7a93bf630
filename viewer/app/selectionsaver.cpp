#include "selectionsaver.h"

#include <algorithm>

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

#include "app/recentfiles.h"
#include "dialogs/saveintogeopackagedialog.h"
#include "dialogs/saveplan.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/data/outputcheck.h"
#include "map/mapdocument.h"
#include "panels/layerpanel.h"

namespace viewer {

namespace {

QStringList projectFilesOf(const MapDocument& doc)
{
    QStringList files{doc.projectPath()};
    for (const gis::ProjectLayer& d : doc.layers())
        files << QString::fromStdString(d.sourcePath);
    return files;
}

} // namespace

SelectionSaver::SelectionSaver(MapDocument* document, LayerPanel* layers, RecentFiles* recent, QWidget* window)
    : QObject(window), m_doc(document), m_layers(layers), m_recent(recent), m_window(window)
{
}

bool SelectionSaver::save(const QString& path)
{
    const gis::ProjectLayer* l = m_doc->layer(m_layers->currentLayer());
    const QFileInfo file(path);
    QStringList layers;
    const bool gpkg = file.suffix().compare("gpkg", Qt::CaseInsensitive) == 0;
    if (file.exists() && gpkg) {
        try {
            for (const auto& info : gis::DataSource::open(path.toStdString()).layers())
                layers << QString::fromStdString(info.name);
        } catch (const gis::Error& e) {
            emit errorReported(tr("Could not save the selection:\n%1").arg(QString::fromUtf8(e.what())));
            return false;
        }
    }
    return save(path, defaultSavePlan(file.exists(), gpkg, l ? QString::fromStdString(l->map.name) : QString(), layers));
}

bool SelectionSaver::save(const QString& path, const SavePlan& plan)
{
    const gis::ProjectLayer* l = m_doc->layer(m_layers->currentLayer());
    if (!l || !l->map.vector || m_doc->selection(m_layers->currentLayer()).empty()) {
        emit errorReported(tr("Select features of a vector layer first."));
        return false;
    }
    const QStringList projectFiles = projectFilesOf(*m_doc);
    const QString refusal = saveRefusal(plan, path, projectFiles);
    if (!refusal.isEmpty()) {
        emit errorReported(refusal);
        return false;
    }
    gis::WriteSelection sel;
    sel.allRows = false;
    sel.rows = m_doc->selection(m_layers->currentLayer());
    // In edit mode the selection may hold features of the edit overlay (added or changed, not saved yet): rows past
    // the data's. The writer writes the data's rows, so such a selection is refused rather than written wrong.
    const std::size_t dataRows = m_doc->rows(m_layers->currentLayer()).dataSize();
    if (std::any_of(sel.rows.begin(), sel.rows.end(), [&](std::uint32_t row) { return row >= dataRows; })) {
        emit errorReported(
            tr("The selection holds features you added or changed and have not saved yet. Save your edits first (Ctrl+S), then save the selection."));
        return false;
    }
    gis::LayerWriteOptions options;
    options.layerName = plan.layerName.toStdString();
    if (plan.action == SaveAction::AddLayer)
        options.mode = gis::LayerWriteMode::AddLayer;
    else if (plan.action == SaveAction::ReplaceLayer)
        options.mode = gis::LayerWriteMode::ReplaceLayer;
    try {
        gis::writeLayer(*l->map.vector, path.toStdString(), sel, options);
    } catch (const gis::Error& e) {
        emit errorReported(tr("Could not save the selection:\n%1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    const QString count = m_window->locale().toString(static_cast<qulonglong>(sel.rows.size()));
    if (plan.layerName.isEmpty())
        emit statusMessage(tr("Saved %1 features to %2").arg(count, path));
    else
        emit statusMessage(tr("Saved %1 features to layer “%2” of %3").arg(count, plan.layerName, path));
    return true;
}

void SelectionSaver::ask()
{
    const gis::ProjectLayer* l = m_doc->layer(m_layers->currentLayer());
    if (!l || !l->map.vector || m_doc->selection(m_layers->currentLayer()).empty()) {
        emit errorReported(tr("Select features of a vector layer first."));
        return;
    }
    // Qt's own "replace?" prompt is off: what an existing file stands to lose is asked below, in words.
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save selection as"), m_recent->lastFolder(),
        tr("GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    const QFileInfo file(path);
    const QString layerName = QString::fromStdString(l->map.name);
    if (!file.exists()) {
        save(path, SavePlan{});
        return;
    }
    const QStringList projectFiles = projectFilesOf(*m_doc);
    std::vector<std::string> inputs;
    for (const QString& f : projectFiles)
        inputs.push_back(f.toStdString());
    const bool projectSource = !gis::inputWrittenBy(path.toStdString(), inputs).empty();
    if (file.suffix().compare("gpkg", Qt::CaseInsensitive) == 0) {
        QStringList layers;
        QList<qint64> counts;
        try {
            for (const auto& info : gis::DataSource::open(path.toStdString()).layers()) {
                layers << QString::fromStdString(info.name);
                counts << info.featureCount;
            }
        } catch (const gis::Error& e) {
            emit errorReported(tr("Could not save the selection:\n%1").arg(QString::fromUtf8(e.what())));
            return;
        }
        SaveIntoGeoPackageDialog dialog(path, layers, counts, layerName, projectSource, m_window);
        if (dialog.exec() == QDialog::Accepted)
            save(path, dialog.plan());
        return;
    }
    const SavePlan replace{SaveAction::ReplaceFile, {}};
    const QString refusal = saveRefusal(replace, path, projectFiles);
    if (!refusal.isEmpty()) {
        emit errorReported(refusal);
        return;
    }
    if (QMessageBox::question(m_window, tr("Save selection as"),
            tr("%1 exists. Replace it? Everything it holds now is lost.").arg(file.fileName()))
        == QMessageBox::Yes)
        save(path, replace);
}

} // namespace viewer
