// Replacing an exported file atomically: written beside, then renamed over it.

#include "atomicwrite.h"

#include <cctype>
#include <filesystem>

#include "gis/core/error.h"

namespace fs = std::filesystem;

namespace gis::detail {

std::string exportExtension(const std::string& path, const char* what)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, path + ": unknown " + what + " format (use .png, .pdf or .svg)");
    return ext;
}

void writeBeside(const std::string& path, const std::string& ext, const std::function<bool(const QString&)>& write)
{
    const fs::path target = fs::absolute(path);
    std::error_code ec;
    if (!fs::is_directory(target.parent_path(), ec))
        throw Error(ErrorCode::Io, path + ": the folder " + target.parent_path().string() + " does not exist");
    std::string name = "."; // appended piecewise: GCC 12 gives a false -Wrestrict for "." + a + b + c
    name += target.filename().string();
    name += ".tmp";
    name += ext;
    const std::string temp = (target.parent_path() / name).string();
    bool ok = false;
    try {
        ok = write(QString::fromStdString(temp));
    } catch (...) { // cancelled or failed: no half-written file is left behind
        fs::remove(temp, ec);
        throw;
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
}

} // namespace gis::detail
