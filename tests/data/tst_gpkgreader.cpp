// The GeoPackage reader (libgis's own SQLite reader behind DataSource::readLayer) against two oracles: GDAL's
// Arrow stream over the same layer (the reader must give the same Layer: geometries to the bit, attributes,
// feature ids, CRS, load report) and the files themselves through the sqlite3, spatialite and ogrinfo tools.
// Test files: every GeoPackage in data/ and the shared data, and synthetic ones made here with ogr2ogr and
// sqlite3 (every field type, every geometry type, empty and null geometries, hand-made geometry blobs, tables
// big enough to be read by two threads, corrupt blobs).

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

// --- comparing layers ----------------------------------------------------------------------------------------

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

/// The first difference between two layers, or "" when they are the same to the bit. `booleans` false skips
/// boolean columns: GDAL 3.6's Arrow stream over a GeoPackage sets at most the first row's bit of a batch (a
/// boolean read through it is false from the second row on), so they are checked against GDAL's feature API.
QString layerDifference(const Layer& a, const Layer& b, bool booleans = true)
{
    if (a.size() != b.size())
        return QString("sizes %1 and %2").arg(a.size()).arg(b.size());
    if (a.geometryType() != b.geometryType() || a.name() != b.name())
        return "geometry type or name";
    if (a.crs().isValid() != b.crs().isValid() || (a.crs().isValid() && a.crs().toWkt() != b.crs().toWkt()))
        return "CRS";
    const GeometryColumn& ga = a.geometries();
    const GeometryColumn& gb = b.geometries();
    if (ga.hasZ() != gb.hasZ() || ga.hasM() != gb.hasM() || ga.coordCount() != gb.coordCount())
        return "Z, M or coordinate count";
    for (std::size_t i = 0; i < a.size(); ++i) {
        const QString at = QString("feature %1: ").arg(a.fid(i));
        if (a.fid(i) != b.fid(i))
            return at + QString("fid %1 and %2").arg(a.fid(i)).arg(b.fid(i));
        if (ga.type(i) != gb.type(i) || ga.partEnd(i) - ga.partBegin(i) != gb.partEnd(i) - gb.partBegin(i))
            return at + "geometry type or part count";
        for (std::size_t p = ga.partBegin(i), q = gb.partBegin(i); p < ga.partEnd(i); ++p, ++q) {
            if (ga.partType(p) != gb.partType(q) || ga.ringEnd(p) - ga.ringBegin(p) != gb.ringEnd(q) - gb.ringBegin(q))
                return at + "part type or ring count";
            for (std::size_t r = ga.ringBegin(p), s = gb.ringBegin(q); r < ga.ringEnd(p); ++r, ++s) {
                if (ga.coordEnd(r) - ga.coordBegin(r) != gb.coordEnd(s) - gb.coordBegin(s))
                    return at + "ring length";
                for (std::size_t c = ga.coordBegin(r), d = gb.coordBegin(s); c < ga.coordEnd(r); ++c, ++d) {
                    if (!sameBits(ga.coord(c).x, gb.coord(d).x) || !sameBits(ga.coord(c).y, gb.coord(d).y)
                        || (ga.hasZ() && !sameBits(ga.zValues()[c], gb.zValues()[d]))
                        || (ga.hasM() && !sameBits(ga.mValues()[c], gb.mValues()[d])))
                        return at + QString("coordinate %1").arg(c);
                }
            }
        }
    }
    const AttributeTable& ta = a.attributes();
    const AttributeTable& tb = b.attributes();
    if (ta.columnCount() != tb.columnCount())
        return "column count";
    for (std::size_t k = 0; k < ta.columnCount(); ++k) {
        const AttributeColumn& ca = ta.column(k);
        const AttributeColumn& cb = tb.column(k);
        if (ca.name() != cb.name() || ca.type() != cb.type())
            return QString("column %1: name or type").arg(QString::fromStdString(ca.name()));
        if (ca.type() == FieldType::Boolean && !booleans)
            continue;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const bool same = ca.isNull(i) == cb.isNull(i)
                && (ca.type() == FieldType::Real ? sameBits(ca.real(i), cb.real(i)) : ca.integer(i) == cb.integer(i))
                && ca.string(i) == cb.string(i);
            if (!same)
                return QString("feature %1, field %2: \"%3\" and \"%4\"").arg(a.fid(i))
                    .arg(QString::fromStdString(ca.name()), QString::fromStdString(ca.toString(i)),
                        QString::fromStdString(cb.toString(i)));
        }
    }
    const LoadReport& ra = a.report();
    const LoadReport& rb = b.report();
    if (ra.featuresRead != rb.featuresRead || ra.featuresSkipped != rb.featuresSkipped || ra.messages != rb.messages)
        return QString("load reports: %1 read, %2 skipped and %3 read, %4 skipped")
            .arg(ra.featuresRead).arg(ra.featuresSkipped).arg(rb.featuresRead).arg(rb.featuresSkipped);
    return {};
}

