// Crash test of editing on PostGIS (tst_killedits is the model): a child process runs a fixed sequence of edit steps
// and commits on a PostGIS table and is killed with SIGKILL — at random moments, and by itself
// inside the commit's beforeDurable hook (after its journal's committing record, before COMMIT), once at each commit. After every kill,
// with psql as the oracle:
//   - the table holds exactly the content after the last commit the child reported, or after the one it was in
//     (all or nothing: never part of a commit); a kill inside beforeDurable leaves the one before;
//   - EditSession::recoverable finds the journal and says "already committed" only when the database holds that
//     commit;
//   - replaying the journal and committing gives the content after every step the child reported applied (or the
//     step it was in), with no insert written twice.
// Nothing waits on a sleep for synchronisation: the report file is read after the child is reaped.
//
// Kills: GIS_KILL_ROUNDS (default 20 in `make test`).

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>

#include <fcntl.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/editstore.h"
#include "support/killsupport.h"
#include "support/postgissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
constexpr int kSteps = 8;
const char* kLayer = "public.k";

/// The fids step `k` sets the score of (to 1000 * k + j), and the one it deletes.
std::vector<std::int64_t> scored(int k) { return {k, k + 1, k + 2}; }
std::int64_t deletedBy(int k) { return 100 + k; }

void report(int fd, char what, int n)
{
    const std::string line = std::string(1, what) + ' ' + std::to_string(n) + '\n';
    (void)!::write(fd, line.data(), line.size());
}

/// The PostGIS store with a hook in beforeDurable: reports the commit, and kills this process there when asked.
class HookedStore final : public EditStore {
public:
    HookedStore(std::shared_ptr<EditStore> inner, int fd, int dieAt) : m_inner(std::move(inner)), m_fd(fd), m_dieAt(dieAt) {}
    const std::string& path() const override { return m_inner->path(); }
    std::string kind() const override { return m_inner->kind(); }
    std::map<std::int64_t, FeatureVersion> currentVersions(const std::string& layer, const std::vector<FieldInfo>& fields,
        const std::vector<std::int64_t>& fids) override
    {
        return m_inner->currentVersions(layer, fields, fids);
    }
    CommitOutcome commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable) override
    {
        ++m_commits;
        return m_inner->commit(layers, [&](const CommitOutcome& o) {
            beforeDurable(o);
            report(m_fd, 'b', m_commits);
            if (m_commits == m_dieAt)
                ::raise(SIGKILL);
        });
    }

private:
    std::shared_ptr<EditStore> m_inner;
    int m_fd;
    int m_dieAt;
    int m_commits = 0;
};

/// The child: steps 1..kSteps, each one batch (atomic in the journal) then a commit.
void run(const std::string& source, int fd, int dieAt)
{
    EditSessionOptions discard;
    discard.journalChoice = JournalChoice::Discard;
    const auto base = EditSession::open(source, kLayer, discard)->base();
    EditSession s(std::make_shared<HookedStore>(openEditStore(source), fd, dieAt), base);
    const auto score = static_cast<std::size_t>(base->attributes().indexOf("score"));
    const auto key = static_cast<std::size_t>(base->attributes().indexOf("inspection_id"));
    for (int k = 1; k <= kSteps; ++k) {
        report(fd, 'a', k);
        s.beginBatch();
        int j = 0;
        for (const std::int64_t fid : scored(k))
            s.setAttribute(fid, score, std::int64_t(1000 * k + j++));
        EditFeature f = *s.feature(50);
        f.values[key] = std::string("K").append(std::to_string(k));
        s.insert(std::move(f));
        s.remove(deletedBy(k));
        s.endBatch();
        report(fd, 'd', k);
        if (!s.commit().committed)
            throw Error(ErrorCode::Argument, "commit refused");
        report(fd, 'c', k);
    }
}

} // namespace

