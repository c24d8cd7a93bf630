// MainWindow: edit mode — the Edit menu and toolbar, turning edit mode on and off (with recovery of a journal an
// earlier session left), saving edits (Ctrl+S, with conflicts), undo/redo, the prompt for unsaved edits, and the
// form that opens after a feature is added to a layer that has one (viewer/forms/).

#include <QAction>
#include <QActionGroup>
#include <QDateTime>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QToolBar>

#include "app/bidi.h"
#include "app/language.h"
#include "app/mainwindow.h"
#include "dialogs/conflictdialog.h"
#include "dialogs/coordinatedialog.h"
#include "dialogs/snappingdialog.h"
#include "edit/digitizetool.h"
#include "edit/editcontroller.h"
#include "forms/featureformdialog.h"
#include "forms/formregistry.h"
#include "forms/photofield.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "panels/attributepanel.h"
#include "panels/identifypanel.h"
#include "panels/layerpanel.h"

namespace viewer {

namespace {
const char* const kEditTools[] = {"actionAddPoint", "actionAddLine", "actionAddPolygon", "actionMoveFeature", "actionVertexTool"};

// GEOS's reasons (gis::Validity::reason), translated for the prompt; an unknown one is shown as GEOS gives it.
const char* const kValidityReasons[] = {
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Self-intersection"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Ring Self-intersection"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Hole lies outside shell"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Holes are nested"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Interior is disconnected"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Nested shells"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Duplicate Rings"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Too few distinct points in geometry component"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Invalid Coordinate"),
    QT_TRANSLATE_NOOP("viewer::MainWindow", "Ring is not closed"),
};

QString validityReasonText(const QString& reason)
{
    for (const char* known : kValidityReasons)
        if (reason == QLatin1String(known))
            return MainWindow::tr(known);
    return ltr(reason);
}

/// The make-valid prompt ("MakeValidPrompt": Fix / Keep as drawn / Cancel).
DigitizeTool::InvalidChoice askInvalidGeometry(QWidget* parent, const QString& message)
{
    QMessageBox box(QMessageBox::Warning, MainWindow::tr("Interior Explorer"), message, QMessageBox::NoButton, parent);
    box.setObjectName("MakeValidPrompt");
    box.setInformativeText(MainWindow::tr("An invalid polygon gives wrong areas and breaks spatial queries. Fix it (the shape is "
                              "repaired, keeping every area it encloses), keep it as drawn, or cancel this edit."));
    QPushButton* fix = box.addButton(MainWindow::tr("Fix (make valid)"), QMessageBox::AcceptRole);
    fix->setObjectName("FixButton");
    QPushButton* keep = box.addButton(MainWindow::tr("Keep as drawn"), QMessageBox::DestructiveRole);
    keep->setObjectName("KeepButton");
    QPushButton* cancel = box.addButton(MainWindow::tr("Cancel"), QMessageBox::RejectRole);
    cancel->setObjectName("CancelButton");
    box.setDefaultButton(fix);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == fix)
        return DigitizeTool::InvalidChoice::Fix;
    if (box.clickedButton() == keep)
        return DigitizeTool::InvalidChoice::Keep;
    return DigitizeTool::InvalidChoice::Cancel;
}

} // namespace

