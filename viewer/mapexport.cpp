#include "mapexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cstdio>

namespace viewer {

QString exportMap(const gis::RenderRequest& request, const QString& path)
{
    auto text = [](const char* s) { return QCoreApplication::translate("Export", s); };
    const QFileInfo info(path);
    const QString ext = info.suffix().toLower();
    const QString temp = info.dir().filePath("." + info.completeBaseName() + ".tmp-export." + ext);
    gis::RenderResult result;
    bool ok = false;
    if (ext == "png") {
        result = gis::renderImage(request);
        QImage image = result.image;
        const int dpm = static_cast<int>(request.dpi / 0.0254 + 0.5);
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        ok = !image.isNull() && QImageWriter(temp, "png").write(image);
    } else if (ext == "pdf") {
        QPdfWriter pdf(temp);
        pdf.setResolution(static_cast<int>(request.dpi));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setPageSize(QPageSize(QSizeF(request.size.width() * 72.0 / request.dpi, request.size.height() * 72.0 / request.dpi),
            QPageSize::Point));
        pdf.setCreator("Interior Explorer");
        QPainter painter(&pdf);
        result = gis::renderToPainter(painter, request);
        ok = painter.end();
    } else if (ext == "svg") {
        QSvgGenerator svg;
        svg.setFileName(temp);
        svg.setSize(request.size);
        svg.setViewBox(QRect(QPoint(0, 0), request.size));
        svg.setResolution(static_cast<int>(request.dpi));
        svg.setTitle("Interior Explorer");
        QPainter painter(&svg);
        result = gis::renderToPainter(painter, request);
        ok = painter.end();
    } else {
        return text(QT_TRANSLATE_NOOP("Export", "%1: unknown format (use .png, .pdf or .svg)")).arg(path);
    }
    if (!ok) {
        QFile::remove(temp);
        return text(QT_TRANSLATE_NOOP("Export", "%1: could not write the file")).arg(path);
    }
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) { // atomic replace
        QFile::remove(temp);
        return text(QT_TRANSLATE_NOOP("Export", "%1: could not write the file")).arg(path);
    }
    QStringList errors;
    for (const auto& e : result.errors)
        errors << QString::fromStdString(e.layer + ": " + e.message);
    return errors.join('\n');
}

} // namespace viewer
