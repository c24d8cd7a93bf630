#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QtTest>

#include "gis/core/error.h"
#include "gis/crs/crs.h"

using gis::Crs;
using gis::ErrorCode;

namespace {

// WKT as GDAL writes it (projinfo -o WKT1_GDAL EPSG:32640): carries its own AUTHORITY.
const char* const kWkt1Utm40 =
    R"w(PROJCS["WGS 84 / UTM zone 40N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,)w"
    R"w(AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],)w"
    R"w(UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],)w"
    R"w(PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",57],)w"
    R"w(PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],)w"
    R"w(UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32640"]])w";

// PSD93 / UTM 40N with the PSD93 -> WGS 84 (1) parameters as TOWGS84: PROJ makes it a BoundCRS.
const char* const kWkt1Psd93Bound =
    R"w(PROJCS["PSD93 / UTM zone 40N",GEOGCS["PSD93",DATUM["PDO_Survey_Datum_1993",SPHEROID["Clarke 1880 (RGS)",)w"
    R"w(6378249.145,293.465,AUTHORITY["EPSG","7012"]],TOWGS84[-180.624,-225.516,173.919,-0.81,-1.898,8.336,16.71006],)w"
    R"w(AUTHORITY["EPSG","6134"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,)w"
    R"w(AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4134"]],PROJECTION["Transverse_Mercator"],)w"
    R"w(PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",57],PARAMETER["scale_factor",0.9996],)w"
    R"w(PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],)w"
    R"w(AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3440"]])w";

// What ArcGIS writes next to a shapefile: no authority, ESRI names. Must still be recognised.
const char* const kEsriGcsWgs84 =
    R"w(GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],)w"
    R"w(PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])w";
const char* const kEsriUtm40 =
    R"w(PROJCS["WGS_1984_UTM_Zone_40N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,)w"
    R"w(298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],)w"
    R"w(PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",57.0],)w"
    R"w(PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])w";
const char* const kEsriPsd93Utm40 =
    R"w(PROJCS["PDO_1993_UTM_Zone_40N",GEOGCS["GCS_PDO_1993",DATUM["D_PDO_1993",SPHEROID["Clarke_1880_RGS",)w"
    R"w(6378249.145,293.465]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],)w"
    R"w(PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],)w"
    R"w(PARAMETER["Central_Meridian",57.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],)w"
    R"w(UNIT["Meter",1.0]])w";

// WGS 84 in PROJJSON without an id: identification must find EPSG:4326.
const char* const kProjJsonWgs84 =
    R"w({"type":"GeographicCRS","name":"WGS 84","datum":{"type":"GeodeticReferenceFrame",)w"
    R"w("name":"World Geodetic System 1984","ellipsoid":{"name":"WGS 84","semi_major_axis":6378137,)w"
    R"w("inverse_flattening":298.257223563}},"coordinate_system":{"subtype":"ellipsoidal","axis":[)w"
    R"w({"name":"Geodetic latitude","abbreviation":"Lat","direction":"north","unit":"degree"},)w"
    R"w({"name":"Geodetic longitude","abbreviation":"Lon","direction":"east","unit":"degree"}]}})w";

const char* const kProjUtm40 = "+proj=utm +zone=40 +datum=WGS84 +units=m +no_defs";
const char* const kProjPsd93Bound =
    "+proj=utm +zone=40 +ellps=clrk80 +towgs84=-180.624,-225.516,173.919,-0.81,-1.898,8.336,16.71006 +units=m";

Crs parse(const QString& s)
{
    return Crs::fromUserInput(s.toStdString());
}

} // namespace

class TestCrs : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void roundTrip_data() { parse_data(); }
    void roundTrip();
    void fromFile_data();
    void fromFile();
    void badInput_data();
    void badInput();
    void badFile();
    void areaOfUse();
    void equivalence_data();
    void equivalence();
    void identifier();
    void presets();
    void sharedBetweenThreads();
};