void MainWindow::createEditing()
{
    m_forms = new FormRegistry(m_doc, this);
    m_edits = new EditController(m_doc, this);
    m_edits->setFormProvider([this](int id) -> std::shared_ptr<const gis::PreparedForm> {
        auto form = m_forms->form(id);
        return form ? form->prepared : nullptr;
    });
    m_identify->setForms(m_forms);
    m_identify->setSessions([this](int id) { return m_edits->isEditing(id) ? m_edits->session(id) : nullptr; });
    m_table->setEditing(m_edits, m_forms);
    m_digitize = new DigitizeTool(m_edits, m_canvas, this);
    m_canvas->setEditTool(m_digitize);

    m_editMenu = new QMenu(this);
    menuBar()->insertMenu(m_selectionMenu->menuAction(), m_editMenu);
    for (const char* name : {"actionToggleEditing", "actionSaveEdits", "", "actionUndoEdit", "actionRedoEdit", "",
             "actionAddPoint", "actionAddLine", "actionAddPolygon", "actionMoveFeature", "actionVertexTool",
             "actionAddRing", "actionAddPart", "actionDeleteRingPart", "actionDeleteSelected", "", "actionCopyFeatures",
             "actionPasteFeatures", "", "actionTypeCoordinates", "", "actionSnapping", "actionSnappingSettings"}) {
        if (*name)
            m_editMenu->addAction(m_actions[name]);
        else
            m_editMenu->addSeparator();
    }
    m_editToolbar = addToolBar(QString());
    m_editToolbar->setObjectName("EditToolBar");
    m_editToolbar->setIconSize(QSize(24, 24));
    for (const char* name : {"actionToggleEditing", "actionSaveEdits", "actionUndoEdit", "actionRedoEdit",
             "actionAddPoint", "actionAddLine", "actionAddPolygon", "actionMoveFeature", "actionVertexTool",
             "actionSnappingSettings"})
        m_editToolbar->addAction(m_actions[name]);

    const std::pair<const char*, DigitizeTool::Mode> modes[] = {
        {"actionAddPoint", DigitizeTool::Mode::AddPoint},
        {"actionAddLine", DigitizeTool::Mode::AddLine},
        {"actionAddPolygon", DigitizeTool::Mode::AddPolygon},
        {"actionMoveFeature", DigitizeTool::Mode::MoveFeature},
        {"actionVertexTool", DigitizeTool::Mode::Vertex},
        {"actionAddRing", DigitizeTool::Mode::AddRing},
        {"actionAddPart", DigitizeTool::Mode::AddPart},
        {"actionDeleteRingPart", DigitizeTool::Mode::DeleteRingPart},
    };
    for (const auto& [name, mode] : modes)
        connect(m_actions[name], &QAction::toggled, this, [this, mode = mode](bool on) {
            if (!on)
                return;
            m_digitize->setMode(mode);
            m_canvas->setTool(MapCanvas::Tool::Edit);
        });
    connect(m_actions["actionToggleEditing"], &QAction::triggered, this, [this](bool on) {
        setEditing(m_layers->currentLayer(), on);
        updateEditActions();
    });
    connect(m_layers, &LayerPanel::editToggleRequested, this, [this](int id) { setEditing(id, !m_edits->isEditing(id)); });
    connect(m_layers, &LayerPanel::currentLayerChanged, this, [this](int id) {
        m_digitize->setLayer(id);
        updateEditActions();
    });
    connect(m_actions["actionSaveEdits"], &QAction::triggered, this, [this] { saveEdits(); });
    connect(m_actions["actionUndoEdit"], &QAction::triggered, this, [this] {
        try {
            if (editTarget() >= 0)
                m_edits->undo(editTarget());
        } catch (const gis::Error& e) {
            reportError(QString::fromStdString(e.what()));
        }
    });
    connect(m_actions["actionRedoEdit"], &QAction::triggered, this, [this] {
        try {
            if (editTarget() >= 0)
                m_edits->redo(editTarget());
        } catch (const gis::Error& e) {
            reportError(QString::fromStdString(e.what()));
        }
    });
    connect(m_actions["actionDeleteSelected"], &QAction::triggered, this, [this] {
        if (m_canvas->tool() == MapCanvas::Tool::Edit && m_digitize->deleteHoveredVertex())
            return;
        const int id = m_layers->currentLayer();
        if (!m_edits->isEditing(id))
            return;
        try {
            m_edits->removeFeatures(id, m_edits->fidsOfRows(id, m_doc->selection(id)));
        } catch (const gis::Error& e) {
            reportError(QString::fromStdString(e.what()));
        }
    });
    connect(m_actions["actionSnapping"], &QAction::toggled, m_digitize, &DigitizeTool::setSnapping);
    // Snapping settings are the user's, in QSettings (SnapSettings), not the project's.
    if (m_options.useSettings)
        m_digitize->setSnapSettings(SnapSettings::load());
    connect(m_actions["actionSnappingSettings"], &QAction::triggered, this, [this] {
        SnappingDialog dialog(m_doc, m_edits, m_digitize->snapSettings(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_digitize->setSnapSettings(dialog.settings());
        m_actions["actionSnapping"]->setChecked(true);
        if (m_options.useSettings)
            dialog.settings().save();
    });
    connect(m_actions["actionCopyFeatures"], &QAction::triggered, this, [this] { copyFeatures(); });
    connect(m_actions["actionPasteFeatures"], &QAction::triggered, this, [this] { pasteFeatures(); });
    connect(m_actions["actionTypeCoordinates"], &QAction::triggered, this, &MainWindow::onAddPointAtCoordinates);
    connect(m_digitize, &DigitizeTool::error, this, &MainWindow::reportError);
    m_digitize->setInvalidPrompt([this](const QString& reason) {
        const QString message = tr("The polygon is not valid: %1").arg(validityReasonText(reason));
        showStatus(message, 15000);
        return askInvalidGeometry(this, message);
    });
    // The form opens once the tool's event is over (queued), window-modal: the map takes no edit meanwhile.
    connect(m_digitize, &DigitizeTool::featureAdded, this, [this](int id, qint64 fid) { openNewFeatureForm(id, fid); },
        Qt::QueuedConnection);
    m_inspectorAction = new QAction(this);
    m_inspectorAction->setObjectName("actionInspectorName");
    m_settingsMenu->addAction(m_inspectorAction);
    connect(m_inspectorAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Inspector name"),
            tr("The name forms fill in as the inspector of a new feature:"), QLineEdit::Normal,
            FormRegistry::inspectorName(), &ok);
        if (ok)
            m_forms->setInspectorName(name.trimmed());
    });
    connect(m_digitize, &DigitizeTool::measureChanged, this, [this](const QString& text) {
        if (!text.isEmpty())
            showStatus(text, 0);
    });
    connect(m_edits, &EditController::editingChanged, this, [this] { updateEditActions(); });
    connect(m_edits, &EditController::editsChanged, this, [this] { updateEditActions(); });
    updateEditActions();
}

