// Reading is honest: every feature a read leaves out, keeps without its geometry or cannot reach is in the
// layer's report with its id and reason, and hostile files give an Error naming the file, never a crash (the
// AddressSanitizer build runs this same test). The hostile files are made here from copies of the sample
// GeoPackage (sqlite3) and of ogr2ogr's output. Oracles: the rows sqlite3 counts and the features ogrinfo
// says a layer has must equal what was read plus what the report accounts for.

#include <QFile>
#include <QRegularExpression>
#include <QtEndian>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <set>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// A GeoPackage geometry header: "GP", version 0, little-endian without envelope, SRS 4326.
const QByteArray kHeader = "47500001E6100000";
const QByteArray kXY = "000000000000F03F0000000000000040"; // 1.0 2.0, little-endian doubles
const QByteArray kPoint = "0101000000" + kXY;

/// Runs sqlite3 on `db`; the output, trimmed.
QByteArray sqlite(const QString& db, const QString& sql)
{
    const test::ToolResult r = test::runTool("sqlite3", {db, sql});
    if (r.exitCode != 0)
        qWarning("sqlite3 %s: %s", qPrintable(sql), r.err.constData());
    return r.out.trimmed();
}

/// "Feature Count: N" of ogrinfo -so, -1 when it says none.
qint64 ogrinfoCount(const QString& file, const QString& layer)
{
    const test::ToolResult r = test::runTool("ogrinfo", {"-ro", "-so", file, layer});
    const auto m = QRegularExpression("Feature Count: (\\d+)").match(QString::fromUtf8(r.out));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

/// A copy of the sample whose `table` can be written by the sqlite3 shell: its triggers call SpatiaLite
/// functions the shell does not have (they keep the R-tree and the count, which the readers do not use).
QString writableCopy(const QString& dir, const QString& name, const QStringList& tables)
{
    const QString path = dir + "/" + name;
    QFile::remove(path);
    if (!QFile::copy(kSample, path))
        return {};
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    for (const QString& table : tables) {
        QString drops;
        const QByteArray names = sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '" + table + "'");
        for (const QByteArray& n : names.split('\n'))
            if (!n.isEmpty())
                drops += "DROP TRIGGER \"" + QString::fromUtf8(n) + "\";";
        sqlite(path, drops);
    }
    return path;
}

struct BlobCase {
    const char* name;
    QByteArray hex;     ///< the whole blob
    const char* reason; ///< what the skip message says; nullptr: the feature is read
};

/// Crafted blobs: broken headers and envelopes, counts of 0xFFFFFFFF, truncated WKB, NaN, deep nesting.
std::vector<BlobCase> blobCases()
{
    QByteArray nested;
    for (int i = 0; i < 40; ++i)
        nested += "010700000001000000"; // GeometryCollection of one
    QByteArray nested32;
    for (int i = 0; i < 32; ++i)
        nested32 += "010700000001000000";
    return {
        {"no GP magic", "58500001E6100000" + kPoint, "no \"GP\" header"},
        {"envelope code 5", "4750000BE6100000" + kPoint, "invalid envelope code 5"},
        {"envelope code 7", "4750000FE6100000" + kPoint, "invalid envelope code 7"},
        {"extended blob", "47500021E6100000" + kPoint, "extended GeoPackage geometry blob"},
        {"version 2", "47500101E6100000" + kPoint, "unknown version 2"},
        {"3-byte blob", "475000", "truncated in its header"},
        {"envelope cut short", "47500003E6100000" + QByteArray(20, '0'), "truncated in its header"},
        {"header alone", kHeader, "without WKB"},
        {"zero-length blob", "", "no \"GP\" header"},
        {"byte order 7", kHeader + "0701000000" + kXY, "invalid byte order 7"},
        {"type 99", kHeader + "0163000000" + kXY, "unknown geometry type 99"},
        {"curve type 8", kHeader + "0108000000" + "01000000" + kXY, "unknown geometry type 8"},
        {"0xFFFFFFFF points", kHeader + "0102000000FFFFFFFF" + kXY, "truncated"},
        {"0xFFFFFFFF rings", kHeader + "0103000000FFFFFFFF", "truncated"},
        {"0xFFFFFFFF ring points", kHeader + "010300000001000000FFFFFFFF" + kXY, "truncated"},
        {"0xFFFFFFFF polygons", kHeader + "0106000000FFFFFFFF", "truncated"},
        {"point cut short", kHeader + "0101000000000000000000F03F", "truncated"},
        {"NaN x", kHeader + "0101000000000000000000F87F0000000000000040", "NaN or infinite"},
        {"infinite y", kHeader + "0101000000000000000000F03F000000000000F07F", "NaN or infinite"},
        {"nesting 40", kHeader + nested + kPoint, "nested deeper than 32"},
        {"point in a multipolygon", kHeader + "010600000001000000" + kPoint, "member of type Point"},
        {"bytes after the WKB", kHeader + kPoint + "DEADBEEF", "4 bytes after the geometry"},
        // Legal, if unusual: read.
        {"nesting 32", kHeader + nested32 + kPoint, nullptr},
        {"POINT EMPTY (NaN NaN)", kHeader + "0101000000000000000000F87F000000000000F87F", nullptr},
        {"big-endian point", kHeader + "00000000013FF00000000000004000000000000000", nullptr},
    };
}

/// The fid the k-th crafted blob goes to (spread over the table).
qint64 caseFid(std::size_t k)
{
    return 7 + static_cast<qint64>(k) * 97;
}

std::size_t rowOf(const Layer& layer, std::int64_t fid)
{
    for (std::size_t i = 0; i < layer.size(); ++i)
        if (layer.fid(i) == fid)
            return i;
    return layer.size();
}

const FeatureIssue* issueOf(const LoadReport& report, std::int64_t fid)
{
    for (const FeatureIssue& i : report.issues)
        if (i.fid == fid)
            return &i;
    return nullptr;
}

ReadOptions through(bool geoPackageReader, bool arrow)
{
    ReadOptions o;
    o.useGeoPackageReader = geoPackageReader;
    o.useArrow = arrow;
    return o;
}

/// 9 points written by ogr2ogr to `file` (a Shapefile, or another format by `extra` options).
void makeNine(const QString& dir, const QString& file, const QStringList& extra = {})
{
    QByteArray json = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < 9; ++i)
        json += (i ? "," : "") + QByteArray(R"({"type":"Feature","properties":{"n":)") + QByteArray::number(i)
            + R"(,"name":"wilayat )" + QByteArray::number(i) + R"("},"geometry":{"type":"Point","coordinates":[)"
            + QByteArray::number(57 + i * 0.1) + ",23]}}";
    json += "]}";
    test::writeFile(dir + "/nine.geojson", json);
    const auto r = test::runTool("ogr2ogr", QStringList{dir + "/" + file, dir + "/nine.geojson"} + extra);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void putBigEndian(QByteArray& bytes, int at, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        bytes[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

} // namespace

class TestReadReport : public QObject {
    Q_OBJECT

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    QString m_hostile;

private slots:
    void initTestCase()
    {
        QVERIFY2(test::haveTool("sqlite3") && test::haveTool("ogrinfo") && test::haveTool("ogr2ogr"),
            "sqlite3 and gdal-bin are the oracles and build the fixtures");
        m_hostile = writableCopy(m_dir.path(), "hostile.gpkg", {"parcels"});
        QVERIFY(!m_hostile.isEmpty());
        QString sql = "BEGIN;";
        const auto cases = blobCases();
        for (std::size_t k = 0; k < cases.size(); ++k)
            sql += QString("UPDATE parcels SET geom = X'%1' WHERE fid = %2;").arg(QString::fromLatin1(cases[k].hex)).arg(caseFid(k));
        sql += "UPDATE parcels SET geom = NULL WHERE fid = 3;COMMIT;";
        sqlite(m_hostile, sql);
        QCOMPARE(sqlite(m_hostile, QString("SELECT count(*) FROM parcels WHERE fid = %1 AND length(geom) = 0").arg(caseFid(8))),
            QByteArray("1"));
    }

    /// Each crafted blob: skipped with its id and reason, or read; nothing vanishes unaccounted.
    void corruptBlobsAreEachReported()
    {
        const auto layer = readLayer(m_hostile.toStdString(), "parcels");
        const LoadReport& r = layer->report();
        const auto cases = blobCases();
        std::size_t bad = 0;
        for (std::size_t k = 0; k < cases.size(); ++k) {
            const qint64 fid = caseFid(k);
            const FeatureIssue* issue = issueOf(r, fid);
            if (!cases[k].reason) {
                QVERIFY2(rowOf(*layer, fid) < layer->size(), cases[k].name);
                QVERIFY2(!issue, cases[k].name);
                continue;
            }
            ++bad;
            QVERIFY2(rowOf(*layer, fid) == layer->size(), cases[k].name);
            QVERIFY2(issue, cases[k].name);
            QCOMPARE(issue->action, FeatureIssue::Action::Skipped);
            QVERIFY2(QString::fromStdString(issue->reason).contains(cases[k].reason),
                qPrintable(QString("%1: %2").arg(cases[k].name, QString::fromStdString(issue->reason))));
        }
        QCOMPARE(r.featuresSkipped, bad);
        QCOMPARE(r.issues.size(), bad);
        QVERIFY(layer->geometries().isNull(rowOf(*layer, 3))); // a NULL geometry is legal, and no issue
        // The oracles: the rows sqlite3 counts, the features GDAL claims.
        const qint64 rows = sqlite(m_hostile, "SELECT count(*) FROM parcels").toLongLong();
        QCOMPARE(qint64(layer->size() + r.featuresSkipped), rows);
        QCOMPARE(ogrinfoCount(m_hostile, "parcels"), rows);
        QVERIFY(r.isComplete() == false && r.featuresMissing == 0);
        QVERIFY(QString::fromStdString(r.messages.front()).contains("hostile.gpkg: layer \"parcels\": feature 7:"));
    }

    /// Through GDAL (its Arrow stream and its feature loop) a blob GDAL cannot read becomes a null geometry:
    /// every such null is reported, and nothing else is lost.
    void gdalNullGeometriesAreReported_data()
    {
        QTest::addColumn<bool>("arrow");
        QTest::newRow("Arrow stream") << true;
        QTest::newRow("feature loop") << false;
    }

    void gdalNullGeometriesAreReported()
    {
        QFETCH(bool, arrow);
        const auto layer = readLayer(m_hostile.toStdString(), "parcels", through(false, arrow));
        const LoadReport& r = layer->report();
        std::set<qint64> stored;
        for (const QByteArray& fid : sqlite(m_hostile, "SELECT fid FROM parcels WHERE geom IS NOT NULL").split('\n'))
            stored.insert(fid.toLongLong());
        std::size_t nulls = 0;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            if (!layer->geometries().isNull(i) || !stored.count(layer->fid(i)))
                continue;
            ++nulls;
            const FeatureIssue* issue = issueOf(r, layer->fid(i));
            QVERIFY2(issue && issue->action == FeatureIssue::Action::NullGeometry,
                qPrintable(QString("feature %1 lost its geometry silently").arg(layer->fid(i))));
        }
        QVERIFY(nulls >= 8); // GDAL 3.6: 8 through the stream (the rest it hands over and we skip), 18 in the loop
        QCOMPARE(r.featuresNulled, nulls);
        const qint64 rows = sqlite(m_hostile, "SELECT count(*) FROM parcels").toLongLong();
        QCOMPARE(qint64(layer->size() + r.featuresSkipped), rows);
    }

    /// ReadOptions::strict: an Error at the first bad feature, naming the file, the layer and the feature.
    void strictThrowsAtTheFirstProblem()
    {
        for (const ReadOptions& base : {through(true, true), through(false, false)}) {
            ReadOptions strict = base;
            strict.strict = true;
            try {
                readLayer(m_hostile.toStdString(), "parcels", strict);
                QFAIL("a strict read of a corrupt layer did not throw");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Format);
                QVERIFY2(QString(e.what()).contains("hostile.gpkg: layer \"parcels\": feature 7:"), e.what());
            }
        }
        ReadOptions strict;
        strict.strict = true;
        QCOMPARE(readLayer(kSample.toStdString(), "parcels", strict)->size(), std::size_t{3026});
    }

    /// .shx entries that point into the header or past the end: GDAL reads null shapes (for the first with
    /// an error, for the second silently); both are reported as such.
    void brokenShxOffsetsAreReported()
    {
        makeNine(m_dir.path(), "shx.shp");
        QByteArray shx = test::readFile(path("shx.shx"));
        QCOMPARE(shx.size(), 100 + 9 * 8);
        putBigEndian(shx, 100 + 8 * 2, 0x7FFFFF00); // offset in 16-bit words: far past the end
        putBigEndian(shx, 100 + 8 * 5, 10);         // byte 20: inside the 100-byte header
        test::writeFile(path("shx.shx"), shx);
        for (bool arrow : {true, false}) {
            const auto layer = readLayer(path("shx.shp").toStdString(), {}, through(true, arrow));
            const LoadReport& r = layer->report();
            QCOMPARE(qint64(layer->size()), ogrinfoCount(path("shx.shp"), "shx"));
            QCOMPARE(r.featuresNulled, std::size_t{2});
            QCOMPARE(r.issues.size(), std::size_t{2});
            QCOMPARE(r.issues[0].fid, 2);
            QCOMPARE(r.issues[1].fid, 5);
            QVERIFY(layer->geometries().isNull(2) && layer->geometries().isNull(5) && !layer->geometries().isNull(4));
            QVERIFY2(QString::fromStdString(r.issues[1].reason).contains(".shx entry 5 points at byte 20, inside the .shp header"),
                r.issues[1].reason.c_str());
        }
    }

    /// A .dbf cut in half: GDAL stops at the first record it cannot read. The features the .shx promises and
    /// the read never reached are missing, and the problem names the file and the layer.
    void truncatedDbfIsReported()
    {
        makeNine(m_dir.path(), "half.shp");
        const QByteArray dbf = test::readFile(path("half.dbf"));
        test::writeFile(path("half.dbf"), dbf.left(dbf.size() / 2));
        const auto layer = readLayer(path("half.shp").toStdString());
        const LoadReport& r = layer->report();
        QVERIFY(layer->size() < 9);
        QCOMPARE(qint64(layer->size() + r.featuresMissing), ogrinfoCount(path("half.shp"), "half"));
        QVERIFY(r.stoppedEarly && !r.isComplete());
        QCOMPARE(r.declaredCount, 9);
        bool named = false;
        for (const std::string& p : r.problems)
            named |= QString::fromStdString(p).contains("half.shp: layer \"half\": the file declares 9 features");
        QVERIFY(named);
        ReadOptions strict;
        strict.strict = true;
        QVERIFY_THROWS_EXCEPTION(Error, readLayer(path("half.shp").toStdString(), {}, strict));
    }

    /// A FlatGeobuf whose features are replaced after its header: a few bytes of garbage leave nothing
    /// readable (0 features, all 9 missing); a garbage body the size of the features is an Error naming it.
    void flatGeobufWithGarbageAfterItsHeader()
    {
        makeNine(m_dir.path(), "nine.fgb", {"-f", "FlatGeobuf", "-lco", "SPATIAL_INDEX=NO"});
        const QByteArray fgb = test::readFile(path("nine.fgb"));
        const auto headerSize = qFromLittleEndian<quint32>(fgb.constData() + 8);
        const QByteArray header = fgb.left(12 + int(headerSize));
        test::writeFile(path("cut.fgb"), header + "\xAB\xAB");
        const auto layer = readLayer(path("cut.fgb").toStdString());
        QCOMPARE(layer->size(), std::size_t{0});
        QCOMPARE(qint64(layer->report().featuresMissing), ogrinfoCount(path("nine.fgb"), "nine"));
        QVERIFY(QString::fromStdString(layer->report().problems.at(0)).contains("cut.fgb"));

        test::writeFile(path("garbage.fgb"), header + QByteArray(fgb.size() - header.size(), '\xAB'));
        try {
            const auto garbage = readLayer(path("garbage.fgb").toStdString());
            QFAIL(qPrintable(QString("read %1 features of garbage").arg(garbage->size())));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("garbage.fgb"), e.what());
        }
    }

    /// gpkg_ogr_contents is metadata anyone can write: 9e18 features allocates nothing, and the layer reads
    /// every row (sqlite3's count) with a note that the count is wrong; on every read path.
    void forgedFeatureCount()
    {
        const QString forged = writableCopy(m_dir.path(), "forged.gpkg", {});
        sqlite(forged, "UPDATE gpkg_ogr_contents SET feature_count = 9000000000000000000 "
                       "WHERE table_name IN ('parcels', 'inspections')");
        for (const char* table : {"parcels", "inspections"}) {
            const qint64 rows = sqlite(forged, QString("SELECT count(*) FROM %1").arg(table)).toLongLong();
            for (const ReadOptions& o : {through(true, true), through(false, true), through(false, false)}) {
                const auto layer = readLayer(forged.toStdString(), table, o);
                QCOMPARE(qint64(layer->size()), rows);
                QVERIFY(layer->report().isComplete());
                QCOMPARE(layer->report().problems.size(), std::size_t{1});
                QVERIFY2(QString::fromStdString(layer->report().problems[0]).contains("forged.gpkg: layer \"" + QString(table)
                             + "\": its feature count (gpkg_ogr_contents) says 9000000000000000000"),
                    layer->report().problems[0].c_str());
            }
        }
    }

    /// A GeoPackage cut to half its size: each layer is an Error naming the file, or is read with what is
    /// lost accounted for; never a crash.
    void halfAGeoPackage()
    {
        const QByteArray bytes = test::readFile(kSample);
        test::writeFile(path("halved.gpkg"), bytes.left(bytes.size() / 2));
        int errors = 0;
        for (const char* table : {"governorates", "towns", "parcels", "inspections", "roads"}) {
            const qint64 rows = sqlite(kSample, QString("SELECT count(*) FROM %1").arg(table)).toLongLong();
            try {
                const auto layer = readLayer(path("halved.gpkg").toStdString(), table);
                if (layer->report().isComplete())
                    QCOMPARE(qint64(layer->size()), rows);
            } catch (const Error& e) {
                ++errors;
                QVERIFY2(QString(e.what()).contains("halved.gpkg"), e.what());
            }
        }
        QVERIFY(errors > 0);
    }

    /// Truncated while it is being read (a copy still being written): with the file memory-mapped this was
    /// SIGBUS; now an Error naming the file, or a read whose report says what it lost.
    void truncatedWhileRead()
    {
        const QString file = writableCopy(m_dir.path(), "shrinking.gpkg", {"inspections"});
        const QString columns = QString::fromUtf8(
            sqlite(file, "SELECT group_concat('\"' || name || '\"') FROM pragma_table_info('inspections') WHERE name <> 'fid'"));
        for (int i = 0; i < 2; ++i) // 3,000 -> 12,000 rows: progress is reported every 4,096
            sqlite(file, QString("INSERT INTO inspections (%1) SELECT %1 FROM inspections").arg(columns));
        const qint64 rows = sqlite(file, "SELECT count(*) FROM inspections").toLongLong();
        QCOMPARE(rows, 12000);
        const auto size = std::filesystem::file_size(file.toStdString());
        ReadOptions o;
        bool truncated = false;
        o.feedback.progress = [&](double fraction) {
            if (!truncated && fraction < 1) {
                std::filesystem::resize_file(file.toStdString(), size / 2);
                truncated = true;
            }
        };
        try {
            const auto layer = readLayer(file.toStdString(), "inspections", o);
            QVERIFY(truncated);
            if (layer->report().isComplete())
                QCOMPARE(qint64(layer->size()), rows);
        } catch (const Error& e) {
            QVERIFY(truncated);
            QVERIFY2(QString(e.what()).contains("shrinking.gpkg"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestReadReport)
#include "tst_readreport.moc"
