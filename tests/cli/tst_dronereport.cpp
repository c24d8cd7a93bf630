// gis drone-report (issue #16 §3): the real binary on a project of three flights made here (orthophotos with
// gdal_create/gdal_rasterize, DSMs with known blocks written as GeoTIFF, layers with ogr2ogr). Oracles: pdfinfo
// (one page), pdftotext (the volumes, the names), the known volumes of the blocks (a brute-force sum over the
// DSMs' pixels) and gis::analysis::dsmChange's own figures, the PNG's size; -o onto an input refused with the
// input unchanged, an unknown project id named.

#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "gis/analysis/dsmchange.h"
#include "gis/data/datasource.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"
#include "support/testsupport.h"

using namespace gis;
using test::runTool;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";

/// 400 x 400 pixels of 0.5 m from (500000, 2600000) in UTM 40N at 100 m; `later` adds a 6 m block (fill) and
/// digs a 2 m pit (cut).
RasterData dsm(bool later)
{
    RasterData d;
    d.width = d.height = 400;
    d.extent = Box(500000, 2600000, 500200, 2600200);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = -9999;
    d.bands.assign(1, std::vector<double>(400 * 400, 100.0));
    if (later) {
        for (int row = 256; row < 280; ++row)
            for (int col = 80; col < 120; ++col)
                d.bands[0][static_cast<std::size_t>(row) * 400 + col] += 6;
        for (int row = 60; row < 100; ++row)
            for (int col = 200; col < 260; ++col)
                d.bands[0][static_cast<std::size_t>(row) * 400 + col] -= 2;
    }
    return d;
}

const char* kSite = R"([[500010,2600010],[500190,2600010],[500190,2600190],[500010,2600190],[500010,2600010]])";

QString out(const test::ToolResult& r) { return QString::fromUtf8(r.out + r.err); }

QByteArray sha(const QString& path) { return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256); }

} // namespace

class TestDroneReport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project, m_site;

    static int pages(const QString& pdf)
    {
        const auto r = runTool("pdfinfo", {pdf});
        const auto m = QRegularExpression("Pages:\\s+(\\d+)").match(QString::fromUtf8(r.out));
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    }

    QString pdfText(const QString& pdf)
    {
        const auto r = runTool("pdftotext", {"-layout", pdf, "-"});
        return QString::fromUtf8(r.out);
    }

