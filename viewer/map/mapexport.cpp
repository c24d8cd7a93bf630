#include "mapexport.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "app/bidi.h"
#include "gis/core/error.h"
#include "gis/render/mapexport.h"

namespace viewer {

QString exportMap(const gis::RenderRequest& request, const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != "png" && suffix != "pdf" && suffix != "svg")
        return QCoreApplication::translate("Export", "%1: unknown format (use .png, .pdf or .svg)").arg(path);
    gis::RenderResult result;
    try {
        result = gis::exportMap(request, path.toStdString());
    } catch (const gis::Error& e) {
        // The library's message names the file and the cause (missing folder, permission, size limit…).
        return QCoreApplication::translate("Export", "Could not export the map: %1").arg(ltr(QString::fromUtf8(e.what())));
    }
    QStringList errors;
    for (const auto& e : result.errors)
        errors << QString::fromStdString(e.layer + ": " + e.message);
    return errors.join('\n');
}

} // namespace viewer
