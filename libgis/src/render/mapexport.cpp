#include "gis/render/mapexport.h"

#include <QImageWriter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cctype>
#include <filesystem>

#include "gis/core/error.h"

namespace fs = std::filesystem;

namespace gis {

RenderResult exportMap(const RenderRequest& request, const std::string& path, const CancellationToken& cancel)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, path + ": unknown map format (use .png, .pdf or .svg)");
    const fs::path target(path);
    const std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp" + ext)).string();
    const QString qtemp = QString::fromStdString(temp);
    RenderResult result;
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
    std::error_code ec;
    if (result.cancelled) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Cancelled, path + ": export cancelled");
    }
    if (!ok || !fs::exists(temp, ec)) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Io, path + ": cannot write the " + ext.substr(1) + " file");
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Io, path + ": cannot replace the file (" + ec.message() + ")");
    }
    return result;
}

} // namespace gis