/// The first boolean of `ours` that differs from GDAL's feature API (`loop`), which keeps a stored 2 as 2.
QString booleanDifference(const Layer& ours, const Layer& loop)
{
    for (std::size_t k = 0; k < ours.attributes().columnCount(); ++k) {
        const AttributeColumn& c = ours.attributes().column(k);
        if (c.type() != FieldType::Boolean)
            continue;
        const AttributeColumn& l = loop.attributes().column(c.name());
        for (std::size_t i = 0, j = 0; i < ours.size(); ++i, ++j) {
            while (j < loop.size() && loop.fid(j) != ours.fid(i))
                ++j; // the loop keeps blobs GDAL cannot read as null geometries; ours skips some
            if (j == loop.size() || c.isNull(i) != l.isNull(j) || c.integer(i) != (l.integer(j) != 0 ? 1 : 0))
                return QString("feature %1, boolean %2").arg(ours.fid(i)).arg(QString::fromStdString(c.name()));
        }
    }
    return {};
}

ReadOptions direct()
{
    return {};
}

ReadOptions throughArrow()
{
    ReadOptions o;
    o.useGeoPackageReader = false;
    return o;
}

ReadOptions throughFeatureLoop()
{
    ReadOptions o;
    o.useArrow = false;
    return o;
}

std::size_t row(const Layer& l, std::int64_t fid)
{
    for (std::size_t i = 0; i < l.size(); ++i)
        if (l.fid(i) == fid)
            return i;
    return std::numeric_limits<std::size_t>::max();
}

// --- making GeoPackages -------------------------------------------------------------------------------------

/// Little- or big-endian bytes, for hand-made WKB and GeoPackage blobs.
struct Bytes {
    QByteArray data;
    bool big = false;

    Bytes& u8(int v)
    {
        data += char(v);
        return *this;
    }
    Bytes& u32(std::uint32_t v)
    {
        for (int k = 0; k < 4; ++k)
            data += char(big ? v >> (24 - 8 * k) : v >> (8 * k));
        return *this;
    }
    Bytes& f64(double d)
    {
        std::uint64_t v;
        std::memcpy(&v, &d, 8);
        for (int k = 0; k < 8; ++k)
            data += char(big ? v >> (56 - 8 * k) : v >> (8 * k));
        return *this;
    }
    Bytes& f64s(std::initializer_list<double> ds)
    {
        for (double d : ds)
            f64(d);
        return *this;
    }
};

/// WKB geometry header: byte order then type code.
Bytes wkb(std::uint32_t type, bool big = false)
{
    Bytes b;
    b.big = big;
    b.u8(big ? 0 : 1).u32(type);
    return b;
}

/// A GeoPackage blob around `body`: envelope code 0-4 (zeros), header byte order, empty flag.
QByteArray gpkgBlob(const QByteArray& body, int envelope = 0, bool bigHeader = false, bool empty = false)
{
    Bytes h;
    h.big = bigHeader;
    h.data = "GP";
    h.u8(0).u8((envelope << 1) | (bigHeader ? 0 : 1) | (empty ? 0x10 : 0)).u32(4326);
    static const int doubles[] = {0, 4, 6, 6, 8};
    for (int k = 0; k < doubles[envelope]; ++k)
        h.f64(k < 2 ? 0.0 : 9.0);
    return h.data + body;
}

QByteArray sqlBlob(const QByteArray& blob)
{
    return "X'" + blob.toHex() + "'";
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();

void run(const QString& tool, const QStringList& args, const QByteArray& input = {})
{
    const test::ToolResult r = test::runTool(tool, args, input);
    QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(tool + " " + args.join(' ') + ": " + r.err));
}

} // namespace

class TestGpkgReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_kinds, m_big, m_corrupt, m_deviations;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    /// Every field type GeoPackage has through GDAL, from a CSV with a .csvt; rows 3, 6 and 7 left out so the
    /// ids have gaps; a BLOB column and hand-made geometry blobs added with sqlite3.
    void makeKinds()
    {
        const QString csv = path("kinds.csv");
        test::writeFile(csv,
            "wkt,keep,i32,i16,b,i64,r,f32,s,d,dt,t\n"
            "\"POINT (1 2)\",1,7,-3,1,1099511627776,1.5,0.25,héllo,2024-02-29,2024-02-29 12:34:56.789+00,12:34:56\n"
            "\"\",1,,,,,,,,,,\n"
            "\"POINT (5 5)\",0,1,1,1,1,1,1,x,,,\n"
            "\"MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((2 2,3 2,3 3,2 2),(2.1 2.1,2.2 2.1,2.2 2.2,2.1 2.1)))\",1,-1,2,0,-5,"
            "-2.5,-0.5,\"a,b\",1969-12-31,1969-12-31 23:59:59+00,00:00:00\n"
            "\"LINESTRING (0 0,1 1,2 0)\",1,2147483647,32767,1,-9223372036854775807,1e308,0.125,نزوى,0001-01-01,"
            "2100-12-31 23:59:59.999+00,23:59:59\n"
            "\"POINT (6 6)\",0,,,,,,,,,,\n"
            "\"POINT (7 7)\",0,,,,,,,,,,\n"
            "\"MULTILINESTRING ((0 0,1 1),(2 2,3 3,4 4))\",1,0,0,0,0,0,0,\"line\nbreak\",2000-01-01,2000-01-01 00:00:00+00,\n"
            "\"MULTIPOINT ((1 1),(2 2))\",1,-7,-32768,0,7,-0.0,3.5,\" \",,,\n"
            "\"POLYGON ((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))\",1,,,,,,,\"quote \"\" here\",,,\n"
            "\"GEOMETRYCOLLECTION (POINT (1 1),LINESTRING (0 0,1 1),POLYGON ((0 0,1 0,1 1,0 0)))\",1,1,1,1,1,1,1,1,,,\n");
        test::writeFile(path("kinds.csvt"),
            "WKT,Integer,Integer,Integer(Int16),Integer(Boolean),Integer64,Real,Real(Float32),String,Date,DateTime,Time\n");
        const QString gpkg = path("kinds.gpkg");
        run("ogr2ogr", {"-f", "GPKG", gpkg, csv, "-nln", "we\"ird name", "-nlt", "GEOMETRY", "-where", "keep = 1",
                           "-preserve_fid", "-a_srs", "EPSG:4326", "-oo", "KEEP_GEOM_COLUMNS=NO", "-lco",
                           "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=NO"});
        // Hand-made blobs: every envelope code, both header byte orders, big-endian WKB, ISO Z/M/ZM, GDAL's 2.5D
        // and EWKB flags, empty geometries of every type, a Multi with an empty member.
        const QByteArray line = wkb(2).u32(2).f64s({0, 0, 1, 1}).data;
        const QList<QPair<int, QByteArray>> blobs = {
            {100, gpkgBlob(wkb(1).f64s({kNaN, kNaN}).data, 0, false, true)},
            {101, gpkgBlob(wkb(2).u32(0).data, 0, false, true)},
            {102, gpkgBlob(wkb(3).u32(0).data, 0, false, true)},
            {103, gpkgBlob(wkb(4).u32(0).data, 0, false, true)},
            {104, gpkgBlob(wkb(5).u32(0).data, 0, true, true)},
            {105, gpkgBlob(wkb(6).u32(0).data, 0, false, true)},
            {106, gpkgBlob(wkb(7).u32(0).data, 0, false, true)},
            {107, gpkgBlob(wkb(1001).f64s({kNaN, kNaN, kNaN}).data, 0, false, true)},
            {110, gpkgBlob(wkb(1001, true).f64s({1, 2, 3}).data)},
            {111, gpkgBlob(wkb(0x40000002).u32(2).f64s({0, 0, 7, 1, 1, 8}).data, 1)},
            {112, gpkgBlob(wkb(0x20000001).u32(4326).f64s({3, 4}).data, 2, true)},
            {113, gpkgBlob(wkb(3003).u32(1).u32(4).f64s({0, 0, 1, 2, 1, 0, 1, 2, 1, 1, 1, 2, 0, 0, 1, 2}).data, 4)},
            {114, gpkgBlob(wkb(6).u32(2).data + wkb(3).u32(0).data + wkb(3).u32(1).u32(4).f64s({0, 0, 1, 0, 1, 1, 0, 0}).data, 3)},
            {115, gpkgBlob(wkb(7).u32(2).data + wkb(1).f64s({9, 9}).data + wkb(5).u32(1).data + line, 1, true)},
            {116, gpkgBlob(wkb(0x80000001).f64s({1, 2, 3}).data)},
            {117, gpkgBlob(wkb(1, true).f64s({-1.5, 1e-300}).data, 1, true)},
            {118, gpkgBlob(wkb(2002).u32(2).f64s({0, 0, 5, 1, 1, kNaN}).data)},
        };
        QByteArray sql = "BEGIN;\nALTER TABLE \"we\"\"ird name\" ADD COLUMN \"bin\" BLOB;\n"
                         "UPDATE \"we\"\"ird name\" SET bin = X'0001FF' WHERE fid = 1;\n"
                         "UPDATE \"we\"\"ird name\" SET bin = X'' WHERE fid = 4;\n"
                         "UPDATE \"we\"\"ird name\" SET s = '' WHERE fid = 2;\n";
        for (const auto& [fid, blob] : blobs)
            sql += "INSERT INTO \"we\"\"ird name\" (fid, geom, s) VALUES (" + QByteArray::number(fid) + ", "
                + sqlBlob(blob) + ", 'blob " + QByteArray::number(fid) + "');\n";
        run("sqlite3", {gpkg}, sql + "COMMIT;\n");

        // A second layer from GeoJSON: booleans, an object (String(JSON)), arrays (lists, kept as JSON text),
        // a 64-bit id, in another CRS, with GDAL's R-tree and triggers.
        const QString json = path("kinds.geojson");
        test::writeFile(json, R"({"type":"FeatureCollection","features":[
            {"type":"Feature","id":3,"properties":{"ok":true,"o":{"a":[1,2]},"l":[1,2,3],"n":"x"},"geometry":{"type":"Point","coordinates":[500000,2500000]}},
            {"type":"Feature","id":9,"properties":{"ok":false,"o":null,"l":[],"n":null},"geometry":null},
            {"type":"Feature","id":4000000000,"properties":{"ok":null,"o":{},"l":[4],"n":"z","اسم":"نزوى"},"geometry":{"type":"Point","coordinates":[510000.5,2510000.25]}}]})");
        run("ogr2ogr", {"-update", "-f", "GPKG", gpkg, json, "-nln", "json", "-a_srs", "EPSG:32640", "-preserve_fid"});
        // A table without geometry (GeoPackage "attributes") and an empty layer.
        run("ogr2ogr", {"-update", "-f", "GPKG", gpkg, csv, "-nln", "table only", "-nlt", "NONE", "-where", "keep = 1",
                           "-oo", "GEOM_POSSIBLE_NAMES=none", "-oo", "KEEP_GEOM_COLUMNS=YES"});
        run("ogr2ogr", {"-update", "-f", "GPKG", gpkg, csv, "-nln", "empty", "-where", "keep = 2", "-a_srs", "EPSG:4326",
                           "-oo", "KEEP_GEOM_COLUMNS=NO"});
        // More fields than an SQLite function takes arguments: read through GDAL.
        QByteArray wide = "wkt";
        QByteArray values = "\"POINT (1 1)\"";
        for (int k = 0; k < 130; ++k) {
            wide += ",f" + QByteArray::number(k);
            values += "," + QByteArray::number(k);
        }
        test::writeFile(path("wide.csv"), wide + "\n" + values + "\n");
        run("ogr2ogr", {"-update", "-f", "GPKG", gpkg, path("wide.csv"), "-nln", "wide", "-oo", "KEEP_GEOM_COLUMNS=NO",
                           "-oo", "AUTODETECT_TYPE=YES"});
    }

    /// Tables big enough for two threads: lines (counted before reading) and points (not), with gaps in the ids
    /// and null geometries in both halves.
    void makeBig(const QString& gpkg, bool spatialIndex)
    {
        QByteArray lines = "wkt,keep,id,name,value,day\n";
        for (int r = 1; r <= 30000; ++r) {
            QByteArray g;
            const double x = (r % 360) - 180 + r * 1e-6, y = (r % 170) - 85 + r * 1e-7;
            if (r % 97 == 0) {
                g = "";
            } else if (r % 5 == 0) {
                g = "MULTILINESTRING ((" + QByteArray::number(x, 'g', 17) + " " + QByteArray::number(y, 'g', 17)
                    + ",0 0),(1 1,2 2,3 3))";
            } else {
                g = "LINESTRING (";
                for (int k = 0; k < r % 13 + 2; ++k)
                    g += (k ? "," : "") + QByteArray::number(x + k * 0.001, 'g', 17) + " " + QByteArray::number(y - k * 0.003, 'g', 17);
                g += ")";
            }
            lines += "\"" + g + "\"," + QByteArray(r % 7 == 3 ? "0" : "1") + "," + QByteArray::number(r) + ",line "
                + QByteArray::number(r) + (r % 3 ? "" : " خط") + "," + (r % 11 ? QByteArray::number(r * 0.5) : "") + ","
                + (r % 13 ? "2024-02-" + QByteArray::number(r % 28 + 10) : "") + "\n";
        }
        test::writeFile(path("lines.csv"), lines);
        test::writeFile(path("lines.csvt"), "WKT,Integer,Integer,String,Real,Date\n");
        QByteArray points = "wkt,keep,id\n";
        for (int r = 1; r <= 40000; ++r)
            points += (r % 101 ? "\"POINT (" + QByteArray::number(r * 0.004 - 80, 'g', 17) + " "
                               + QByteArray::number((r % 1000) * 0.07 - 35, 'g', 17) + ")\""
                               : QByteArray("\"\""))
                + "," + (r % 9 == 4 ? "0" : "1") + "," + QByteArray::number(r) + "\n";
        test::writeFile(path("points.csv"), points);
        test::writeFile(path("points.csvt"), "WKT,Integer,Integer\n");
        const QString index = spatialIndex ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO";
        run("ogr2ogr", {"-f", "GPKG", gpkg, path("lines.csv"), "-nln", "lines", "-nlt", "MULTILINESTRING", "-where",
                           "keep = 1", "-preserve_fid", "-a_srs", "EPSG:4326", "-oo", "KEEP_GEOM_COLUMNS=NO", "-lco", index,
                           "-lco", "GEOMETRY_NAME=geom"});
        run("ogr2ogr", {"-update", "-f", "GPKG", gpkg, path("points.csv"), "-nln", "points", "-nlt", "POINT", "-where",
                           "keep = 1", "-preserve_fid", "-a_srs", "EPSG:4326", "-oo", "KEEP_GEOM_COLUMNS=NO", "-lco", index,
                           "-lco", "GEOMETRY_NAME=geom"});
    }

    /// Values where GDAL 3.6's Arrow stream is wrong and the reader follows libgis's contract (as GDAL's feature
    /// API does); a blob that is not a GeoPackage geometry; a view (read through GDAL).
    void makeDeviations()
    {
        const QString csv = path("dev.csv");
        test::writeFile(csv, "wkt,b,f,d,dt,i16\n\"POINT (1 1)\",1,0.5,2024-01-01,2024-01-01 10:00:00+00,1\n"
                             "\"POINT (2 2)\",1,0.5,2024-01-01,2024-01-01 10:00:00+00,1\n"
                             "\"POINT (3 3)\",1,0.5,2024-01-01,2024-01-01 10:00:00+00,1\n");
        test::writeFile(path("dev.csvt"), "WKT,Integer(Boolean),Real(Float32),Date,DateTime,Integer(Int16)\n");
        m_deviations = path("deviations.gpkg");
        run("ogr2ogr", {"-f", "GPKG", m_deviations, csv, "-nln", "dev", "-a_srs", "EPSG:4326", "-oo",
                           "KEEP_GEOM_COLUMNS=NO", "-lco", "SPATIAL_INDEX=NO", "-lco", "GEOMETRY_NAME=geom"});
        run("sqlite3", {m_deviations},
            "UPDATE dev SET b = 2, f = 0.1, d = 'garbage', dt = '2024-01-01T10:00:00.000+02:00', i16 = 70000 WHERE fid = 1;\n"
            "UPDATE dev SET dt = '2024-01-01T10:00:12.999999Z', d = '2024-13-45' WHERE fid = 2;\n"
            "UPDATE dev SET geom = X'68656C6C6F' WHERE fid = 3;\n"
            "CREATE VIEW devview AS SELECT fid, geom, f FROM dev WHERE fid < 3;\n"
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('devview', 'features', 'devview', 4326);\n"
            "INSERT INTO gpkg_geometry_columns VALUES ('devview', 'geom', 'POINT', 4326, 0, 0);\n");
    }

