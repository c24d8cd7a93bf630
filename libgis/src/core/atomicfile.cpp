// Replacing files atomically: a private staging folder beside the target, fsync, rename, fsync the folder.

#include "gis/core/atomicfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "journal.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

std::string errnoText(int err) { return std::strerror(err); }

[[noreturn]] void fail(const std::string& path, const std::string& what, int err)
{
    throw Error(ErrorCode::Io, path + ": " + what + " (" + errnoText(err) + ")");
}

int currentUmask()
{
    const mode_t old = ::umask(0);
    ::umask(old);
    return static_cast<int>(old);
}

/// Resolves what a write to `path` replaces: the final target of a symlink chain (which may not exist yet).
std::string resolveTarget(const std::string& path)
{
    if (path.empty())
        throw Error(ErrorCode::Argument, "empty output path");
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (ec)
        fail(path, "cannot resolve the path", ec.value());
    // Follow symlinks at the final component deliberately (at most 40, as the kernel does).
    for (int hops = 0; fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
        if (hops == 40)
            throw Error(ErrorCode::Io, path + ": too many levels of symbolic links");
        const fs::path link = fs::read_symlink(p, ec);
        if (ec)
            fail(path, "cannot read the symbolic link", ec.value());
        p = link.is_absolute() ? link : p.parent_path() / link;
    }
    const fs::path folder = fs::weakly_canonical(p.parent_path(), ec);
    return ((ec ? p.parent_path() : folder) / p.filename()).string();
}

} // namespace

namespace detail {

void syncFolder(const std::string& folder) noexcept
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd); // a file system that cannot sync folders refuses; the rename stands all the same
    ::close(fd);
}

bool isStagingFor(const std::string& entry, const std::string& targetName)
{
    const std::string prefix = "." + targetName + std::string(kAtomicStagingInfix);
    return entry.size() == prefix.size() + 6 && entry.compare(0, prefix.size(), prefix) == 0;
}

} // namespace detail

AtomicFile::AtomicFile(const std::string& path) : m_path(path), m_target(resolveTarget(path))
{
    const fs::path target(m_target);
    const std::string folder = target.parent_path().string();
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(ErrorCode::Io, path + ": the folder " + folder + " does not exist");
    struct stat named {};
    if ((::lstat(m_target.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        || (::stat(path.c_str(), &named) == 0 && !S_ISREG(named.st_mode)))
        throw Error(ErrorCode::Io, path + ": not a regular file (a folder, device, pipe or socket is never replaced)");

    recoverInterruptedWrites(m_target);

    // Another writer of the same file, starting at this moment, cleans up staging folders nobody holds: between
    // mkdtemp and flock ours is one of those, and it may vanish under us. Once locked and still at its name, it is
    // ours; otherwise make another (a few tries: each loss needs a rival starting in that instant).
    int err = 0;
    for (int attempt = 0; attempt < 16 && m_stage.empty(); ++attempt) {
        std::string pattern = (target.parent_path() / ("." + target.filename().string())).string();
        pattern += kAtomicStagingInfix;
        pattern += "XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            err = errno;
            if (err == EACCES || err == EROFS || err == EPERM)
                fail(path, "the folder " + folder + " is not writable", err);
            fail(path, "cannot create a temporary file in " + folder, err);
        }
        const int fd = ::open(pattern.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        struct stat held {}, named {};
        const bool ours = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &held) == 0
            && ::lstat(pattern.c_str(), &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino;
        err = errno;
        if (ours) {
            m_stage = pattern;
            m_stageFd = fd;
        } else if (fd >= 0) {
            ::close(fd);
        }
    }
    if (m_stage.empty())
        fail(path, "cannot lock the temporary folder", err);
    m_temp = m_stage + "/" + target.filename().string();
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        err = errno;
        discard();
        fail(path, "cannot create a temporary file", err);
    }
}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : m_path(std::move(o.m_path)), m_target(std::move(o.m_target)), m_stage(std::move(o.m_stage)),
      m_temp(std::move(o.m_temp)), m_fd(o.m_fd), m_stageFd(o.m_stageFd), m_committed(o.m_committed)
{
    o.m_fd = -1;
    o.m_stageFd = -1;
    o.m_stage.clear();
    o.m_committed = true;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::write(const void* data, std::size_t size)
{
    if (m_fd < 0)
        throw Error(ErrorCode::Io, m_path + ": the file is no longer open for writing");
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail(m_path, "write failed", n < 0 ? errno : ENOSPC);
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::close()
{
    if (m_fd < 0)
        return;
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail(m_path, "write failed", errno);
}

void AtomicFile::prepareCommit()
{
    if (m_committed || m_stage.empty())
        throw Error(ErrorCode::Io, m_path + ": already committed or discarded");
    close();
    // The writer may have replaced the file by path: open what is there now, never a symlink.
    const int fd = ::open(m_temp.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        fail(m_path, "the new file is missing", errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorCode::Io, m_path + ": the new file is not a regular file");
    }
    mode_t mode = static_cast<mode_t>(0666 & ~currentUmask());
    struct stat old {};
    const bool existed = ::stat(m_target.c_str(), &old) == 0;
    if (existed) {
        mode = old.st_mode & 07777;
        // Keep the owner and group where we may (root, or our own group); a failure keeps ours, as cp does.
        if (old.st_uid != st.st_uid || old.st_gid != st.st_gid)
            if (::fchown(fd, old.st_uid, old.st_gid) != 0)
                mode &= ~static_cast<mode_t>(06000);
    }
    if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(m_path, "cannot make the new file durable", err);
    }
    ::close(fd);
}

void AtomicFile::finishCommit()
{
    m_committed = true;
    detail::syncFolder(fs::path(m_target).parent_path().string());
    discard();
}

void AtomicFile::commit()
{
    prepareCommit();
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
        fail(m_path, "cannot replace the file", errno);
    finishCommit();
}

void AtomicFile::discard() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_stage.empty()) {
        std::error_code ec;
        fs::remove_all(m_stage, ec); // never follows symlinks inside
        m_stage.clear();
    }
    if (m_stageFd >= 0) {
        ::close(m_stageFd);
        m_stageFd = -1;
    }
}

void writeFileAtomically(const std::string& path, std::string_view content)
{
    AtomicFile file(path);
    file.write(content);
    file.commit();
}

void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write)
{
    AtomicFile file(path);
    write(file.tempPath());
    struct stat st {};
    if (::lstat(file.tempPath().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
        throw Error(ErrorCode::Io, path + ": the writer produced no file");
    file.commit();
}

bool sameFile(const std::string& a, const std::string& b)
{
    struct stat sa {}, sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev
        && sa.st_ino == sb.st_ino;
}

} // namespace gis
