// Crash test of the edit session (SQLite's crash tests are the model): a child process runs a fixed random sequence
// of edits and commits on a GeoPackage and is killed with SIGKILL at random moments. After every kill:
//   - the file passes PRAGMA integrity_check and its R-tree has exactly one box per geometry;
//   - every commit the child reported is in the file (the file holds the content as of the last reported commit,
//     or of the next one when the kill fell between the commit and its report);
//   - replaying the journal restores every edit the child reported applied (the child writes "about to apply n"
//     before an edit and "applied n" after it, unbuffered: the recovered data is the content after the last applied
//     edit, or after the next one when its journal record was written before the kill);
//   - committing the recovered session gives that content in the file.
// The oracle is the same sequence run to the end in this process, keeping the content after every edit. Kills fall
// uniformly over the time a whole run takes; nothing waits on a sleep for synchronisation (the report file is read
// after the child is reaped).
//
// Kills: GIS_KILL_ROUNDS (default 20 in `make test`; `make bench` runs 200).

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/editsession.h"
#include "gis/geom/wkb.h"
#include "support/gpkgcheck.h"
#include "support/killsupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
constexpr int kOps = 120;
constexpr int kCommitEvery = 10;

using test::killRounds;

/// The content of the layer, without ids (inserted features get theirs at commit): one sorted line per feature.
std::vector<std::string> content(const EditSnapshot& s)
{
    std::vector<std::string> out;
    const auto& a = s.base().attributes();
    const auto key = static_cast<std::size_t>(a.indexOf("inspection_id"));
    const auto score = static_cast<std::size_t>(a.indexOf("score"));
    s.forEach([&](const EditSnapshot::FeatureRef& ref) {
        const FieldValue k = s.value(ref, key);
        const FieldValue v = s.value(ref, score);
        std::string line = std::holds_alternative<std::string>(k) ? std::get<std::string>(k) : "?";
        line += '|';
        line += std::holds_alternative<std::int64_t>(v) ? std::to_string(std::get<std::int64_t>(v)) : "null";
        line += '|';
        const Box b = ref.geometry.bounds();
        line += QByteArray::number(b.minX, 'g', 17).toStdString() + ',' + QByteArray::number(b.minY, 'g', 17).toStdString();
        out.push_back(std::move(line));
        return true;
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> fileContent(const std::string& path)
{
    EditSession s(readLayer(path, "inspections"));
    return content(*s.snapshot());
}

void report(int fd, char what, int n)
{
    const std::string line = std::string(1, what) + ' ' + std::to_string(n) + '\n';
    (void)!::write(fd, line.data(), line.size());
}

/// The fixed sequence: edit `op` of the session (some are no-ops: an undo with nothing to undo). Each op is one
/// journaled edit or one batch (atomic in the journal), so the content after each op is what a replay can give.
/// `lastMoved` is the feature the op before moved (0: it did not move one): a move after a move drags the same
/// vertex again, which merges into the same undo step.
void step(EditSession& s, std::mt19937& rng, int op, std::int64_t& lastMoved)
{
    std::vector<std::int64_t> live;
    s.snapshot()->forEach([&](const EditSnapshot::FeatureRef& r) {
        live.push_back(r.fid);
        return true;
    });
    auto pick = [&] { return live[std::uniform_int_distribution<std::size_t>(0, live.size() - 1)(rng)]; };
    std::uniform_real_distribution<double> lon(57.2, 58.2), lat(22.3, 23.4);
    static const auto score = static_cast<std::size_t>(s.base()->attributes().indexOf("score"));
    static const auto key = static_cast<std::size_t>(s.base()->attributes().indexOf("inspection_id"));
    const int what = std::uniform_int_distribution<int>(0, 9)(rng);
    const std::int64_t moved = lastMoved;
    lastMoved = 0;
    switch (what) {
    case 0:
    case 1:
    case 2: s.setAttribute(pick(), score, std::int64_t(op)); break;
    case 3: {
        const std::int64_t fid = moved != 0 && s.feature(moved) ? moved : pick();
        s.moveVertex(fid, 0, lon(rng), lat(rng));
        lastMoved = fid;
        break;
    }
    case 4: {
        EditFeature f = *s.feature(pick());
        f.values[key] = std::string("K").append(std::to_string(op));
        GeometryColumn c;
        c.appendPoint(lon(rng), lat(rng));
        f.geometry = Geometry(std::move(c));
        s.insert(std::move(f));
        break;
    }
    case 5: s.remove(pick()); break;
    case 6:
        if (s.canUndo())
            s.undo();
        break;
    case 7:
        if (s.canRedo())
            s.redo();
        break;
    default:
        s.beginBatch("two scores");
        s.setAttribute(pick(), score, std::int64_t(-op));
        s.setAttribute(pick(), score, std::int64_t(-op));
        s.endBatch();
        break;
    }
}

/// The whole sequence; `after` gets the content after each edit (index n: after n edits), `reportFd` the child's
/// reports.
void run(const std::string& path, std::vector<std::vector<std::string>>* after, int reportFd)
{
    auto s = EditSession::open(path, "inspections");
    std::mt19937 rng(20261207);
    std::int64_t lastMoved = 0;
    if (after)
        after->push_back(content(*s->snapshot()));
    for (int op = 1; op <= kOps; ++op) {
        if (reportFd >= 0)
            report(reportFd, 'a', op);
        step(*s, rng, op, lastMoved);
        if (reportFd >= 0)
            report(reportFd, 'd', op);
        if (after)
            after->push_back(content(*s->snapshot()));
        if (op % kCommitEvery == 0) {
            if (!s->commit().committed)
                throw Error(ErrorCode::Argument, "commit refused");
            if (reportFd >= 0)
                report(reportFd, 'c', op);
        }
    }
}

} // namespace

class TestKillEdits : public QObject {
    Q_OBJECT

    void fresh()
    {
        namespace fs = std::filesystem;
        for (const auto& e : fs::directory_iterator(m_dir.path().toStdString()))
            fs::remove(e.path());
        QVERIFY(QFile::copy(kGpkg, m_path));
        QFile(m_path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    QString rtreeCheck() { return test::rtreeMismatch(m_path, "inspections"); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(test::haveTool("sqlite3"), "sqlite3");
        m_path = m_dir.filePath("edits.gpkg");
    }

    void killedEditSessions()
    {
        // The oracle, and the time a whole run takes (the fastest of three).
        std::vector<std::vector<std::string>> expected;
        auto whole = std::chrono::microseconds::max();
        for (int i = 0; i < 3; ++i) {
            fresh();
            std::vector<std::vector<std::string>> after;
            const auto start = std::chrono::steady_clock::now();
            run(m_path.toStdString(), &after, -1);
            whole = std::min(whole, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
            if (expected.empty())
                expected = std::move(after);
            else
                QVERIFY(after == expected); // the sequence is deterministic
        }
        QCOMPARE(fileContent(m_path.toStdString()), expected.back());
        qInfo("a whole run: %lld ms", static_cast<long long>(whole.count() / 1000));

        int replayed = 0;
        const QString reportPath = m_dir.filePath("report.txt");
        const auto tally = test::killUntilLanded(std::chrono::microseconds(0), whole * 11 / 10, 7,
            [&](int) {
                fresh();
                const int fd = ::open(reportPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
                if (fd < 0)
                    return pid_t(-1);
                const pid_t pid = ::fork();
                if (pid == 0) {
                    try {
                        run(m_path.toStdString(), nullptr, fd);
                    } catch (...) {
                        ::_exit(3);
                    }
                    ::_exit(0);
                }
                ::close(fd);
                return pid;
            },
            [&](int round, int status) {
                QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0), "the child failed");

                int applied = 0, about = 0, committed = 0;
                for (const QByteArray& line : test::readFile(reportPath).split('\n')) {
                    const QList<QByteArray> w = line.split(' ');
                    if (w.size() != 2)
                        continue;
                    const int n = w[1].toInt();
                    if (w[0] == "a")
                        about = n;
                    else if (w[0] == "d")
                        applied = n;
                    else if (w[0] == "c")
                        committed = n;
                }
                const QString where = QString("round %1 (applied %2, committed %3)").arg(round).arg(applied).arg(committed);

                // The file: intact, and every reported commit in it.
                QCOMPARE(QString(test::runTool("sqlite3", {m_path, "PRAGMA integrity_check"}).out).trimmed(), QString("ok"));
                QCOMPARE(rtreeCheck(), QString());
                const auto inFile = fileContent(m_path.toStdString());
                const int nextCommit = std::min(kOps, (committed / kCommitEvery + 1) * kCommitEvery);
                QVERIFY2(inFile == expected[static_cast<std::size_t>(committed)]
                        || (applied >= nextCommit && inFile == expected[static_cast<std::size_t>(nextCommit)]),
                    qPrintable(where + ": the file does not hold the last reported commit"));

                // The journal: replay restores every applied edit.
                const auto found = EditSession::recoverable(m_path.toStdString(), "inspections");
                QVERIFY(found.size() <= 1);
                EditSessionOptions options;
                options.journalChoice = JournalChoice::Replay;
                auto s = EditSession::open(m_path.toStdString(), "inspections", options);
                replayed += s->isModified();
                const auto recovered = content(*s->snapshot());
                const bool atApplied = recovered == expected[static_cast<std::size_t>(applied)];
                const bool atNext = about > applied && recovered == expected[static_cast<std::size_t>(about)];
                if (!atApplied && !atNext) {
                    const auto& e = expected[static_cast<std::size_t>(applied)];
                    std::vector<std::string> d1, d2;
                    std::set_difference(recovered.begin(), recovered.end(), e.begin(), e.end(), std::back_inserter(d1));
                    std::set_difference(e.begin(), e.end(), recovered.begin(), recovered.end(), std::back_inserter(d2));
                    for (const auto& l : d1)
                        qInfo("recovered only: %s", l.c_str());
                    for (const auto& l : d2)
                        qInfo("expected only: %s", l.c_str());
                    qInfo("modified %d changed %zu", s->isModified(), s->changedCount());
                }
                QVERIFY2(atApplied || atNext, qPrintable(where + ": the replayed journal does not give the applied edits"));
                QVERIFY(s->commit().committed);
                QCOMPARE(fileContent(m_path.toStdString()), recovered);
                QCOMPARE(QString(test::runTool("sqlite3", {m_path, "PRAGMA integrity_check"}).out).trimmed(), QString("ok"));
                QCOMPARE(rtreeCheck(), QString());
            });
        qInfo("%d runs killed before they finished, %d with unsaved edits replayed (of %d)", tally.landed, replayed,
            tally.tries);
        QVERIFY2(tally.landed >= killRounds(), "too few kills landed during a run");
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestKillEdits)
#include "tst_killedits.moc"
