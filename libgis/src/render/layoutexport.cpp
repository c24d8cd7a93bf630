// Writing layout pages to PDF, PNG or SVG, atomically (beside, then renamed), like exportMap().

#include <QFile>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/render/layout.h"
#include "atomicwrite.h"
#include "pdftext.h"
#include "renderlimits.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

bool writePng(const Layout& layout, const LayoutContent& content, const QString& file, double dpi, std::vector<LayerError>& errors,
    const CancellationToken& cancel)
{
    const QImage image = renderLayoutImage(layout, content, dpi, cancel, &errors);
    cancel.throwIfCancelled("layout export");
    return !image.isNull() && QImageWriter(file, "png").write(image);
}
bool writeSvg(const Layout& layout, const LayoutContent& content, const QString& file, std::vector<LayerError>& errors,
    const CancellationToken& cancel)
{
    const double svgDpi = 96;
    const QSize px(int(std::lround(layout.widthMm / 25.4 * svgDpi)), int(std::lround(layout.heightMm / 25.4 * svgDpi)));
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(px);
    svg.setViewBox(QRect(QPoint(0, 0), px));
    svg.setResolution(int(svgDpi));
    svg.setTitle("Interior Explorer layout");
    QPainter painter(&svg);
    const auto e = drawLayout(painter, layout, content, svgDpi, cancel);
    errors.insert(errors.end(), e.begin(), e.end());
    const bool ok = painter.end();
    cancel.throwIfCancelled("layout export");
    return ok;
}

bool writePdf(const Layout& layout, const std::vector<LayoutContent>& pages, const QString& file, double dpi,
    std::vector<LayerError>& errors, const Feedback& feedback)
{
    QPdfWriter pdf(file);
    // Standard sizes snap to their points (A4 595 x 842); rasters in the map draw at `dpi`.
    const int res = static_cast<int>(dpi);
    pdf.setResolution(res);
    const bool landscape = layout.widthMm > layout.heightMm;
    const QPageSize size(QSizeF(std::min(layout.widthMm, layout.heightMm), std::max(layout.widthMm, layout.heightMm)),
        QPageSize::Millimeter, QString(), QPageSize::FuzzyMatch);
    pdf.setPageLayout(QPageLayout(size, landscape ? QPageLayout::Landscape : QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    pdf.setCreator("Interior Explorer");
    QPainter painter(&pdf);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (feedback.isCancelled() || (i > 0 && !pdf.newPage()))
            break;
        const auto e = drawLayout(painter, layout, pages[i], res, feedback.cancel);
        errors.insert(errors.end(), e.begin(), e.end());
        if (!feedback.isCancelled())
            feedback.report(double(i + 1) / double(pages.size()));
    }
    const bool ok = painter.end();
    // The temporary file is removed by detail::writeBeside() when this throws: the target stays as it was.
    feedback.cancel.throwIfCancelled("layout export");
    // Arabic as letters for search and copy (as exportMap() does); on failure the PDF is still valid.
    QString why;
    if (ok && !detail::normalizePdfToUnicode(file, &why))
        errors.push_back({fs::path(file.toStdString()).filename().string(),
            "Arabic text left as presentation forms (search may not find it): " + why.toStdString()});
    return ok;
}

/// "OUT.png" → "OUT.pgw": the world file's conventional name (first and last letter of the extension + "w").
std::string worldFileName(const std::string& path)
{
    fs::path p(path);
    return p.replace_extension(".pgw").string();
}

void writeTextFile(const std::string& path, const std::string& text)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.data(), qint64(text.size())) != qint64(text.size()))
        throw Error(ErrorCode::Io, path + ": cannot write");
}

/// The world file (pixel-centre convention: six lines A, D, B, E, C, F) and a GDAL .aux.xml holding the CRS.
void writeGeoreference(const Layout& layout, const LayoutContent& content, const std::string& pngPath, double dpi)
{
    PageGeoreference g;
    if (!layoutGeoreference(layout, content, dpi, g))
        throw Error(ErrorCode::Argument, pngPath + ": a world file needs a map frame in the layout");
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.12g\n%.12g\n%.12g\n%.12g\n%.12f\n%.12f\n", g.b, g.e, g.c, g.f,
        g.a + g.b / 2 + g.c / 2, g.d + g.e / 2 + g.f / 2);
    const std::string wld = worldFileName(pngPath);
    detail::writeBeside(wld, ".pgw", [&](const QString& file) {
        writeTextFile(file.toStdString(), buffer);
        return true;
    });
    if (g.crs.isValid()) {
        std::string wkt = g.crs.toWkt();
        std::string escaped;
        for (char c : wkt)
            escaped += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
        detail::writeBeside(pngPath + ".aux.xml", ".xml", [&](const QString& file) {
            writeTextFile(file.toStdString(), "<PAMDataset>\n  <SRS>" + escaped + "</SRS>\n</PAMDataset>\n");
            return true;
        });
    }
}


} // namespace

