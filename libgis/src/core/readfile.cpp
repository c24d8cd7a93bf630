#include "gis/core/readfile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/core/error.h"

namespace gis {

namespace {

/// Owns a file descriptor from the moment open() returns it.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(Fd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd& operator=(Fd&&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

std::string describe(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISDIR(mode))
        return "a folder";
    return "not a regular file";
}

[[noreturn]] void notRegular(const std::string& path, mode_t mode, std::string_view what)
{
    throw Error(ErrorCode::Io, path + ": is " + describe(mode) + ", not a file; a " + std::string(what)
            + " must be a regular file");
}

std::string mib(std::size_t bytes)
{
    if (bytes % (std::size_t{1} << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

/// Opens `path` for reading without blocking and checks that it is a regular file. The path is looked at
/// with stat() first so that a device or FIFO is never opened at all (opening some devices has effects);
/// fstat() on the descriptor then decides, as the path may have changed in between.
Fd openRegular(const std::string& path, std::string_view what)
{
    if (path.find('\0') != std::string::npos)
        throw Error(ErrorCode::Io, "a " + std::string(what) + " path holds a NUL character");
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(ErrorCode::Io, path + ": cannot read the " + std::string(what) + " (" + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        notRegular(path, st.st_mode, what);
    Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        throw Error(ErrorCode::Io, path + ": cannot read the " + std::string(what) + " (" + std::strerror(errno) + ")");
    if (::fstat(fd.get(), &st) != 0)
        throw Error(ErrorCode::Io, path + ": cannot read the " + std::string(what) + " (" + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        notRegular(path, st.st_mode, what);
    return fd;
}

/// Reads until end of file or `limit` bytes. Regular files never return EAGAIN; EINTR is retried.
std::string readUpTo(const Fd& fd, std::size_t limit, const std::string& path, std::string_view what)
{
    std::string out;
    char buffer[65536];
    while (out.size() < limit) {
        const std::size_t want = std::min(sizeof buffer, limit - out.size());
        const ssize_t n = ::read(fd.get(), buffer, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw Error(ErrorCode::Io, path + ": cannot read the " + std::string(what) + " (" + std::strerror(errno) + ")");
        }
        if (n == 0)
            break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace

std::string readSmallFile(const std::string& path, std::size_t maxBytes, std::string_view what)
{
    const Fd fd = openRegular(path, what);
    auto tooLarge = [&] {
        return Error(ErrorCode::Format, path + ": too large for a " + std::string(what) + " (the limit is "
                + mib(maxBytes) + ")");
    };
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && static_cast<std::size_t>(st.st_size) > maxBytes)
        throw tooLarge();
    // One byte more than allowed tells a file that grew since fstat (or a /proc file whose size is 0).
    std::string bytes = readUpTo(fd, maxBytes + 1, path, what);
    if (bytes.size() > maxBytes)
        throw tooLarge();
    return bytes;
}

std::string readFileHead(const std::string& path, std::size_t n, std::string_view what)
{
    const Fd fd = openRegular(path, what);
    return readUpTo(fd, n, path, what);
}

} // namespace gis