void MainWindow::retranslateEditing()
{
    m_editMenu->setTitle(currentLanguage() == "ar" ? tr("&Edit").remove('&') : tr("&Edit"));
    m_editToolbar->setWindowTitle(tr("Edit toolbar"));
    m_inspectorAction->setText(tr("Inspector name…"));
}

void MainWindow::openNewFeatureForm(int id, qint64 fid)
{
    if (!m_edits->isEditing(id))
        return;
    if (!m_forms->hasForm(id)) {
        fillFlightId(id, fid, nullptr); // no form to show it in: set on the feature (an undo step of its own)
        return;
    }
    const auto form = m_forms->form(id);
    if (!form) {
        reportError(tr("The form of this layer cannot be shown: %1").arg(ltr(m_forms->error(id))));
        return;
    }
    gis::EditSession* session = m_edits->session(id);
    std::optional<gis::EditFeature> feature = session->feature(fid);
    if (!feature)
        return;
    try {
        form->prepared->applyDefaults(*feature); // today, the inspector, the wilaya containing the point
        fillFlightId(id, fid, &*feature);        // an annotation on the flight shown in the drone flights panel
    } catch (const gis::Error& e) {
        reportError(ltr(QString::fromStdString(e.what())));
    }
    // Photos go to the session as they are added (each an undo step, refused with the library's message);
    // completeNewFeature folds them into the insert's step, cancelNewFeature takes them back with the feature.
    auto photos = std::make_shared<PhotoAccess>();
    photos->list = [this, id, fid](const gis::AttachmentTable& table) {
        gis::EditSession* s = m_edits->isEditing(id) ? m_edits->session(id) : nullptr;
        return s ? s->attachments(fid, table) : std::vector<gis::AttachmentInfo>();
    };
    photos->attach = [this, id, fid](const gis::AttachmentTable& table, gis::AttachmentData data) {
        m_edits->attach(id, fid, table, std::move(data));
        updateEditActions();
    };
    photos->detach = [this, id, fid](const gis::AttachmentTable& table, std::int64_t attachment) {
        m_edits->detach(id, fid, table, attachment);
        updateEditActions();
    };
    auto* dialog = new FeatureFormDialog(form, *feature, session->snapshot(), fid, photos, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog, id, fid](int result) {
        if (!m_edits->isEditing(id))
            return;
        try {
            if (result == QDialog::Accepted)
                m_edits->completeNewFeature(id, fid, dialog->feature());
            else
                m_edits->cancelNewFeature(id, fid);
        } catch (const gis::Error& e) {
            reportError(ltr(QString::fromStdString(e.what())));
        }
        updateEditActions();
    });
    dialog->open();
}