void TestCrs::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("authority");
    QTest::addColumn<bool>("geographic");
    QTest::addColumn<bool>("projected");
    QTest::addColumn<QString>("name");

    QTest::newRow("EPSG:4326") << "EPSG:4326" << "EPSG:4326" << true << false << "WGS 84";
    QTest::newRow("EPSG:32640") << "EPSG:32640" << "EPSG:32640" << false << true << "WGS 84 / UTM zone 40N";
    QTest::newRow("lower case") << "epsg:32639" << "EPSG:32639" << false << true << "WGS 84 / UTM zone 39N";
    QTest::newRow("bare number") << "32640" << "EPSG:32640" << false << true << "WGS 84 / UTM zone 40N";
    QTest::newRow("spaces around") << "  3440\n" << "EPSG:3440" << false << true << "PSD93 / UTM zone 40N";
    QTest::newRow("EPSG:3857") << "EPSG:3857" << "EPSG:3857" << false << true << "WGS 84 / Pseudo-Mercator";
    QTest::newRow("EPSG:4979 (3D)") << "EPSG:4979" << "EPSG:4979" << true << false << "WGS 84";
    QTest::newRow("OGC:CRS84") << "OGC:CRS84" << "OGC:CRS84" << true << false << "WGS 84 (CRS84)";
    QTest::newRow("WKT1 GDAL") << kWkt1Utm40 << "EPSG:32640" << false << true << "WGS 84 / UTM zone 40N";
    QTest::newRow("WKT1 ESRI geographic") << kEsriGcsWgs84 << "EPSG:4326" << true << false << "WGS 84";
    QTest::newRow("WKT1 ESRI UTM") << kEsriUtm40 << "EPSG:32640" << false << true << "WGS 84 / UTM zone 40N";
    // A BoundCRS reports its source CRS: the datum shift is kept for transforming, not shown.
    QTest::newRow("WKT1 TOWGS84 (bound)") << kWkt1Psd93Bound << "EPSG:3440" << false << true
                                           << "PSD93 / UTM zone 40N";
    QTest::newRow("PROJJSON") << kProjJsonWgs84 << "EPSG:4326" << true << false << "WGS 84";
    // PROJ rates a nameless UTM definition only 70% like EPSG:32640: not identified.
    QTest::newRow("PROJ string") << kProjUtm40 << "" << false << true << "unknown";
    QTest::newRow("PROJ string +type=crs") << "+proj=longlat +datum=WGS84 +type=crs" << "" << true << false
                                            << "unknown";
    QTest::newRow("PROJ string bound") << kProjPsd93Bound << "" << false << true << "unknown";
    QTest::newRow("compound") << "EPSG:32640+5773" << "" << false << true << "WGS 84 / UTM zone 40N + EGM96 height";
}

void TestCrs::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, authority);
    QFETCH(bool, geographic);
    QFETCH(bool, projected);
    QFETCH(QString, name);

    const Crs crs = ::parse(input);
    QVERIFY(crs.isValid());
    QCOMPARE(QString::fromStdString(crs.authorityCode()), authority);
    QCOMPARE(crs.isGeographic(), geographic);
    QCOMPARE(crs.isProjected(), projected);
    QCOMPARE(QString::fromStdString(crs.name()), name);

    const QString wkt = QString::fromStdString(crs.toWkt());
    QVERIFY2(wkt.contains("CRS["), qPrintable(wkt)); // WKT2 keywords: GEOGCRS, PROJCRS, BOUNDCRS, COMPOUNDCRS
    QVERIFY(!wkt.contains('\n'));
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(crs.toProjJson()), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(json.object().value("type").toString().endsWith("CRS"));
}

void TestCrs::roundTrip()
{
    QFETCH(QString, input);
    QFETCH(QString, authority);
    const Crs crs = ::parse(input);
    // What we store must read back as the same CRS: Transformer re-creates PROJ objects from it.
    const Crs fromWkt = Crs::fromUserInput(crs.toWkt());
    const Crs fromJson = Crs::fromUserInput(crs.toProjJson());
    QVERIFY(fromWkt.isEquivalentTo(crs));
    QVERIFY(fromJson.isEquivalentTo(crs));
    QCOMPARE(fromWkt.name(), crs.name());
    // The identifier is what a project file keeps: it must bring back the same CRS and code. (The WKT2 of
    // an ESRI geographic CRS is lon/lat, which PROJ rates only 25% like EPSG:4326, so the WKT alone would
    // lose the code.)
    const Crs fromIdentifier = Crs::fromUserInput(crs.identifier());
    QVERIFY(fromIdentifier.isEquivalentTo(crs));
    QCOMPARE(QString::fromStdString(fromIdentifier.authorityCode()), authority);
    // A BoundCRS is named by its source's code but identified by its WKT, which keeps the datum shift.
    const bool bound = QString::fromStdString(crs.toWkt()).startsWith("BOUNDCRS[");
    QCOMPARE(crs.identifier() == crs.toWkt(), authority.isEmpty() || bound);
}

