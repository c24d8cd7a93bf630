#pragma once

#include <QObject>
#include <QString>

#include "gis/core/box.h"

class QMenu;

namespace viewer {

/// Named map views kept in QSettings ("bookmarks": a list of name, CRS identifier and extent), shared by every
/// window and session. They are read and written whether or not the window otherwise uses settings, as they
/// always were. GUI thread.
class Bookmarks : public QObject {
    Q_OBJECT
public:
    struct Bookmark {
        QString name;
        QString crs;    ///< as gis::Crs::identifier() gives it; gis::Crs::fromUserInput reads it back
        gis::Box extent; ///< in `crs`
    };

    explicit Bookmarks(QObject* parent = nullptr);

    int count() const;
    /// Appends a bookmark; emits changed().
    void add(const Bookmark& bookmark);
    /// Forgets them all; emits changed().
    void clear();
    /// Appends an action per bookmark to `menu` (not owned); choosing one emits chosen().
    void addActions(QMenu* menu);

signals:
    void changed();
    void chosen(const Bookmarks::Bookmark& bookmark);
};

} // namespace viewer
