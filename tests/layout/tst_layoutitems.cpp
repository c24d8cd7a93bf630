// Print layout items beyond the basics: ids and visibility, the coordinate grid (where its labels land, against
// PROJ's cs2cs; their DMS text; the automatic interval; no label on another or on an item), the inset's red
// extent rectangle (a pixel check), image paths that must stay in the template's folder, cancellation.

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <cmath>
#include <filesystem>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/layout/arabicdigits.h"
#include "gis/layout/gridlabels.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutfile.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

using gis::GridLabel;
using gis::LayoutItem;

namespace {

const QString kLayouts = GIS_SOURCE_DIR "/styles/layouts/";
const std::string kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

gis::Layout readTemplate(const QString& name)
{
    return gis::readLayoutFile((kLayouts + name + ".json").toStdString());
}

LayoutItem* find(gis::Layout& l, LayoutItem::Kind kind)
{
    for (auto& it : l.items)
        if (it.kind == kind)
            return &it;
    return nullptr;
}

/// The sample project's frame geometry without its data: the grid depends on the CRS and extent only.
gis::RenderRequest sampleRequest()
{
    gis::RenderRequest r;
    r.crs = gis::Crs::fromEpsg(32640);
    r.extent = gis::Box(416000, 2322000, 679000, 2617000);
    return r;
}

/// The extent a frame shows: the requested one widened to the frame's aspect ratio, centred.
gis::Box fitted(const gis::Box& e, const QRectF& frame)
{
    const double upm = std::max(e.width() / frame.width(), e.height() / frame.height());
    const gis::Coord c = e.center();
    return gis::Box(c.x - upm * frame.width() / 2, c.y - upm * frame.height() / 2, c.x + upm * frame.width() / 2,
        c.y + upm * frame.height() / 2);
}

QImage drawPage(const gis::Layout& layout, const gis::LayoutContent& content, double dpi,
    const gis::CancellationToken& cancel = {}, std::vector<gis::LayerError>* errors = nullptr)
{
    QImage image(qRound(layout.widthMm / 25.4 * dpi), qRound(layout.heightMm / 25.4 * dpi), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    const auto e = gis::drawLayout(p, layout, content, dpi, cancel);
    if (errors)
        *errors = e;
    return image;
}

QRect toPixels(const QRectF& mm, double dpi)
{
    const double s = dpi / 25.4;
    return QRectF(mm.x() * s, mm.y() * s, mm.width() * s, mm.height() * s).toAlignedRect();
}

int countPixels(const QImage& image, const QRect& r, const std::function<bool(QRgb)>& test)
{
    int n = 0;
    const QRect c = r.intersected(image.rect());
    for (int y = c.top(); y <= c.bottom(); ++y)
        for (int x = c.left(); x <= c.right(); ++x)
            n += test(image.pixel(x, y));
    return n;
}

bool isRed(QRgb c) { return qRed(c) > 170 && qGreen(c) < 80 && qBlue(c) < 80; }

/// cs2cs (PROJ's command line, independent of gis::Transformer): lon/lat degrees to UTM zone 40N metres.
std::vector<gis::Coord> cs2csToUtm40(const std::vector<gis::Coord>& lonLat)
{
    QByteArray input;
    for (const auto& c : lonLat)
        input += QByteArray::number(c.y, 'f', 9) + ' ' + QByteArray::number(c.x, 'f', 9) + '\n'; // EPSG:4326 is lat, lon
    const auto r = gis::test::runTool("cs2cs", {"-d", "4", "EPSG:4326", "EPSG:32640"}, input);
    std::vector<gis::Coord> out;
    for (const QByteArray& line : r.out.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() >= 2)
            out.push_back({f[0].toDouble(), f[1].toDouble()});
    }
    return out;
}

/// A template of `items` (JSON with ' for ", to keep the cases readable) in `dir`.
QString writeTemplate(const QString& dir, QByteArray items, const QString& name = "t.json")
{
    const QString path = dir + "/" + name;
    items.replace('\'', '"');
    gis::test::writeFile(path, "{\"language\": \"en\", \"page\": {\"size\": \"A4\", \"orientation\": \"landscape\"}, "
                               "\"items\": [" + items + "]}");
    return path;
}

QString errorOf(const std::string& path)
{
    try {
        gis::readLayoutFile(path);
    } catch (const gis::Error& e) {
        return e.code() == gis::ErrorCode::Format ? QString::fromStdString(e.what()) : "wrong code: " + QString(e.what());
    }
    return {};
}

} // namespace

