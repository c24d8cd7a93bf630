#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace viewer {

/// What the viewer remembers of files between sessions, in QSettings: the folder the file dialogs open in
/// ("files/lastFolder") and the last eight projects opened or saved, newest first ("files/recent"). Without
/// settings (tests) nothing is read or written: lastFolder() is "" and there are no recent projects. GUI thread.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(bool useSettings, QObject* parent = nullptr);

    QString lastFolder() const;
    /// Remembers the folder of `path` (a file) for the next file dialog.
    void setLastFolder(const QString& path);
    QStringList projects() const;
    /// Puts `path` first in the recent projects (at most eight); emits projectsChanged().
    void rememberProject(const QString& path);
    /// Replaces `menu`'s entries by the recent projects (file name, the full path as tooltip), disabled when
    /// there are none; choosing one emits projectChosen(). The menu is not owned.
    void fillMenu(QMenu* menu);

signals:
    void projectsChanged();
    void projectChosen(const QString& path);

private:
    bool m_useSettings;
};

} // namespace viewer
