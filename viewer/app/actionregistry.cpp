#include "actionregistry.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QWidget>

#include "app/icons.h"
#include "app/language.h"

namespace viewer {

void ActionRegistry::create(QWidget* window)
{
    struct Def {
        const char* name;
        const char* icon;
        QKeySequence shortcut;
    };
    const Def defs[] = {
        {"actionNewProject", "", QKeySequence::New},
        {"actionOpenProject", "open", QKeySequence::Open},
        {"actionSaveProject", "save", QKeySequence::Save},
        {"actionSaveProjectAs", "", QKeySequence("Ctrl+Shift+S")},
        {"actionAddLayer", "add-layer", QKeySequence("Ctrl+L")},
        {"actionAddPostgisLayer", "", QKeySequence()},
        {"actionExportMap", "export", QKeySequence("Ctrl+E")},
        {"actionPrintLayout", "", QKeySequence::Print},
        {"actionSaveSelection", "", QKeySequence("Ctrl+Shift+E")},
        {"actionQuit", "", QKeySequence::Quit},
        {"actionZoomIn", "zoom-in", QKeySequence("Ctrl+=")},
        {"actionZoomOut", "zoom-out", QKeySequence("Ctrl+-")},
        {"actionFullExtent", "zoom-full", QKeySequence("Ctrl+Shift+F")},
        {"actionPreviousExtent", "previous", QKeySequence("Alt+Left")},
        {"actionNextExtent", "next", QKeySequence("Alt+Right")},
        {"actionZoomToLayer", "", QKeySequence("Ctrl+Shift+L")},
        {"actionZoomToSelection", "zoom-selection", QKeySequence("Ctrl+J")},
        {"actionPanToSelection", "", QKeySequence("Ctrl+Shift+J")},
        {"actionRefresh", "refresh", QKeySequence("F5")},
        {"actionAddBookmark", "", QKeySequence("Ctrl+B")},
        {"actionClearBookmarks", "", QKeySequence()},
        {"actionPan", "pan", QKeySequence("Ctrl+1")},
        {"actionIdentify", "identify", QKeySequence("Ctrl+2")},
        {"actionSelectPoint", "select-point", QKeySequence("Ctrl+3")},
        {"actionSelectRectangle", "select-rect", QKeySequence("Ctrl+4")},
        {"actionSelectPolygon", "select-polygon", QKeySequence("Ctrl+5")},
        {"actionMeasureDistance", "measure-line", QKeySequence("Ctrl+6")},
        {"actionMeasureArea", "measure-area", QKeySequence("Ctrl+7")},
        {"actionSelectByExpression", "select-expression", QKeySequence("F3")},
        {"actionSelectByLocation", "select-location", QKeySequence("Shift+F3")},
        {"actionClearSelection", "clear-selection", QKeySequence("Ctrl+Shift+A")},
        {"actionOpenTable", "table", QKeySequence("F6")},
        {"actionLayerStyle", "style", QKeySequence("F7")},
        {"actionRemoveLayer", "", QKeySequence("Ctrl+Del")},
        {"actionLocateFile", "", QKeySequence()},
        {"actionToggleEditing", "edit", QKeySequence()},
        {"actionSaveEdits", "save", QKeySequence()}, // takes Ctrl+S from Save project while a layer is edited
        {"actionUndoEdit", "undo", QKeySequence::Undo},
        {"actionRedoEdit", "redo", QKeySequence("Ctrl+Y")},
        {"actionAddPoint", "add-point", QKeySequence()},
        {"actionAddLine", "add-line", QKeySequence()},
        {"actionAddPolygon", "add-polygon", QKeySequence()},
        {"actionMoveFeature", "move-feature", QKeySequence()},
        {"actionVertexTool", "vertex", QKeySequence()},
        {"actionAddRing", "", QKeySequence()},
        {"actionAddPart", "", QKeySequence()},
        {"actionDeleteRingPart", "", QKeySequence()},
        {"actionDeleteSelected", "", QKeySequence::Delete},
        {"actionSnapping", "", QKeySequence()},
        {"actionSnappingSettings", "", QKeySequence()},
        {"actionCopyFeatures", "", QKeySequence::Copy},
        {"actionPasteFeatures", "", QKeySequence::Paste},
        {"actionTypeCoordinates", "", QKeySequence("Ctrl+Shift+P")},
        {"actionLanguageArabic", "", QKeySequence()},
        {"actionLanguageEnglish", "", QKeySequence()},
        {"actionAbout", "", QKeySequence()},
    };
    for (const Def& d : defs) {
        auto* a = new QAction(window);
        a->setObjectName(d.name);
        if (*d.icon)
            a->setIcon(makeIcon(d.icon));
        if (!d.shortcut.isEmpty())
            a->setShortcut(d.shortcut);
        m_actions.insert(d.name, a);
    }
    m_toolGroup = new QActionGroup(window);
    for (const char* name : {"actionPan", "actionIdentify", "actionSelectPoint", "actionSelectRectangle",
             "actionSelectPolygon", "actionMeasureDistance", "actionMeasureArea", "actionAddPoint", "actionAddLine",
             "actionAddPolygon", "actionMoveFeature", "actionVertexTool", "actionAddRing", "actionAddPart",
             "actionDeleteRingPart"}) {
        m_actions[name]->setCheckable(true);
        m_toolGroup->addAction(m_actions[name]);
    }
    m_actions["actionPan"]->setChecked(true);
    m_actions["actionToggleEditing"]->setCheckable(true);
    m_actions["actionSnapping"]->setCheckable(true);
    m_actions["actionSnapping"]->setChecked(true);
    m_languageGroup = new QActionGroup(window);
    for (const char* name : {"actionLanguageArabic", "actionLanguageEnglish"}) {
        m_actions[name]->setCheckable(true);
        m_languageGroup->addAction(m_actions[name]);
    }
    m_actions[currentLanguage() == "en" ? "actionLanguageEnglish" : "actionLanguageArabic"]->setChecked(true);
}

void ActionRegistry::retranslate()
{
    const auto text = [this](const char* name, const QString& t) { m_actions[name]->setText(t); };
    text("actionNewProject", tr("&New project"));
    text("actionOpenProject", tr("&Open project…"));
    text("actionSaveProject", tr("&Save project"));
    text("actionSaveProjectAs", tr("Save project &as…"));
    text("actionAddLayer", tr("&Add layer…"));
    text("actionAddPostgisLayer", tr("Add &PostGIS layer…"));
    text("actionExportMap", tr("&Export map…"));
    text("actionPrintLayout", tr("Print &layout…"));
    text("actionSaveSelection", tr("Save selection as…"));
    text("actionQuit", tr("&Quit"));
    text("actionZoomIn", tr("Zoom &in"));
    text("actionZoomOut", tr("Zoom &out"));
    text("actionFullExtent", tr("&Full extent"));
    text("actionPreviousExtent", tr("&Previous extent"));
    text("actionNextExtent", tr("&Next extent"));
    text("actionZoomToLayer", tr("Zoom to &layer"));
    text("actionZoomToSelection", tr("Zoom to &selection"));
    text("actionPanToSelection", tr("Pan to selection"));
    text("actionRefresh", tr("&Refresh"));
    text("actionAddBookmark", tr("&Add bookmark…"));
    text("actionClearBookmarks", tr("&Clear bookmarks"));
    text("actionPan", tr("&Pan"));
    text("actionIdentify", tr("&Identify features"));
    text("actionSelectPoint", tr("Select by &click"));
    text("actionSelectRectangle", tr("Select by &rectangle"));
    text("actionSelectPolygon", tr("Select by &polygon"));
    text("actionMeasureDistance", tr("Measure &distance"));
    text("actionMeasureArea", tr("Measure &area"));
    text("actionSelectByExpression", tr("Select by &expression…"));
    text("actionSelectByLocation", tr("Select by &location…"));
    text("actionClearSelection", tr("&Clear selection"));
    text("actionOpenTable", tr("Open attribute &table"));
    text("actionLayerStyle", tr("Layer &style…"));
    text("actionRemoveLayer", tr("&Remove layer"));
    text("actionLocateFile", tr("Locate &file…"));
    text("actionToggleEditing", tr("&Edit layer"));
    text("actionSaveEdits", tr("&Save edits"));
    text("actionUndoEdit", tr("&Undo edit"));
    text("actionRedoEdit", tr("&Redo edit"));
    text("actionAddPoint", tr("Add &point"));
    text("actionAddLine", tr("Add &line"));
    text("actionAddPolygon", tr("Add p&olygon"));
    text("actionMoveFeature", tr("&Move feature"));
    text("actionVertexTool", tr("&Vertex tool"));
    text("actionAddRing", tr("Add &ring (hole)"));
    text("actionAddPart", tr("Add p&art"));
    text("actionDeleteRingPart", tr("Delete ring or part"));
    text("actionDeleteSelected", tr("&Delete selected features"));
    text("actionSnapping", tr("S&nap to vertices and segments"));
    text("actionSnappingSettings", tr("Snapping settings…"));
    text("actionCopyFeatures", tr("&Copy features"));
    text("actionPasteFeatures", tr("&Paste features"));
    text("actionTypeCoordinates", tr("Add point at &coordinates…"));
    text("actionLanguageArabic", QStringLiteral("العربية"));
    text("actionLanguageEnglish", QStringLiteral("English"));
    text("actionAbout", tr("&About Interior Explorer"));
    for (QAction* a : m_actions) {
        const QString shortcut = a->shortcut().toString(QKeySequence::NativeText);
        a->setToolTip(shortcut.isEmpty() ? a->text().remove('&') : QStringLiteral("%1 (%2)").arg(a->text().remove('&'), shortcut));
    }
    if (currentLanguage() == "ar") {
        // Arabic has no mnemonics here: an '&' a translation kept (or an untranslated English text) would show
        // as a stray underline. Shortcuts are QKeySequences and are not affected.
        for (QAction* a : m_actions)
            a->setText(a->text().remove('&'));
    }
}

} // namespace viewer