class TestLayoutItems : public QObject {
    Q_OBJECT

    gis::Project m_project;
    gis::LayoutContent m_sample;

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("cs2cs"));
        m_project = gis::Project::load(kProject);
        m_project.loadData();
        m_sample.map = gis::makeRequest(m_project, QSize(800, 600), 100);
        m_sample.title = QString::fromStdString(m_project.title);
        m_sample.date = "2025-01-15";
    }

    void idsAndVisibility()
    {
        QTemporaryDir dir;
        const QString path = writeTemplate(dir.path(),
            "{'type': 'map', 'rect': [0, 0, 100, 100]}, {'id': 'notes', 'type': 'text', 'rect': [110, 0, 50, 20], "
            "'visible': false}, {'type': 'scale_bar', 'rect': [110, 30, 50, 10]}");
        const gis::Layout l = gis::readLayoutFile(path.toStdString());
        QCOMPARE(l.items.size(), std::size_t{3});
        QCOMPARE(l.items[0].id, std::string("map"));
        QCOMPARE(l.items[1].id, std::string("notes"));
        QCOMPARE(l.items[2].id, std::string("scale_bar"));
        QVERIFY(l.items[0].visible && !l.items[1].visible && l.items[2].visible);
        const QString twice = writeTemplate(dir.path(),
            "{'id': 'a', 'type': 'text', 'rect': [0, 0, 10, 10]}, {'id': 'a', 'type': 'text', 'rect': [0, 20, 10, 10]}");
        QVERIFY2(errorOf(twice.toStdString()).contains("items[1].id"), qPrintable(errorOf(twice.toStdString())));
        const QString notBool = writeTemplate(dir.path(), "{'type': 'text', 'rect': [0, 0, 10, 10], 'visible': 'no'}");
        QVERIFY(errorOf(notBool.toStdString()).contains("items[0].visible"));
        const QString badGrid = writeTemplate(dir.path(), "{'type': 'map', 'rect': [0, 0, 10, 10], 'grid': {'type': 'mgrs'}}");
        QVERIFY(errorOf(badGrid.toStdString()).contains("items[0].grid.type"));
    }

    void hiddenItemsAreNotDrawn()
    {
        QTemporaryDir dir;
        QImage red(40, 20, QImage::Format_ARGB32);
        red.fill(Qt::red);
        QVERIFY(red.save(dir.filePath("red.png")));
        const QString path = writeTemplate(dir.path(),
            "{'type': 'map', 'rect': [0, 0, 120, 100]}, {'id': 'logo', 'type': 'image', 'rect': [150, 0, 40, 40], 'path': 'red.png'}");
        gis::Layout l = gis::readLayoutFile(path.toStdString());
        const QRect logo = toPixels(l.items[1].rectMm, 100), map = toPixels(l.items[0].rectMm, 100);
        auto dark = [](QRgb c) { return qGray(c) < 100; };
        const QImage shown = drawPage(l, m_sample, 100);
        // Fit keeping the aspect ratio: 40 x 20 mm, centred vertically in the 40 x 40 mm box.
        const QRect image = toPixels(QRectF(l.items[1].rectMm.left(), l.items[1].rectMm.top() + 10, 40, 20), 100);
        QVERIFY(countPixels(shown, image.adjusted(2, 2, -2, -2), isRed) == image.adjusted(2, 2, -2, -2).width() * image.adjusted(2, 2, -2, -2).height());
        QCOMPARE(countPixels(shown, logo, isRed), countPixels(shown, image.adjusted(-1, -1, 1, 1), isRed));
        QVERIFY(countPixels(shown, map, dark) > 100); // the frame and the data
        l.items[1].visible = false;
        l.items[0].visible = false;
        const QImage hidden = drawPage(l, m_sample, 100);
        QCOMPARE(countPixels(hidden, logo, isRed), 0);
        QCOMPARE(countPixels(hidden, map, [](QRgb c) { return c != qRgb(255, 255, 255); }), 0);
    }

    void imagePathsStayInTheTemplateFolder_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("error"); // "" when accepted
        QTest::newRow("plain") << "logo.png" << "";
        QTest::newRow("subfolder") << "img/logo.png" << "";
        QTest::newRow("svg") << "img/mark.svg" << "";
        QTest::newRow("absolute") << "ABSOLUTE" << "absolute";
        QTest::newRow("dot-dot") << "../outside.png" << "\"..\"";
        QTest::newRow("dot-dot inside") << "img/../logo.png" << "\"..\"";
        QTest::newRow("missing") << "nope.png" << "not found";
        QTest::newRow("link out") << "link.png" << "outside";
        QTest::newRow("not an image") << "notes.txt" << ".png";
        QTest::newRow("empty") << "" << "expected";
    }

    void imagePathsStayInTheTemplateFolder()
    {
        QFETCH(QString, path);
        QFETCH(QString, error);
        QTemporaryDir root;
        const QString dir = root.filePath("templates");
        QVERIFY(QDir().mkpath(dir + "/img"));
        QImage px(4, 4, QImage::Format_ARGB32);
        px.fill(Qt::blue);
        for (const QString& f : {root.filePath("outside.png"), dir + "/logo.png", dir + "/img/logo.png"})
            QVERIFY(px.save(f));
        gis::test::writeFile(dir + "/img/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 1\"/>");
        gis::test::writeFile(dir + "/notes.txt", "x");
        std::filesystem::create_symlink(root.filePath("outside.png").toStdString(), (dir + "/link.png").toStdString());
        if (path == "ABSOLUTE")
            path = dir + "/logo.png";
        // The image is the fourth item: the error must name it as items[3].path.
        const QString file = writeTemplate(dir, "{'type': 'map', 'rect': [0, 0, 100, 100]}, {'type': 'text', 'rect': [110, 0, 50, 10]}, "
            "{'type': 'text', 'rect': [110, 20, 50, 10]}, {'type': 'image', 'rect': [110, 40, 30, 30], 'path': '" + path.toUtf8() + "'}");
        const QString got = errorOf(file.toStdString());
        if (error.isEmpty()) {
            QVERIFY2(got.isEmpty(), qPrintable(got));
            const gis::Layout l = gis::readLayoutFile(file.toStdString());
            QVERIFY(QFileInfo(QString::fromStdString(l.items[3].imagePath)).isAbsolute());
            QCOMPARE(QFileInfo(QString::fromStdString(l.items[3].imagePath)).canonicalFilePath(), QFileInfo(dir + "/" + path).canonicalFilePath());
        } else {
            QVERIFY2(got.contains(file) && got.contains("items[3].path") && got.contains(error), qPrintable(got));
        }
    }

    void anImageSwappedForAFifoDoesNotHangTheExport()
    {
        // The template's checks passed when it was read; the file is swapped for a FIFO with no writer afterwards.
        // Drawing reads it as every document file is read (regular files only, without blocking): the image is
        // left out and the page is drawn.
        QTemporaryDir root;
        QImage px(4, 4, QImage::Format_ARGB32);
        px.fill(Qt::red);
        QVERIFY(px.save(root.filePath("logo.png")));
        const QString file = writeTemplate(root.path(), "{'type': 'map', 'rect': [0, 0, 100, 100]}, "
            "{'type': 'image', 'rect': [110, 40, 30, 30], 'path': 'logo.png'}");
        const gis::Layout l = gis::readLayoutFile(file.toStdString());
        QVERIFY(QFile::remove(root.filePath("logo.png")));
        QCOMPARE(::mkfifo(root.filePath("logo.png").toLocal8Bit().constData(), 0600), 0);
        const QImage page = drawPage(l, m_sample, 50);
        QVERIFY(!page.isNull());
    }

    void dmsText_data()
    {
        QTest::addColumn<double>("degrees");
        QTest::addColumn<bool>("latitude");
        QTest::addColumn<double>("interval");
        QTest::addColumn<QString>("english");
        QTest::addColumn<QString>("arabic");
        QTest::newRow("lon 30'") << 57.5 << false << 0.5 << "57°30'E" << "٥٧°٣٠'ق";
        QTest::newRow("lat whole") << 23.0 << true << 1.0 << "23°00'N" << "٢٣°٠٠'ش";
        QTest::newRow("lat south") << -10.25 << true << 0.25 << "10°15'S" << "١٠°١٥'ج";
        QTest::newRow("lon west") << -5.0 << false << 1.0 << "5°00'W" << "٥°٠٠'غ";
        QTest::newRow("seconds") << 57 + 30 / 60.0 + 15 / 3600.0 << false << 15 / 3600.0 << "57°30'15\"E" << "٥٧°٣٠'١٥\"ق";
        QTest::newRow("seconds zero") << 23.5 << true << 30 / 3600.0 << "23°30'00\"N" << "٢٣°٣٠'٠٠\"ش";
        QTest::newRow("float noise") << 23.999999999 << true << 1 / 60.0 << "24°00'N" << "٢٤°٠٠'ش";
        QTest::newRow("equator") << 0.0 << true << 1.0 << "0°00'" << "٠°٠٠'";
        QTest::newRow("antimeridian") << 180.0 << false << 10.0 << "180°00'" << "١٨٠°٠٠'";
        QTest::newRow("2 minutes") << 57 + 2 / 60.0 << false << 2 / 60.0 << "57°02'E" << "٥٧°٠٢'ق";
    }

    void dmsText()
    {
        QFETCH(double, degrees);
        QFETCH(bool, latitude);
        QFETCH(double, interval);
        QFETCH(QString, english);
        QFETCH(QString, arabic);
        QCOMPARE(gis::formatGridDms(degrees, latitude, interval, false), english);
        QCOMPARE(gis::formatGridDms(degrees, latitude, interval, true), arabic);
    }

    void automaticInterval_data()
    {
        QTest::addColumn<int>("epsg");
        QTest::addColumn<QString>("grid");
        QTest::addColumn<QRectF>("extent"); // minx, miny, width, height
        QTest::addColumn<QSizeF>("frame");
        QTest::addColumn<double>("expected");
        // Worked by hand (corners by cs2cs): the frame spans 55.94-58.99°E, 20.99-23.66°N: 1° gives 3 meridians and
        // 3 parallels, 2° one parallel.
        QTest::newRow("sample graticule A4") << 32640 << "graticule" << QRectF(416000, 2322000, 263000, 295000) << QSizeF(190, 180) << 1.0;
        // 295 km tall in the frame: 100 km lines are 400000..700000 E (4) and 2400000..2600000 N (3).
        QTest::newRow("sample utm A3") << 32640 << "utm" << QRectF(416000, 2322000, 263000, 295000) << QSizeF(288, 265) << 100000.0;
        // 57.40-57.60°E x 22.880-23.070°N: 5' gives 2 parallels, 2' gives 6 and 7 meridians.
        QTest::newRow("geographic town") << 4326 << "graticule" << QRectF(57.4, 22.9, 0.2, 0.15) << QSizeF(190, 180) << 2 / 60.0;
        QTest::newRow("utm on geographic") << 4326 << "utm" << QRectF(57.4, 22.9, 0.2, 0.15) << QSizeF(190, 180) << 2 / 60.0;
        // 540000-552000 E x 2529316-2540684 N: 10 km gives 2 eastings, 5 km 3 and 3.
        QTest::newRow("utm town") << 32640 << "utm" << QRectF(540000, 2530000, 12000, 10000) << QSizeF(190, 180) << 5000.0;
    }

    void automaticInterval()
    {
        QFETCH(int, epsg);
        QFETCH(QString, grid);
        QFETCH(QRectF, extent);
        QFETCH(QSizeF, frame);
        QFETCH(double, expected);
        gis::Layout l;
        l.widthMm = frame.width() + 40;
        l.heightMm = frame.height() + 40;
        LayoutItem map;
        map.kind = LayoutItem::Kind::Map;
        map.rectMm = QRectF(QPointF(20, 20), frame);
        map.grid.kind = grid == "utm" ? gis::LayoutGrid::Kind::Utm : gis::LayoutGrid::Kind::Graticule;
        l.items.push_back(map);
        gis::RenderRequest req;
        req.crs = gis::Crs::fromEpsg(epsg);
        req.extent = gis::Box(extent.left(), extent.top(), extent.right(), extent.bottom());
        QVERIFY(std::abs(gis::layoutGridInterval(l, map, req) / expected - 1) < 1e-9);
        QCOMPARE(gis::layoutGridKind(map, req), epsg == 4326 ? gis::LayoutGrid::Kind::Graticule : map.grid.kind);
        map.grid.interval = 0.25;
        QCOMPARE(gis::layoutGridInterval(l, map, req), 0.25);
    }

    void graticuleLabelsAgainstCs2cs_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* n : {"a4-landscape-en", "a4-landscape-ar", "a4-portrait-en", "a4-portrait-ar"})
            QTest::newRow(n) << QString(n);
    }

    void graticuleLabelsAgainstCs2cs()
    {
        QFETCH(QString, name);
        gis::Layout l = readTemplate(name);
        const LayoutItem& map = *find(l, LayoutItem::Kind::Map);
        QCOMPARE(map.grid.kind, gis::LayoutGrid::Kind::Graticule);
        const gis::RenderRequest req = sampleRequest();
        const auto labels = gis::layoutGridLabels(l, map, req);
        const double interval = gis::layoutGridInterval(l, map, req);
        const bool arabic = name.endsWith("-ar");
        const QRectF frame = map.rectMm;
        const gis::Box f = fitted(req.extent, frame);
        const double upm = f.width() / frame.width();
        // Each label's line, sampled every 0.002° by cs2cs; where it meets the labelled edge, on paper.
        const int n = 3500;
        std::vector<gis::Coord> lonLat;
        for (const GridLabel& g : labels)
            for (int i = 0; i <= n; ++i) {
                const bool meridian = g.edge == GridLabel::Edge::Top || g.edge == GridLabel::Edge::Bottom;
                lonLat.push_back(meridian ? gis::Coord{g.value, 19.5 + 7.0 * i / n} : gis::Coord{54 + 7.0 * i / n, g.value});
            }
        const auto utm = cs2csToUtm40(lonLat);
        QCOMPARE(utm.size(), lonLat.size());
        int perEdge[4] = {0, 0, 0, 0};
        for (std::size_t k = 0; k < labels.size(); ++k) {
            const GridLabel& g = labels[k];
            ++perEdge[int(g.edge)];
            const bool meridian = g.edge == GridLabel::Edge::Top || g.edge == GridLabel::Edge::Bottom;
            const double target = g.edge == GridLabel::Edge::Top ? f.maxY : g.edge == GridLabel::Edge::Bottom ? f.minY
                : g.edge == GridLabel::Edge::Left ? f.minX : f.maxX;
            QPointF expected(qQNaN(), qQNaN());
            for (int i = 1; i <= n; ++i) {
                const gis::Coord a = utm[k * (n + 1) + i - 1], b = utm[k * (n + 1) + i];
                const double da = (meridian ? a.y : a.x) - target, db = (meridian ? b.y : b.x) - target;
                if ((da < 0) == (db < 0))
                    continue;
                const double t = da / (da - db);
                const gis::Coord c{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
                expected = QPointF(frame.left() + (c.x - f.minX) / upm, frame.top() + (f.maxY - c.y) / upm);
            }
            const QString where = g.text + " " + QString::number(g.anchorMm.x()) + "," + QString::number(g.anchorMm.y());
            QVERIFY2(std::hypot(g.anchorMm.x() - expected.x(), g.anchorMm.y() - expected.y()) < 0.5,
                qPrintable(where + " expected " + QString::number(expected.x()) + "," + QString::number(expected.y())));
            QCOMPARE(g.text, gis::formatGridDms(g.value, !meridian, interval, arabic));
            QVERIFY(std::abs(g.value / interval - std::round(g.value / interval)) < 1e-9);
            // Outside the frame, next to its anchor, centred on it along the edge.
            QVERIFY2(!g.boxMm.intersects(frame), qPrintable(where));
            const QRectF near = frame.adjusted(-g.boxMm.width() - 1.5, -g.boxMm.height() - 1.5, g.boxMm.width() + 1.5, g.boxMm.height() + 1.5);
            QVERIFY(near.contains(g.boxMm));
            QVERIFY(std::abs((meridian ? g.boxMm.center().x() - g.anchorMm.x() : g.boxMm.center().y() - g.anchorMm.y())) < 1e-6);
        }
        for (int e = 0; e < 4; ++e)
            QVERIFY2(perEdge[e] >= 2, qPrintable(QString("edge %1 has %2 labels").arg(e).arg(perEdge[e])));
        if (name == "a4-landscape-en") {
            QStringList top;
            for (const auto& g : labels)
                if (g.edge == GridLabel::Edge::Top)
                    top << g.text;
            QCOMPARE(top, QStringList({"56°00'E", "57°00'E", "58°00'E"}));
        }
    }

    void utmLabels()
    {
        for (const QString name : {"a3-landscape-en", "a3-landscape-ar"}) {
            gis::Layout l = readTemplate(name);
            const LayoutItem& map = *find(l, LayoutItem::Kind::Map);
            QCOMPARE(map.grid.kind, gis::LayoutGrid::Kind::Utm);
            const gis::RenderRequest req = sampleRequest();
            const gis::Box f = fitted(req.extent, map.rectMm);
            const double upm = f.width() / map.rectMm.width();
            const auto labels = gis::layoutGridLabels(l, map, req);
            QVERIFY(labels.size() >= 10);
            for (const GridLabel& g : labels) {
                const bool easting = g.edge == GridLabel::Edge::Top || g.edge == GridLabel::Edge::Bottom;
                const double along = easting ? map.rectMm.left() + (g.value - f.minX) / upm : map.rectMm.top() + (f.maxY - g.value) / upm;
                QVERIFY(std::abs((easting ? g.anchorMm.x() : g.anchorMm.y()) - along) < 0.01);
                QCOMPARE(std::fmod(g.value, 100000.0), 0.0);
                const QString number = QString::number(g.value, 'f', 0);
                const QString expected = name.endsWith("-ar")
                    ? gis::toArabicDigits(number) + QString::fromUtf8(easting ? " م ق" : " م ش")
                    : number + (easting ? "mE" : "mN");
                QCOMPARE(g.text, expected);
            }
        }
    }

    void gridLabelsNeverOverlap_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("fontSize"); // 0: the template's
        QTest::addColumn<double>("interval");
        for (const char* n : {"a4-landscape-en", "a4-landscape-ar", "a4-portrait-en", "a4-portrait-ar", "a3-landscape-en", "a3-landscape-ar"})
            QTest::newRow(n) << QString(n) << 0.0 << 0.0;
        QTest::newRow("crowded en") << "a4-landscape-en" << 12.0 << 0.1;
        QTest::newRow("crowded ar") << "a4-landscape-ar" << 12.0 << 0.1;
    }

    void gridLabelsNeverOverlap()
    {
        QFETCH(QString, name);
        QFETCH(double, fontSize);
        QFETCH(double, interval);
        gis::Layout l = readTemplate(name);
        LayoutItem& map = *find(l, LayoutItem::Kind::Map);
        if (fontSize > 0)
            map.grid.fontSizePt = fontSize;
        map.grid.interval = interval;
        const auto labels = gis::layoutGridLabels(l, map, sampleRequest());
        QVERIFY(!labels.empty());
        const QRectF page(0, 0, l.widthMm, l.heightMm);
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const QRectF& b = labels[i].boxMm;
            QVERIFY(page.contains(b));
            for (const auto& it : l.items)
                QVERIFY2(!b.intersects(it.rectMm), qPrintable(labels[i].text + " on " + QString::fromStdString(it.id)));
            for (std::size_t j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!b.adjusted(-0.49, -0.49, 0.49, 0.49).intersects(labels[j].boxMm), qPrintable(labels[i].text + " / " + labels[j].text));
        }
        if (interval > 0) {
            // 0.1° over ~2.7° of longitude: 26 meridians, far more than 12 pt labels can hold along 190 mm.
            const auto top = std::count_if(labels.begin(), labels.end(), [](const GridLabel& g) { return g.edge == GridLabel::Edge::Top; });
            QVERIFY2(top >= 3 && top < 20, qPrintable(QString::number(top)));
        }
    }

    void hiddenItemFreesItsPlaceForLabels()
    {
        gis::Layout l = readTemplate("a4-landscape-en");
        const QRectF frame = find(l, LayoutItem::Kind::Map)->rectMm;
        LayoutItem band;
        band.id = "band";
        band.rectMm = QRectF(frame.left() - 5, frame.top() - 5, frame.width() + 10, 4.5); // over the top labels
        l.items.push_back(band);
        auto topLabels = [&] {
            const auto labels = gis::layoutGridLabels(l, *find(l, LayoutItem::Kind::Map), sampleRequest());
            return int(std::count_if(labels.begin(), labels.end(), [](const GridLabel& g) { return g.edge == GridLabel::Edge::Top; }));
        };
        QCOMPARE(topLabels(), 0);
        l.items.back().visible = false;
        QCOMPARE(topLabels(), 3);
    }

    void gridIsDrawnWhereItsLabelsAre()
    {
        // Only a map frame with its grid, no data: every mark outside the frame is a tick or a label's text.
        gis::Layout l = readTemplate("a4-landscape-en");
        const LayoutItem map = *find(l, LayoutItem::Kind::Map);
        l.items = {map};
        gis::LayoutContent content;
        content.map = sampleRequest();
        const double dpi = 150, px = dpi / 25.4;
        const QImage image = drawPage(l, content, dpi);
        const auto labels = gis::layoutGridLabels(l, map, content.map);
        const QRect frame = toPixels(map.rectMm.adjusted(-0.4, -0.4, 0.4, 0.4), dpi);
        int stray = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                if (frame.contains(x, y) || qGray(image.pixel(x, y)) > 200)
                    continue;
                const QPointF mm((x + 0.5) / px, (y + 0.5) / px);
                const bool explained = std::any_of(labels.begin(), labels.end(), [&](const GridLabel& g) {
                    return g.boxMm.adjusted(-0.3, -0.3, 0.3, 0.3).contains(mm)
                        || QLineF(g.anchorMm, mm).length() < 1.2; // the tick
                });
                stray += !explained;
            }
        QCOMPARE(stray, 0);
        for (const auto& g : labels)
            QVERIFY2(countPixels(image, toPixels(g.boxMm, dpi), [](QRgb c) { return qGray(c) < 128; }) > 5, qPrintable(g.text));
        // Grid lines inside the frame: the 57°E meridian crosses the frame's middle row near its label's x.
        const auto m57 = std::find_if(labels.begin(), labels.end(), [](const GridLabel& g) { return g.text == "57°00'E"; });
        QVERIFY(m57 != labels.end());
        const int row = toPixels(map.rectMm, dpi).center().y();
        const int col = qRound(m57->anchorMm.x() * px);
        QVERIFY(countPixels(image, QRect(col - 12, row, 25, 1), [](QRgb c) { return qGray(c) < 230; }) > 0);
    }

    void insetOutlinesTheMainFrame()
    {
        gis::Layout l;
        l.widthMm = 200;
        l.heightMm = 130;
        LayoutItem map, inset;
        map.kind = LayoutItem::Kind::Map;
        map.rectMm = QRectF(10, 10, 100, 100);
        inset.kind = LayoutItem::Kind::Inset;
        inset.id = "locator";
        inset.rectMm = QRectF(120, 10, 60, 90);
        inset.insetLayers = {"governorates"};
        l.items = {map, inset};
        gis::LayoutContent content = m_sample;
        content.map.extent = gis::Box(520000, 2500000, 580000, 2560000); // around Nizwa
        const double dpi = 100, px = dpi / 25.4;
        const QImage with = drawPage(l, content, dpi);
        gis::Layout alone = l; // no map frame: the same inset without the red rectangle
        alone.items = {inset};
        const QImage without = drawPage(alone, content, dpi);
        QRect changed;
        const QRect insetPx = toPixels(inset.rectMm, dpi);
        const QSize insetSize(std::lround(inset.rectMm.width() * px), std::lround(inset.rectMm.height() * px)); // as drawn
        for (int y = insetPx.top(); y <= insetPx.bottom(); ++y)
            for (int x = insetPx.left(); x <= insetPx.right(); ++x)
                if (with.pixel(x, y) != without.pixel(x, y))
                    changed |= QRect(x, y, 1, 1);
        QVERIFY(!changed.isEmpty());
        // Expected independently: the layer's extent (WGS 84 in the GeoPackage) by cs2cs along its edges, 4 %
        // of the larger side around it, fitted to the inset; the main frame's fitted extent in it.
        const auto& layer = *std::find_if(content.map.layers.begin(), content.map.layers.end(), [](const gis::MapLayer& m) { return m.name == "governorates"; });
        const gis::Box ll = layer.vector->extent();
        std::vector<gis::Coord> edge;
        for (int i = 0; i <= 100; ++i) {
            const double tx = ll.minX + ll.width() * i / 100, ty = ll.minY + ll.height() * i / 100;
            edge.insert(edge.end(), {{tx, ll.minY}, {tx, ll.maxY}, {ll.minX, ty}, {ll.maxX, ty}});
        }
        gis::Box full;
        for (const auto& c : cs2csToUtm40(edge))
            full.expand(c);
        const double pad = std::max(full.width(), full.height()) * 0.04;
        const gis::Box insetExtent = fitted(gis::Box(full.minX - pad, full.minY - pad, full.maxX + pad, full.maxY + pad), QRectF(QPointF(), insetSize));
        const double upp = insetExtent.width() / insetSize.width();
        const gis::Box main = fitted(content.map.extent, map.rectMm);
        const QRectF expected(inset.rectMm.left() * px + (main.minX - insetExtent.minX) / upp, inset.rectMm.top() * px + (insetExtent.maxY - main.maxY) / upp,
            main.width() / upp, main.height() / upp);
        const QString msg = QString("red box %1,%2 %3x%4, expected %5,%6 %7x%8").arg(changed.x()).arg(changed.y()).arg(changed.width())
            .arg(changed.height()).arg(expected.x()).arg(expected.y()).arg(expected.width()).arg(expected.height());
        // The pen (0.35 mm, 1.4 px) straddles the outline: its outer edge is within 2 px of the expected box's.
        QVERIFY2(std::abs(changed.left() - expected.left()) < 2.5 && std::abs(changed.right() + 1 - expected.right()) < 2.5, qPrintable(msg));
        QVERIFY2(std::abs(changed.top() - expected.top()) < 2.5 && std::abs(changed.bottom() + 1 - expected.bottom()) < 2.5, qPrintable(msg));
        // Red on the outline (the antialiased pen covers a whole pixel within one of it).
        const QPoint top(qRound(expected.center().x()), qRound(expected.top())), left(qRound(expected.left()), qRound(expected.center().y()));
        QVERIFY(countPixels(with, QRect(top - QPoint(1, 1), QSize(3, 3)), isRed) > 0);
        QVERIFY(countPixels(with, QRect(left - QPoint(1, 1), QSize(3, 3)), isRed) > 0);
        QCOMPARE(countPixels(with, QRect(expected.center().toPoint() - QPoint(3, 3), QSize(7, 7)), isRed), 0);
        // A name the project lacks is reported, the rest drawn.
        l.items[1].insetLayers = {"governorates", "no such layer"};
        std::vector<gis::LayerError> errors;
        drawPage(l, content, dpi, {}, &errors);
        QVERIFY(std::any_of(errors.begin(), errors.end(), [](const gis::LayerError& e) { return e.layer == "no such layer"; }));
    }

    void cancellationReachesTheMapFrames()
    {
        gis::Layout l = readTemplate("a4-landscape-en");
        for (auto& it : l.items)
            it.grid.kind = gis::LayoutGrid::Kind::None;
        const double dpi = 40;
        const QRect map = toPixels(find(l, LayoutItem::Kind::Map)->rectMm.adjusted(1, 1, -1, -1), dpi);
        const QRect inset = toPixels(find(l, LayoutItem::Kind::Inset)->rectMm.adjusted(1, 1, -1, -1), dpi);
        const QRgb sea = m_sample.map.background.rgb();
        auto background = [&](QRgb c) { return (c & 0xffffff) == (sea & 0xffffff); };
        gis::CancellationToken cancel;
        cancel.cancel();
        const QImage cancelled = drawPage(l, m_sample, dpi, cancel);
        QCOMPARE(countPixels(cancelled, map, background), map.width() * map.height());
        QCOMPARE(countPixels(cancelled, inset, background), inset.width() * inset.height());
        const QImage drawn = drawPage(l, m_sample, dpi);
        QVERIFY(countPixels(drawn, map, background) < map.width() * map.height() / 10);
        QVERIFY(countPixels(drawn, inset, background) < inset.width() * inset.height());
    }
};

QTEST_MAIN(TestLayoutItems)
#include "tst_layoutitems.moc"