class TestKillPgEdit : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;
    QTemporaryDir m_dir;
    std::map<std::int64_t, QString> m_scores; // fid -> score as psql prints it (empty: null), of the template
    std::string source() const { return "PG:" + m_db.connInfo().toStdString(); }

    /// The table after `steps` steps, as psql prints it: "fid:score" of the template's fids, then the inserted keys.
    QString expected(int steps) const
    {
        auto scores = m_scores;
        QStringList inserted;
        for (int k = 1; k <= steps; ++k) {
            int j = 0;
            for (const std::int64_t fid : scored(k))
                scores[fid] = QString::number(1000 * k + j++);
            scores.erase(deletedBy(k));
            inserted << "K" + QString::number(k);
        }
        QStringList rows;
        for (const auto& [fid, score] : scores)
            rows << QString::number(fid) + ":" + score;
        inserted.sort();
        return rows.join(',') + "|" + inserted.join(',');
    }

    QString inDatabase()
    {
        return m_db.value("SELECT string_agg(fid || ':' || coalesce(score::text, ''), ',' ORDER BY fid) FROM k"
                          " WHERE inspection_id NOT LIKE 'K%'")
            + "|" + m_db.value("SELECT coalesce(string_agg(inspection_id, ',' ORDER BY inspection_id), '') FROM k"
                               " WHERE inspection_id LIKE 'K%'");
    }

    void fresh()
    {
        QVERIFY2(m_db.exec("DROP TABLE IF EXISTS k; CREATE TABLE k (LIKE tmpl INCLUDING ALL); INSERT INTO k SELECT * FROM tmpl"),
            m_db.why());
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::remove_all(m_dir.filePath("state").toStdString(), ec);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_STATE_HOME", m_dir.filePath("state").toLocal8Bit());
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.loadLayer(kGpkg, "inspections", "tmpl"), m_db.why());
        for (const QString& row : m_db.query("SELECT fid, coalesce(score::text, '') FROM tmpl"))
            m_scores[row.section('|', 0, 0).toLongLong()] = row.section('|', 1, 1);
        QCOMPARE(m_scores.size(), std::size_t(3000));
    }

    void killedCommits()
    {
        // The sequence run to the end gives expected(kSteps); its time spreads the random kills.
        fresh();
        const QString reportPath = m_dir.filePath("report.txt");
        auto whole = std::chrono::microseconds::max();
        {
            const int fd = ::open(reportPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
            const auto start = std::chrono::steady_clock::now();
            run(source(), fd, 0);
            whole = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
            ::close(fd);
        }
        QCOMPARE(inDatabase(), expected(kSteps));
        qInfo("a whole run: %lld ms", static_cast<long long>(whole.count() / 1000));

        int inHook = 0, replayed = 0, doneFound = 0;
        auto start = [&](int dieAt) {
            fresh();
            const int fd = ::open(reportPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
            if (fd < 0)
                return pid_t(-1);
            const pid_t pid = ::fork();
            if (pid == 0) {
                try {
                    run(source(), fd, dieAt);
                } catch (...) {
                    ::_exit(3);
                }
                ::_exit(0);
            }
            ::close(fd);
            return pid;
        };
        // `dieAt`: the commit in whose beforeDurable the child killed itself (0: killed from here at random).
        auto check = [&](const QString& round, int status, int dieAt) {
            QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0), "the child failed");
            int about = 0, applied = 0, committed = 0, hooked = 0;
            for (const QByteArray& line : test::readFile(reportPath).split('\n')) {
                const QList<QByteArray> w = line.split(' ');
                if (w.size() != 2)
                    continue;
                const int n = w[1].toInt();
                (w[0] == "a" ? about : w[0] == "d" ? applied : w[0] == "c" ? committed : hooked) = n;
            }
            const QString where = QString("%1 (applied %2, in beforeDurable of %3, committed %4)")
                                      .arg(round).arg(applied).arg(hooked).arg(committed);
            if (dieAt > 0) {
                QVERIFY2(WIFSIGNALED(status) && hooked == dieAt && committed == dieAt - 1, qPrintable(where));
                ++inHook;
            }

            // All or nothing: the last reported commit, or the one in progress when it had reached beforeDurable.
            const QString now = inDatabase();
            const bool atCommitted = now == expected(committed);
            const bool atHooked = hooked > committed && now == expected(hooked);
            QVERIFY2(atCommitted || atHooked, qPrintable(where + ": the table holds part of a commit"));
            if (dieAt > 0)
                QVERIFY2(atCommitted, qPrintable(where + ": killed before COMMIT, yet the commit is there"));

            // Recovery: "already committed" exactly when the database holds the commit the journal records.
            const auto found = EditSession::recoverable(source(), kLayer);
            QVERIFY(found.size() <= 1);
            if (dieAt > 0) {
                QCOMPARE(found.size(), std::size_t(1));
                QVERIFY(!found[0].alreadyCommitted);
            }
            if (!found.empty() && found[0].alreadyCommitted) {
                QVERIFY2(atHooked, qPrintable(where + ": a journal said committed for a commit the database lacks"));
                ++doneFound;
            }
            EditSessionOptions replay;
            replay.journalChoice = JournalChoice::Replay;
            auto s = EditSession::open(source(), kLayer, replay);
            replayed += s->isModified();
            QVERIFY(s->commit().committed);
            const QString recovered = inDatabase();
            QVERIFY2(recovered == expected(applied) || (about > applied && recovered == expected(about)),
                qPrintable(where + ": the replayed journal does not give the applied steps: " + recovered.right(60)));
            QVERIFY(EditSession::recoverable(source(), kLayer).empty());
        };

        // Killed inside beforeDurable of each commit in turn: the journal says "committing", the database must not
        // hold it, and the replay must write it once.
        for (int dieAt = 1; dieAt <= kSteps; ++dieAt) {
            const pid_t pid = start(dieAt);
            QVERIFY(pid > 0);
            int status = 0;
            ::waitpid(pid, &status, 0);
            check(QString("killed in beforeDurable of commit %1").arg(dieAt), status, dieAt);
            if (QTest::currentTestFailed())
                return;
        }
        // Killed at random moments.
        const auto tally = test::killUntilLanded(std::chrono::microseconds(0), whole * 11 / 10, 11,
            [&](int) { return start(0); },
            [&](int round, int status) { check(QString("round %1").arg(round), status, 0); });
        qInfo("%d runs killed before they finished, %d killed inside beforeDurable, %d journals replayed, %d found "
              "already committed (of %d)", tally.landed, inHook, replayed, doneFound, tally.tries);
        QVERIFY2(tally.landed >= test::killRounds(), "too few kills landed during a run");
    }
};

QTEST_GUILESS_MAIN(TestKillPgEdit)
#include "tst_killpgedit.moc"
