#include "renderlimits.h"

#include <QString>

#include <cmath>

#include "gis/core/error.h"

namespace gis {

namespace {

using namespace detail; // the style limits

constexpr double kPxPerMm = 96 / 25.4;

std::string number(double v) { return limitNumber(v); }
std::string join(const std::string& where, const std::string& key) { return limitPath(where, key); }
[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) { failLimit(code, path, what); }

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

std::string limitNumber(double value)
{
    return QString::number(value, 'g', 12).toStdString();
}

std::string limitPath(const std::string& where, const std::string& key)
{
    if (where.empty())
        return key;
    return where + (where.back() == ':' ? " " : ".") + key;
}

void failLimit(ErrorCode code, const std::string& path, const std::string& what)
{
    throw Error(code, path + ": " + what);
}

void checkDpi(double dpi, const std::string& what)
{
    if (!(dpi >= kMinDpi && dpi <= kMaxDpi))
        fail(ErrorCode::Argument, what, "a resolution of " + number(dpi) + " dpi is outside the limits of "
            + number(kMinDpi) + " to " + number(kMaxDpi) + " dpi");
}

void checkImageSize(double width, double height, const std::string& what)
{
    const std::string size = number(width) + " x " + number(height) + " pixels";
    if (!(width >= 1 && height >= 1))
        fail(ErrorCode::Argument, what, "an image of " + size + " is empty (at least 1 x 1)");
    if (width > kMaxImageSide || height > kMaxImageSide)
        fail(ErrorCode::Argument, what, "an image of " + size + " is larger than the limit of "
            + std::to_string(kMaxImageSide) + " pixels a side");
    if (width * height > double(kMaxImagePixels))
        fail(ErrorCode::Argument, what, "an image of " + size + " (" + number(width * height)
            + " pixels) is larger than the limit of " + std::to_string(kMaxImagePixels) + " pixels (1 GiB)");
}

QString limitText(const QString& text)
{
    if (text.size() <= kMaxTextChars)
        return text; // code points never outnumber UTF-16 units
    qsizetype end = 0;
    for (int n = 0; n < kMaxTextChars && end < text.size(); ++n)
        end += text.at(end).isHighSurrogate() && end + 1 < text.size() && text.at(end + 1).isLowSurrogate() ? 2 : 1;
    if (end >= text.size())
        return text;
    return text.left(end) + QChar(0x2026);
}

QString limitText(std::string_view utf8, bool simplify)
{
    // 64 KB: whitespace that simplify() collapses would need to fill 60 of them before the cut fell short.
    constexpr std::size_t kMaxBytes = 64 * 1024;
    std::size_t end = utf8.size();
    if (end > kMaxBytes) {
        end = kMaxBytes;
        while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
            --end; // not inside a multi-byte sequence
    }
    QString text = QString::fromUtf8(utf8.data(), qsizetype(end));
    if (simplify)
        text = text.simplified();
    const QString cut = limitText(text);
    return end < utf8.size() && cut.size() == text.size() ? text + QChar(0x2026) : cut;
}

namespace detail {

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

void checkRenderRequest(const RenderRequest& request, const std::string& what)
{
    checkDpi(request.dpi, what);
    checkImageSize(request.size.width(), request.size.height(), what);
}

} // namespace detail

} // namespace gis
