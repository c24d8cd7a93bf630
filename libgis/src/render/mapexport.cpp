#include "gis/render/mapexport.h"

#include <QBuffer>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <filesystem>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/render/exportformat.h"
#include "gis/project/provenance.h"
#include "pdf/pdfmetadata.h"
#include "pdf/pdftext.h"
#include "renderlimits.h"

namespace fs = std::filesystem;

namespace gis {

RenderResult exportMap(const RenderRequest& request, const std::string& path, const CancellationToken& cancel)
{
    detail::checkRenderRequest(request, path); // before anything is written
    const std::string ext = exportExtension(path, "map");
    // Refuses a folder, device or missing folder before any drawing; the target is untouched until commit().
    AtomicFile file(path);
    const fs::path target(path);
    RenderResult result;
    QByteArray bytes;
    if (ext == ".png") {
        result = renderImage(request, cancel);
        if (!result.cancelled) {
            QImage image = result.image;
            const int dpm = static_cast<int>(request.dpi / 0.0254 + 0.5);
            image.setDotsPerMeterX(dpm);
            image.setDotsPerMeterY(dpm);
            bytes = encodePng(image, path);
        }
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        bool ok = false;
        if (ext == ".pdf") {
            QPdfWriter pdf(&buffer);
            pdf.setResolution(static_cast<int>(request.dpi));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(QSizeF(request.size.width() * 72.0 / request.dpi, request.size.height() * 72.0 / request.dpi),
                QPageSize::Point));
            pdf.setCreator("Interior Explorer");
            // The program's version, and how each analysed layer was made (docs/projects.md, "History").
            pdf.setDocumentXmpMetadata(detail::xmpMetadata({},
                QString::fromUtf8(softwareName()) + " " + QString::fromUtf8(softwareVersion()), request.provenanceEn,
                request.provenanceAr));
            QPainter painter(&pdf);
            result = renderToPainter(painter, request, cancel);
            ok = painter.end();
        } else {
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setSize(request.size);
            svg.setViewBox(QRect(QPoint(0, 0), request.size));
            svg.setResolution(static_cast<int>(request.dpi));
            svg.setTitle("Interior Explorer map");
            QPainter painter(&svg);
            result = renderToPainter(painter, request, cancel);
            ok = painter.end();
        }
        if (!ok && !result.cancelled)
            throw Error(ErrorCode::Io, path + ": cannot draw the " + ext.substr(1) + " file");
        // Arabic labels as letters for search and copy, not as the presentation forms Qt's ToUnicode maps give.
        // On failure the PDF is still valid; the caller hears of it as of a layer that could not be drawn.
        QString why;
        if (ext == ".pdf" && !result.cancelled && !detail::normalizePdfToUnicode(bytes, &why))
            result.errors.push_back({target.filename().string(),
                "Arabic text left as presentation forms (search may not find it): " + why.toStdString()});
    }
    if (result.cancelled)
        throw Error(ErrorCode::Cancelled, path + ": export cancelled");
    file.write(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    file.commit();
    return result;
}

} // namespace gis
