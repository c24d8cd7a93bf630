#include "recentfiles.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace viewer {

RecentFiles::RecentFiles(bool useSettings, QObject* parent) : QObject(parent), m_useSettings(useSettings) {}

QString RecentFiles::lastFolder() const
{
    return m_useSettings ? QSettings().value("files/lastFolder").toString() : QString();
}

void RecentFiles::setLastFolder(const QString& path)
{
    if (m_useSettings)
        QSettings().setValue("files/lastFolder", QFileInfo(path).absolutePath());
}

QStringList RecentFiles::projects() const
{
    return m_useSettings ? QSettings().value("files/recent").toStringList() : QStringList();
}

void RecentFiles::rememberProject(const QString& path)
{
    if (!m_useSettings)
        return;
    QSettings s;
    QStringList recent = s.value("files/recent").toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > 8)
        recent.removeLast();
    s.setValue("files/recent", recent);
    emit projectsChanged();
}

void RecentFiles::fillMenu(QMenu* menu)
{
    menu->clear();
    const QStringList recent = projects();
    for (const QString& path : recent)
        menu->addAction(QFileInfo(path).fileName(), this, [this, path] { emit projectChosen(path); })->setToolTip(path);
    menu->setEnabled(!recent.isEmpty());
}

} // namespace viewer