int MainWindow::editTarget() const
{
    const int current = m_layers->currentLayer();
    if (m_edits->isEditing(current))
        return current;
    const auto editing = m_edits->editingLayers();
    return editing.empty() ? -1 : editing.front();
}

void MainWindow::updateEditActions()
{
    const int current = m_layers->currentLayer();
    const bool editingCurrent = m_edits->isEditing(current);
    const bool anyEditing = !m_edits->editingLayers().empty();
    const int target = editTarget();
    gis::EditSession* session = target >= 0 ? m_edits->session(target) : nullptr;
    m_actions["actionToggleEditing"]->setEnabled(m_edits->canEdit(current) || editingCurrent);
    m_actions["actionToggleEditing"]->setChecked(editingCurrent);
    m_actions["actionSaveEdits"]->setEnabled(!m_edits->modifiedLayers().empty());
    m_actions["actionUndoEdit"]->setEnabled(session && session->canUndo());
    m_actions["actionRedoEdit"]->setEnabled(session && session->canRedo());
    const gis::ProjectLayer* l = m_doc->layer(current);
    const gis::GeometryType type = l && l->map.vector ? gis::singleType(l->map.vector->geometryType()) : gis::GeometryType::Unknown;
    const bool unknown = type == gis::GeometryType::Unknown;
    m_actions["actionAddPoint"]->setEnabled(editingCurrent && (unknown || type == gis::GeometryType::Point));
    m_actions["actionAddLine"]->setEnabled(editingCurrent && (unknown || type == gis::GeometryType::LineString));
    m_actions["actionAddPolygon"]->setEnabled(editingCurrent && (unknown || type == gis::GeometryType::Polygon));
    m_actions["actionTypeCoordinates"]->setEnabled(m_actions["actionAddPoint"]->isEnabled());
    m_actions["actionMoveFeature"]->setEnabled(editingCurrent);
    m_actions["actionVertexTool"]->setEnabled(editingCurrent);
    m_actions["actionDeleteSelected"]->setEnabled(editingCurrent);
    m_actions["actionCopyFeatures"]->setEnabled(l && l->available && l->map.vector);
    m_actions["actionPasteFeatures"]->setEnabled(editingCurrent);
    const gis::GeometryType stored = editingCurrent ? m_edits->layerType(current) : gis::GeometryType::Unknown;
    const bool multi = stored == gis::GeometryType::MultiPoint || stored == gis::GeometryType::MultiLineString
        || stored == gis::GeometryType::MultiPolygon;
    m_actions["actionAddRing"]->setEnabled(editingCurrent && (unknown || type == gis::GeometryType::Polygon));
    m_actions["actionAddPart"]->setEnabled(editingCurrent && multi);
    m_actions["actionDeleteRingPart"]->setEnabled(editingCurrent && (multi || unknown || type == gis::GeometryType::Polygon));
    // Ctrl+S saves the edits while a layer is in edit mode, the project otherwise (one owner at a time).
    m_actions["actionSaveProject"]->setShortcut(anyEditing ? QKeySequence() : QKeySequence(QKeySequence::Save));
    m_actions["actionSaveEdits"]->setShortcut(anyEditing ? QKeySequence(QKeySequence::Save) : QKeySequence());
    if (m_canvas->tool() == MapCanvas::Tool::Edit && !editingCurrent)
        m_actions["actionPan"]->setChecked(true);
    for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
        const int id = m_doc->idAt(i);
        const auto mark = !m_edits->isEditing(id) ? LayerPanel::EditMark::None
            : m_edits->isModified(id)             ? LayerPanel::EditMark::Unsaved
                                                  : LayerPanel::EditMark::Editing;
        if (m_layers->editMark(id) != mark)
            m_layers->setEditMark(id, mark);
    }
    m_digitize->setLayer(current);
}

