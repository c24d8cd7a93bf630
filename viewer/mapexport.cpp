#include "mapexport.h"

#include <QCoreApplication>

#include "gis/core/error.h"
#include "gis/render/mapexport.h"

namespace viewer {

QString exportMap(const gis::RenderRequest& request, const QString& path)
{
    gis::RenderResult result;
    try {
        result = gis::exportMap(request, path.toStdString());
    } catch (const gis::Error& e) {
        if (e.code() == gis::ErrorCode::Argument)
            return QCoreApplication::translate("Export", "%1: unknown format (use .png, .pdf or .svg)").arg(path);
        return QCoreApplication::translate("Export", "%1: could not write the file").arg(path);
    }
    QStringList errors;
    for (const auto& e : result.errors)
        errors << QString::fromStdString(e.layer + ": " + e.message);
    return errors.join('\n');
}

} // namespace viewer