void TestCrs::fromFile_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("authority");
    QTest::addColumn<bool>("geographic");
    QTest::addColumn<QString>("name");

    QTest::newRow("ESRI GCS_WGS_1984") << QByteArray(kEsriGcsWgs84) << "EPSG:4326" << true << "WGS 84";
    QTest::newRow("ESRI UTM 40N") << QByteArray(kEsriUtm40) << "EPSG:32640" << false << "WGS 84 / UTM zone 40N";
    QTest::newRow("ESRI PSD93 UTM 40N") << QByteArray(kEsriPsd93Utm40) << "EPSG:3440" << false
                                        << "PSD93 / UTM zone 40N";
    // Windows tools: a byte order mark and CRLF.
    QTest::newRow("BOM and CRLF") << QByteArray("\xEF\xBB\xBF") + kEsriUtm40 + "\r\n" << "EPSG:32640" << false
                                  << "WGS 84 / UTM zone 40N";
    QTest::newRow("PROJJSON file") << QByteArray(kProjJsonWgs84) << "EPSG:4326" << true << "WGS 84";
}

void TestCrs::fromFile()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, authority);
    QFETCH(bool, geographic);
    QFETCH(QString, name);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("layer.prj");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
    file.close();

    const Crs crs = Crs::fromFile(path.toStdString());
    QCOMPARE(QString::fromStdString(crs.authorityCode()), authority);
    QCOMPARE(crs.isGeographic(), geographic);
    QCOMPARE(QString::fromStdString(crs.name()), name);
    QVERIFY(crs.isEquivalentTo(Crs::fromUserInput(authority.toStdString())));
}

void TestCrs::badInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expectedInMessage");

    QTest::newRow("unknown code") << "EPSG:999999" << "EPSG:999999: unknown CRS (crs not found)";
    QTest::newRow("unknown bare code") << "999999" << "999999: unknown CRS";
    QTest::newRow("nonsense") << "nonsense" << "nonsense: unknown CRS (";
    QTest::newRow("empty") << "" << ": unknown CRS (empty definition)";
    QTest::newRow("blank") << " \n " << ": unknown CRS (empty definition)";
    QTest::newRow("a datum, not a CRS") << "urn:ogc:def:datum:EPSG::6326" << "urn:ogc:def:datum:EPSG::6326: unknown CRS";
    QTest::newRow("bad projection") << "+proj=nosuchprojection +type=crs" << "+proj=nosuchprojection";
    QTest::newRow("truncated WKT") << R"(PROJCS["broken",GEOGCS[)" << R"(PROJCS["broken",GEOGCS[: unknown CRS)";
    // Long input is shortened so that the message still fits on a line.
    QTest::newRow("long input") << QString(R"(GEOGCS["this is not going to work at all, at all",)") + QString(200, 'x')
                                << R"(GEOGCS["this is not going to work at all,)";
}

void TestCrs::badInput()
{
    QFETCH(QString, input);
    QFETCH(QString, expectedInMessage);
    try {
        ::parse(input);
        QFAIL("no exception thrown");
    } catch (const gis::Error& e) {
        QCOMPARE(e.code(), ErrorCode::Crs);
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(expectedInMessage), qPrintable(message));
        QVERIFY2(message.size() < 200 && !message.contains('\n'), qPrintable(message));
    }
}

void TestCrs::badFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = dir.filePath("missing.prj").toStdString();
    try {
        Crs::fromFile(missing);
        QFAIL("no exception for a missing file");
    } catch (const gis::Error& e) {
        QCOMPARE(e.code(), ErrorCode::Io);
        QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
    }

    const QString garbagePath = dir.filePath("garbage.prj");
    QFile file(garbagePath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a projection\n");
    file.close();
    try {
        Crs::fromFile(garbagePath.toStdString());
        QFAIL("no exception for a garbage file");
    } catch (const gis::Error& e) {
        QCOMPARE(e.code(), ErrorCode::Crs);
        QVERIFY2(QString(e.what()).contains(garbagePath + ": unknown CRS"), e.what());
    }
}

void TestCrs::areaOfUse()
{
    // EPSG's published extents.
    const auto utm40 = Crs::fromEpsg(32640).areaOfUse();
    QVERIFY(utm40.has_value());
    QCOMPARE(*utm40, gis::Box(54, 0, 60, 84));
    const auto psd93 = Crs::fromEpsg(3440).areaOfUse();
    QVERIFY(psd93.has_value());
    QCOMPARE(*psd93, gis::Box(54, 16.89, 59.91, 26.58));
    // A .prj has no extent; the identified registry entry lends it one.
    QCOMPARE(Crs::fromUserInput(kEsriUtm40).areaOfUse(), utm40);
    QVERIFY(!Crs::fromUserInput(kProjUtm40).areaOfUse().has_value());
    QVERIFY(!Crs().areaOfUse().has_value());
}

