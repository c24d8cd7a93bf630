#include "renderlimits.h"

#include <QString>

#include "gis/core/error.h"

namespace gis {

namespace {

std::string number(double v) { return limitNumber(v); }
[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) { failLimit(code, path, what); }

} // namespace

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

void checkRenderRequest(const RenderRequest& request, const std::string& what)
{
    checkDpi(request.dpi, what);
    checkImageSize(request.size.width(), request.size.height(), what);
}

} // namespace detail

} // namespace gis