QImage renderLayoutImage(const Layout& layout, const LayoutContent& content, double dpi, const CancellationToken& cancel,
    std::vector<LayerError>* errors)
{
    try { // the preview's and PNG export's page: refuse what cannot be allocated rather than try
        detail::checkLayoutRender(layout, dpi, true, "page image");
    } catch (const Error& e) {
        if (errors)
            errors->push_back({"", e.what()});
        return {};
    }
    const QSize px(std::max(1, int(std::lround(layout.widthMm / 25.4 * dpi))), std::max(1, int(std::lround(layout.heightMm / 25.4 * dpi))));
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::white);
    const int dpm = static_cast<int>(dpi / 0.0254 + 0.5);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    QPainter painter(&image);
    auto e = drawLayout(painter, layout, content, dpi, cancel);
    painter.end();
    if (errors)
        errors->insert(errors->end(), e.begin(), e.end());
    return image;
}

bool layoutGeoreference(const Layout& layout, const LayoutContent& content, double dpi, PageGeoreference& out)
{
    const LayoutItem* mapItem = nullptr;
    for (const auto& it : layout.items)
        if (it.kind == LayoutItem::Kind::Map && it.visible && !mapItem)
            mapItem = &it;
    if (!mapItem)
        return false;
    // As drawLayout() draws the frame: the painter moved to the frame's corner, a request of the frame's rounded
    // pixel size, fitted by MapTransform.
    const double mm = dpi / 25.4;
    const QRectF r(mapItem->rectMm.x() * mm, mapItem->rectMm.y() * mm, mapItem->rectMm.width() * mm, mapItem->rectMm.height() * mm);
    const QSize size(std::max(1, int(std::lround(r.width()))), std::max(1, int(std::lround(r.height()))));
    const MapTransform t(layoutMapExtent(layout, *mapItem, content.map), size);
    out.b = t.pixelSize();
    out.c = 0;
    out.e = 0;
    out.f = -t.pixelSize();
    out.a = t.extent().minX - r.left() * t.pixelSize();
    out.d = t.extent().maxY + r.top() * t.pixelSize();
    out.crs = content.map.crs;
    if (!out.crs.isValid())
        for (const auto& l : content.map.layers)
            if (l.vector && !out.crs.isValid())
                out.crs = l.vector->crs();
    return true;
}

std::vector<LayerError> exportLayout(const Layout& layout, const LayoutContent& content, const std::string& path, double dpi,
    const LayoutExportOptions& options)
{
    const std::string ext = detail::exportExtension(path, "layout");
    detail::checkLayoutRender(layout, ext == ".svg" ? 96 : dpi, ext == ".png", path); // before anything is written
    if (options.worldFile && ext != ".png")
        throw Error(ErrorCode::Argument, path + ": a world file goes with a PNG");
    std::vector<LayerError> errors;
    detail::writeBeside(path, ext, [&](const QString& file) {
        if (ext == ".png")
            return writePng(layout, content, file, dpi, errors, options.feedback.cancel);
        if (ext == ".svg")
            return writeSvg(layout, content, file, errors, options.feedback.cancel);
        return writePdf(layout, {content}, file, dpi, errors, options.feedback);
    });
    if (options.worldFile)
        writeGeoreference(layout, content, path, dpi);
    options.feedback.report(1);
    return errors;
}

std::vector<std::string> exportLayoutPages(const Layout& layout, const std::vector<LayoutContent>& pages,
    const std::string& path, double dpi, std::vector<LayerError>* errorsOut, const LayoutExportOptions& options)
{
    const std::string ext = detail::exportExtension(path, "layout");
    detail::checkLayoutRender(layout, ext == ".svg" ? 96 : dpi, ext == ".png", path); // before anything is written
    if (options.worldFile && ext != ".png")
        throw Error(ErrorCode::Argument, path + ": a world file goes with a PNG");
    const Feedback& feedback = options.feedback;
    std::vector<LayerError> errors;
    std::vector<std::string> written;
    if (ext == ".pdf") {
        detail::writeBeside(path, ext, [&](const QString& file) { return writePdf(layout, pages, file, dpi, errors, feedback); });
        written.push_back(path);
    } else {
        const fs::path p(path);
        for (std::size_t i = 0; i < pages.size(); ++i) {
            feedback.cancel.throwIfCancelled("atlas export");
            char number[32];
            std::snprintf(number, sizeof number, "-%03zu", i + 1);
            const std::string one = (p.parent_path() / (p.stem().string() + number + ext)).string();
            detail::writeBeside(one, ext, [&](const QString& file) {
                return ext == ".png" ? writePng(layout, pages[i], file, dpi, errors, feedback.cancel)
                                     : writeSvg(layout, pages[i], file, errors, feedback.cancel);
            });
            if (options.worldFile)
                writeGeoreference(layout, pages[i], one, dpi);
            written.push_back(one);
            feedback.report(double(i + 1) / double(pages.size()));
        }
    }
    if (errorsOut)
        *errorsOut = std::move(errors);
    return written;
}

} // namespace gis
