#include "gis/render/mapexport.h"

#include <QImageWriter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <filesystem>

#include "gis/core/error.h"
#include "atomicwrite.h"
#include "pdftext.h"
#include "renderlimits.h"

namespace fs = std::filesystem;

namespace gis {

RenderResult exportMap(const RenderRequest& request, const std::string& path, const CancellationToken& cancel)
{
    detail::checkRenderRequest(request, path); // before anything is written
    const std::string ext = detail::exportExtension(path, "map");
    const fs::path target(path);
    RenderResult result;
    detail::writeBeside(path, ext, [&](const QString& qtemp) {
        bool ok = false;
        if (ext == ".png") {
            result = renderImage(request, cancel);
            QImage image = result.image;
            const int dpm = static_cast<int>(request.dpi / 0.0254 + 0.5);
            image.setDotsPerMeterX(dpm);
            image.setDotsPerMeterY(dpm);
            QImageWriter writer(qtemp, "png");
            writer.setQuality(90); // zlib level 1: fast, and a map's flat colours still compress well
            ok = !result.cancelled && !image.isNull() && writer.write(image);
        } else if (ext == ".pdf") {
            QPdfWriter pdf(qtemp);
            pdf.setResolution(static_cast<int>(request.dpi));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(QSizeF(request.size.width() * 72.0 / request.dpi, request.size.height() * 72.0 / request.dpi),
                QPageSize::Point));
            pdf.setCreator("Interior Explorer");
            QPainter painter(&pdf);
            result = renderToPainter(painter, request, cancel);
            ok = painter.end() && !result.cancelled;
            // Arabic labels as letters for search and copy, not as the presentation forms Qt's ToUnicode maps give.
            // On failure the PDF is still valid; the caller hears of it as of a layer that could not be drawn.
            QString why;
            if (ok && !detail::normalizePdfToUnicode(qtemp, &why))
                result.errors.push_back({target.filename().string(),
                    "Arabic text left as presentation forms (search may not find it): " + why.toStdString()});
        } else {
            QSvgGenerator svg;
            svg.setFileName(qtemp);
            svg.setSize(request.size);
            svg.setViewBox(QRect(QPoint(0, 0), request.size));
            svg.setResolution(static_cast<int>(request.dpi));
            svg.setTitle("Interior Explorer map");
            QPainter painter(&svg);
            result = renderToPainter(painter, request, cancel);
            ok = painter.end() && !result.cancelled;
        }
        if (result.cancelled)
            throw Error(ErrorCode::Cancelled, path + ": export cancelled");
        return ok;
    });
    return result;
}

} // namespace gis
