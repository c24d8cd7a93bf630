// Provenance records in a project's "history" (gis/project/provenance.h): they load and save with the project,
// keep the keys a newer program wrote, stay within their limits, and say in one line how a layer was made.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <fstream>
#include <string>

#include "gis/core/error.h"
#include "gis/project/project.h"
#include "gis/project/provenance.h"

namespace {

std::string readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

void writeAll(const QString& path, const std::string& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.data(), static_cast<qint64>(text.size()));
}

/// A record as a newer program might write it: every key this one reads, and some it does not.
gis::Json sampleRecord(const std::string& id)
{
    return gis::Json{{"id", id}, {"algorithm", "centroid"}, {"parameters", {{"method", "point-on-surface"}}},
        {"inputs", gis::Json::array({gis::Json{{"role", "input"}, {"source", "dakhiliyah.gpkg"}, {"layer", "wilayat"},
                       {"size", 123456}, {"modified", 1765091725123456789LL}, {"checksum", "sha256:ab"}}})},
        {"invalid", "repair"},
        {"output", {{"path", "out/centres.gpkg"}, {"layer", "wilayat_centroids"}, {"project_layer", "centres"},
                       {"crs", "EPSG:4326"}}},
        {"started", "2026-12-07T07:15:25Z"}, {"finished", "2026-12-07T07:15:26Z"}, {"software", "Interior Explorer"},
        {"software_version", "0.1.0"}, {"features_in", 9}, {"features_out", 9},
        {"warnings", gis::Json::array({"2 features without a geometry were left out"})},
        {"host", {{"name", "planning-3"}}}, {"note_ar", "ملاحظة"}};
}

} // namespace

