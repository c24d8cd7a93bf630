// AtomicFile / AtomicFileSet: the target is always the old file or the whole new one — after errors, a full disk
// (RLIMIT_FSIZE), planted symlinks, concurrent writers and SIGKILL at random moments (forked children).

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"

using namespace gis;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

/// Entries of `dir` whose name contains the staging infix.
int stagingCount(const std::string& dir)
{
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().find(kAtomicStagingInfix) != std::string::npos;
    return n;
}

mode_t modeOf(const std::string& path)
{
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 07777;
}

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private slots:
    void createsAndReplaces()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("out.txt").toStdString();
        writeFileAtomically(path, "one");
        QCOMPARE(slurp(path), std::string("one"));
        writeFileAtomically(path, "two, longer");
        QCOMPARE(slurp(path), std::string("two, longer"));
        QCOMPARE(stagingCount(tmp.path().toStdString()), 0);
    }

    void uncommittedLeavesTargetAndNoTemporary()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("keep.txt").toStdString();
        spit(path, "old");
        {
            AtomicFile f(path);
            f.write("new but abandoned");
        }
        QCOMPARE(slurp(path), std::string("old"));
        QCOMPARE(stagingCount(tmp.path().toStdString()), 0);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeAtomically(path, [](const std::string&) {
            throw std::runtime_error("writer failed");
        }));
        QCOMPARE(slurp(path), std::string("old"));
        QCOMPARE(stagingCount(tmp.path().toStdString()), 0);
    }

    void keepsPermissions()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("secret.txt").toStdString();
        spit(path, "old");
        ::chmod(path.c_str(), 0640);
        writeFileAtomically(path, "new");
        QCOMPARE(modeOf(path), mode_t(0640));
        const std::string fresh = tmp.filePath("fresh.txt").toStdString();
        const mode_t old = ::umask(022);
        writeFileAtomically(fresh, "x");
        ::umask(old);
        QCOMPARE(modeOf(fresh), mode_t(0644));
    }

    void followsTargetSymlinkDeliberately()
    {
        QTemporaryDir tmp;
        const std::string real = tmp.filePath("real.txt").toStdString();
        const std::string link = tmp.filePath("link.txt").toStdString();
        spit(real, "old");
        fs::create_symlink("real.txt", link);
        writeFileAtomically(link, "new");
        QVERIFY(fs::is_symlink(link));
        QCOMPARE(slurp(real), std::string("new"));
    }

    void plantedNamesAreNeverFollowed()
    {
        // Old predictable names (".map.png.tmp.png", ".NAME.tmp-PID") planted as symlinks to a victim file.
        QTemporaryDir tmp;
        const std::string victim = tmp.filePath("victim.txt").toStdString();
        spit(victim, "precious");
        const std::string path = tmp.filePath("map.png").toStdString();
        for (const std::string& name : std::vector<std::string>{".map.png.tmp.png", ".map.png.tmp-" + std::to_string(::getpid()),
                 ".map.png.gis-tmp-XXXXXX", ".map.png.gis-tmp-aaaaaa"})
            fs::create_symlink(victim, tmp.filePath(QString::fromStdString(name)).toStdString());
        writeFileAtomically(path, "map");
        QCOMPARE(slurp(victim), std::string("precious"));
        QCOMPARE(slurp(path), std::string("map"));
        QVERIFY(!fs::is_symlink(path));
    }

    void refusesWhatIsNotARegularFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("device") << "/dev/null" << "not a regular file";
        QTest::newRow("stdout") << "/dev/stdout" << "not a regular file";
        QTest::newRow("folder") << "@dir" << "not a regular file";
        QTest::newRow("fifo") << "@fifo" << "not a regular file";
        QTest::newRow("missing folder") << "@missing/out.txt" << "does not exist";
    }
    void refusesWhatIsNotARegularFile()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        ::mkfifo(tmp.filePath("fifo").toLocal8Bit().constData(), 0600);
        QDir(tmp.path()).mkdir("dir");
        path.replace("@", tmp.path() + "/");
        try {
            AtomicFile f(path.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message) && QString(e.what()).contains(path), e.what());
        }
    }

    void readOnlyFolderIsAClearError()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("out.txt").toStdString();
        spit(path, "old");
        ::chmod(path.c_str(), 0644);
        ::chmod(tmp.path().toLocal8Bit().constData(), 0555);
        // In a child that is not root (root ignores folder permissions): the write must fail, naming the folder.
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (::geteuid() == 0 && ::setuid(65534) != 0)
                ::_exit(5);
            try {
                writeFileAtomically(path, "new");
                ::_exit(0);
            } catch (const Error& e) {
                ::_exit(std::string(e.what()).find("is not writable") != std::string::npos ? 3 : 4);
            }
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::chmod(tmp.path().toLocal8Bit().constData(), 0700);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 3);
        QCOMPARE(slurp(path), std::string("old"));
    }

    void fullDiskIsAnErrorAndKeepsTheOldFile()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("big.bin").toStdString();
        spit(path, "old contents");
        // In a child: RLIMIT_FSIZE makes write() fail with EFBIG as a full disk fails with ENOSPC.
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit lim {4096, 4096};
            ::setrlimit(RLIMIT_FSIZE, &lim);
            try {
                writeFileAtomically(path, std::string(100000, 'x'));
                ::_exit(0); // success would be the bug
            } catch (const Error& e) {
                ::_exit(std::string(e.what()).find("big.bin: write failed") != std::string::npos ? 3 : 4);
            }
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 3);
        QCOMPARE(slurp(path), std::string("old contents"));
        QCOMPARE(stagingCount(tmp.path().toStdString()), 0);
    }

    void staleStagingIsCleanedButALiveOneIsNot()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("out.txt").toStdString();
        const std::string stale = tmp.filePath(".out.txt.gis-tmp-abcdef").toStdString();
        const std::string live = tmp.filePath(".out.txt.gis-tmp-ghijkl").toStdString();
        fs::create_directory(stale);
        spit(stale + "/out.txt", "half");
        fs::create_directory(live);
        const int fd = ::open(live.c_str(), O_RDONLY | O_DIRECTORY);
        QVERIFY(::flock(fd, LOCK_EX) == 0);
        writeFileAtomically(path, "whole");
        QVERIFY(!fs::exists(stale));
        QVERIFY(fs::exists(live));
        ::close(fd);
        recoverInterruptedWrites(path);
        QVERIFY(!fs::exists(live));
    }

    void setIsAllOrNothing()
    {
        QTemporaryDir tmp;
        const std::string a = tmp.filePath("x.shp").toStdString(), b = tmp.filePath("x.dbf").toStdString();
        spit(a, "old a");
        spit(b, "old b");
        {
            AtomicFileSet set;
            set.add(a).write("new a");
            set.add(b).write("new b");
        } // not committed
        QCOMPARE(slurp(a), std::string("old a"));
        QCOMPARE(slurp(b), std::string("old b"));
        AtomicFileSet set;
        set.add(a).write("new a");
        set.add(b).write("new b");
        set.commit();
        QCOMPARE(slurp(a), std::string("new a"));
        QCOMPARE(slurp(b), std::string("new b"));
        QCOMPARE(stagingCount(tmp.path().toStdString()), 0);
        AtomicFileSet twice;
        twice.add(a);
        QVERIFY_THROWS_EXCEPTION(Error, twice.add(a));
    }

    /// Children commit numbered generations of a 3-file set (and of a single file) in a loop; SIGKILL at random
    /// moments. After each kill and recovery, all three files carry one generation and the single file is whole.
    void killedWritersLeaveWholeFiles()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        const std::vector<std::string> names{dir + "/s.shp", dir + "/s.shx", dir + "/s.dbf"};
        const std::string single = dir + "/single.txt";
        auto content = [](int gen, std::size_t member) {
            return "generation " + std::to_string(gen) + " member " + std::to_string(member) + "\n"
                + std::string(static_cast<std::size_t>(gen % 7) * 5000, char('a' + member));
        };
        for (std::size_t m = 0; m < names.size(); ++m)
            spit(names[m], content(0, m));
        spit(single, content(0, 9));
        std::mt19937 rng(12345);
        int generation = 1;
        for (int round = 0; round < 100; ++round) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                for (int gen = generation;; ++gen) {
                    AtomicFileSet set;
                    for (std::size_t m = 0; m < names.size(); ++m)
                        set.add(names[m]).write(content(gen, m));
                    set.commit();
                    writeFileAtomically(single, content(gen, 9));
                }
            }
            ::usleep(std::uniform_int_distribution<int>(200, 20000)(rng));
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            generation += 1000;
            for (const auto& n : names)
                recoverInterruptedWrites(n);
            recoverInterruptedWrites(single);
            const std::string first = slurp(names[0]);
            const int gen = std::stoi(first.substr(11));
            for (std::size_t m = 0; m < names.size(); ++m)
                QCOMPARE(slurp(names[m]), content(gen, m));
            const std::string one = slurp(single);
            QCOMPARE(one, content(std::stoi(one.substr(11)), 9));
            QCOMPARE(stagingCount(dir), 0);
        }
    }

    void sameFileComparesInodes()
    {
        QTemporaryDir tmp;
        const std::string a = tmp.filePath("a").toStdString();
        spit(a, "x");
        fs::create_symlink(a, tmp.filePath("l").toStdString());
        fs::create_hard_link(a, tmp.filePath("h").toStdString());
        QVERIFY(sameFile(a, tmp.filePath("l").toStdString()));
        QVERIFY(sameFile(a, tmp.filePath("h").toStdString()));
        QVERIFY(sameFile(a, tmp.filePath("./a").toStdString()));
        QVERIFY(!sameFile(a, tmp.filePath("missing").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
