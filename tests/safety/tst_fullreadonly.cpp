// Every CLI write path on a nearly full disk, in a read-only folder and into a missing folder: a clear error naming
// the path, a non-zero exit, the original file byte-identical and no temporary left.
//
// The full disk is a small tmpfs mounted in a private mount namespace (`unshare --mount`, as root, which CI is);
// elsewhere RLIMIT_FSIZE (prlimit) stands in for it and chmod for the read-only folder.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

bool canMountTmpfs()
{
    static const bool can = [] {
        if (::geteuid() != 0 || !test::haveTool("unshare"))
            return false;
        QTemporaryDir d;
        return test::runTool("unshare", {"--mount", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$1\"", "sh", d.path()})
                   .exitCode == 0;
    }();
    return can;
}

/// Runs `gis ARGS` (with @OUT replaced by DIR/NAME) where DIR holds `old` as NAME and is nearly full (`mode` "full")
/// or read-only (`mode` "ro"). Returns the script's report: "exit=N", "same" when NAME is still `old`, the folder's
/// entries and gis's stderr.
QString runIn(const QString& mode, const QString& name, const QByteArray& old, QStringList args)
{
    QTemporaryDir work;
    const QString dir = work.filePath("disk");
    QDir().mkpath(dir);
    const QString oldCopy = work.filePath("old");
    test::writeFile(oldCopy, old);
    for (auto& a : args)
        a.replace("@OUT", dir + "/" + name);
    // Fill the disk, then free 16 KiB: enough to start writing, far too little to finish.
    const QString body = R"(
d="$1"; name="$2"; old="$3"; mode="$4"; shift 4
[ -s "$old" ] && cp "$old" "$d/$name"
if [ "$mode" = full ]; then
  dd if=/dev/zero of="$d/.slack" bs=16k count=1 2>/dev/null
  dd if=/dev/zero of="$d/.fill" bs=64k 2>/dev/null || true
  rm -f "$d/.slack"
else
  chmod 0555 "$d"
fi
"$@" 2>"$d.err"; echo "exit=$?"
if [ -s "$old" ]; then cmp -s "$old" "$d/$name" && echo same; else [ -e "$d/$name" ] || echo same; fi
chmod 0755 "$d"; ls -A "$d" | grep -v '^\.fill$' | sed 's/^/entry=/'
cat "$d.err"
)";
    QStringList cmd;
    if (canMountTmpfs()) {
        const QString mount = "mount -t tmpfs -o size=64m tmpfs \"$1\"\n";
        QString script = body;
        if (mode == "ro") // root ignores folder permissions: a read-only mount instead of chmod
            script.replace("  chmod 0555 \"$d\"\n", "  mount -o remount,ro \"$d\"\n");
        cmd << "unshare" << "--mount" << "sh" << "-c" << mount + script;
    } else {
        QString script = body;
        if (mode == "full") // no tmpfs: a file-size limit makes writes fail as a full disk does
            script.replace("\"$@\" 2>", "prlimit --fsize=300000 \"$@\" 2>");
        cmd << "sh" << "-c" << script;
    }
    cmd << "sh" << dir << name << oldCopy << mode << kGis;
    cmd += args;
    const auto r = test::runTool(cmd.takeFirst(), cmd);
    return QString::fromUtf8(r.out + r.err);
}

} // namespace

class TestFullReadOnly : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qInfo(canMountTmpfs() ? "full disk: a 64 MiB tmpfs in a private mount namespace"
                              : "full disk: RLIMIT_FSIZE (no tmpfs: not root or no unshare)");
    }

    void everyWritePath_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        const QStringList render{"render", kProject, "-o", "@OUT", "--size", "3000x3000"};
        QTest::newRow("render png") << "map.png" << render;
        QTest::newRow("render pdf") << "map.pdf" << render;
        QTest::newRow("render svg") << "map.svg" << render;
        QTest::newRow("export-map pdf") << "layout.pdf" << QStringList{"export-map", kProject, "-o", "@OUT"};
        QTest::newRow("export-map svg") << "layout.svg" << QStringList{"export-map", kProject, "-o", "@OUT"};
        QTest::newRow("atlas pdf") << "atlas.pdf"
                                   << QStringList{"export-map", kProject, "-o", "@OUT", "--atlas", "governorates", "--atlas-title", "name_en"};
        const QStringList query{"query", kGpkg, "--layer", "parcels", "-o", "@OUT", "--overwrite"};
        QTest::newRow("query geojson") << "q.geojson" << query;
        QTest::newRow("query csv") << "q.csv" << query;
        QTest::newRow("query gpkg") << "q.gpkg" << query;
        QTest::newRow("query shp") << "q.shp" << query;
    }

    void everyWritePath()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        // The previous file is a real one of the format (a smaller render or query), so that the command gets as
        // far as writing; a Shapefile has no previous set (its five files would each be checked).
        QByteArray old;
        if (!name.endsWith(".shp")) {
            QTemporaryDir tmp;
            QStringList small = args;
            small.replaceInStrings("@OUT", tmp.filePath(name));
            small.replaceInStrings("3000x3000", "200x100");
            small.replaceInStrings("parcels", "towns");
            QVERIFY(test::runTool(kGis, small).exitCode == 0);
            old = test::readFile(tmp.filePath(name));
            QVERIFY(!old.isEmpty());
        }
        for (const QString mode : {"full", "ro"}) {
            const QString report = runIn(mode, name, old, args);
            qInfo("%s: %s", qPrintable(mode), qPrintable(report.split('\n').filter("gis ").value(0)));
            QVERIFY2(!report.contains("exit=0"), qPrintable(mode + ": exit 0\n" + report));
            QVERIFY2(report.contains("\nsame\n"), qPrintable(mode + ": the old file changed\n" + report));
            QVERIFY2(report.contains(name), qPrintable(mode + ": the error does not name the file\n" + report));
            // Only the old file is left (a Shapefile's old .shp alone: the set was never swapped in).
            const QStringList entries = report.split('\n').filter(QRegularExpression("^entry="));
            const QStringList expected = old.isEmpty() ? QStringList{} : QStringList{"entry=" + name};
            QVERIFY2(entries == expected, qPrintable(mode + ": left behind\n" + report));
        }
    }

    void missingFolderIsNamed()
    {
        QTemporaryDir tmp;
        const QString out = tmp.filePath("no/such/folder/map.png");
        const auto r = test::runTool(kGis, {"render", kProject, "-o", out});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString(r.err).contains(out) && QString(r.err).contains("does not exist"), r.err.constData());
        const auto q = test::runTool(kGis, {"query", kGpkg, "--layer", "towns", "-o", tmp.filePath("no/q.gpkg")});
        QVERIFY(q.exitCode != 0);
        QVERIFY2(QString(q.err).contains("does not exist"), q.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestFullReadOnly)
#include "tst_fullreadonly.moc"