class TestProvenance : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QString projectWith(const QString& name, const gis::Json& history, const gis::Json& layers = gis::Json::array())
    {
        const QString path = m_tmp.filePath(name);
        gis::Json doc{{"version", 1}, {"title", "t"}, {"layers", layers}};
        if (!history.is_null())
            doc["history"] = history;
        writeAll(path, doc.dump(2) + "\n");
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void recordRoundTrip()
    {
        const gis::Json json = sampleRecord("run-7");
        const gis::ProvenanceRecord r = gis::provenanceFromJson(json, "p.json: history[0]");
        QCOMPARE(r.id, std::string("run-7"));
        QCOMPARE(r.parameters.at("method"), std::string("point-on-surface"));
        QCOMPARE(r.inputs.size(), std::size_t(1));
        QCOMPARE(r.inputs[0].size, std::int64_t(123456));
        QCOMPARE(r.inputs[0].modified, std::int64_t(1765091725123456789LL));
        QCOMPARE(r.invalidPolicy, std::string("repair"));
        QCOMPARE(r.output.projectLayer, std::string("centres"));
        QCOMPARE(r.featuresOut, std::int64_t(9));
        QCOMPARE(r.unknown.size(), std::size_t(2)); // host, note_ar
        // Written back: the same object, the keys it did not know included, at every level.
        QCOMPARE(gis::provenanceToJson(r), json);
    }

    void historyLoadsAndSavesWithTheProject()
    {
        const gis::Json layers = gis::Json::array({gis::Json{{"source", "centres.gpkg"}, {"name", "centres"},
            {"made_by", "run-2"}, {"style", gis::Json::object()}}});
        const QString path = projectWith("h.json", gis::Json::array({sampleRecord("run-1"), sampleRecord("run-2")}), layers);
        const std::string before = readAll(path);
        gis::Project p = gis::Project::load(path.toStdString());
        QCOMPARE(p.history.size(), std::size_t(2));
        QCOMPARE(p.layers.at(0).madeBy, std::string("run-2"));

        // Unchanged: byte for byte.
        const QString same = m_tmp.filePath("h-same.json");
        p.save(same.toStdString());
        QCOMPARE(readAll(same), before);

        // A record appended: written, and every other record keeps the keys this program does not know.
        gis::ProvenanceRecord r;
        r.id = gis::nextProvenanceId(p.history);
        QCOMPARE(r.id, std::string("run-3"));
        r.algorithm = "centroid";
        r.parameters = {{"method", "centroid"}};
        r.softwareVersion = gis::softwareVersion();
        p.history.push_back(r);
        const QString appended = m_tmp.filePath("h-appended.json");
        p.save(appended.toStdString());
        const gis::Project again = gis::Project::load(appended.toStdString());
        QCOMPARE(again.history.size(), std::size_t(3));
        QCOMPARE(gis::provenanceToJson(again.history[0]), sampleRecord("run-1"));
        QCOMPARE(gis::provenanceToJson(again.history[2]), gis::provenanceToJson(r));
        QCOMPARE(again.layers.at(0).madeBy, std::string("run-2"));
        const gis::Json file = gis::parseJson(readAll(appended), "h-appended.json");
        QCOMPARE(file["history"][1]["host"]["name"], gis::Json("planning-3"));
        QCOMPARE(file["history"][0]["inputs"][0]["checksum"], gis::Json("sha256:ab"));
        QCOMPARE(file["layers"][0]["made_by"], gis::Json("run-2"));
    }

    void badHistoriesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("history");
        QTest::addColumn<QString>("message");
        auto bytes = [](const gis::Json& j) { return QByteArray::fromStdString(j.dump()); };
        gis::Json noId = sampleRecord("x");
        noId.erase("id");
        QTest::newRow("no id") << bytes(gis::Json::array({noId})) << "history[0].id";
        QTest::newRow("twice the same id") << bytes(gis::Json::array({sampleRecord("run-1"), sampleRecord("run-1")}))
                                           << "history[1].id: \"run-1\" is the id of an earlier record";
        gis::Json policy = sampleRecord("a");
        policy["invalid"] = "ignore";
        QTest::newRow("policy") << bytes(gis::Json::array({policy})) << "history[0].invalid";
        gis::Json size = sampleRecord("a");
        size["inputs"][0]["size"] = 1.5;
        QTest::newRow("size") << bytes(gis::Json::array({size})) << "history[0].inputs[0].size: expected a whole number";
        QTest::newRow("not an array") << bytes(gis::Json::object()) << "history";
        gis::Json manyWarnings = sampleRecord("a");
        manyWarnings["warnings"] = gis::Json(std::vector<std::string>(gis::kMaxProvenanceWarnings + 1, "w"));
        QTest::newRow("warnings") << bytes(gis::Json::array({manyWarnings})) << "history[0].warnings: more than 100 warnings";
        gis::Json longText = sampleRecord("a");
        longText["parameters"]["method"] = std::string(gis::kMaxProvenanceText + 1, 'x');
        QTest::newRow("long text") << bytes(gis::Json::array({longText})) << "history[0].parameters.method: longer than 65536 bytes";
        gis::Json manyRecords = gis::Json::array();
        for (std::size_t i = 0; i <= gis::kMaxProvenanceRecords; ++i)
            manyRecords.push_back(gis::Json{{"id", std::to_string(i)}, {"algorithm", "centroid"}});
        QTest::newRow("records") << bytes(manyRecords) << "history: more than 10000 records";
    }

    void badHistoriesAreNamed()
    {
        QFETCH(QByteArray, history);
        QFETCH(QString, message);
        const QString path = projectWith("bad.json", gis::parseJson(history.toStdString(), "test"));
        try {
            (void)gis::Project::load(path.toStdString());
            QFAIL("loaded");
        } catch (const gis::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).startsWith("bad.json:"), e.what());
        }
    }

    void aRunIsCutToTheLimitsSoTheProjectLoadsAgain()
    {
        gis::ProvenanceRecord r;
        r.id = "run-1";
        r.algorithm = "centroid";
        r.warnings.assign(1000, "feature without geometry");
        r.parameters["expression"] = std::string(gis::kMaxProvenanceText * 2, 'x') + "\xd8\xa7"; // ends in Arabic
        gis::boundProvenance(r);
        QCOMPARE(r.warnings.size(), gis::kMaxProvenanceWarnings);
        QCOMPARE(r.warnings.back(), std::string("... and 901 more warnings"));
        QVERIFY(r.parameters["expression"].size() <= gis::kMaxProvenanceText);
        const QString path = projectWith("bounded.json", gis::Json::array({gis::provenanceToJson(r)}));
        QCOMPARE(gis::Project::load(path.toStdString()).history.at(0).warnings.size(), gis::kMaxProvenanceWarnings);
    }

    void idsAreUnique()
    {
        std::vector<gis::ProvenanceRecord> h;
        QCOMPARE(gis::nextProvenanceId(h), std::string("run-1"));
        h.resize(3);
        h[0].id = "run-9";
        h[1].id = "imported";
        h[2].id = "run-x";
        QCOMPARE(gis::nextProvenanceId(h), std::string("run-10"));
        h.push_back(h[0]);
        h.back().id = "run-10";
        QCOMPARE(gis::nextProvenanceId(h), std::string("run-11"));
    }

    void inputsAreRelativeAndChangesSeen()
    {
        const QString dir = m_tmp.filePath("inputs");
        QVERIFY(QDir().mkpath(dir + "/data"));
        const QString file = dir + "/data/a.geojson";
        writeAll(file, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        const std::string project = (dir + "/p.json").toStdString();
        const gis::ProvenanceInput in = gis::provenanceInput(project, "input", file.toStdString(), "");
        QCOMPARE(in.source, std::string("data/a.geojson"));
        QCOMPARE(in.size, std::int64_t(42));
        QVERIFY(in.modified > 0);
        QCOMPARE(gis::provenanceInputChange(in, file.toStdString()), std::string());
        QCOMPARE(gis::projectRelativePath(project, "/etc/hosts"), std::string("/etc/hosts")); // outside: absolute

        writeAll(file, "{\"type\":\"FeatureCollection\",\"features\":[ ]}"); // one byte more
        QVERIFY(QString::fromStdString(gis::provenanceInputChange(in, file.toStdString())).contains("42 bytes then, 43 now"));
        gis::ProvenanceInput sameSize = gis::provenanceInput(project, "input", file.toStdString(), "");
        sameSize.modified -= 1000000000; // the same size, another time: changed
        QVERIFY(QString::fromStdString(gis::provenanceInputChange(sameSize, file.toStdString())).contains("modified"));
        QVERIFY(QFile::remove(file));
        QVERIFY(QString::fromStdString(gis::provenanceInputChange(in, file.toStdString())).startsWith("missing"));
    }

    void linesForExports()
    {
        gis::Project p;
        p.history.push_back(gis::provenanceFromJson(sampleRecord("run-1"), "h"));
        gis::ProjectLayer made;
        made.map.name = "centres";
        made.madeBy = "run-1";
        gis::ProjectLayer hidden = made;
        hidden.map.name = "hidden";
        hidden.map.visible = false;
        gis::ProjectLayer plain;
        plain.map.name = "roads";
        gis::ProjectLayer lost = made;
        lost.map.name = "lost";
        lost.madeBy = "run-99";
        p.layers = {plain, made, hidden, lost};
        const auto en = gis::provenanceLines(p, "en");
        QCOMPARE(en.size(), std::size_t(2));
        QCOMPARE(en[0], std::string("centres: made by centroid (method=point-on-surface) from dakhiliyah.gpkg (wilayat) on "
                                    "2026-12-07T07:15:26Z with Interior Explorer 0.1.0"));
        QVERIFY(QString::fromStdString(en[1]).startsWith("lost: made by run run-99, which the project's history"));
        const auto ar = gis::provenanceLines(p, "ar");
        // Arabic, with each left-to-right run isolated (LRI ... PDI) so that the date is not reordered.
        QCOMPARE(QString::fromStdString(ar[0]),
            QString::fromUtf8("\u2066centres\u2069: أُنتجت بالخوارزمية \u2066centroid (method=point-on-surface)\u2069 من "
                              "\u2066dakhiliyah.gpkg (wilayat)\u2069 في \u20662026-12-07T07:15:26Z\u2069 باستخدام "
                              "\u2066Interior Explorer 0.1.0\u2069"));
    }

    void timesAreUtcIso8601()
    {
        QCOMPARE(gis::isoTimeUtc(std::chrono::system_clock::time_point(std::chrono::seconds(1765091725))),
            std::string("2025-12-07T07:15:25Z"));
        QCOMPARE(std::string(gis::softwareName()), std::string("Interior Explorer"));
        QVERIFY(!std::string(gis::softwareVersion()).empty());
    }
};

QTEST_MAIN(TestProvenance)
#include "tst_provenance.moc"
