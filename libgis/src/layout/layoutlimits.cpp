// The bounds on a print layout's values, checked when a template is read and again before a page is drawn or
// written (a Layout made in code skips the template's checks).

#include "layoutlimits.h"

#include <QString>

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/render/limits.h"

namespace gis::detail {

namespace {

std::string number(double v) { return limitNumber(v); }
std::string join(const std::string& where, const std::string& key) { return limitPath(where, key); }
[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) { failLimit(code, path, what); }

void checkFont(double pt, const std::string& path)
{
    if (!(pt >= kMinFontPt && pt <= kMaxFontPt))
        fail(ErrorCode::Format, path, number(pt) + " pt is outside the limits of " + number(kMinFontPt) + " to "
            + number(kMaxFontPt) + " pt");
}

/// Pixels of a length in mm at dpi, as the layout code rounds them.
double pixels(double mm, double dpi)
{
    return std::round(mm / 25.4 * dpi);
}

} // namespace

void checkLayout(const Layout& layout, const std::string& where)
{
    // As readLayoutFile() reads a page, for a Layout made in code.
    if (!(layout.widthMm > 10 && layout.heightMm > 10 && layout.widthMm < 5000 && layout.heightMm < 5000))
        fail(ErrorCode::Format, join(where, "page.size"), number(layout.widthMm) + " x " + number(layout.heightMm)
            + " mm is outside the limits of 10 to 5000 mm a side");
    for (std::size_t i = 0; i < layout.items.size(); ++i) {
        const LayoutItem& item = layout.items[i];
        const std::string path = join(where, "items[" + std::to_string(i) + "]");
        const QRectF& r = item.rectMm;
        if (!std::isfinite(r.x()) || !std::isfinite(r.y()) || !(r.width() > 0 && r.width() <= layout.widthMm)
            || !(r.height() > 0 && r.height() <= layout.heightMm))
            fail(ErrorCode::Format, path + ".rect", "expected [x, y, width, height] in mm on the page");
        checkFont(item.fontSizePt, path + ".font_size");
        if (!(item.scale == 0 || (item.scale >= 1 && item.scale <= kMaxScaleDenominator)))
            fail(ErrorCode::Format, path + ".scale", number(item.scale) + " is not a scale denominator from 1 to "
                + number(kMaxScaleDenominator) + " (or 0: fit the map)");
        if (item.grid.kind != LayoutGrid::Kind::None) {
            if (!(item.grid.interval >= 0) || !std::isfinite(item.grid.interval))
                fail(ErrorCode::Format, path + ".grid.interval", "expected a positive number, or 0 for automatic");
            checkFont(item.grid.fontSizePt, path + ".grid.font_size");
        }
    }
}

void checkLayoutRender(const Layout& layout, double dpi, bool wholePage, const std::string& what)
{
    checkLayout(layout, "layout:");
    checkDpi(dpi, what);
    // The highest DPI at which `mm` x `mm` still fits, for a message that says what to do.
    const auto fits = [&](double wMm, double hMm, const std::string& name) {
        const double w = pixels(wMm, dpi), h = pixels(hMm, dpi);
        try {
            checkImageSize(std::max(1.0, w), std::max(1.0, h), what);
        } catch (const Error& e) {
            const double side = kMaxImageSide * 25.4 / std::max(wMm, hMm);
            const double area = std::sqrt(double(kMaxImagePixels) / (wMm / 25.4 * hMm / 25.4));
            throw Error(ErrorCode::Argument, std::string(e.what()) + " for " + name + " of " + number(wMm) + " x "
                + number(hMm) + " mm at " + number(dpi) + " dpi (at most "
                + number(std::floor(std::min(side, area))) + " dpi)");
        }
    };
    if (wholePage)
        fits(layout.widthMm, layout.heightMm, "the page");
    for (const LayoutItem& item : layout.items)
        if (item.visible && (item.kind == LayoutItem::Kind::Map || item.kind == LayoutItem::Kind::Inset))
            fits(item.rectMm.width(), item.rectMm.height(), "the " + item.id + " frame");
}

} // namespace gis::detail
