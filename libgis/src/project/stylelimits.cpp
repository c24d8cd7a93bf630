#include "gis/project/stylelimits.h"

#include <cmath>

#include "gis/core/error.h"
#include "gis/core/limitcheck.h"

namespace gis {

namespace {

std::string number(double v) { return limitNumber(v); }
std::string join(const std::string& where, const std::string& key) { return limitPath(where, key); }
[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) { failLimit(code, path, what); }

constexpr double kPxPerMm = 96 / 25.4;

void checkLength(const Length& length, double maxPx, const std::string& path)
{
    const double px = length.unit == Length::Unit::Pixel ? length.value : length.value * kPxPerMm;
    if (!std::isfinite(px) || px < 0)
        fail(ErrorCode::Format, path, "expected a length of 0 or more, not " + number(length.value));
    if (px <= maxPx)
        return;
    const std::string written = length.unit == Length::Unit::Pixel ? number(length.value) + " px"
                                                                   : number(length.value) + " mm (" + number(std::round(px)) + " px)";
    fail(ErrorCode::Format, path, written + " is larger than the limit of " + number(maxPx) + " px ("
        + number(std::round(maxPx / kPxPerMm * 10) / 10) + " mm)");
}

void checkStroke(const Stroke& s, const std::string& path)
{
    checkLength(s.width, kMaxStrokeWidthPx, path + ".width");
    if (s.dashes.size() > std::size_t(kMaxDashes))
        fail(ErrorCode::Format, path + ".dashes", std::to_string(s.dashes.size()) + " values are more than the limit of "
            + std::to_string(kMaxDashes));
    for (std::size_t i = 0; i < s.dashes.size(); ++i)
        if (!(s.dashes[i] >= kMinDash && s.dashes[i] <= kMaxDash))
            fail(ErrorCode::Format, path + ".dashes[" + std::to_string(i) + "]", number(s.dashes[i])
                + " is outside " + number(kMinDash) + " to " + number(kMaxDash) + " (multiples of the line width)");
}

void checkSymbol(const Symbol& s, const std::string& path)
{
    checkLength(s.size, kMaxSymbolSizePx, path + ".size");
    checkStroke(s.stroke, path + ".stroke");
    checkStroke(s.casing, path + ".casing");
    checkLength(s.fill.spacing, kMaxHatchPx, path + ".fill.spacing");
    checkLength(s.fill.lineWidth, kMaxHatchPx, path + ".fill.line_width");
}

} // namespace

void checkStyle(const LayerStyle& style, const std::string& where)
{
    const Renderer& r = style.renderer;
    const std::string rp = join(where, "renderer");
    checkSymbol(r.symbol, rp + ".symbol");
    for (std::size_t i = 0; i < r.categories.size(); ++i)
        checkSymbol(r.categories[i].symbol, rp + ".categories[" + std::to_string(i) + "].symbol");
    for (std::size_t i = 0; i < r.ranges.size(); ++i)
        checkSymbol(r.ranges[i].symbol, rp + ".ranges[" + std::to_string(i) + "].symbol");
    for (std::size_t i = 0; i < r.rules.size(); ++i)
        checkSymbol(r.rules[i].symbol, rp + ".rules[" + std::to_string(i) + "].symbol");
    const LabelStyle& l = style.labels;
    checkLength(l.size, kMaxLabelSizePx, join(where, "labels.size"));
    checkLength(l.haloWidth, kMaxHaloPx, join(where, "labels.halo_width"));
    checkLength(l.offset, kMaxLabelOffsetPx, join(where, "labels.offset"));
}

} // namespace gis
