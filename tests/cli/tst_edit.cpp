// `gis edit` and `gis validate` as a service sees them: the real binary, run as a process, on a copy of the sample
// project with its two forms. Oracles: sqlite3 and ogrinfo read the file afterwards (exactly the changes, integrity,
// the R-tree against brute force); the file's bytes and mtime for what must write nothing.

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "gis/data/editsession.h"
#include "gis/geom/wkt.h"
#include "support/gpkgcheck.h"
#include "support/exifjpeg.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kSource = GIS_SOURCE_DIR;

QString sql(const QString& gpkg, const QString& query)
{
    return QString::fromUtf8(gis::test::runTool("sqlite3", {"-batch", gpkg, query}).out).trimmed();
}

/// Runs an UPDATE through GDAL (the GeoPackage's triggers need its ST_ functions): another writer.
void otherWriter(const QString& gpkg, const QString& update)
{
    const auto r = gis::test::runTool("ogrinfo", {"-q", gpkg, "-sql", update});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

QJsonObject jsonOf(const QByteArray& out)
{
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(out, &e).object();
    if (e.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", out.constData());
    return o;
}

void writeJson(const QString& path, const QJsonObject& o)
{
    gis::test::writeFile(path, QJsonDocument(o).toJson());
}

QJsonObject collection(const QJsonArray& features)
{
    return {{"type", "FeatureCollection"}, {"features", features}};
}

QJsonObject feature(const QJsonValue& id, const QJsonObject& properties, const QJsonValue& geometry = QJsonValue::Null)
{
    QJsonObject f{{"type", "Feature"}, {"properties", properties}, {"geometry", geometry}};
    if (!id.isNull())
        f["id"] = id;
    return f;
}

QJsonObject pointGeometry(double x, double y)
{
    return {{"type", "Point"}, {"coordinates", QJsonArray{x, y}}};
}

std::filesystem::file_time_type mtime(const QString& path)
{
    return std::filesystem::last_write_time(path.toStdString());
}

} // namespace

class TestEdit : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_gpkg;
    QString m_project;
    QString m_styles; ///< the copy's styles folder, which its project may read with --allow-path
    int m_round = 0;

    /// A fresh copy of the sample project (data/ and styles/ as in the repository).
    void freshCopy()
    {
        const QString root = m_tmp.filePath(QString("copy%1").arg(++m_round));
        QVERIFY(QDir().mkpath(root + "/data"));
        QVERIFY(QDir().mkpath(root + "/styles/icons"));
        for (const QString& f : QDir(kSource + "/styles").entryList({"*.json"}, QDir::Files))
            QVERIFY(QFile::copy(kSource + "/styles/" + f, root + "/styles/" + f));
        for (const QString& f : QDir(kSource + "/styles/icons").entryList(QDir::Files))
            QVERIFY(QFile::copy(kSource + "/styles/icons/" + f, root + "/styles/icons/" + f));
        m_styles = root + "/styles";
        m_gpkg = root + "/data/dakhiliyah.gpkg";
        m_project = root + "/data/dakhiliyah.json";
        QVERIFY(QFile::copy(kSource + "/data/dakhiliyah.gpkg", m_gpkg));
        QVERIFY(QFile::copy(kSource + "/data/dakhiliyah.json", m_project));
        QFile::setPermissions(m_gpkg, QFile::ReadOwner | QFile::WriteOwner);
    }

    gis::test::ToolResult edit(const QJsonObject& changes, const QStringList& extra = {})
    {
        const QString file = m_tmp.filePath(QString("changes%1.geojson").arg(m_round));
        writeJson(file, changes);
        return gis::test::runTool(kGis, QStringList{"edit", m_gpkg, "--layer", "inspections", "--apply", file}
            + extra);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(gis::test::haveTool("sqlite3") && gis::test::haveTool("ogrinfo"), "sqlite3 and ogrinfo are the oracles");
    }

    void sampleValidatesCleanly_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<int>("features");
        QTest::newRow("health inspections") << "inspections" << 3000;
        QTest::newRow("building inspections") << "building_inspections" << 240;
    }

    void sampleValidatesCleanly()
    {
        QFETCH(QString, layer);
        QFETCH(int, features);
        const auto r = gis::test::runTool(kGis, {"validate", kSource + "/data/dakhiliyah.json", "--layer", layer, "--json"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const QJsonObject o = jsonOf(r.out);
        QCOMPARE(o["features"].toInt(), features);
        QCOMPARE(o["violations"].toArray().size(), 0);
    }

    void validateListsSeededViolations()
    {
        freshCopy();
        // fid 2: a health pass; fid 3: a health "conditional" with a follow-up date (sqlite3 checks both first).
        QCOMPARE(sql(m_gpkg, "SELECT type, result FROM inspections WHERE fid IN (2, 3) ORDER BY fid"),
            QString("health|pass\nhealth|conditional"));
        otherWriter(m_gpkg, "UPDATE inspections SET follow_up_date = NULL, licence_no = 'HL-00001' WHERE fid = 3");
        otherWriter(m_gpkg, "UPDATE inspections SET wilayat_en = 'Atlantis', hygiene = 11, score = 40 WHERE fid = 5");
        const auto r = gis::test::runTool(kGis, {"validate", m_project, "--layer", "inspections", "--json", "--allow-path", m_styles});
        QCOMPARE(r.exitCode, 1);
        QStringList got;
        for (const QJsonValue& v : jsonOf(r.out)["violations"].toArray()) {
            const QJsonObject o = v.toObject();
            got << QString("%1 %2 %3").arg(o["id"].toInt()).arg(o["field"].toString(), o["severity"].toString());
        }
        // fid 2 holds HL-00001 too (unique breaks for both); fid 5: not a listed wilaya, hygiene out of 0-10.
        const QString fid5 = sql(m_gpkg, "SELECT type, result FROM inspections WHERE fid = 5");
        QStringList expected{"2 licence_no hard", "3 follow_up_date hard", "3 licence_no hard"};
        if (fid5.startsWith("health"))
            expected << "5 hygiene hard";
        if (fid5 == "health|pass")
            expected << "5 score soft"; // a pass with a score below 60
        expected << "5 wilayat_en hard";
        expected.sort();
        got.sort();
        QCOMPARE(got, expected);
        // The text output names the file, the layer, the feature and the field, in both languages.
        const auto text = gis::test::runTool(kGis, {"validate", m_project, "--layer", "inspections", "--allow-path", m_styles});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(QString::fromUtf8(text.out).contains(m_gpkg + ": layer inspections: feature 3: follow_up_date: hard: "
            "A follow-up date is required when the inspection is not passed / "
            + QString::fromUtf8("تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش")), text.out.constData());
    }

    void validateReportsInvalidGeometry()
    {
        freshCopy();
        // A bow-tie polygon in a layer of the project with a form: make building_inspections' point a polygon.
        otherWriter(m_gpkg, "UPDATE building_inspections SET geom = AsGPB(ST_GeomFromText('POLYGON((57 22, 57.1 22.1, 57.1 22, 57 22.1, 57 22))', 4326)) WHERE fid = 1");
        const auto r = gis::test::runTool(kGis, {"validate", m_project, "--layer", "building_inspections", "--json", "--allow-path", m_styles});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray v = jsonOf(r.out)["violations"].toArray();
        QCOMPARE(v.size(), 1);
        QCOMPARE(v[0].toObject()["kind"].toString(), QString("geometry"));
        QVERIFY(v[0].toObject()["message_en"].toString().startsWith("invalid geometry: Self-intersection"));
    }

    void editAppliesExactlyTheChanges()
    {
        freshCopy();
        const auto versions = gis::test::runTool(kGis, {"edit", m_gpkg, "--layer", "inspections", "--versions"});
        QCOMPARE(versions.exitCode, 0);
        const QJsonObject v = jsonOf(versions.out)["versions"].toObject();
        QCOMPARE(v.size(), 3000);
        // A point in the wilaya of feature 10: the new feature's wilaya comes from the polygon containing it.
        const QStringList at = sql(m_gpkg, "SELECT wilayat_en FROM inspections WHERE fid = 10").split('|');
        const QStringList xy = QString::fromUtf8(gis::test::runTool("ogrinfo", {"-q", m_gpkg, "-sql",
            "SELECT ST_X(geom) || ' ' || ST_Y(geom) AS xy FROM inspections WHERE fid = 10"}).out)
                                   .section("xy (String) = ", 1).trimmed().split(' ');
        QCOMPARE(xy.size(), 2);
        const QString before = sql(m_gpkg, "SELECT count(*) FROM inspections");
        const QString untouched = sql(m_gpkg, "SELECT * FROM inspections WHERE fid NOT IN (2, 4) ORDER BY fid");

        QJsonObject updated = feature(2, {{"establishment", "Al Noor Bakery (renamed)"}, {"hygiene", 9}});
        updated["version"] = v["2"].toString();
        const QJsonArray changes{updated,
            QJsonObject{{"type", "Feature"}, {"id", 4}, {"deleted", true}, {"properties", QJsonObject{}}},
            feature(QJsonValue::Null,
                {{"type", "health"}, {"establishment", "Nizwa Souq Cafe"}, {"licence_no", "HL-99999"},
                    {"activity", "cafe"}, {"result", "conditional"}, {"follow_up_date", "2030-01-15"}, {"score", 70}},
                pointGeometry(xy[0].toDouble(), xy[1].toDouble()))};
        const auto r = edit(collection(changes), {"--allow-path", m_styles, "--project", m_project, "--json", "--setting", "inspector=Test Inspector"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const QJsonObject o = jsonOf(r.out);
        QCOMPARE(o["committed"].toBool(), true);
        QCOMPARE(o["updated"].toInt(), 1);
        QCOMPARE(o["inserted"].toInt(), 1);
        QCOMPARE(o["deleted"].toInt(), 1);
        QCOMPARE(o["inserted_ids"].toArray().size(), 1);
        const int newId = o["inserted_ids"].toArray()[0].toInt();

        // sqlite3 sees exactly the changes: one row updated in two fields, one gone, one new, the rest as before.
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections"), before);
        QCOMPARE(sql(m_gpkg, "SELECT establishment, hygiene FROM inspections WHERE fid = 2"),
            QString("Al Noor Bakery (renamed)|9"));
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections WHERE fid = 4"), QString("0"));
        QCOMPARE(sql(m_gpkg, QString("SELECT * FROM inspections WHERE fid NOT IN (2, 4, %1) ORDER BY fid").arg(newId)),
            untouched);
        // The new row: its values, and the form's defaults (inspector from the setting, today, the wilaya).
        QCOMPARE(sql(m_gpkg, QString("SELECT establishment, licence_no, activity, result, follow_up_date, inspector, "
                                     "inspection_date, wilayat_en FROM inspections WHERE fid = %1").arg(newId)),
            QString("Nizwa Souq Cafe|HL-99999|cafe|conditional|2030-01-15|Test Inspector|%1|%2")
                .arg(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate), at[0]));
        // ogrinfo (GDAL) reads the same row; the file is sound and the R-tree matches every geometry.
        const auto og = gis::test::runTool("ogrinfo", {"-q", m_gpkg, "-sql",
            QString("SELECT establishment FROM inspections WHERE fid = %1").arg(newId)});
        QVERIFY2(og.out.contains("Nizwa Souq Cafe"), og.out.constData());
        QCOMPARE(sql(m_gpkg, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(gis::test::rtreeMismatch(m_gpkg, "inspections"), QString());
        QVERIFY(QDir(QFileInfo(m_gpkg).path()).entryList({"*.gis-journal"}).isEmpty());
    }

    void dryRunWritesNothing()
    {
        freshCopy();
        const QByteArray bytes = gis::test::readFile(m_gpkg);
        const auto time = mtime(m_gpkg);
        const auto r = edit(collection({feature(2, {{"hygiene", 3}}), feature(3, {}, pointGeometry(57.5, 22.9))}),
            {"--dry-run", "--allow-path", m_styles, "--project", m_project});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QVERIFY2(r.out.contains("inspections: 2 updated, 0 inserted, 0 deleted; dry run: nothing written"), r.out.constData());
        QCOMPARE(gis::test::readFile(m_gpkg), bytes);
        QVERIFY(mtime(m_gpkg) == time);
        QCOMPARE(QDir(QFileInfo(m_gpkg).path()).entryList(QDir::Files).size(), 2); // no journal, WAL or staging file
    }

    void violationWritesNothing()
    {
        freshCopy();
        const QByteArray bytes = gis::test::readFile(m_gpkg);
        const auto time = mtime(m_gpkg);
        // Feature 3 is a "conditional": taking its follow-up date away breaks a hard rule; feature 2's change is fine.
        const auto r = edit(collection({feature(2, {{"hygiene", 3}}), feature(3, {{"follow_up_date", QJsonValue::Null}})}),
            {"--allow-path", m_styles, "--project", m_project, "--json"});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = jsonOf(r.out);
        QCOMPARE(o["committed"].toBool(), false);
        const QJsonArray v = o["violations"].toArray();
        QCOMPARE(v.size(), 1);
        QCOMPARE(v[0].toObject()["id"].toInt(), 3);
        QCOMPARE(v[0].toObject()["field"].toString(), QString("follow_up_date"));
        QCOMPARE(v[0].toObject()["message_ar"].toString(), QString::fromUtf8("تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش"));
        QCOMPARE(gis::test::readFile(m_gpkg), bytes);
        QVERIFY(mtime(m_gpkg) == time);
        // Without the project, no form: the same change passes (the constraints are the form's).
        const auto plain = edit(collection({feature(3, {{"follow_up_date", QJsonValue::Null}})}), {"--dry-run"});
        QVERIFY2(plain.exitCode == 0, plain.out + plain.err);
    }

    void conflictIsReported()
    {
        freshCopy();
        const auto versions = gis::test::runTool(kGis, {"edit", m_gpkg, "--layer", "inspections", "--versions"});
        const QString versionsFile = m_tmp.filePath("versions.json");
        gis::test::writeFile(versionsFile, versions.out);
        otherWriter(m_gpkg, "UPDATE inspections SET hygiene = 1 WHERE fid = 2"); // a colleague, meanwhile
        const QByteArray bytes = gis::test::readFile(m_gpkg);
        const auto r = edit(collection({feature(2, {{"staff", 5}}), feature(6, {{"staff", 5}})}),
            {"--expect", versionsFile, "--json"});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = jsonOf(r.out);
        QCOMPARE(o["committed"].toBool(), false);
        const QJsonArray c = o["conflicts"].toArray();
        QCOMPARE(c.size(), 1);
        QCOMPARE(c[0].toObject()["id"].toInt(), 2);
        QCOMPARE(c[0].toObject()["expected"].toString(), jsonOf(versions.out)["versions"].toObject()["2"].toString());
        QVERIFY(c[0].toObject()["current"].toString() != c[0].toObject()["expected"].toString());
        QCOMPARE(gis::test::readFile(m_gpkg), bytes);
        QCOMPARE(sql(m_gpkg, "SELECT hygiene FROM inspections WHERE fid = 2"), QString("1")); // theirs, kept
    }

    void photosFromFileAndBase64()
    {
        freshCopy();
        const QByteArray jpeg = QByteArray::fromHex("ffd8ffe000104a464946") + QByteArray("a picture", 9);
        gis::test::writeFile(m_tmp.filePath("p1.jpg"), jpeg); // beside the changes file
        QJsonObject f = feature(2, {});
        f["attachments"] = QJsonObject{{"photos", QJsonArray{QJsonObject{{"file", "p1.jpg"}},
            QJsonObject{{"data", QString::fromLatin1(QByteArray("png bytes").toBase64())}, {"content_type", "image/png"},
                {"name", "b.png"}, {"taken", "2026-12-01T10:00:00Z"}}}}};
        QJsonObject g = feature(QJsonValue::Null, {{"type", "health"}, {"establishment", "Photo Cafe"},
            {"licence_no", "HL-07777"}, {"activity", "cafe"}, {"result", "pass"}}, pointGeometry(57.53, 22.93));
        g["attachments"] = QJsonObject{{"photos", QJsonArray{QJsonObject{{"data", "aGVsbG8="}, {"content_type", "image/jpeg"}}}}};
        const auto r = edit(collection({f, g}), {"--allow-path", m_styles, "--project", m_project, "--json",
            "--setting", "inspector=Test Inspector"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const QJsonObject o = jsonOf(r.out);
        QCOMPARE(o["attached"].toInt(), 3);
        const int inserted = o["inserted_ids"].toArray()[0].toInt();
        QCOMPARE(sql(m_gpkg, "SELECT p.base_id, m.content_type, coalesce(m.name, ''), coalesce(m.taken, ''), hex(m.data)"
                             " FROM inspections_inspection_photos p JOIN inspection_photos m ON m.id = p.related_id"
                             " ORDER BY p.id"),
            QString("2|image/jpeg|p1.jpg||%1\n2|image/png|b.png|2026-12-01T10:00:00Z|%2\n%3|image/jpeg|||%4")
                .arg(QString::fromLatin1(jpeg.toHex().toUpper()), QString::fromLatin1(QByteArray("png bytes").toHex().toUpper()))
                .arg(inserted)
                .arg(QString::fromLatin1(QByteArray("hello").toHex().toUpper())));
        QCOMPARE(sql(m_gpkg, "PRAGMA integrity_check"), QString("ok"));
    }

    void photoTakenFromExif()
    {
        // A JPEG file without "taken": gis edit stores the time its EXIF says (the oracle: ImageMagick's identify),
        // with the offset; a JPEG without EXIF gets none and is not refused.
        freshCopy();
        gis::test::ExifSpec spec;
        spec.bigEndian = true;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        spec.offsetTimeOriginal = "+04:00";
        gis::test::writeFile(m_tmp.filePath("exif.jpg"), gis::test::jpegWithExif(spec));
        gis::test::writeFile(m_tmp.filePath("plain.jpg"), gis::test::plainJpeg());
        const auto id = gis::test::runTool("identify", {"-format", "%[EXIF:DateTimeOriginal]", m_tmp.filePath("exif.jpg")});
        QString iso = QString::fromUtf8(id.out).trimmed();
        QCOMPARE(iso.size(), 19);
        iso[4] = '-';
        iso[7] = '-';
        iso[10] = 'T';
        QJsonObject f = feature(2, {});
        f["attachments"] = QJsonObject{{"photos", QJsonArray{QJsonObject{{"file", "exif.jpg"}}, QJsonObject{{"file", "plain.jpg"}}}}};
        const auto r = edit(collection({f}), {"--allow-path", m_styles, "--project", m_project, "--json"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(sql(m_gpkg, "SELECT m.name, coalesce(m.taken, '') FROM inspections_inspection_photos p JOIN"
                             " inspection_photos m ON m.id = p.related_id ORDER BY p.id"),
            QString("exif.jpg|%1+04:00\nplain.jpg|").arg(iso));
    }

    void photosDryRunAndBadInput()
    {
        freshCopy();
        const QByteArray bytes = gis::test::readFile(m_gpkg);
        const auto time = mtime(m_gpkg);
        gis::test::writeFile(m_tmp.filePath("p2.jpg"), "jpeg");
        auto withPhotos = [](const QJsonArray& photos) {
            QJsonObject f = feature(2, {});
            f["attachments"] = QJsonObject{{"photos", photos}};
            return collection({f});
        };
        const QStringList project{"--allow-path", m_styles, "--project", m_project};
        const auto dry = edit(withPhotos({QJsonObject{{"file", "p2.jpg"}}}), QStringList{"--dry-run"} + project);
        QVERIFY2(dry.exitCode == 0, dry.out + dry.err);
        QVERIFY2(dry.out.contains("1 attached; dry run: nothing written"), dry.out.constData());
        const auto badBase64 = edit(withPhotos({QJsonObject{{"data", "aGV*bG8="}, {"content_type", "image/png"}}}), project);
        QCOMPARE(badBase64.exitCode, 2);
        QVERIFY2(badBase64.err.contains("features[0].attachments.photos[0].data: base64 at character 3"), badBase64.err.constData());
        const auto missing = edit(withPhotos({QJsonObject{{"file", "nothere.jpg"}}}), project);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("nothere.jpg: not a regular file"), missing.err.constData());
        QVERIFY(QDir(m_tmp.path()).mkpath("folder.jpg"));
        const auto folder = edit(withPhotos({QJsonObject{{"file", "folder.jpg"}}}), project);
        QCOMPARE(folder.exitCode, 2);
        QVERIFY2(folder.err.contains("folder.jpg: not a regular file"), folder.err.constData());
        QJsonObject unknownField = feature(2, {});
        unknownField["attachments"] = QJsonObject{{"pictures", QJsonArray{QJsonObject{{"file", "p2.jpg"}}}}};
        const auto noField = edit(collection({unknownField}), project);
        QCOMPARE(noField.exitCode, 2); // like a property that is not a field
        QVERIFY2(noField.err.contains("features[0].attachments.pictures[0]: the form of layer \"inspections\" has no photo field \"pictures\""),
            noField.err.constData());
        QCOMPARE(gis::test::readFile(m_gpkg), bytes);
        QVERIFY(mtime(m_gpkg) == time);
        QCOMPARE(QDir(QFileInfo(m_gpkg).path()).entryList(QDir::Files).size(), 2); // no journal, WAL or staging file

        // A GeoJSON layer cannot hold photos: refused, naming the file, before anything is written.
        const QString geojson = m_tmp.filePath("towns.geojson");
        QCOMPARE(gis::test::runTool("ogr2ogr", {geojson, m_gpkg, "towns"}).exitCode, 0);
        const QString changes = m_tmp.filePath("towns-changes.geojson");
        QJsonObject t = feature(1, {});
        t["attachments"] = QJsonObject{{"town_photos", QJsonArray{QJsonObject{{"file", "p2.jpg"}}}}};
        writeJson(changes, collection({t}));
        const QByteArray geojsonBytes = gis::test::readFile(geojson);
        const auto single = gis::test::runTool(kGis, {"edit", geojson, "--layer", "towns", "--apply", changes});
        QCOMPARE(single.exitCode, 2);
        QVERIFY2(single.err.contains("towns.geojson") && single.err.contains("GeoPackages only"), single.err.constData());
        QCOMPARE(gis::test::readFile(geojson), geojsonBytes);
    }

    void mediaCountConstraint()
    {
        freshCopy();
        QByteArray project = gis::test::readFile(m_project);
        QVERIFY(project.contains("\"table\": \"inspection_photos\""));
        project.replace("\"table\": \"inspection_photos\"", "\"table\": \"inspection_photos\", \"min\": 1, \"max\": 2");
        gis::test::writeFile(m_project, project);
        gis::test::writeFile(m_tmp.filePath("p3.jpg"), "jpeg");
        auto withPhotos = [](int n) {
            QJsonObject f = feature(2, {});
            QJsonArray photos;
            for (int k = 0; k < n; ++k)
                photos.append(QJsonObject{{"file", "p3.jpg"}});
            f["attachments"] = QJsonObject{{"photos", photos}};
            return collection({f});
        };
        const QStringList args{"--allow-path", m_styles, "--project", m_project, "--json"};
        const auto none = edit(withPhotos(0), args);
        QCOMPARE(none.exitCode, 1);
        QJsonObject v = jsonOf(none.out)["violations"].toArray()[0].toObject();
        QCOMPARE(v["field"].toString(), QString("photos"));
        QCOMPARE(v["severity"].toString(), QString("hard"));
        QCOMPARE(v["kind"].toString(), QString("range"));
        QCOMPARE(v["message_en"].toString(), QString("Photos: at least 1 attachment required (has 0)"));
        QCOMPARE(v["message_ar"].toString(), QString::fromUtf8("الصور: يلزم 1 من المرفقات على الأقل (الموجود 0)"));
        const auto three = edit(withPhotos(3), args);
        QCOMPARE(three.exitCode, 1);
        QCOMPARE(jsonOf(three.out)["violations"].toArray()[0].toObject()["message_en"].toString(),
            QString("Photos: at most 2 attachments allowed (has 3)"));
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), QString("0"));
        const auto two = edit(withPhotos(2), args);
        QVERIFY2(two.exitCode == 0, two.out + two.err);
        // Stored ones count: one more is one too many.
        const auto oneMore = edit(withPhotos(1), args);
        QCOMPARE(oneMore.exitCode, 1);
        QCOMPARE(jsonOf(oneMore.out)["violations"].toArray()[0].toObject()["message_en"].toString(),
            QString("Photos: at most 2 attachments allowed (has 3)"));
        // gis validate: every feature but 2 has no photo (sqlite3 counts the features with mapping rows).
        QCOMPARE(sql(m_gpkg, "SELECT count(DISTINCT base_id) FROM inspections_inspection_photos"), QString("1"));
        const auto validate = gis::test::runTool(kGis, {"validate", m_project, "--layer", "inspections",
            "--allow-path", m_styles, "--json"});
        QCOMPARE(validate.exitCode, 1);
        int range = 0;
        bool two2 = false;
        for (const auto& x : jsonOf(validate.out)["violations"].toArray()) {
            const QJsonObject o = x.toObject();
            if (o["field"].toString() == "photos") {
                ++range;
                two2 |= o["id"].toInt() == 2;
            }
        }
        QCOMPARE(range, 2999);
        QVERIFY(!two2);
    }

    void recoverAndDiscard()
    {
        freshCopy();
        auto leaveJournal = [&](const std::string& value) {
            auto s = gis::EditSession::open(m_gpkg.toStdString(), "inspections");
            s->setAttribute(2, 0, gis::FieldValue(value));
            gis::AttachmentData d;
            d.bytes = std::make_shared<const std::string>("recovered photo");
            d.contentType = "image/jpeg";
            s->attach(2, {"inspection_photos", ""}, d);
        }; // closed with unsaved edits: the journal stays, as after a kill
        leaveJournal("RECOVERED-1");
        const auto refused = edit(collection({feature(3, {{"hygiene", 3}})}));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("2 unsaved edits to inspections from ") && refused.err.contains("--recover")
                && refused.err.contains("--discard"),
            refused.err.constData());
        const auto recover = gis::test::runTool(kGis, {"edit", m_gpkg, "--layer", "inspections", "--recover"});
        QVERIFY2(recover.exitCode == 0, recover.out + recover.err);
        QVERIFY2(recover.out.contains("2 unsaved edits to inspections from ") && recover.out.contains("recovered and committed"),
            recover.out.constData());
        QCOMPARE(sql(m_gpkg, "SELECT inspection_id FROM inspections WHERE fid = 2"), QString("RECOVERED-1"));
        QCOMPARE(sql(m_gpkg, "SELECT p.base_id || ':' || m.data FROM inspections_inspection_photos p JOIN inspection_photos m"
                             " ON m.id = p.related_id"),
            QString("2:recovered photo"));
        const auto again = gis::test::runTool(kGis, {"edit", m_gpkg, "--layer", "inspections", "--recover"});
        QVERIFY2(again.exitCode == 0 && again.out.contains("no unsaved edits to recover"), again.out + again.err);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), QString("1"));

        leaveJournal("DISCARDED");
        const auto discard = gis::test::runTool(kGis, {"edit", m_gpkg, "--layer", "inspections", "--discard", "--json"});
        QVERIFY2(discard.exitCode == 0, discard.out + discard.err);
        QCOMPARE(jsonOf(discard.out)["journals"].toArray().size(), 1);
        QCOMPARE(sql(m_gpkg, "SELECT inspection_id FROM inspections WHERE fid = 2"), QString("RECOVERED-1"));
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), QString("1"));
        QCOMPARE(QDir(QFileInfo(m_gpkg).path()).entryList({"*.gis-journal"}, QDir::Files).size(), 0);
    }

    void makeValidRepairsThroughOneCommit()
    {
        freshCopy();
        // Invalid geometries written through an edit session (commit allowing them): a bow-tie parcel (repaired to two
        // triangles, a MultiPolygon a Polygon layer cannot hold: left), a parcel whose ring doubles back on itself
        // (repaired to one Polygon), a bow-tie wilaya (MultiPolygon layer: repaired).
        auto breakGeometry = [&](const char* layer, std::int64_t fid, const char* wkt) {
            auto s = gis::EditSession::open(m_gpkg.toStdString(), layer);
            s->setGeometry(fid, gis::geometryFromWkt(wkt));
            QVERIFY(s->commit(true).committed);
        };
        breakGeometry("parcels", 1, "POLYGON ((57.50 22.90, 57.51 22.91, 57.51 22.90, 57.50 22.91, 57.50 22.90))");
        breakGeometry("parcels", 2, "POLYGON ((57.60 22.90, 57.62 22.90, 57.62 22.92, 57.61 22.92, 57.61 22.95, 57.61 22.92,"
                                    " 57.60 22.92, 57.60 22.90))");
        breakGeometry("wilayat", 1, "MULTIPOLYGON (((57.50 22.90, 57.51 22.91, 57.51 22.90, 57.50 22.91, 57.50 22.90)))");
        // The oracle: GDAL's IsValid (GEOS, through python3-gdal) on every row, and the feature counts.
        auto invalid = [&](const QString& layer) {
            const QString script = "from osgeo import ogr, gdal\ngdal.PushErrorHandler('CPLQuietErrorHandler')\n"
                                   "ds = ogr.Open('" + m_gpkg + "')\nl = ds.GetLayer('" + layer + "')\n"
                                   "bad = [f.GetFID() for f in l if f.GetGeometryRef() and not f.GetGeometryRef().IsValid()]\n"
                                   "print(l.GetFeatureCount(), bad)\n";
            const auto r = gis::test::runTool("/usr/bin/python3", {"-c", script});
            return QString::fromUtf8(r.out + r.err).trimmed();
        };
        const QString parcelsBefore = invalid("parcels");
        const QString wilayatBefore = invalid("wilayat");
        QVERIFY2(parcelsBefore.endsWith("[1, 2]"), qPrintable(parcelsBefore));
        QVERIFY2(wilayatBefore.endsWith("[1]"), qPrintable(wilayatBefore));
        const QByteArray bytes = gis::test::readFile(m_gpkg);

        const QStringList common{"--allow-path", m_styles, "--make-valid", "--json"};
        const auto dry = gis::test::runTool(kGis, QStringList{"validate", m_project, "--layer", "parcels", "--dry-run"} + common);
        QCOMPARE(dry.exitCode, 1); // one is left
        QCOMPARE(gis::test::readFile(m_gpkg), bytes);
        const auto r = gis::test::runTool(kGis, QStringList{"validate", m_project, "--layer", "parcels"} + common);
        QCOMPARE(r.exitCode, 1);
        const QJsonArray repairs = jsonOf(r.out)["repairs"].toArray();
        QCOMPARE(repairs.size(), 2);
        QCOMPARE(repairs[0].toObject()["id"].toInt(), 1);
        QVERIFY2(repairs[0].toObject()["reason"].toString().startsWith("Self-intersection"), r.out.constData());
        QCOMPARE(repairs[0].toObject()["type_after"].toString(), QString("MultiPolygon"));
        QCOMPARE(repairs[0].toObject()["repaired"].toBool(), false);
        QCOMPARE(repairs[0].toObject()["note"].toString(), QString("a Polygon layer cannot hold a MultiPolygon of 2 parts"));
        QCOMPARE(repairs[1].toObject()["id"].toInt(), 2);
        QCOMPARE(repairs[1].toObject()["type_after"].toString(), QString("Polygon"));
        QCOMPARE(repairs[1].toObject()["repaired"].toBool(), true);
        QCOMPARE(jsonOf(r.out)["committed"].toBool(), true);
        const QString parcelsAfter = invalid("parcels");
        QCOMPARE(parcelsAfter, QString(parcelsBefore).replace("[1, 2]", "[1]")); // same count, only the left one
        const auto w = gis::test::runTool(kGis, QStringList{"validate", m_project, "--layer", "wilayat"} + common);
        QVERIFY2(w.exitCode == 0, w.out + w.err);
        QCOMPARE(jsonOf(w.out)["repairs"].toArray()[0].toObject()["type_after"].toString(), QString("MultiPolygon"));
        QCOMPARE(invalid("wilayat"), QString(wilayatBefore).replace("[1]", "[]"));
        QCOMPARE(sql(m_gpkg, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(QDir(QFileInfo(m_gpkg).path()).entryList({"*.gis-journal"}, QDir::Files).size(), 0);
    }

    void errorsNameFileLayerAndField()
    {
        freshCopy();
        const auto r = edit(collection({feature(2, {{"hygeine", 3}})}));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("changes") && r.err.contains("features[0].properties.hygeine: the layer has no field"),
            r.err.constData());
        const auto typed = edit(collection({feature(2, {{"hygiene", "high"}})}));
        QCOMPARE(typed.exitCode, 2);
        QVERIFY2(typed.err.contains("expected a whole number for the integer field \"hygiene\""), typed.err.constData());
        const auto unknown = edit(collection({feature(999999, {{"hygiene", 3}})}), {"--json"});
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(jsonOf(unknown.out)["violations"].toArray()[0].toObject()["message_en"].toString(),
            QString("no feature with id 999999"));
        const auto noForm = gis::test::runTool(kGis, {"validate", m_project, "--layer", "roads", "--allow-path", m_styles});
        QCOMPARE(noForm.exitCode, 2);
        QVERIFY2(noForm.err.contains("layer \"roads\" has no form"), noForm.err.constData());
    }
};

QTEST_MAIN(TestEdit)
#include "tst_edit.moc"
