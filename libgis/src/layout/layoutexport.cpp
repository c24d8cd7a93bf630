// Writing layout pages to PDF, PNG or SVG through gis::AtomicFile(Set), like exportMap().

#include <QBuffer>
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

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/layout/georeference.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/mapframe.h"
#include "gis/render/exportformat.h"
#include "gis/project/provenance.h"
#include "layoutlimits.h"
#include "pdf/pdfmetadata.h"
#include "pdf/pdftext.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

QByteArray writePng(const Layout& layout, const LayoutContent& content, const std::string& path, double dpi,
    std::vector<LayerError>& errors, const CancellationToken& cancel)
{
    const QImage image = renderLayoutImage(layout, content, dpi, cancel, &errors);
    cancel.throwIfCancelled("layout export");
    return encodePng(image, path);
}

QByteArray writeSvg(const Layout& layout, const LayoutContent& content, const std::string& path,
    std::vector<LayerError>& errors, const CancellationToken& cancel)
{
    const double svgDpi = 96;
    const QSize px(int(std::lround(layout.widthMm / 25.4 * svgDpi)), int(std::lround(layout.heightMm / 25.4 * svgDpi)));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(px);
    svg.setViewBox(QRect(QPoint(0, 0), px));
    svg.setResolution(int(svgDpi));
    svg.setTitle("Interior Explorer layout");
    QPainter painter(&svg);
    const auto e = drawLayout(painter, layout, content, svgDpi, cancel);
    errors.insert(errors.end(), e.begin(), e.end());
    const bool ok = painter.end();
    cancel.throwIfCancelled("layout export");
    if (!ok)
        throw Error(ErrorCode::Io, path + ": cannot draw the SVG file");
    return bytes;
}

/// Every page drawn into one PDF in memory; the caller writes it through an AtomicFile (checked writes: a full disk
/// is an error, never a truncated PDF).
QByteArray writePdf(const Layout& layout, const std::vector<LayoutContent>& pages, const std::string& path, double dpi,
    std::vector<LayerError>& errors, const Feedback& feedback)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        const int res = static_cast<int>(dpi);
        pdf.setResolution(res);
        const bool landscape = layout.widthMm > layout.heightMm;
        const QPageSize size(QSizeF(std::min(layout.widthMm, layout.heightMm), std::max(layout.widthMm, layout.heightMm)),
            QPageSize::Millimeter, QString(), QPageSize::FuzzyMatch);
        pdf.setPageLayout(QPageLayout(size, landscape ? QPageLayout::Landscape : QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        pdf.setCreator("Interior Explorer");
        // The program's version, and how each analysed layer on the pages was made (docs/projects.md, "History"):
        // an atlas draws the same layers on every page.
        if (!pages.empty())
            pdf.setDocumentXmpMetadata(detail::xmpMetadata(pages.front().title,
                QString::fromUtf8(softwareName()) + " " + QString::fromUtf8(softwareVersion()),
                pages.front().map.provenanceEn, pages.front().map.provenanceAr));
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
        feedback.cancel.throwIfCancelled("layout export");
        if (!ok)
            throw Error(ErrorCode::Io, path + ": cannot draw the PDF file");
    }
    // Arabic as letters for search and copy (as exportMap() does); on failure the PDF is still valid.
    QString why;
    if (!detail::normalizePdfToUnicode(bytes, &why))
        errors.push_back({fs::path(path).filename().string(),
            "Arabic text left as presentation forms (search may not find it): " + why.toStdString()});
    return bytes;
}

