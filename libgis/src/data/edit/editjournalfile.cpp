// The edit journal's file: created exclusively and flocked by its session, appended to and fdatasync'ed, cut and
// resumed. The format and its parser are in editjournal.cpp.

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit/editjournal.h"
#include "gis/core/error.h"

namespace gis::detail {


std::unique_ptr<EditJournal> EditJournal::create(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorCode::Io, path + ": cannot create the edit journal: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        throw Error(ErrorCode::Io, path + ": cannot lock the edit journal: " + std::strerror(errno));
    }
    std::unique_ptr<EditJournal> j(new EditJournal(path, fd));
    j->writeAll(std::string(kJournalMagic, 8));
    // The new name must survive a crash too: fsync the folder once.
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return j;
}

std::unique_ptr<EditJournal> EditJournal::resume(const std::string& path, JournalContents* contents)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorCode::Io, path + ": cannot open the edit journal: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return nullptr;
    }
    std::unique_ptr<EditJournal> j(new EditJournal(path, fd));
    *contents = readJournalFile(path);
    if (contents->badMagic)
        throw Error(ErrorCode::Format, path + ": not an edit journal");
    if (contents->tornTail && (::ftruncate(fd, static_cast<off_t>(contents->validBytes)) != 0 || ::fdatasync(fd) != 0))
        throw Error(ErrorCode::Io, path + ": cannot drop the torn end of the edit journal: " + std::strerror(errno));
    if (::lseek(fd, 0, SEEK_END) < 0)
        throw Error(ErrorCode::Io, path + ": " + std::strerror(errno));
    return j;
}

EditJournal::~EditJournal()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void EditJournal::writeAll(const std::string& bytes, bool sync)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw Error(ErrorCode::Io, m_path + ": cannot write the edit journal: " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    if (sync && ::fdatasync(m_fd) != 0)
        throw Error(ErrorCode::Io, m_path + ": cannot flush the edit journal: " + std::strerror(errno));
}

void EditJournal::append(const JournalRecord& record, bool sync)
{
    const off_t end = ::lseek(m_fd, 0, SEEK_END);
    try {
        writeAll(frameRecord(record), sync);
    } catch (...) {
        // A half-written record would end the journal at the next read: cut it off now so later ones count.
        if (end >= 0 && ::ftruncate(m_fd, end) == 0)
            ::lseek(m_fd, 0, SEEK_END);
        throw;
    }
}

void EditJournal::truncate(std::size_t offset)
{
    if (::ftruncate(m_fd, static_cast<off_t>(offset)) != 0 || ::fdatasync(m_fd) != 0 || ::lseek(m_fd, 0, SEEK_END) < 0)
        throw Error(ErrorCode::Io, m_path + ": cannot cut the edit journal: " + std::strerror(errno));
}

void EditJournal::restart(const JournalRecord& header)
{
    if (::ftruncate(m_fd, 8) != 0 || ::lseek(m_fd, 0, SEEK_END) < 0)
        throw Error(ErrorCode::Io, m_path + ": cannot empty the edit journal: " + std::strerror(errno));
    append(header);
}

void EditJournal::remove() noexcept
{
    ::unlink(m_path.c_str());
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

JournalContents readJournalFile(const std::string& path)
{
    std::string bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        JournalContents c;
        c.badMagic = true;
        return c;
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return parseJournal(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

bool journalInUse(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    ::close(fd);
    return busy;
}

} // namespace gis::detail
