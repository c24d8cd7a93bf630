#include "bookmarks.h"

#include <QMenu>
#include <QSettings>
#include <QVariantMap>

namespace viewer {

Bookmarks::Bookmarks(QObject* parent) : QObject(parent) {}

int Bookmarks::count() const
{
    return static_cast<int>(QSettings().value("bookmarks").toList().size());
}

void Bookmarks::add(const Bookmark& bookmark)
{
    const gis::Box& e = bookmark.extent;
    const QVariantMap b{{"name", bookmark.name}, {"crs", bookmark.crs}, {"minx", e.minX}, {"miny", e.minY},
        {"maxx", e.maxX}, {"maxy", e.maxY}};
    QSettings s;
    QVariantList list = s.value("bookmarks").toList();
    list.append(b);
    s.setValue("bookmarks", list);
    emit changed();
}

void Bookmarks::clear()
{
    QSettings().remove("bookmarks");
    emit changed();
}

void Bookmarks::addActions(QMenu* menu)
{
    for (const QVariant& v : QSettings().value("bookmarks").toList()) {
        const QVariantMap b = v.toMap();
        const Bookmark bookmark{b["name"].toString(), b["crs"].toString(),
            gis::Box(b["minx"].toDouble(), b["miny"].toDouble(), b["maxx"].toDouble(), b["maxy"].toDouble())};
        menu->addAction(bookmark.name, this, [this, bookmark] { emit chosen(bookmark); });
    }
}

} // namespace viewer
