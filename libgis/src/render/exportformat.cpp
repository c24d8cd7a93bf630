// Encoding exports in memory: every byte then reaches the disk through gis::AtomicFile's checked writes, so a full
// disk is an error and never a truncated file (QPdfWriter and QSvgGenerator ignore write errors on a file).

#include "gis/render/exportformat.h"

#include <cctype>
#include <filesystem>

#include "gis/core/error.h"

#include "pngencoder.h"

namespace fs = std::filesystem;

namespace gis {

std::string exportExtension(const std::string& path, const char* what)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, path + ": unknown " + what + " format (use .png, .pdf or .svg)");
    return ext;
}

QByteArray encodePng(const QImage& image, const std::string& path)
{
    if (image.isNull())
        throw Error(ErrorCode::Io, path + ": cannot encode the PNG (no image)");
    QByteArray bytes = detail::encodePngFast(image);
    if (bytes.isEmpty())
        throw Error(ErrorCode::Io, path + ": cannot encode the PNG (out of memory)");
    return bytes;
}

} // namespace gis