bool MainWindow::setEditing(int id, bool on)
{
    if (on == m_edits->isEditing(id))
        return true;
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l)
        return false;
    const QString name = layerDisplayName(*l, currentLanguage());
    if (!on) {
        if (m_edits->isModified(id) && !confirmDiscardEdits({id}))
            return false;
        m_edits->stopEditing(id, true);
        return true;
    }
    try {
        gis::JournalChoice choice = gis::JournalChoice::Refuse;
        const auto found = m_edits->recoverable(id);
        if (!found.empty()) {
            const gis::RecoverableEdits& j = found.back();
            const QString when = locale().toString(QDateTime::fromMSecsSinceEpoch(j.firstEditMs).time(), QStringLiteral("HH:mm"));
            QMessageBox box(QMessageBox::Question, tr("Interior Explorer"),
                tr("%1 unsaved edits to %2 from %3").arg(locale().toString(static_cast<qulonglong>(j.edits)), name, when),
                QMessageBox::Yes | QMessageBox::Discard | QMessageBox::Cancel, this);
            box.setObjectName("RecoverEditsPrompt");
            box.setInformativeText(tr("They were kept when the program stopped before they were saved. Recover them "
                                      "to go on editing, or discard them for good."));
            box.button(QMessageBox::Yes)->setText(tr("Recover"));
            box.button(QMessageBox::Discard)->setText(tr("Discard"));
            box.button(QMessageBox::Cancel)->setText(tr("Cancel"));
            box.setDefaultButton(QMessageBox::Yes);
            box.setEscapeButton(QMessageBox::Cancel);
            const int answer = box.exec();
            if (answer == QMessageBox::Cancel)
                return false;
            choice = answer == QMessageBox::Yes ? gis::JournalChoice::Replay : gis::JournalChoice::Discard;
        }
        m_edits->startEditing(id, choice);
    } catch (const gis::Error& e) {
        reportError(tr("Cannot edit %1: %2").arg(name, ltr(QString::fromStdString(e.what()))));
        return false;
    }
    m_layers->setCurrentLayer(id);
    updateEditActions();
    showStatus(tr("Editing %1: add features with the tools of the edit toolbar; Ctrl+S saves").arg(name));
    return true;
}

bool MainWindow::saveEdits()
{
    return saveEdits(m_edits->modifiedLayers());
}

bool MainWindow::saveEdits(const std::vector<int>& layers)
{
    bool all = true;
    for (int id : layers) {
        if (!m_edits->isModified(id))
            continue;
        try {
            gis::CommitResult r = m_edits->commit(id);
            if (!r.committed && !r.conflicts.empty()) {
                ConflictDialog dialog(r.conflicts, m_edits->session(id)->fields(), this);
                if (dialog.exec() != QDialog::Accepted) {
                    all = false;
                    continue;
                }
                const auto resolutions = dialog.resolutions();
                for (std::size_t i = 0; i < r.conflicts.size(); ++i)
                    m_edits->resolve(id, r.conflicts[i], resolutions[i]);
                r = m_edits->commit(id);
            }
            if (!r.committed) {
                QStringList problems;
                for (const gis::EditIssue& issue : r.issues)
                    if (issue.severity == gis::EditIssue::Severity::Error)
                        problems << ltr(QString::fromStdString(issue.message));
                reportError(tr("The edits were not saved: %1").arg(problems.join(QStringLiteral("; "))));
                all = false;
            }
        } catch (const gis::Error& e) {
            reportError(tr("The edits were not saved (they are kept): %1").arg(ltr(QString::fromStdString(e.what()))));
            all = false;
        }
    }
    if (all)
        showStatus(tr("Edits saved"));
    updateEditActions();
    return all;
}

