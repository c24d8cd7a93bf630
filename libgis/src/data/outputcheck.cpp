#include "gis/data/outputcheck.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "gis/core/atomicfile.h"
#include "gis/data/postgis.h"
#include "gis/core/error.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// The files that belong together with `path`: itself and the sidecars its format keeps beside it. Both the
/// lower- and upper-case spelling of a sidecar are listed (Shapefiles from Windows tools use .SHP/.DBF).
} // namespace

std::vector<std::string> fileSetOf(const std::string& path)
{
    std::vector<std::string> files{path};
    const fs::path p(path);
    const std::string ext = lower(p.extension().string());
    auto withExtensions = [&](std::initializer_list<const char*> exts) {
        for (const char* e : exts) {
            fs::path sibling = p;
            files.push_back(sibling.replace_extension(e).string());
            std::string upper = e;
            for (auto& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            files.push_back(sibling.replace_extension(upper).string());
        }
    };
    // A GeoPackage named x.gpkg-wal is not a GeoPackage: strip the suffix so "-o x.gpkg-wal" meets x.gpkg.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const std::string s = suffix;
        if (path.size() > s.size() && lower(path.substr(path.size() - s.size())) == s) {
            const std::string base = path.substr(0, path.size() - s.size());
            files.push_back(base);
            for (const char* other : {"-wal", "-shm", "-journal"})
                files.push_back(base + other);
            return files;
        }
    }
    if (ext == ".gpkg" || ext == ".sqlite" || ext == ".db") {
        for (const char* suffix : {"-wal", "-shm", "-journal"})
            files.push_back(path + suffix);
    } else if (ext == ".shp" || ext == ".shx" || ext == ".dbf" || ext == ".prj" || ext == ".cpg") {
        withExtensions({".shp", ".shx", ".dbf", ".prj", ".cpg"});
    } else if (ext == ".csv" || ext == ".csvt") {
        withExtensions({".csv", ".csvt", ".prj"});
    } else if (ext == ".gml" || ext == ".xsd") {
        withExtensions({".gml", ".xsd"});
    }
    return files;
}

std::string inputWrittenBy(const std::string& output, const std::vector<std::string>& inputs)
{
    const std::vector<std::string> written = fileSetOf(output);
    for (const std::string& input : inputs) {
        if (input.empty() || pg::isPostgresSource(input)) // a database is no file an output could replace
            continue;
        const std::vector<std::string> read = fileSetOf(input);
        for (const std::string& w : written)
            for (const std::string& r : read)
                if (sameFile(w, r))
                    return input;
    }
    return {};
}

void checkOutputIsNotAnInput(const std::string& output, const std::vector<std::string>& inputs)
{
    const std::string input = inputWrittenBy(output, inputs);
    if (input.empty())
        return;
    std::string how = input;
    if (!sameFile(output, input))
        how += ", whose files it would replace";
    else if (output != input)
        how += ", the same file under another name";
    throw Error(ErrorCode::Argument, output + " is an input of this command (" + how + "); choose another output");
}

} // namespace gis
