// Writing layout pages to PDF, PNG or SVG, atomically (beside, then renamed), like exportMap().

#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "gis/core/error.h"
#include "gis/render/layout.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

/// Runs `write` on a temporary file beside `path`, then renames it over `path`.
void writeBeside(const std::string& path, const std::string& ext, const std::function<bool(const QString&)>& write)
{
    const fs::path target(path);
    std::string name = "."; // appended piecewise: GCC 12 gives a false -Wrestrict for "." + a + b + c
    name += target.filename().string();
    name += ".tmp";
    name += ext;
    const std::string temp = (target.parent_path() / name).string();
    std::error_code ec;
    if (!write(QString::fromStdString(temp)) || !fs::exists(temp, ec)) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Io, path + ": cannot write the " + ext.substr(1) + " file");
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Io, path + ": cannot replace the file (" + ec.message() + ")");
    }
}

bool writePng(const Layout& layout, const LayoutContent& content, const QString& file, double dpi, std::vector<LayerError>& errors)
{
    const QSize px(int(std::lround(layout.widthMm / 25.4 * dpi)), int(std::lround(layout.heightMm / 25.4 * dpi)));
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;
    image.fill(Qt::white);
    const int dpm = static_cast<int>(dpi / 0.0254 + 0.5);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    {
        QPainter painter(&image);
        const auto e = drawLayout(painter, layout, content, dpi);
        errors.insert(errors.end(), e.begin(), e.end());
    }
    return QImageWriter(file, "png").write(image);
}

bool writeSvg(const Layout& layout, const LayoutContent& content, const QString& file, std::vector<LayerError>& errors)
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
    const auto e = drawLayout(painter, layout, content, svgDpi);
    errors.insert(errors.end(), e.begin(), e.end());
    return painter.end();
}

bool writePdf(const Layout& layout, const std::vector<LayoutContent>& pages, const QString& file, double dpi,
    std::vector<LayerError>& errors)
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
        if (i > 0 && !pdf.newPage())
            return false;
        const auto e = drawLayout(painter, layout, pages[i], res);
        errors.insert(errors.end(), e.begin(), e.end());
    }
    return painter.end();
}

std::string extensionOf(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, path + ": unknown layout format (use .pdf, .png or .svg)");
    return ext;
}

} // namespace

std::vector<LayerError> exportLayout(const Layout& layout, const LayoutContent& content, const std::string& path, double dpi)
{
    const std::string ext = extensionOf(path);
    std::vector<LayerError> errors;
    writeBeside(path, ext, [&](const QString& file) {
        if (ext == ".png")
            return writePng(layout, content, file, dpi, errors);
        if (ext == ".svg")
            return writeSvg(layout, content, file, errors);
        return writePdf(layout, {content}, file, dpi, errors);
    });
    return errors;
}

std::vector<std::string> exportLayoutPages(const Layout& layout, const std::vector<LayoutContent>& pages,
    const std::string& path, double dpi, std::vector<LayerError>* errorsOut)
{
    const std::string ext = extensionOf(path);
    std::vector<LayerError> errors;
    std::vector<std::string> written;
    if (ext == ".pdf") {
        writeBeside(path, ext, [&](const QString& file) { return writePdf(layout, pages, file, dpi, errors); });
        written.push_back(path);
    } else {
        const fs::path p(path);
        for (std::size_t i = 0; i < pages.size(); ++i) {
            char number[32];
            std::snprintf(number, sizeof number, "-%03zu", i + 1);
            const std::string one = (p.parent_path() / (p.stem().string() + number + ext)).string();
            writeBeside(one, ext, [&](const QString& file) {
                return ext == ".png" ? writePng(layout, pages[i], file, dpi, errors) : writeSvg(layout, pages[i], file, errors);
            });
            written.push_back(one);
        }
    }
    if (errorsOut)
        *errorsOut = std::move(errors);
    return written;
}

} // namespace gis
