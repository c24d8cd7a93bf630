#include "gis/core/pathguard.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <sys/stat.h>

#include "gis/core/readfile.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// Why `value`, as a document spells it, is not a plain local path, or "". GDAL recognises its virtual file
/// systems by a "/vsi..." prefix and drivers by "NAME:" prefixes; a document's own spelling is held to more
/// than that: no component may start with "vsi" (so "../../vsicurl?url=..." is refused however many ".."
/// it takes) and no ":" may appear, at the price of refusing the odd real file named so (the message says why).
std::string notPlainLocal(const std::string& value)
{
    if (value.find("://") != std::string::npos)
        return "is a URL";
    if (value.find('\0') != std::string::npos)
        return "holds a NUL character";
    for (const auto& part : fs::path(value)) {
        if (lower(part.string()).rfind("vsi", 0) == 0)
            return "is a GDAL virtual file system path (a component \"" + part.string()
                + "\" starts with \"vsi\", as /vsicurl/, /vsizip/ and /vsisubfile/ do)";
    }
    if (value.find(':') != std::string::npos)
        return "is a connection string or driver prefix (it holds a \":\", as \"PG:dbname=...\" does)";
    return "";
}

/// The same for the normalised, absolute path GDAL will be given: only its start can make GDAL take it for
/// anything but a file ("/vsicurl?url=..." after "../.." were applied). Its other components come from the
/// user's own folders ("/home/vsingh"), which the document does not choose.
std::string notPlainLocalAbsolute(const fs::path& path)
{
    auto it = path.begin();
    if (it != path.end() && it->string() == "/")
        ++it;
    if (it == path.end())
        return "";
    const std::string first = it->string();
    if (lower(first).rfind("vsi", 0) == 0)
        return "is a GDAL virtual file system path";
    if (first.find(':') != std::string::npos)
        return "starts with a driver prefix (\"" + first + "\")";
    return "";
}

fs::path normalised(const fs::path& p)
{
    std::error_code ec;
    fs::path out = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (ec)
        out = fs::absolute(p, ec).lexically_normal();
    return out;
}

bool inside(const fs::path& path, const fs::path& folder)
{
    fs::path f = folder;
    if (!f.empty() && !f.has_filename())
        f = f.parent_path(); // "/data/" → "/data"
    const auto m = std::mismatch(f.begin(), f.end(), path.begin(), path.end());
    return m.first == f.end();
}

bool insideAny(const fs::path& path, const std::vector<std::string>& folders)
{
    return std::any_of(folders.begin(), folders.end(), [&](const std::string& f) { return !f.empty() && inside(path, normalised(f)); });
}

/// Files that name other files or URLs for GDAL to open: VRTs and service descriptions.
bool isPointerFile(const fs::path& path)
{
    const std::string ext = lower(path.extension().string());
    if (ext == ".vrt")
        return true;
    std::string head;
    try {
        head = readFileHead(path.string(), 4096, "file");
    } catch (const Error&) {
        return false; // unreadable: GDAL cannot follow it either, and the caller reports the failure when opening
    }
    for (const char* tag : {"<VRTDataset", "<OGRVRTDataSource", "<GDAL_WMS", "<GDAL_WCS", "<OGRWFSDataSource"})
        if (head.find(tag) != std::string::npos)
            return true;
    return false;
}

std::string withHow(const std::string& message, const PathRules& rules, const std::string& folder)
{
    if (rules.howToAllow.empty())
        return message;
    std::string how = rules.howToAllow;
    for (auto at = how.find("{folder}"); at != std::string::npos; at = how.find("{folder}", at + folder.size()))
        how.replace(at, 8, folder);
    return message + "; " + how;
}

} // namespace

PathRefusedError::PathRefusedError(std::vector<PathRefusal> refusals)
    : Error(ErrorCode::Argument, [&] {
          std::string m;
          for (const auto& r : refusals)
              m += (m.empty() ? "" : "\n") + r.where + ": \"" + r.value + "\" " + r.reason;
          return m;
      }()),
      m_refusals(std::move(refusals))
{
}

bool isInsideFolder(const std::string& path, const std::string& folder)
{
    return inside(normalised(path), normalised(folder));
}

std::vector<PathRefusal> checkDocumentPath(const std::string& value, const std::string& where, const PathRules& rules,
    std::string* resolvedOut)
{
    auto refuse = [&](ErrorCode code, const std::string& why) {
        throw Error(code, where + ": \"" + value + "\" " + why);
    };
    if (value.empty())
        refuse(ErrorCode::Argument, "is empty; give a " + rules.what + " path");
    if (const std::string why = notPlainLocal(value); !why.empty())
        refuse(ErrorCode::Argument, why + "; a " + rules.document + " may only name local files");
    const fs::path raw(value);
    const fs::path path = normalised(raw.is_absolute() || rules.baseDir.empty() ? raw : fs::path(rules.baseDir) / raw);
    if (resolvedOut)
        *resolvedOut = path.string();
    // A link may lead where its name does not: check again what it resolved to.
    if (const std::string why = notPlainLocalAbsolute(path); !why.empty())
        refuse(ErrorCode::Argument, "leads to " + path.string() + ", which " + why);

    // The kind of file first (stat opens nothing): a FIFO or device is refused whoever trusts its folder.
    struct stat st {};
    const bool exists = ::lstat(path.c_str(), &st) == 0;
    if (exists && ::stat(path.c_str(), &st) != 0)
        refuse(ErrorCode::Io, "is a link to nothing (" + path.string() + ")");
    if (exists && !S_ISREG(st.st_mode))
        refuse(ErrorCode::Io, std::string("is ")
                + (S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                        : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)      ? "a device"
                                                                          : "not a regular file")
                + "; a " + rules.what + " must be a regular file");

    const bool trusted = insideAny(path, rules.trustedFolders);
    if (!trusted && !insideAny(path, rules.allowedFolders)) {
        const fs::path lexical = fs::absolute(raw.is_absolute() || rules.baseDir.empty() ? raw : fs::path(rules.baseDir) / raw).lexically_normal();
        const std::string base = rules.allowedFolders.empty() ? std::string() : normalised(rules.allowedFolders.front()).string();
        const std::string reason = (lexical == path ? std::string("is outside ") : "leads to " + path.string() + ", outside ")
            + (base.empty() ? std::string("the allowed folders") : "the " + rules.document + "'s folder " + base);
        return {PathRefusal{where, value, path.string(), path.parent_path().string(), withHow(reason, rules, path.parent_path().string())}};
    }
    if (!exists) {
        if (rules.mayBeMissing)
            return {};
        throw Error(ErrorCode::Io, where + ": \"" + value + "\": " + rules.what + " not found (" + path.string() + ")");
    }
    if (rules.refuseVrt && !trusted && isPointerFile(path))
        return {PathRefusal{where, value, path.string(), path.parent_path().string(),
            withHow("is a GDAL VRT (or service description), which may name any file or URL: one is read only from a "
                    "folder you trust",
                rules, path.parent_path().string())}};
    return {};
}

std::string resolveDocumentPath(const std::string& value, const std::string& where, const PathRules& rules)
{
    std::string resolved;
    auto refusals = checkDocumentPath(value, where, rules, &resolved);
    if (!refusals.empty())
        throw PathRefusedError(std::move(refusals));
    return resolved;
}

} // namespace gis
