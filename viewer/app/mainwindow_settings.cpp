// MainWindow: what it remembers between sessions (QSettings): last folder, recent projects, bookmarks,
// language; and the window title.

#include <QAction>
#include <QActionGroup>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include "app/language.h"
#include "app/mainwindow.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

// --- settings -----------------------------------------------------------------------------------------------

QString MainWindow::lastFolder() const
{
    return m_options.useSettings ? QSettings().value("files/lastFolder").toString() : QString();
}

void MainWindow::setLastFolder(const QString& path)
{
    if (m_options.useSettings)
        QSettings().setValue("files/lastFolder", QFileInfo(path).absolutePath());
}

void MainWindow::rememberRecent(const QString& path)
{
    if (!m_options.useSettings)
        return;
    QSettings s;
    QStringList recent = s.value("files/recent").toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > 8)
        recent.removeLast();
    s.setValue("files/recent", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = m_options.useSettings ? QSettings().value("files/recent").toStringList() : QStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (confirmDiscard())
                openProject(path);
        })->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::addBookmark(const QString& name)
{
    const gis::Box e = m_canvas->extent();
    QVariantMap b{{"name", name}, {"crs", QString::fromStdString(m_doc->crs().identifier())}, {"minx", e.minX},
        {"miny", e.minY}, {"maxx", e.maxX}, {"maxy", e.maxY}};
    QSettings s;
    QVariantList list = s.value("bookmarks").toList();
    list.append(b);
    s.setValue("bookmarks", list);
    rebuildBookmarkMenu();
}

void MainWindow::rebuildBookmarkMenu()
{
    if (!m_bookmarkMenu)
        return;
    m_bookmarkMenu->clear();
    m_bookmarkMenu->addAction(m_actions["actionAddBookmark"]);
    m_bookmarkMenu->addAction(m_actions["actionClearBookmarks"]);
    m_bookmarkMenu->addSeparator();
    for (const QVariant& v : QSettings().value("bookmarks").toList()) {
        const QVariantMap b = v.toMap();
        m_bookmarkMenu->addAction(b["name"].toString(), this, [this, b] {
            gis::Box box(b["minx"].toDouble(), b["miny"].toDouble(), b["maxx"].toDouble(), b["maxy"].toDouble());
            try {
                const gis::Crs crs = gis::Crs::fromUserInput(b["crs"].toString().toStdString());
                if (!crs.isEquivalentTo(m_doc->crs()))
                    box = gis::Transformer(crs, m_doc->crs()).transformBox(box);
            } catch (const gis::Error& e) {
                reportError(QString::fromUtf8(e.what()));
                return;
            }
            m_canvas->setExtent(box);
        });
    }
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
