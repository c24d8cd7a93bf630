#pragma once

// The one way libgis writes a file: a new version is written beside the target and swapped in whole.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Replaces (or creates) one file atomically, so that the target is at every moment either its old contents or the
/// whole new file — after an error, a full disk, a cancel or a SIGKILL.
///
/// How: the constructor resolves the target (a symlink at `path` is followed deliberately: the file it points to is
/// replaced and the link stays), refuses anything that is not a regular file (a folder, FIFO, device such as
/// /dev/stdout) and a missing folder, and creates a private staging folder beside the target with an unpredictable
/// name (`.NAME.gis-tmp-XXXXXX`, mode 0700, made with mkdtemp, so a planted symlink or file of that name is never
/// followed). The new contents go to `tempPath()` inside it, either through write() (every short write, EINTR and
/// ENOSPC checked) or by a library that writes by path (GDAL, Qt). commit() fsyncs the file, gives it the target's
/// permissions and ownership (0666 & ~umask for a new file), renames it over the target, fsyncs the folder and
/// removes the staging folder. Without commit() the destructor removes the staging folder and the target is
/// untouched.
///
/// A staging folder left by a killed process is removed by the next AtomicFile of the same target (each live one
/// holds an flock on its folder, so a concurrent writer's is never touched).
///
/// One object per writer; not thread-safe, but any number of AtomicFiles (also of one target) may run at once: the
/// last commit wins and each commit is whole. Throws Error(Io) naming the path.
class AtomicFile {
public:
    explicit AtomicFile(const std::string& path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;

    /// The file to fill. It exists (empty) until write() or a path-based writer fills it; a path-based writer may
    /// also delete and recreate it (its folder is private).
    const std::string& tempPath() const { return m_temp; }
    /// The file that commit() replaces: `path` with a symlink resolved, absolute.
    const std::string& targetPath() const { return m_target; }
    /// The path as the caller gave it (used in messages).
    const std::string& path() const { return m_path; }

    /// Appends bytes to tempPath(); throws Error(Io) naming path() on any failure (disk full, quota, I/O error).
    void write(const void* data, std::size_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }

    /// Ends write(): closes the file (its descriptor is freed, so large sets stay within the process's limit).
    /// Throws Error(Io) when the close reports a failed write. commit() closes too.
    void close();

    /// Swaps the new file in (see the class comment). Throws Error(Io) naming path(); the target is then intact.
    void commit();
    /// Gives up: removes the staging folder; the target is untouched. Never throws. Called by the destructor.
    void discard() noexcept;

    bool committed() const { return m_committed; }

private:
    friend class AtomicFileSet;
    void prepareCommit();   // fsync, permissions; throws
    void finishCommit();    // after rename: fsync folder, remove staging; never throws

    std::string m_path;
    std::string m_target;
    std::string m_stage;    // staging folder
    std::string m_temp;     // m_stage + "/" + target's file name
    int m_fd = -1;          // tempPath, open for write()
    int m_stageFd = -1;     // staging folder, flocked while alive
    bool m_committed = false;
};

/// Writes `content` to `path` through an AtomicFile. Throws Error(Io) naming the path.
void writeFileAtomically(const std::string& path, std::string_view content);

/// For writers that write by path: runs `write(tempPath)` and commits when it returns normally. When `write` throws,
/// the target is untouched and the exception propagates. Afterwards the file must exist and be non-empty, else
/// Error(Io) "PATH: the writer produced no file".
void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);

/// Several files replaced all-or-nothing (a Shapefile's .shp/.shx/.dbf/.prj/.cpg, an atlas's PNG pages). Each file
/// is an AtomicFile; commit() first makes every new file durable, then writes a journal in the first file's staging
/// folder, renames the old versions aside into their staging folders, renames the new ones in, and only then drops
/// the journal. An error rolls every rename back. When a process is killed in the middle, the next AtomicFile or
/// recoverInterruptedWrites() of any of the files rolls the set back to the old versions.
class AtomicFileSet {
public:
    AtomicFileSet() = default;
    ~AtomicFileSet();
    AtomicFileSet(const AtomicFileSet&) = delete;
    AtomicFileSet& operator=(const AtomicFileSet&) = delete;

    /// Adds a member; the reference stays valid until the set is destroyed. Throws as AtomicFile does, or
    /// Error(Argument) when two members resolve to the same target.
    AtomicFile& add(const std::string& path);
    std::size_t size() const { return m_files.size(); }
    AtomicFile& operator[](std::size_t i) { return *m_files[i]; }

    /// Swaps every member in, or none. Throws Error(Io) naming the file that failed.
    void commit();
    void discard() noexcept;

private:
    std::vector<std::unique_ptr<AtomicFile>> m_files;
    bool m_committed = false;
};

/// Rolls back a multi-file replacement that a killed process left half done, and removes staging folders whose
/// writer is gone, for the target `path` (and, for a set, every file of its journal). Cheap when there is nothing to
/// do; never throws. Readers call it before opening a file.
void recoverInterruptedWrites(const std::string& path) noexcept;

/// The staging-folder pattern, for documentation and tests: ".NAME.gis-tmp-XXXXXX".
constexpr std::string_view kAtomicStagingInfix = ".gis-tmp-";

/// Whether `a` and `b` name the same existing file (same device and inode, symlinks followed). False when either is
/// missing.
bool sameFile(const std::string& a, const std::string& b);

} // namespace gis

GIS_API_END
