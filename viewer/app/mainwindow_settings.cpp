// MainWindow: the menus of what it remembers between sessions (RecentFiles, Bookmarks), the language (kept
// in QSettings) and the window title.

#include <QAction>
#include <QActionGroup>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include "app/language.h"
#include "app/mainwindow.h"
#include "app/recentfiles.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

void MainWindow::rebuildRecentMenu()
{
    if (m_recentMenu)
        m_recent->fillMenu(m_recentMenu);
}

void MainWindow::addBookmark(const QString& name)
{
    m_bookmarks->add({name, QString::fromStdString(m_doc->crs().identifier()), m_canvas->extent()});
}

void MainWindow::rebuildBookmarkMenu()
{
    if (!m_bookmarkMenu)
        return;
    m_bookmarkMenu->clear();
    m_bookmarkMenu->addAction(m_actions["actionAddBookmark"]);
    m_bookmarkMenu->addAction(m_actions["actionClearBookmarks"]);
    m_bookmarkMenu->addSeparator();
    m_bookmarks->addActions(m_bookmarkMenu);
}

void MainWindow::goToBookmark(const Bookmarks::Bookmark& bookmark)
{
    gis::Box box = bookmark.extent;
    try {
        const gis::Crs crs = gis::Crs::fromUserInput(bookmark.crs.toStdString());
        if (!crs.isEquivalentTo(m_doc->crs()))
            box = gis::Transformer(crs, m_doc->crs()).transformBox(box);
    } catch (const gis::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    m_canvas->setExtent(box);
}

void MainWindow::setLanguage(const QString& language)
{
    applyLanguage(language);
    setLocale(localeFor(language));
    if (m_options.useSettings)
        QSettings().setValue("ui/language", language);
    m_actions[language == "en" ? "actionLanguageEnglish" : "actionLanguageArabic"]->setChecked(true);
    retranslate(); // also on the LanguageChange event; doing it now makes the switch synchronous
}

void MainWindow::updateTitle()
{
    const bool arabic = currentLanguage() == "ar";
    QString title = m_doc->title(arabic);
    if (title.isEmpty() && !m_doc->projectPath().isEmpty())
        title = QFileInfo(m_doc->projectPath()).completeBaseName();
    const QString app = tr("Interior Explorer");
    // "[*]": Qt shows the unsaved-changes mark there while windowModified is set.
    setWindowTitle(title.isEmpty() ? app + QStringLiteral("[*]") : QStringLiteral("%1[*] — %2").arg(title, app));
    setWindowModified(m_doc->isModified());
}

} // namespace viewer
