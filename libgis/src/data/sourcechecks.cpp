#include "sourcechecks.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "gis/core/error.h"

namespace fs = std::filesystem;

namespace gis::detail {

namespace {

std::string lowerExtension(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/// The sidecar file with extension `ext` (".shx"), in lower or upper case; empty path when absent.
fs::path sidecar(const fs::path& shp, const char* ext)
{
    for (std::string e : {std::string(ext), [&] {
             std::string u(ext);
             std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
             return u;
         }()}) {
        fs::path p = shp;
        p.replace_extension(e);
        std::error_code ec;
        if (fs::is_regular_file(p, ec))
            return p;
    }
    return {};
}

bool readBytes(const fs::path& p, std::uint64_t offset, char* out, std::size_t n)
{
    std::ifstream in(p, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    return static_cast<bool>(in.read(out, static_cast<std::streamsize>(n)));
}

void checkShapefile(const fs::path& shp, const std::string& path)
{
    const fs::path shx = sidecar(shp, ".shx");
    if (shx.empty())
        throw Error(ErrorCode::Format, path + ": .shx index missing (needed to read features)");
    std::error_code ec;
    const auto shxSize = fs::file_size(shx, ec);
    if (ec || shxSize < 100 || (shxSize - 100) % 8 != 0)
        throw Error(ErrorCode::Format, path + ": " + shx.filename().string() + " is damaged (its size is not a whole number of records)");
    const std::uint64_t shapes = (shxSize - 100) / 8;
    const fs::path dbf = sidecar(shp, ".dbf");
    if (dbf.empty())
        return; // geometry-only shapefiles are legal
    unsigned char header[8];
    if (!readBytes(dbf, 0, reinterpret_cast<char*>(header), sizeof header))
        throw Error(ErrorCode::Format, path + ": " + dbf.filename().string() + " is too short to be a dBASE file");
    const std::uint64_t records = header[4] | (header[5] << 8) | (header[6] << 16) | (std::uint64_t(header[7]) << 24);
    if (records != shapes)
        throw Error(ErrorCode::Format, path + ": " + dbf.filename().string() + " has " + std::to_string(records)
                + " records but the shapefile has " + std::to_string(shapes)
                + " shapes (the .dbf and .shp do not belong together or one is truncated)");
}

} // namespace

std::string shapefileEncoding(const std::string& shpPath)
{
    const fs::path cpg = sidecar(shpPath, ".cpg");
    if (!cpg.empty()) {
        std::ifstream in(cpg);
        std::string text;
        std::getline(in, text);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
            text.pop_back();
        std::string upper = text;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (!upper.empty() && std::all_of(upper.begin(), upper.end(), [](unsigned char c) { return std::isdigit(c); }))
            return "CP" + upper; // "1256"
        if (upper.rfind("8859", 0) == 0 && upper.size() > 5)
            return "ISO-8859-" + upper.substr(5); // "8859_6", "8859-6"
        if (upper.rfind("ANSI ", 0) == 0)
            return "CP" + upper.substr(5);
        return text; // "UTF-8", "ISO-8859-6", "CP1256", ...
    }
    const fs::path dbf = sidecar(shpPath, ".dbf");
    unsigned char ldid = 0;
    if (!dbf.empty() && readBytes(dbf, 29, reinterpret_cast<char*>(&ldid), 1)) {
        switch (ldid) { // dBASE language driver ids (ESRI's table)
        case 0x01: return "CP437";
        case 0x02: return "CP850";
        case 0x03: return "CP1252";
        case 0x57: return "CP1252";
        case 0x64: return "CP852";
        case 0x65: return "CP866";
        case 0x7D: return "CP1255";
        case 0x7E: return "CP1256"; // Arabic (Windows)
        case 0xC8: return "CP1250";
        case 0xC9: return "CP1251";
        case 0xCA: return "CP1254";
        case 0xCB: return "CP1253";
        case 0xCC: return "CP1257";
        default: break;
        }
    }
    return "";
}

void checkSourceFile(const std::string& path)
{
    if (path.rfind("/vsi", 0) == 0 || (path.find(':') != std::string::npos && !fs::exists(path)))
        return; // GDAL virtual file systems and connection strings
    const fs::path p(path);
    std::error_code ec;
    if (!fs::exists(p, ec))
        throw Error(ErrorCode::Io, path + ": no such file or directory");
    if (fs::is_directory(p, ec))
        return; // a directory of shapefiles, a FileGDB
    const auto size = fs::file_size(p, ec);
    if (ec)
        throw Error(ErrorCode::Io, path + ": cannot read (" + ec.message() + ")");
    if (size == 0)
        throw Error(ErrorCode::Format, path + ": empty file (0 bytes)");

    const std::string ext = lowerExtension(p);
    if (ext == ".gpkg" || ext == ".sqlite" || ext == ".db" || ext == ".spatialite") {
        char magic[16] = {};
        if (size < 16 || !readBytes(p, 0, magic, 16) || std::string(magic, 16) != std::string("SQLite format 3\0", 16))
            throw Error(ErrorCode::Format, path + ": not a GeoPackage or SpatiaLite database (the file is not SQLite)");
    } else if (ext == ".shp") {
        checkShapefile(p, path);
    }
}

ShxChecker::ShxChecker(const std::string& shpPath)
{
    const fs::path shx = sidecar(shpPath, ".shx");
    std::error_code ec;
    const auto shxSize = shx.empty() ? 0 : fs::file_size(shx, ec);
    const auto shpSize = fs::file_size(shpPath, ec);
    if (shx.empty() || ec || shxSize < 100)
        return;
    m_shx.resize(shxSize);
    std::ifstream in(shx, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(m_shx.data()), static_cast<std::streamsize>(shxSize)))
        m_shx.clear();
    m_shp.open(shpPath, std::ios::binary);
    m_shpSize = shpSize;
}

std::string ShxChecker::problem(std::int64_t index)
{
    auto bigEndian = [](const unsigned char* p) {
        return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
    };
    const std::uint64_t entry = 100 + 8 * static_cast<std::uint64_t>(index);
    if (index < 0 || m_shx.empty() || entry + 8 > m_shx.size() || !m_shp)
        return "";
    // Offsets and lengths are in 16-bit words.
    const std::uint64_t offset = 2 * std::uint64_t(bigEndian(&m_shx[entry]));
    const std::uint64_t length = 2 * std::uint64_t(bigEndian(&m_shx[entry + 4]));
    const std::string where = ".shx entry " + std::to_string(index) + " points at byte " + std::to_string(offset);
    if (offset < 100)
        return where + ", inside the .shp header";
    if (offset + 8 + length > m_shpSize)
        return where + " (" + std::to_string(length) + " bytes), past the end of the .shp ("
            + std::to_string(m_shpSize) + " bytes)";
    unsigned char header[8];
    m_shp.clear();
    m_shp.seekg(static_cast<std::streamoff>(offset));
    if (!m_shp.read(reinterpret_cast<char*>(header), 8))
        return where + ", which cannot be read";
    if (bigEndian(header) != static_cast<std::uint64_t>(index) + 1)
        return where + ", where record " + std::to_string(index + 1) + " does not start (record number "
            + std::to_string(bigEndian(header)) + " there)";
    return "";
}

} // namespace gis::detail