private slots:
    void initTestCase()
    {
        for (const char* tool : {"gdal_create", "gdal_rasterize", "ogr2ogr", "pdfinfo", "pdftotext"})
            QVERIFY2(test::haveTool(tool), tool);
        const QDir d(m_tmp.path());
        QVERIFY(d.mkpath("proj/site/drone"));
        m_site = d.filePath("proj/site");
        QString flights;
        const char* dates[] = {"2026-08-15", "2026-09-15", "2026-10-15"};
        for (int i = 0; i < 3; ++i) {
            const QString date = dates[i];
            const QString ortho = QString("%1/drone/site_%2_ortho.tif").arg(m_site, date);
            auto r = runTool("gdal_create", {"-of", "GTiff", "-outsize", "500", "500", "-bands", "3", "-ot", "Byte", "-burn", "200",
                "-burn", "180", "-burn", "150", "-a_srs", "EPSG:32640", "-a_ullr", "500000", "2600200", "500200", "2600000", ortho});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            if (i == 2) { // the block and the pit, seen from above
                const QString rect = d.filePath("rect.geojson");
                test::writeFile(rect, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32640"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[500040,2600060],[500060,2600060],[500060,2600072],[500040,2600072],[500040,2600060]]]}},)"
                                      R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[500100,2600150],[500130,2600150],[500130,2600170],[500100,2600170],[500100,2600150]]]}}]})");
                r = runTool("gdal_rasterize", {"-b", "1", "-b", "2", "-b", "3", "-burn", "90", "-burn", "90", "-burn", "100", rect, ortho});
                QVERIFY2(r.exitCode == 0, r.err.constData());
            }
            writeGeoTiff(dsm(i == 2), QString("%1/drone/site_%2_dsm.tif").arg(m_site, date).toStdString());
            flights += QString(R"(%3{"type":"Feature","properties":{"flight_id":"F-P-1-%1","project_id":"P-1","flight_date":"%1","sensor":"synthetic","gsd_m":0.4,"ortho_path":"drone/site_%1_ortho.tif","dsm_path":"drone/site_%1_dsm.tif","synthetic":1},"geometry":{"type":"Polygon","coordinates":[%2]}})")
                           .arg(date, kSite, i ? "," : "");
        }
        // Project P-2: two flights on the same files, its later orthophoto a copy named .png (an input -o may name).
        QVERIFY(QFile::copy(m_site + "/drone/site_2026-10-15_ortho.tif", m_site + "/drone/p2_ortho.png"));
        flights += QString(R"(,{"type":"Feature","properties":{"flight_id":"F-P-2-a","project_id":"P-2","flight_date":"2026-08-15","ortho_path":"drone/site_2026-08-15_ortho.tif","dsm_path":"drone/site_2026-08-15_dsm.tif"},"geometry":{"type":"Polygon","coordinates":[%1]}})"
                           R"(,{"type":"Feature","properties":{"flight_id":"F-P-2-b","project_id":"P-2","flight_date":"2026-10-15","ortho_path":"drone/p2_ortho.png","dsm_path":"drone/site_2026-10-15_dsm.tif"},"geometry":{"type":"Polygon","coordinates":[%1]}})").arg(kSite);
        const QString gpkg = m_site + "/site.gpkg";
        auto layer = [&](const QString& name, const QString& features, bool update) {
            const QString json = d.filePath(name + ".geojson");
            test::writeFile(json, ("{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}").toUtf8());
            QStringList a{"-f", "GPKG"};
            if (update)
                a << "-update";
            a << gpkg << json << "-nln" << name << "-a_srs" << "EPSG:32640";
            const auto r = runTool("ogr2ogr", a);
            return r.exitCode == 0;
        };
        QVERIFY(layer("drone_flights", flights, false));
        QVERIFY(layer("construction_sites", QString(R"({"type":"Feature","properties":{"project_id":"P-1","name_en":"Test school site","name_ar":"موقع المدرسة"},"geometry":{"type":"Polygon","coordinates":[%1]}},)"
                                                          R"({"type":"Feature","properties":{"project_id":"P-2"},"geometry":{"type":"Polygon","coordinates":[%1]}})").arg(kSite), true));
        QVERIFY(layer("projects", QString::fromUtf8(R"({"type":"Feature","properties":{"project_id":"P-1","name_en":"Nizwa Test School","name_ar":"مدرسة نزوى التجريبية","status":"under construction","status_ar":"قيد الإنشاء","budget_omr":1250000,"contractor":"Falaj Builders","contractor_ar":"بناة الفلج","start_date":"2026-07-01","finish_date":"2027-06-30","last_drone_survey":"2026-10-15","progress_pct":40,"synthetic":1},"geometry":{"type":"Point","coordinates":[500100,2600100]}})"), true));
        m_project = d.filePath("proj/project.json");
        test::writeFile(m_project, R"({"version":1,"title":"Site","crs":"EPSG:32640","layers":[
            {"name":"projects","source":"site/site.gpkg","layer":"projects"},
            {"name":"construction_sites","source":"site/site.gpkg","layer":"construction_sites"},
            {"name":"drone_flights","source":"site/site.gpkg","layer":"drone_flights"}]})");
    }

    void pdfEnglishHasTheVolumes()
    {
        const QString pdf = m_tmp.filePath("report-en.pdf");
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "--lang", "en", "-o", pdf});
        QVERIFY2(r.exitCode == 0, qPrintable(out(r)));
        QCOMPARE(pages(pdf), 1);
        // The library's own figures for the default pair (the last two flights) ...
        const auto sites = readLayer((m_site + "/site.gpkg").toStdString(), "construction_sites");
        const auto c = analysis::dsmChange((m_site + "/drone/site_2026-09-15_dsm.tif").toStdString(),
            (m_site + "/drone/site_2026-10-15_dsm.tif").toStdString(), *sites, {});
        // ... equal the brute-force sum over the blocks: 40 x 24 pixels of 0.25 m² raised 6 m, 60 x 40 lowered 2 m.
        QCOMPARE(c.totals.fillM3, 40 * 24 * 0.25 * 6);
        QCOMPARE(c.totals.cutM3, 60 * 40 * 0.25 * 2);
        const QString text = pdfText(pdf);
        auto fmt = [](double v) { return QLocale(QLocale::English).toString(v, 'f', 1); };
        QVERIFY2(text.contains("Fill: " + fmt(c.totals.fillM3) + " m³"), qPrintable(text)); // 1,440.0
        QVERIFY2(text.contains("Cut: " + fmt(c.totals.cutM3) + " m³"), qPrintable(text));   // 1,200.0
        QVERIFY2(text.contains("Net: +" + fmt(c.totals.netM3()) + " m³"), qPrintable(text));
        QVERIFY2(text.contains("Nizwa Test School") && text.contains("2026-09-15") && text.contains("2026-10-15"), qPrintable(text));
        QVERIFY2(text.contains("Falaj Builders") && text.contains("Progress: 40%"), qPrintable(text));
        QVERIFY2(text.contains("Synthetic"), qPrintable(text));
    }

    void pdfArabicIsShaped()
    {
        const QString pdf = m_tmp.filePath("report-ar.pdf");
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "--lang", "ar", "-o", pdf});
        QVERIFY2(r.exitCode == 0, qPrintable(out(r)));
        QCOMPARE(pages(pdf), 1);
        const QString text = pdfText(pdf);
        // Letters, not presentation forms: the name is found as typed. Volumes in Arabic-Indic digits.
        QVERIFY2(text.contains(QString::fromUtf8("مدرسة نزوى التجريبية")), qPrintable(text));
        QVERIFY2(text.contains(QString::fromUtf8("١٬٤٤٠٫٠")) && text.contains(QString::fromUtf8("١٬٢٠٠٫٠")), qPrintable(text));
        QVERIFY2(!text.contains("1,440.0"), qPrintable(text));
    }

    void pngHasThePageSize()
    {
        const QString png = m_tmp.filePath("report.png");
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "--dpi", "100", "-o", png});
        QVERIFY2(r.exitCode == 0, qPrintable(out(r)));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(int(std::lround(210 / 25.4 * 100)), int(std::lround(297 / 25.4 * 100))));
    }

    void datesChooseTheFlights()
    {
        // Up to 2026-09-15: the first two flights, whose DSMs are equal.
        const QString pdf = m_tmp.filePath("report-early.pdf");
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "--to", "2026-09-15", "--lang", "en", "-o", pdf});
        QVERIFY2(r.exitCode == 0, qPrintable(out(r)));
        QVERIFY2(out(r).contains("F-P-1-2026-08-15 to F-P-1-2026-09-15: fill 0.00 m³, cut 0.00 m³"), qPrintable(out(r)));
        QVERIFY(pdfText(pdf).contains("Fill: 0.0 m³"));
        const auto one = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "--from", "2026-10-01", "-o", pdf});
        QCOMPARE(one.exitCode, 2);
        QVERIFY2(out(one).contains("has 1 flight(s)"), qPrintable(out(one)));
    }

    void refusesToWriteOverAnInput()
    {
        for (const QString input : {m_project, m_site + "/drone/site_2026-10-15_ortho.tif", m_site + "/site.gpkg"}) {
            const QByteArray before = sha(input);
            const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "-o", input});
            QCOMPARE(r.exitCode, 2); // "is an input", or not a .pdf/.png: refused before anything is read
            QCOMPARE(sha(input), before);
        }
        QVERIFY(out(runTool(kGis, {"drone-report", m_project, "--project-id", "P-1", "-o", m_project})).contains("input"));
        // Project P-2's later orthophoto is named .png: still an input, refused after the flights are read.
        const QString png = m_site + "/drone/p2_ortho.png";
        const QByteArray before = sha(png);
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-2", "-o", png});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(out(r).contains("input"), qPrintable(out(r)));
        QCOMPARE(sha(png), before);
    }

    void sampleProjectReport()
    {
        // The sample project's monitored site (data/README.md): the report's figures are dsmChange's on its last two
        // flights inside its construction_sites polygon.
        const QString data = GIS_SOURCE_DIR "/data";
        const QString pdf = m_tmp.filePath("sample.pdf");
        const auto r = runTool(kGis, {"drone-report", data + "/dakhiliyah.json", "--project-id", "DA-2025-003", "--lang", "en", "-o", pdf});
        QVERIFY2(r.exitCode == 0, qPrintable(out(r)));
        QCOMPARE(pages(pdf), 1);
        const auto sites = readLayer((data + "/dakhiliyah.gpkg").toStdString(), "construction_sites");
        std::vector<std::size_t> rows;
        const int idField = sites->attributes().indexOf("project_id");
        QVERIFY(idField >= 0);
        for (std::size_t i = 0; i < sites->size(); ++i)
            if (sites->attributes().column(std::size_t(idField)).toString(i) == "DA-2025-003")
                rows.push_back(i);
        QVERIFY(!rows.empty());
        const auto c = analysis::dsmChange((data + "/drone/site_2026-09-15_dsm.tif").toStdString(),
            (data + "/drone/site_2026-10-15_dsm.tif").toStdString(), *sites, rows);
        QVERIFY(c.totals.fillM3 > 0);
        auto fmt = [](double v) { return QLocale(QLocale::English).toString(v, 'f', 1); };
        const QString text = pdfText(pdf);
        QVERIFY2(text.contains("Fill: " + fmt(c.totals.fillM3) + " m³") && text.contains("Cut: " + fmt(c.totals.cutM3) + " m³"),
            qPrintable(text));
        QVERIFY2(text.contains("Synthetic sample data"), qPrintable(text));
    }

    void unknownProjectIsNamed()
    {
        const QString pdf = m_tmp.filePath("none.pdf");
        const auto r = runTool(kGis, {"drone-report", m_project, "--project-id", "P-404", "-o", pdf});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(out(r).contains("P-404") && out(r).contains("P-1, P-2"), qPrintable(out(r)));
        QVERIFY(!QFile::exists(pdf));
    }
};

QTEST_GUILESS_MAIN(TestDroneReport)
#include "tst_dronereport.moc"