void TestCrs::equivalence_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equivalent");

    QTest::newRow("same code") << "EPSG:32640" << "32640" << true;
    // Axis order of geographic CRSs is ignored: both are lon/lat in libgis.
    QTest::newRow("4326 vs CRS84") << "EPSG:4326" << "OGC:CRS84" << true;
    QTest::newRow("4326 vs ESRI") << "EPSG:4326" << kEsriGcsWgs84 << true;
    QTest::newRow("32640 vs WKT1") << "EPSG:32640" << kWkt1Utm40 << true;
    QTest::newRow("32640 vs PROJ string") << "EPSG:32640" << kProjUtm40 << true;
    QTest::newRow("zone 40 vs 39") << "EPSG:32640" << "EPSG:32639" << false;
    QTest::newRow("WGS 84 vs PSD93") << "EPSG:32640" << "EPSG:3440" << false;
    QTest::newRow("2D vs 3D") << "EPSG:4326" << "EPSG:4979" << false;
}

void TestCrs::equivalence()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equivalent);
    const Crs ca = ::parse(a), cb = ::parse(b);
    QCOMPARE(ca.isEquivalentTo(cb), equivalent);
    QCOMPARE(cb.isEquivalentTo(ca), equivalent);
    QCOMPARE(ca == cb, equivalent);
    QVERIFY(ca.isEquivalentTo(ca));
    QVERIFY(!ca.isEquivalentTo(Crs()));
    QVERIFY(!Crs().isEquivalentTo(ca));
}

void TestCrs::identifier()
{
    QCOMPARE(Crs::fromEpsg(32640).identifier(), std::string("EPSG:32640"));
    const Crs proj = Crs::fromUserInput(kProjUtm40);
    QCOMPARE(proj.identifier(), proj.toWkt()); // no code to name it by
    QVERIFY(Crs::fromUserInput(proj.identifier()).isEquivalentTo(proj));

    const Crs unknown;
    QVERIFY(!unknown.isValid());
    QVERIFY(unknown.identifier().empty() && unknown.name().empty() && unknown.toWkt().empty());
    QVERIFY(!unknown.isGeographic() && !unknown.isProjected());
    QVERIFY(unknown == Crs());
}

void TestCrs::presets()
{
    const auto& presets = gis::omanCrsPresets();
    const QStringList expected{"EPSG:4326", "EPSG:32640", "EPSG:32639", "EPSG:3440", "EPSG:3857"};
    QCOMPARE(int(presets.size()), expected.size());
    for (std::size_t i = 0; i < presets.size(); ++i) {
        const gis::CrsPreset& p = presets[i];
        QCOMPARE(QString::fromStdString(p.code), expected[int(i)]);
        const Crs crs = Crs::fromUserInput(p.code);
        QCOMPARE(crs.authorityCode(), p.code);
        QCOMPARE(crs.isGeographic(), i == 0);
        QVERIFY(!p.nameEn.empty());
        const QString arabic = QString::fromStdString(p.nameAr);
        QVERIFY2(std::any_of(arabic.begin(), arabic.end(), [](QChar c) { return c.unicode() >= 0x0600 && c.unicode() <= 0x06FF; }),
                 p.nameAr.c_str());
        QVERIFY(!arabic.contains(QChar::ReplacementCharacter));
        // Digits as the rest of an Arabic window has them (a zone "٤٠" beside "٢٬٤٣٦٬٣٨٨" metres); a datum's name
        // keeps its own ("WGS 84", "PSD93").
        QString numbers = arabic;
        numbers.remove("WGS 84").remove("PSD93");
        QVERIFY2(!numbers.contains(QRegularExpression("[0-9]")), p.nameAr.c_str());
    }
}

void TestCrs::sharedBetweenThreads()
{
    // One Crs value read from several threads, each with its own PROJ context, while they also parse.
    const Crs utm = Crs::fromEpsg(32640);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                const Crs local = Crs::fromUserInput(i % 2 ? kEsriUtm40 : "EPSG:32640");
                if (!local.isEquivalentTo(utm) || local.authorityCode() != "EPSG:32640")
                    ++failures;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    QCOMPARE(failures.load(), 0);
}

QTEST_APPLESS_MAIN(TestCrs)
#include "tst_crs.moc"
