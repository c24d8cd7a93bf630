// Print layouts: the templates, the scale bar against the map frame's scale computed independently from the
// frame's width and the fitted extent, the north arrow's grid convergence against the UTM formula, pages drawn
// to PNG at a DPI, and the sample project's pages against reference images.
//
// Reference pages (tests/render/data/layout-*.png, 50 DPI so the files stay small): look at them when they change;
// regenerate them with GIS_UPDATE_REFERENCES=1 build/tests/render_tst_layout referencePages. The sample's data,
// its styles and the templates all show in them, so a change to any of those needs new references.

#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "gis/crs/transformer.h"
#include "gis/layout/arabicdigits.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/layoutfile.h"
#include "gis/layout/mapframe.h"
#include "gis/project/project.h"
#include "support/referenceimage.h"

namespace {

const QString kLayouts = GIS_SOURCE_DIR "/styles/layouts/";

gis::Layout readTemplate(const QString& name)
{
    return gis::readLayoutFile((kLayouts + name + ".json").toStdString());
}

const gis::LayoutItem* find(const gis::Layout& l, gis::LayoutItem::Kind kind)
{
    for (const auto& it : l.items)
        if (it.kind == kind)
            return &it;
    return nullptr;
}


} // namespace

class TestLayout : public QObject {
    Q_OBJECT

private slots:
    void templates_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("height");
        QTest::addColumn<QString>("language");
        QTest::newRow("a4l-en") << "a4-landscape-en" << 297.0 << 210.0 << "en";
        QTest::newRow("a4l-ar") << "a4-landscape-ar" << 297.0 << 210.0 << "ar";
        QTest::newRow("a4p-en") << "a4-portrait-en" << 210.0 << 297.0 << "en";
        QTest::newRow("a4p-ar") << "a4-portrait-ar" << 210.0 << 297.0 << "ar";
        QTest::newRow("a3l-en") << "a3-landscape-en" << 420.0 << 297.0 << "en";
        QTest::newRow("a3l-ar") << "a3-landscape-ar" << 420.0 << 297.0 << "ar";
    }

    void templates()
    {
        QFETCH(QString, name);
        QFETCH(double, width);
        QFETCH(double, height);
        QFETCH(QString, language);
        const gis::Layout l = readTemplate(name);
        QCOMPARE(l.widthMm, width);
        QCOMPARE(l.heightMm, height);
        QCOMPARE(QString::fromStdString(l.language), language);
        const auto* map = find(l, gis::LayoutItem::Kind::Map);
        const auto* legend = find(l, gis::LayoutItem::Kind::Legend);
        const auto* title = find(l, gis::LayoutItem::Kind::Title);
        QVERIFY(map && legend && title && find(l, gis::LayoutItem::Kind::ScaleBar) && find(l, gis::LayoutItem::Kind::NorthArrow));
        // Mirrored: Arabic puts the legend on the right, right-aligned; English on the left.
        const bool ar = language == "ar";
        QCOMPARE(legend->align, ar ? Qt::AlignRight : Qt::AlignLeft);
        QCOMPARE(title->align, ar ? Qt::AlignRight : Qt::AlignLeft);
        if (width > height)
            QCOMPARE(legend->rectMm.center().x() > map->rectMm.center().x(), ar);
        // No item overlaps another, and every item stays on the page.
        for (const auto& it : l.items) {
            QVERIFY(QRectF(0, 0, width, height).contains(it.rectMm));
            for (const auto& other : l.items)
                if (&it != &other)
                    QVERIFY2(!it.rectMm.intersects(other.rectMm), qPrintable(name + ": " + QString::fromStdString(it.id + " / " + other.id)));
        }
        // A grid with 5 mm for its labels inside the margins, a locator map of the governorates and the logo, the
        // locator on the legend's side; ids given.
        QVERIFY(map->grid.kind != gis::LayoutGrid::Kind::None);
        QVERIFY(map->rectMm.adjusted(-5, -5, 5, 5).intersected(QRectF(10, 10, width - 20, height - 20)) == map->rectMm.adjusted(-5, -5, 5, 5));
        const auto* inset = find(l, gis::LayoutItem::Kind::Inset);
        const auto* logo = find(l, gis::LayoutItem::Kind::Image);
        QVERIFY(inset && logo);
        QCOMPARE(inset->insetLayers, std::vector<std::string>{"governorates"});
        if (width > height)
            QCOMPARE(inset->rectMm.center().x() > map->rectMm.center().x(), ar);
        QVERIFY(QFile::exists(QString::fromStdString(logo->imagePath)));
        QCOMPARE(inset->id, std::string("locator"));
        QCOMPARE(logo->id, std::string("logo"));
    }

    void referencePages_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::newRow("en") << "a4-landscape-en";
        QTest::newRow("ar") << "a4-landscape-ar";
    }

    void referencePages()
    {
        QFETCH(QString, layout);
        // The sample project through the same steps as gis export-map, with a fixed date.
        gis::Project project = gis::Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        project.loadData();
        const gis::Layout l = readTemplate(layout);
        const bool arabic = l.language == "ar";
        const double dpi = 50;
        gis::LayoutContent content;
        content.map = gis::makeRequest(project, QSize(800, 600), dpi);
        content.title = QString::fromStdString(arabic ? project.titleAr : project.title);
        content.subtitle = QString::fromStdString(arabic ? project.title : project.titleAr);
        content.attribution = gis::projectLayoutContent(project, l.language).attribution; // the project's credits
        content.date = "2025-01-15";
        QImage page(qRound(l.widthMm / 25.4 * dpi), qRound(l.heightMm / 25.4 * dpi), QImage::Format_ARGB32);
        page.fill(Qt::white);
        QPainter painter(&page);
        const auto errors = gis::drawLayout(painter, l, content, dpi);
        painter.end();
        QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().message.c_str());
        gis::test::compareWithReference(page, "layout-" + layout);
    }

    void arabicTemplatesAreMirrored()
    {
        for (const QString name : {"a4-landscape", "a4-portrait", "a3-landscape"}) {
            const gis::Layout en = readTemplate(name + "-en"), ar = readTemplate(name + "-ar");
            QCOMPARE(ar.items.size(), en.items.size());
            for (const auto& e : en.items) {
                const auto a = std::find_if(ar.items.begin(), ar.items.end(), [&](const gis::LayoutItem& i) { return i.id == e.id; });
                QVERIFY2(a != ar.items.end(), e.id.c_str());
                QCOMPARE(a->kind, e.kind);
                QCOMPARE(a->rectMm.size(), e.rectMm.size());
                QCOMPARE(a->rectMm.top(), e.rectMm.top());
                QVERIFY2(std::abs(a->rectMm.left() - (en.widthMm - e.rectMm.right())) < 1e-9, e.id.c_str());
                QCOMPARE(a->grid.kind, e.grid.kind);
            }
        }
    }

    void badTemplateNamesTheKey()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"page\": {\"size\": \"B7\"}, \"items\": []}");
        f.close();
        try {
            gis::readLayoutFile(path.toStdString());
            QFAIL("no error");
        } catch (const std::exception& e) {
            QVERIFY2(QString(e.what()).contains("page.size"), e.what());
        }
    }

    void scaleBarMatchesMapScale_data()
    {
        QTest::addColumn<QString>("crs");
        QTest::addColumn<double>("minx");
        QTest::addColumn<double>("miny");
        QTest::addColumn<double>("maxx");
        QTest::addColumn<double>("maxy");
        QTest::addColumn<double>("fixedScale");
        QTest::newRow("utm-fit") << "EPSG:32640" << 416000.0 << 2322000.0 << 679000.0 << 2617000.0 << 0.0;
        QTest::newRow("utm-tall") << "EPSG:32640" << 500000.0 << 2400000.0 << 510000.0 << 2500000.0 << 0.0;
        QTest::newRow("utm-50000") << "EPSG:32640" << 416000.0 << 2322000.0 << 679000.0 << 2617000.0 << 50000.0;
        QTest::newRow("geographic") << "EPSG:4326" << 56.5 << 22.0 << 58.5 << 23.8 << 0.0;
    }

    void scaleBarMatchesMapScale()
    {
        QFETCH(QString, crs);
        QFETCH(double, minx);
        QFETCH(double, miny);
        QFETCH(double, maxx);
        QFETCH(double, maxy);
        QFETCH(double, fixedScale);
        for (const QString name : {"a4-landscape-en", "a4-portrait-ar", "a3-landscape-en"}) {
            gis::Layout l = readTemplate(name);
            gis::LayoutItem map = *find(l, gis::LayoutItem::Kind::Map);
            map.scale = fixedScale;
            gis::RenderRequest req;
            req.crs = gis::Crs::fromUserInput(crs.toStdString());
            req.extent = gis::Box(minx, miny, maxx, maxy);
            // Independent: ground metres per paper metre across the frame's width, after widening the extent to
            // the frame's aspect ratio; a degree of longitude is 111320 cos(lat) m (spherical; within 0.3 %).
            const double wMm = map.rectMm.width(), hMm = map.rectMm.height();
            const double unitsPerMm = std::max((maxx - minx) / wMm, (maxy - miny) / hMm);
            const double metresPerUnit = crs == "EPSG:4326" ? 111320 * std::cos((miny + maxy) / 2 * M_PI / 180) : 1;
            const double expected = fixedScale > 0 ? fixedScale : unitsPerMm * metresPerUnit * 1000;
            const gis::ScaleBarGeometry bar = gis::layoutScaleBar(l, map, req, 50);
            QVERIFY2(std::abs(bar.scaleDenominator / expected - 1) < 0.01, qPrintable(QString::number(bar.scaleDenominator)));
            // The bar's ground length over its paper length is the map's scale, within 1 %.
            const double barScale = bar.groundMetres / (bar.lengthMm / 1000);
            QVERIFY2(std::abs(barScale / expected - 1) < 0.01, qPrintable(QString::number(barScale)));
            QVERIFY(bar.lengthMm <= 50 && bar.lengthMm > 50 / 2.5 - 1e-9);
            const double mantissa = bar.groundMetres / std::pow(10, std::floor(std::log10(bar.groundMetres)));
            QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9,
                qPrintable(QString::number(bar.groundMetres)));
            // And it is the scale the renderer itself reports for the frame as drawn (300 DPI).
            gis::RenderRequest drawn = req;
            drawn.extent = gis::layoutMapExtent(l, map, req);
            drawn.dpi = 300;
            drawn.size = QSize(qRound(wMm / 25.4 * 300), qRound(hMm / 25.4 * 300));
            const double rendered = gis::scaleDenominator(drawn);
            QVERIFY2(std::abs(rendered / expected - 1) < 0.01, qPrintable(QString::number(rendered)));
            if (fixedScale > 0)
                QCOMPARE(gis::layoutMapExtent(l, map, req).width(), wMm / 1000 * fixedScale);
        }
    }

    void scaleBarLabels()
    {
        gis::Layout en = readTemplate("a4-landscape-en"), ar = readTemplate("a4-landscape-ar");
        gis::LayoutItem map = *find(en, gis::LayoutItem::Kind::Map);
        map.scale = 1000000; // 1 mm = 1 km: a 50 mm bar is 50 km
        gis::RenderRequest req;
        req.crs = gis::Crs::fromEpsg(32640);
        req.extent = gis::Box(500000, 2500000, 510000, 2510000);
        QCOMPARE(gis::layoutScaleBar(en, map, req, 50).label, QString("50 km"));
        QCOMPARE(gis::layoutScaleBar(ar, map, req, 50).label, QString::fromUtf8("٥٠ كم"));
        map.scale = 5000; // 40 mm = 200 m
        QCOMPARE(gis::layoutScaleBar(en, map, req, 45).label, QString("200 m"));
        QCOMPARE(gis::layoutScaleBar(ar, map, req, 45).label, QString::fromUtf8("٢٠٠ م"));
        QCOMPARE(gis::toArabicDigits("2026-11-25"), QString::fromUtf8("٢٠٢٦-١١-٢٥"));
    }

    void northArrowConvergence_data()
    {
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::newRow("central meridian") << 57.0 << 22.9;
        QTest::newRow("west") << 55.5 << 22.9;
        QTest::newRow("east") << 59.5 << 20.0;
    }

    void northArrowConvergence()
    {
        QFETCH(double, lon);
        QFETCH(double, lat);
        const gis::Crs utm = gis::Crs::fromEpsg(32640);
        const gis::Coord c = gis::Transformer(gis::Crs::fromEpsg(4326), utm).transform(gis::Coord{lon, lat});
        // Oracle: the first-order UTM formula, gamma = (lon - lon0) sin(lat), true north clockwise from grid north
        // being its negative (west of the central meridian true north leans east).
        const double expected = -(lon - 57.0) * std::sin(lat * M_PI / 180);
        const double got = gis::gridConvergence(utm, c);
        QVERIFY2(std::abs(got - expected) < 0.01, qPrintable(QString("%1 vs %2").arg(got).arg(expected)));
        QCOMPARE(gis::gridConvergence(gis::Crs::fromEpsg(4326), gis::Coord{lon, lat}), 0.0);
    }

    void pngPageHasPageSizeAtDpi()
    {
        QTemporaryDir dir;
        const gis::Layout l = readTemplate("a4-landscape-en");
        gis::LayoutContent content;
        content.map.crs = gis::Crs::fromEpsg(32640);
        content.map.extent = gis::Box(416000, 2322000, 679000, 2617000);
        content.title = "Test";
        const QString out = dir.filePath("page.png");
        gis::exportLayout(l, content, out.toStdString(), 300);
        const QImage image(out);
        QCOMPARE(image.size(), QSize(3508, 2480));
        QCOMPARE(image.dotsPerMeterX(), qRound(300 / 0.0254));
        QVERIFY(!QFile::exists(dir.filePath(".page.png.tmp.png")));
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
