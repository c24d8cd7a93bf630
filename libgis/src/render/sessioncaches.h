#pragma once

// Private: the caches a gis::RenderSession owns. Each is thread-safe and bounded; each holds its lock only to find
// or insert an entry, never while making one (two threads missing the same entry both make it; one insert wins).

#include <QByteArray>
#include <QHash>
#include <QImage>
#include <QPainterPath>
#include <QRawFont>
#include <QString>

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "imagepool.h"

namespace gis::detail {

/// Glyph halos by font, glyph and halo width (labeldraw.cpp). QPainterPath copies share their data with atomic
/// reference counts, so a path handed out stays valid when the store is cleared.
class HaloStore {
public:
    /// The halo `width` device pixels wide around glyph `index` of `font`, as a path to fill (winding rule).
    QPainterPath halo(const QRawFont& font, quint32 index, double width);
    void clear();

private:
    std::mutex m_mutex;
    QHash<QString, QPainterPath> m_halos;
};

/// SVG icons: each file's bytes read once (bounded, regular files only), and each icon rendered once per size in
/// quarter pixels (symbolpaint.cpp). Errors are not cached: a file fixed meanwhile is read next time.
class IconStore {
public:
    /// The file's SVG text. Throws Error(Io/Argument) naming the file (see readSmallFile).
    QByteArray bytes(const QString& path);
    /// The icon drawn into a `size`-pixel square, aspect kept, centred. Throws Error(Io) for an unreadable icon.
    QImage image(const QString& path, double size);
    void clear();

private:
    std::mutex m_mutex;
    std::map<QString, QByteArray> m_bytes;
    std::map<std::pair<QString, int>, QImage> m_images;
};

struct SessionCaches {
    ImagePool images;
    HaloStore halos;
    IconStore icons;
};

} // namespace gis::detail