bool MainWindow::confirmDiscardEdits(const std::vector<int>& layers)
{
    std::vector<int> ids = layers.empty() ? m_edits->modifiedLayers() : layers;
    QStringList names;
    for (int id : ids)
        if (const gis::ProjectLayer* l = m_doc->layer(id); l && m_edits->isModified(id))
            names << layerDisplayName(*l, currentLanguage());
    if (names.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Interior Explorer"),
        tr("Save the edits to %1?").arg(names.join(currentLanguage() == "ar" ? QStringLiteral("، ") : QStringLiteral(", "))),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName("UnsavedEditsPrompt");
    box.setInformativeText(tr("The features you added, changed or deleted are lost if you do not save them."));
    box.button(QMessageBox::Save)->setText(tr("Save"));
    box.button(QMessageBox::Discard)->setText(tr("Don’t save"));
    box.button(QMessageBox::Cancel)->setText(tr("Cancel"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveEdits(ids);
    case QMessageBox::Discard:
        for (int id : ids)
            m_edits->stopEditing(id, true);
        return true;
    default:
        return false;
    }
}

void MainWindow::onAddPointAtCoordinates()
{
    const int id = m_layers->currentLayer();
    if (!m_edits->isEditing(id))
        return;
    CoordinateDialog dialog(m_doc->crs(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto c = dialog.mapPoint())
        m_digitize->addPointAt(*c);
}

bool MainWindow::removeLayer(int id)
{
    if (!m_doc->layer(id))
        return false;
    if (m_edits->isModified(id) && !confirmDiscardEdits({id}))
        return false;
    // Saved (or nothing to save): leave edit mode before the layer goes; "Don't save" has rolled back already.
    m_edits->stopEditing(id, false);
    m_doc->removeLayer(id);
    return true;
}

int MainWindow::copyFeatures()
{
    const int id = m_layers->currentLayer();
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->map.vector)
        return 0;
    const QString name = layerDisplayName(*l, currentLanguage());
    if (m_doc->selection(id).empty()) {
        showStatus(tr("Select the features of %1 to copy first").arg(name));
        return 0;
    }
    try {
        const std::size_t n = m_edits->copySelection(id, name);
        showStatus(tr("Features copied from %1: %2").arg(name, locale().toString(static_cast<qulonglong>(n))));
        return static_cast<int>(n);
    } catch (const gis::Error& e) {
        reportError(ltr(QString::fromStdString(e.what())));
        return 0;
    }
}

int MainWindow::pasteFeatures()
{
    const int id = m_layers->currentLayer();
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l)
        return 0;
    const QString name = layerDisplayName(*l, currentLanguage());
    if (!m_edits->isEditing(id)) {
        reportError(tr("Turn on edit mode of %1 to paste features into it").arg(name));
        return 0;
    }
    const FeatureClipboard& clip = m_edits->clipboard();
    const auto typeName = [](gis::GeometryType t) { return QString::fromUtf8(gis::geometryTypeName(t).data()); };
    switch (m_edits->pasteFit(id)) {
    case EditController::PasteFit::Empty:
        reportError(tr("Nothing is copied: select features and copy them (Ctrl+C) first"));
        return 0;
    case EditController::PasteFit::WrongType:
        reportError(tr("The features copied from %1 (%2) cannot be pasted into %3 (%4): the geometry types differ")
                        .arg(clip.layerName, typeName(clip.type), name, typeName(m_edits->layerType(id))));
        return 0;
    case EditController::PasteFit::TooManyParts:
        reportError(tr("Features copied from %1 have several parts, and %2 stores single geometries (%3)")
                        .arg(clip.layerName, name, typeName(m_edits->layerType(id))));
        return 0;
    case EditController::PasteFit::Fits:
        break;
    }
    try {
        const auto fids = m_edits->paste(id);
        showStatus(tr("Features pasted into %1: %2").arg(name, locale().toString(static_cast<qulonglong>(fids.size()))));
        return static_cast<int>(fids.size());
    } catch (const gis::Error& e) {
        reportError(tr("Could not paste into %1: %2").arg(name, ltr(QString::fromStdString(e.what()))));
        return 0;
    }
}

} // namespace viewer
