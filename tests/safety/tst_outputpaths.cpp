// Output paths as an attacker or a hurried planner gives them: planted temporary names, concurrent writers of one
// output, permissions of the file replaced, devices and folders as outputs. Oracle: the bytes and modes on disk.

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

#include "support/testsupport.h"

using namespace gis;
namespace fs = std::filesystem;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

QStringList renderArgs(const QString& out, const QString& size = "400x300")
{
    return {"render", kProject, "-o", out, "--size", size};
}

} // namespace

class TestOutputPaths : public QObject {
    Q_OBJECT

private slots:
    /// The names the old writers used (".map.png.tmp.png", ".map.png.tmp-PID") and ours, planted as symlinks to a
    /// victim: the victim is never written, and map.png stays a plain file.
    void plantedTemporaryNames()
    {
        QTemporaryDir tmp;
        const QString victim = tmp.filePath("victim.txt");
        test::writeFile(victim, "precious");
        for (const QString& name : {".map.png.tmp.png", ".map.png.tmp-1", ".map.png.gis-tmp-AAAAAA", ".map.png.gis-tmp-XXXXXX"})
            QVERIFY(QFile::link(victim, tmp.filePath(name)));
        for (int pid = 2; pid < 400; ++pid) // whatever pid the next process gets
            QFile::link(victim, tmp.filePath(QString(".map.png.tmp-%1").arg(pid)));
        const auto r = test::runTool(kGis, renderArgs(tmp.filePath("map.png")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(test::readFile(victim), QByteArray("precious"));
        QVERIFY(!QFileInfo(tmp.filePath("map.png")).isSymLink());
        QVERIFY(!QImage(tmp.filePath("map.png")).isNull());
    }

    /// Two renders of different sizes to one output, six rounds: both succeed and the file is one of them, whole.
    void concurrentWritersOfOneOutput()
    {
        QTemporaryDir tmp;
        const QString out = tmp.filePath("map.png");
        for (int round = 0; round < 6; ++round) {
            QProcess a, b;
            a.start(kGis, renderArgs(out, "400x300"));
            b.start(kGis, renderArgs(out, "300x200"));
            QVERIFY(a.waitForFinished(120000) && b.waitForFinished(120000));
            QVERIFY2(a.exitCode() == 0, a.readAllStandardError().constData());
            QVERIFY2(b.exitCode() == 0, b.readAllStandardError().constData());
            const QImage image(out);
            QVERIFY2(image.size() == QSize(400, 300) || image.size() == QSize(300, 200), "a mixed or broken PNG");
            QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{"map.png"});
        }
    }

    void replacingKeepsPermissions()
    {
        QTemporaryDir tmp;
        const QString out = tmp.filePath("map.pdf");
        QCOMPARE(test::runTool(kGis, renderArgs(out)).exitCode, 0);
        ::chmod(out.toLocal8Bit().constData(), 0640);
        QCOMPARE(test::runTool(kGis, renderArgs(out)).exitCode, 0);
        struct stat st {};
        ::stat(out.toLocal8Bit().constData(), &st);
        QCOMPARE(st.st_mode & 07777, mode_t(0640));
    }

    /// A symlinked output replaces the file it points to, deliberately, and stays a link.
    void symlinkedOutputReplacesItsTarget()
    {
        QTemporaryDir tmp;
        QDir(tmp.path()).mkdir("maps");
        const QString real = tmp.filePath("maps/real.png");
        QCOMPARE(test::runTool(kGis, renderArgs(real, "100x100")).exitCode, 0);
        QVERIFY(QFile::link(real, tmp.filePath("link.png")));
        QCOMPARE(test::runTool(kGis, renderArgs(tmp.filePath("link.png"))).exitCode, 0);
        QVERIFY(QFileInfo(tmp.filePath("link.png")).isSymLink());
        QCOMPARE(QImage(real).size(), QSize(400, 300));
    }

    void devicesAndFoldersAreNeverReplaced_data()
    {
        QTest::addColumn<QString>("out");
        QTest::newRow("link to /dev/stdout") << "@stdout.png";
        QTest::newRow("link to /dev/null") << "@null.png";
        QTest::newRow("folder.png") << "@folder.png";
        QTest::newRow("fifo.png") << "@fifo.png";
    }
    void devicesAndFoldersAreNeverReplaced()
    {
        QFETCH(QString, out);
        QTemporaryDir tmp;
        QDir(tmp.path()).mkdir("folder.png");
        QVERIFY(::mkfifo(tmp.filePath("fifo.png").toLocal8Bit().constData(), 0600) == 0);
        QVERIFY(QFile::link("/dev/stdout", tmp.filePath("stdout.png")));
        QVERIFY(QFile::link("/dev/null", tmp.filePath("null.png")));
        out.replace("@", tmp.path() + "/");
        struct stat before {};
        ::stat(out.toLocal8Bit().constData(), &before);
        const auto r = test::runTool(kGis, renderArgs(out));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString(r.err).contains("not a regular file"), r.err.constData());
        struct stat after {};
        ::stat(out.toLocal8Bit().constData(), &after);
        QCOMPARE(after.st_ino, before.st_ino);
        QCOMPARE(after.st_mode, before.st_mode);
    }
};

QTEST_GUILESS_MAIN(TestOutputPaths)
#include "tst_outputpaths.moc"
