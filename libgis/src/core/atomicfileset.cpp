// Several files replaced all-or-nothing, and the recovery of a set that a killed process left half swapped.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "journal.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

/// One member of a set as the journal records it.
struct JournalEntry {
    std::string target;
    std::string temp;  // the new file inside the staging folder
    std::string stage; // the staging folder
};

// Fields are written length-prefixed ("<n>:<bytes>"), so any byte of a path survives.
std::string encodeJournal(const std::vector<JournalEntry>& entries)
{
    std::string out;
    for (const auto& e : entries)
        for (const std::string* f : {&e.target, &e.temp, &e.stage})
            out += std::to_string(f->size()) + ":" + *f;
    return out;
}

bool decodeJournal(const std::string& text, std::vector<JournalEntry>& entries)
{
    std::size_t pos = 0;
    auto field = [&](std::string& out) {
        const std::size_t colon = text.find(':', pos);
        if (colon == std::string::npos || colon == pos || colon - pos > 9)
            return false;
        std::size_t n = 0;
        for (std::size_t i = pos; i < colon; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            n = n * 10 + static_cast<std::size_t>(text[i] - '0');
        }
        if (n > text.size() - colon - 1)
            return false;
        out = text.substr(colon + 1, n);
        pos = colon + 1 + n;
        return true;
    };
    while (pos < text.size()) {
        JournalEntry e;
        if (!field(e.target) || !field(e.temp) || !field(e.stage))
            return false;
        entries.push_back(std::move(e));
    }
    return !entries.empty();
}

bool exists(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

/// Puts every member back as it was before the set's commit began: old versions renamed back, new files that
/// had no old version removed. Never throws.
void rollBack(const std::vector<JournalEntry>& entries) noexcept
{
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        const std::string old = it->stage + "/" + detail::kOldName;
        if (exists(old))
            ::rename(old.c_str(), it->target.c_str());
        else if (!exists(it->temp) && exists(it->stage))
            ::unlink(it->target.c_str()); // the new file was moved in where there was none
    }
    for (const auto& e : entries)
        detail::syncFolder(fs::path(e.target).parent_path().string());
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A stale staging folder (its writer is gone): rolls its set back if it holds a journal, then removes it and
/// the other staging folders of the set.
void recoverStage(const std::string& stage) noexcept
{
    const int fd = ::open(stage.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) { // a live writer holds it
        ::close(fd);
        return;
    }
    std::vector<JournalEntry> entries;
    const std::string journal = stage + "/" + detail::kJournalName;
    std::vector<int> locks;
    bool ok = true;
    // The first member's journal is the set's commit point: while it exists the set rolls back; once it is gone
    // every rename was done and the copies in the other folders only say which folders to clean.
    if (exists(journal) && decodeJournal(readAll(journal), entries)
        && exists(entries.front().stage + "/" + detail::kJournalName)) {
        for (const auto& e : entries) { // every folder of the set must be stale too
            if (e.stage == stage)
                continue;
            const int other = ::open(e.stage.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (other >= 0 && ::flock(other, LOCK_EX | LOCK_NB) != 0)
                ok = false;
            if (other >= 0)
                locks.push_back(other);
        }
        if (ok)
            rollBack(entries);
    }
    if (ok) {
        std::error_code ec;
        for (const auto& e : entries)
            fs::remove_all(e.stage, ec);
        fs::remove_all(stage, ec);
    }
    for (int l : locks)
        ::close(l);
    ::close(fd);
}

} // namespace

void recoverInterruptedWrites(const std::string& path) noexcept
{
    try {
        const fs::path p = fs::absolute(path);
        const std::string name = p.filename().string();
        const std::string folder = p.parent_path().string();
        DIR* dir = ::opendir(folder.c_str());
        if (!dir)
            return;
        std::vector<std::string> stale;
        while (const dirent* d = ::readdir(dir))
            if (detail::isStagingFor(d->d_name, name))
                stale.push_back(folder + "/" + d->d_name);
        ::closedir(dir);
        for (const auto& s : stale)
            recoverStage(s);
    } catch (...) { // best effort: a reader must still open its file
    }
}

AtomicFileSet::~AtomicFileSet() { discard(); }

AtomicFile& AtomicFileSet::add(const std::string& path)
{
    auto file = std::make_unique<AtomicFile>(path);
    for (const auto& f : m_files)
        if (f->targetPath() == file->targetPath())
            throw Error(ErrorCode::Argument, path + ": named twice in one output");
    m_files.push_back(std::move(file));
    return *m_files.back();
}

void AtomicFileSet::commit()
{
    if (m_committed)
        throw Error(ErrorCode::Io, "output set already committed");
    for (auto& f : m_files)
        f->prepareCommit();
    std::vector<JournalEntry> entries;
    for (const auto& f : m_files)
        entries.push_back({f->m_target, f->m_temp, f->m_stage});
    const std::string journal = encodeJournal(entries);
    // The copies first, the first member's (the commit point) last.
    for (std::size_t i = entries.size(); i-- > 0;) {
        const auto& e = entries[i];
        const std::string path = e.stage + "/" + detail::kJournalName;
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        bool ok = fd >= 0 && ::write(fd, journal.data(), journal.size()) == static_cast<ssize_t>(journal.size())
            && ::fsync(fd) == 0;
        const int err = errno;
        if (fd >= 0)
            ok = ::close(fd) == 0 && ok;
        if (!ok)
            throw Error(ErrorCode::Io, e.target + ": cannot write the replacement journal (" + std::strerror(err) + ")");
        detail::syncFolder(e.stage);
    }
    std::size_t done = 0;
    try {
        for (; done < entries.size(); ++done) {
            const auto& e = entries[done];
            const std::string old = e.stage + "/" + detail::kOldName;
            if (exists(e.target) && ::rename(e.target.c_str(), old.c_str()) != 0)
                throw Error(ErrorCode::Io, e.target + ": cannot move the old file aside (" + std::strerror(errno) + ")");
            if (::rename(e.temp.c_str(), e.target.c_str()) != 0)
                throw Error(ErrorCode::Io, e.target + ": cannot replace the file (" + std::strerror(errno) + ")");
        }
    } catch (...) {
        rollBack(std::vector<JournalEntry>(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(done) + 1));
        for (const auto& e : entries)
            ::unlink((e.stage + "/" + detail::kJournalName).c_str());
        throw;
    }
    for (const auto& e : entries)
        detail::syncFolder(fs::path(e.target).parent_path().string());
    // Removing the first journal is the commit point: from here on the new set stands.
    ::unlink((entries.front().stage + "/" + detail::kJournalName).c_str());
    detail::syncFolder(entries.front().stage);
    for (const auto& e : entries)
        ::unlink((e.stage + "/" + detail::kJournalName).c_str());
    for (auto& f : m_files)
        f->finishCommit();
    m_committed = true;
}

void AtomicFileSet::discard() noexcept
{
    for (auto& f : m_files)
        f->discard();
}

} // namespace gis