void put(AtomicFile& file, const QByteArray& bytes)
{
    file.write(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    file.close();
}

/// "OUT.png" → "OUT.pgw": the world file's conventional name (first and last letter of the extension + "w").
std::string worldFileName(const std::string& path)
{
    fs::path p(path);
    return p.replace_extension(".pgw").string();
}

/// The world file (pixel-centre convention: six lines A, D, B, E, C, F) and a GDAL .aux.xml holding the CRS, added
/// to `set` so that they are replaced together with their PNG.
void writeGeoreference(const Layout& layout, const LayoutContent& content, const std::string& pngPath, double dpi,
    AtomicFileSet& set)
{
    PageGeoreference g;
    if (!layoutGeoreference(layout, content, dpi, g))
        throw Error(ErrorCode::Argument, pngPath + ": a world file needs a map frame in the layout");
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.12g\n%.12g\n%.12g\n%.12g\n%.12f\n%.12f\n", g.b, g.e, g.c, g.f,
        g.a + g.b / 2 + g.c / 2, g.d + g.e / 2 + g.f / 2);
    set.add(worldFileName(pngPath)).write(std::string_view(buffer));
    if (g.crs.isValid()) {
        std::string wkt = g.crs.toWkt();
        std::string escaped;
        for (char c : wkt)
            escaped += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
        set.add(pngPath + ".aux.xml").write("<PAMDataset>\n  <SRS>" + escaped + "</SRS>\n</PAMDataset>\n");
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
    const std::string ext = exportExtension(path, "layout");
    detail::checkLayoutRender(layout, ext == ".svg" ? 96 : dpi, ext == ".png", path); // before anything is written
    if (options.worldFile && ext != ".png")
        throw Error(ErrorCode::Argument, path + ": a world file goes with a PNG");
    std::vector<LayerError> errors;
    // The page with its world file, all or nothing; a folder, device or missing folder is refused before drawing.
    AtomicFileSet set;
    AtomicFile& file = set.add(path);
    if (ext == ".png")
        put(file, writePng(layout, content, path, dpi, errors, options.feedback.cancel));
    else if (ext == ".svg")
        put(file, writeSvg(layout, content, path, errors, options.feedback.cancel));
    else
        put(file, writePdf(layout, {content}, path, dpi, errors, options.feedback));
    if (options.worldFile)
        writeGeoreference(layout, content, path, dpi, set);
    set.commit();
    options.feedback.report(1);
    return errors;
}

std::vector<std::string> exportLayoutPages(const Layout& layout, const std::vector<LayoutContent>& atlasPages,
    const std::string& path, double dpi, std::vector<LayerError>* errorsOut, const LayoutExportOptions& options)
{
    // One render session for the whole atlas: page after page draws the same glyphs and icons.
    std::vector<LayoutContent> pages = atlasPages;
    const auto session = std::make_shared<RenderSession>();
    for (LayoutContent& page : pages)
        if (!page.map.session)
            page.map.session = session;
    const std::string ext = exportExtension(path, "layout");
    detail::checkLayoutRender(layout, ext == ".svg" ? 96 : dpi, ext == ".png", path); // before anything is written
    if (options.worldFile && ext != ".png")
        throw Error(ErrorCode::Argument, path + ": a world file goes with a PNG");
    const Feedback& feedback = options.feedback;
    std::vector<LayerError> errors;
    std::vector<std::string> written;
    // One PDF, or every page (and world file) of a PNG/SVG atlas replaced together: all or nothing.
    AtomicFileSet set;
    if (ext == ".pdf") {
        put(set.add(path), writePdf(layout, pages, path, dpi, errors, feedback));
        written.push_back(path);
    } else {
        const fs::path p(path);
        for (std::size_t i = 0; i < pages.size(); ++i) {
            feedback.cancel.throwIfCancelled("atlas export");
            char number[32];
            std::snprintf(number, sizeof number, "-%03zu", i + 1);
            const std::string one = (p.parent_path() / (p.stem().string() + number + ext)).string();
            AtomicFile& file = set.add(one);
            put(file, ext == ".png" ? writePng(layout, pages[i], one, dpi, errors, feedback.cancel)
                                    : writeSvg(layout, pages[i], one, errors, feedback.cancel));
            if (options.worldFile)
                writeGeoreference(layout, pages[i], one, dpi, set);
            written.push_back(one);
            feedback.report(double(i + 1) / double(pages.size()));
        }
    }
    set.commit();
    if (errorsOut)
        *errorsOut = std::move(errors);
    return written;
}

} // namespace gis