private slots:
    void initTestCase()
    {
        for (const char* tool : {"ogr2ogr", "ogrinfo", "sqlite3", "spatialite"})
            QVERIFY2(test::haveTool(tool), tool);
        QVERIFY(m_dir.isValid());
        m_kinds = path("kinds.gpkg");
        makeKinds();
        m_big = path("big.gpkg");
        makeBig(m_big, true);
        m_corrupt = path("corrupt.gpkg");
        makeBig(m_corrupt, false);
        // Bad blobs in both halves of the rowids (the two threads): not a GeoPackage blob, WKB cut short, an
        // invalid envelope code, a header alone; ids kept by the "keep" filter.
        run("sqlite3", {m_corrupt},
            "UPDATE lines SET geom = X'68656C6C6F' WHERE fid = 11;\n"
            "UPDATE lines SET geom = substr(geom, 1, length(geom) - 3) WHERE fid = 12;\n"
            "UPDATE lines SET geom = X'4750000DE6100000' || substr(geom, 9) WHERE fid = 20001;\n"
            "UPDATE lines SET geom = X'4750000100000000' WHERE fid = 25002;\n"
            "UPDATE points SET geom = X'4750' WHERE fid = 30002;\n");
        makeDeviations();
    }

    void equalsArrowReader_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("layer");
        QStringList files;
        for (const QString& root : {QString(GIS_SOURCE_DIR "/data"), QString(GIS_SHARED_DATA_DIR)}) {
            QDirIterator it(root, {"*.gpkg"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
        }
        files.sort();
        QVERIFY(files.size() >= 3);
        files << m_kinds << m_big << m_deviations; // corrupt.gpkg: see corruptBlobsAreSkippedAndReported
        for (const QString& file : files)
            for (const LayerInfo& info : DataSource::open(file.toStdString()).layers())
                QTest::addRow("%s:%s", qPrintable(QFileInfo(file).fileName()), info.name.c_str())
                    << file << QString::fromStdString(info.name);
    }

    /// Same Layer from both readers, for every layer of every file (the deviations file's documented values
    /// excepted; see deviationsFollowTheContract).
    void equalsArrowReader()
    {
        QFETCH(QString, file);
        QFETCH(QString, layer);
        if (file == m_deviations && layer == "dev")
            return;
        const auto ours = readLayer(file.toStdString(), layer.toStdString(), direct());
        const auto arrow = readLayer(file.toStdString(), layer.toStdString(), throughArrow());
        const QString difference = layerDifference(*ours, *arrow, false);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        const auto loop = readLayer(file.toStdString(), layer.toStdString(), throughFeatureLoop());
        const QString booleans = booleanDifference(*ours, *loop);
        QVERIFY2(booleans.isEmpty(), qPrintable(booleans));
        QVERIFY(ours->hasIndex());
        QCOMPARE(ours->extent(), arrow->extent());
    }

    /// Counts and values straight from the files: sqlite3 (rows, ids, values), spatialite (vertices), ogrinfo.
    void matchesTheFileItself()
    {
        const auto kinds = readLayer(m_kinds.toStdString(), "we\"ird name");
        const test::ToolResult r = test::runTool("sqlite3",
            {"-json", m_kinds, "SELECT fid, i64, r, s, hex(bin) AS bin FROM \"we\"\"ird name\" ORDER BY fid"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(std::size_t(rows.size()), kinds->size());
        const AttributeTable& t = kinds->attributes();
        for (std::size_t i = 0; i < kinds->size(); ++i) {
            const QJsonObject o = rows[int(i)].toObject();
            QCOMPARE(kinds->fid(i), o["fid"].toInteger());
            QCOMPARE(t.column("i64").isNull(i), o["i64"].isNull());
            if (!o["i64"].isNull())
                QCOMPARE(t.column("i64").integer(i), o["i64"].toInteger());
            if (!o["r"].isNull())
                QVERIFY(std::abs(t.column("r").real(i) - o["r"].toDouble()) <= 1e-12 * std::abs(o["r"].toDouble()));
            QCOMPARE(QString::fromStdString(std::string(t.column("s").string(i))), o["s"].toString());
            QCOMPARE(QString::fromStdString(t.column("bin").toString(i)).toUpper(), o["bin"].toString());
        }
        QCOMPARE(kinds->fid(0), 1);
        QCOMPARE(kinds->fid(2), 4); // rows 3, 6, 7 left out: ids keep their gaps
        QCOMPARE(QString::fromStdString(t.column("dt").toString(0)), QString("2024-02-29T12:34:56.789Z"));
        QCOMPARE(QString::fromStdString(t.column("d").toString(3)), QString("0001-01-01"));
        QCOMPARE(t.column("b").type(), FieldType::Boolean);
        QCOMPARE(t.column("f32").type(), FieldType::Real);
        QCOMPARE(t.column("t").type(), FieldType::String);

        // 130 fields: too many for the reader and for GDAL 3.6's Arrow stream (which then returns empty batches
        // forever); the feature loop reads them, without a message about the stream.
        const auto wide = readLayer(m_kinds.toStdString(), "wide");
        QCOMPARE(wide->attributes().columnCount(), std::size_t{130});
        QCOMPARE(wide->attributes().column("f129").integer(0), 129);
        QVERIFY(wide->report().messages.empty());

        for (const QString& layer : {QString("lines"), QString("points")}) {
            const auto l = readLayer(m_big.toStdString(), layer.toStdString());
            const test::ToolResult count = test::runTool("sqlite3",
                {m_big, "SELECT count(*), min(fid), max(fid) FROM " + layer});
            QCOMPARE(count.out.trimmed(), QByteArray::number(qulonglong(l->size())) + "|" + QByteArray::number(l->fid(0))
                    + "|" + QByteArray::number(l->fid(l->size() - 1)));
            const test::ToolResult vertices = test::runTool("spatialite",
                {"-batch", "-bail", m_big, "SELECT sum(ST_NPoints(GeomFromGPB(geom))) FROM " + layer});
            QCOMPARE(vertices.out.trimmed().split('\n').last(), QByteArray::number(qulonglong(l->geometries().coordCount())));
        }
        const auto land = readLayer(GIS_SHARED_DATA_DIR "/world/land.gpkg");
        const test::ToolResult info = test::runTool("ogrinfo", {"-so", "-al", GIS_SHARED_DATA_DIR "/world/land.gpkg"});
        QVERIFY(info.out.contains("Feature Count: " + QByteArray::number(qulonglong(land->size())) + "\n"));
        const test::ToolResult vertices = test::runTool("spatialite", {"-batch", "-bail",
            GIS_SHARED_DATA_DIR "/world/land.gpkg", "SELECT sum(ST_NPoints(GeomFromGPB(geom))) FROM land"});
        QCOMPARE(vertices.out.trimmed().split('\n').last(), QByteArray::number(qulonglong(land->geometries().coordCount())));
    }

    /// Corrupt blobs in both threads' halves: skipped and reported in feature order, never a crash.
    void corruptBlobsAreSkippedAndReported()
    {
        const auto lines = readLayer(m_corrupt.toStdString(), "lines");
        const LoadReport& report = lines->report();
        QCOMPARE(report.featuresSkipped, std::size_t{4});
        QCOMPARE(report.messages.size(), std::size_t{4});
        const QStringList expected = {"feature 11: not a GeoPackage geometry blob", "feature 12: WKB: truncated",
            "feature 20001: GeoPackage geometry blob with invalid envelope code 6",
            "feature 25002: GeoPackage geometry blob without WKB after its header"};
        for (int k = 0; k < 4; ++k)
            QVERIFY2(QString::fromStdString(report.messages[k]).contains(expected[k]), report.messages[k].c_str());
        QVERIFY(QString::fromStdString(report.messages[0]).contains("corrupt.gpkg: layer \"lines\""));
        QCOMPARE(row(*lines, 11), std::numeric_limits<std::size_t>::max());
        const auto clean = readLayer(m_big.toStdString(), "lines");
        QCOMPARE(lines->size(), clean->size() - 4);
        QCOMPARE(readLayer(m_corrupt.toStdString(), "points")->report().featuresSkipped, std::size_t{1});

        // Strict: the first bad feature in the file's order, though the second thread meets one too.
        ReadOptions strict;
        strict.skipBadFeatures = false;
        try {
            readLayer(m_corrupt.toStdString(), "lines", strict);
            QFAIL("a corrupt blob did not throw");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Format);
            QVERIFY2(QString(e.what()).contains("feature 11: not a GeoPackage geometry blob"), e.what());
        }
    }

    /// Where GDAL 3.6's Arrow stream is wrong, the reader gives what libgis documents, as GDAL's feature API
    /// does: a UTC offset applied, invalid dates null, stored doubles and integers kept, booleans 0/1; a blob
    /// that is not a geometry is a skipped, reported feature (GDAL makes it a silent null geometry).
    void deviationsFollowTheContract()
    {
        const auto ours = readLayer(m_deviations.toStdString(), "dev");
        const auto loop = readLayer(m_deviations.toStdString(), "dev", throughFeatureLoop());
        QCOMPARE(ours->size(), std::size_t{2});
        QCOMPARE(ours->report().featuresSkipped, std::size_t{1});
        QVERIFY(QString::fromStdString(ours->report().messages[0]).contains("feature 3: not a GeoPackage geometry blob"));
        QCOMPARE(loop->size(), std::size_t{3});
        QVERIFY(loop->geometries().isNull(2));
        const AttributeTable& a = ours->attributes();
        const AttributeTable& b = loop->attributes();
        for (std::size_t i = 0; i < 2; ++i) {
            for (const char* f : {"b", "f", "d", "dt", "i16"})
                QCOMPARE(a.column(f).toString(i), b.column(f).toString(i));
        }
        QCOMPARE(a.column("b").integer(0), 1); // stored 2: true, and a boolean is 0 or 1
        QCOMPARE(a.column("f").real(0), 0.1);
        QCOMPARE(QString::fromStdString(a.column("dt").toString(0)), QString("2024-01-01T08:00:00Z"));
        QVERIFY(a.column("d").isNull(0));
        QCOMPARE(a.column("i16").integer(0), 70000);
        QCOMPARE(QString::fromStdString(a.column("dt").toString(1)), QString("2024-01-01T10:00:13Z"));
        QVERIFY(a.column("d").isNull(1));

        // The view is not a table: it goes through GDAL (whose Arrow stream rounds REAL(Float32) to a float).
        const auto view = readLayer(m_deviations.toStdString(), "devview");
        const auto viewArrow = readLayer(m_deviations.toStdString(), "devview", throughArrow());
        QVERIFY(layerDifference(*view, *viewArrow).isEmpty());
        QCOMPARE(view->attributes().column("f").real(0), double(0.1f));
    }

    /// Which reader runs follows the options: the stored Float32 0.1 tells ours from the Arrow stream (which
    /// rounds it to a float), the stored boolean 2 tells ours (1) from the feature loop (2).
    void optionsChooseTheReader()
    {
        const std::string file = m_deviations.toStdString();
        const auto ours = readLayer(file, "dev", direct());
        QCOMPARE(ours->attributes().column("f").real(0), 0.1);
        QCOMPARE(ours->attributes().column("b").integer(0), 1);
        QCOMPARE(readLayer(file, "dev", throughArrow())->attributes().column("f").real(0), double(0.1f));
        QCOMPARE(readLayer(file, "dev", throughFeatureLoop())->attributes().column("b").integer(0), 2);
        ReadOptions noIndex;
        noIndex.buildIndex = false;
        QVERIFY(!readLayer(m_big.toStdString(), "lines", noIndex)->hasIndex());
    }

    void progressAndCancel()
    {
        ReadOptions cancelled;
        cancelled.feedback.cancel.cancel();
        try {
            readLayer(m_kinds.toStdString(), "we\"ird name", cancelled);
            QFAIL("a read cancelled before it began returned");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }

        for (const char* layer : {"lines", "points"}) {
            ReadOptions options;
            std::vector<double> seen;
            options.feedback.progress = [&](double f) { seen.push_back(f); };
            readLayer(m_big.toStdString(), layer, options);
            QVERIFY(seen.size() >= 2);
            QCOMPARE(seen.back(), 1.0);
            QVERIFY(std::is_sorted(seen.begin(), seen.end()));

            ReadOptions cancelling;
            cancelling.feedback.progress = [&](double) { cancelling.feedback.cancel.cancel(); };
            try {
                readLayer(m_big.toStdString(), layer, cancelling);
                QFAIL("a cancelled read returned");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Cancelled);
            }
        }
    }

    /// Text that is not UTF-8 is recoded from the fallback encoding, as the other readers do.
    /// Files SQLite sees differently: a name with URI characters, WAL mode (one connection: two could read
    /// two snapshots), a column called "rowid" (the rowids are then selected as _rowid_).
    void unusualFiles()
    {
        const QString odd = path("odd ?#%&=name.gpkg");
        QVERIFY(QFile::copy(m_big, odd));
        const QString wal = path("wal.gpkg");
        QVERIFY(QFile::copy(m_big, wal));
        run("sqlite3", {wal}, "PRAGMA journal_mode=WAL;\n");
        QCOMPARE(test::readFile(wal).mid(18, 2), QByteArray("\x02\x02"));
        const QString shadow = path("shadow.gpkg");
        QVERIFY(QFile::copy(m_big, shadow));
        // Values that would reorder the rows were the column taken for the rowid (the R-tree's triggers on any
        // update need SpatiaLite's functions: they go first).
        run("sqlite3", {shadow}, "DROP TRIGGER rtree_lines_geom_update3; DROP TRIGGER rtree_lines_geom_update4;\n"
                                 "ALTER TABLE lines ADD COLUMN \"rowid\" INTEGER;\n"
                                 "UPDATE lines SET \"rowid\" = 100000 - fid;\n");
        for (const QString& file : {odd, wal, shadow}) {
            for (const char* layer : {"lines", "points"}) {
                const auto ours = readLayer(file.toStdString(), layer);
                const auto arrow = readLayer(file.toStdString(), layer, throughArrow());
                const QString difference = layerDifference(*ours, *arrow);
                QVERIFY2(difference.isEmpty(), qPrintable(QFileInfo(file).fileName() + " " + layer + ": " + difference));
                QVERIFY(ours->size() > 20000);
            }
        }
        const auto shadowed = readLayer(shadow.toStdString(), "lines");
        QCOMPARE(shadowed->attributes().column("rowid").integer(0), 100000 - shadowed->fid(0));
    }

    void fallbackEncoding()
    {
        const QString file = path("latin.gpkg");
        QFile::copy(m_kinds, file);
        run("sqlite3", {file}, "UPDATE \"we\"\"ird name\" SET s = X'63616645' || X'E9' WHERE fid = 1;\n");
        ReadOptions latin;
        latin.fallbackEncoding = "ISO-8859-1";
        const auto l = readLayer(file.toStdString(), "we\"ird name", latin);
        QCOMPARE(QString::fromStdString(std::string(l->attributes().column("s").string(0))), QString("cafEé"));
        const auto arrow = readLayer(file.toStdString(), "we\"ird name", [&] {
            ReadOptions o = latin;
            o.useGeoPackageReader = false;
            return o;
        }());
        const QString difference = layerDifference(*l, *arrow, false);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
};

QTEST_GUILESS_MAIN(TestGpkgReader)
#include "tst_gpkgreader.moc"
