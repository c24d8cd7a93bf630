#pragma once

// The project model's style values (gis/project/style.h, no Qt) as the Qt types the renderer, the layouts and the
// viewer draw and edit with.

#include <QColor>
#include <QString>

#include <string>

#include "gis/core/export.h"
#include "gis/project/color.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

inline QColor toQColor(const Color& c)
{
    return QColor(c.red, c.green, c.blue, c.alpha);
}

/// The colour at 8 bits a channel (what a style file can hold).
inline Color toColor(const QColor& c)
{
    return Color(c.red(), c.green(), c.blue(), c.alpha());
}

inline Qt::PenCapStyle toQt(LineCap cap)
{
    switch (cap) {
    case LineCap::Flat: return Qt::FlatCap;
    case LineCap::Square: return Qt::SquareCap;
    case LineCap::Round: break;
    }
    return Qt::RoundCap;
}

inline Qt::PenJoinStyle toQt(LineJoin join)
{
    switch (join) {
    case LineJoin::Miter: return Qt::MiterJoin;
    case LineJoin::Bevel: return Qt::BevelJoin;
    case LineJoin::Round: break;
    }
    return Qt::RoundJoin;
}

inline LineCap toLineCap(Qt::PenCapStyle cap)
{
    return cap == Qt::FlatCap ? LineCap::Flat : cap == Qt::SquareCap ? LineCap::Square : LineCap::Round;
}

inline LineJoin toLineJoin(Qt::PenJoinStyle join)
{
    return join == Qt::MiterJoin ? LineJoin::Miter : join == Qt::BevelJoin ? LineJoin::Bevel : LineJoin::Round;
}

/// UTF-8 text of the model (titles, labels, fonts, paths) as a QString, and back.
inline QString toQString(const std::string& utf8)
{
    return QString::fromStdString(utf8);
}

} // namespace gis

GIS_API_END
