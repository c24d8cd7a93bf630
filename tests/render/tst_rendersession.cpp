// gis::RenderSession: what renders keep between them, with a clear lifetime. The oracle is a render without a
// session (everything made afresh): sharing a session, across renders and threads, must not change one pixel;
// a session's icon cache keeps what it read until it is cleared or gone; images outlive their session.

#include <QTemporaryDir>
#include <QtTest>

#include <future>
#include <memory>
#include <vector>

#include "gis/data/layer.h"
#include "gis/render/maprenderer.h"
#include "gis/project/project.h"
#include "gis/render/rendersession.h"
#include "support/testsupport.h"

using namespace gis;
using gis::test::writeFile;

namespace {

QByteArray squareIcon(const char* colour)
{
    return QByteArray("<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24'><rect width='24' height='24' fill='")
        + colour + "'/></svg>";
}

/// Three points drawn with the SVG icon at `iconPath`, on a 64 × 64 map whose units are pixels.
RenderRequest iconRequest(const QString& iconPath)
{
    GeometryColumn g;
    for (const auto& [x, y] : {std::pair{16.5, 16.5}, {44.5, 20.5}, {30.5, 44.5}}) {
        g.beginGeometry(GeometryType::Point);
        g.beginPart(GeometryType::Point);
        g.beginRing();
        g.addCoord(x, y);
        g.endGeometry();
    }
    MapLayer layer;
    layer.name = "icons";
    layer.vector = std::make_shared<Layer>("icons", Crs(), GeometryType::Point, std::move(g), AttributeTable());
    layer.style.renderer.symbol.marker = Symbol::Marker::Svg;
    layer.style.renderer.symbol.icon = iconPath.toStdString();
    layer.style.renderer.symbol.size = Length{12};
    RenderRequest r;
    r.layers.push_back(layer);
    r.extent = Box(0, 0, 64, 64);
    r.size = QSize(64, 64);
    return r;
}

QRgb centre(const QImage& image) { return image.convertToFormat(QImage::Format_ARGB32).pixel(16, 47); }

RenderRequest sampleRequest(QSize size)
{
    Project project = Project::load(QString(GIS_SOURCE_DIR "/data/dakhiliyah.json").toStdString());
    project.loadData();
    return gis::makeRequest(project, size);
}

} // namespace

class TestRenderSession : public QObject {
    Q_OBJECT
private slots:
    void sharedSessionChangesNoPixel()
    {
        RenderRequest r = sampleRequest(QSize(480, 360)); // labels with halos, SVG icons, a hillshaded DEM
        // Qt's own process-wide glyph cache makes the first text drawn in a process differ from later draws in a
        // few hundred antialiased edge pixels, with or without a session: warm it up before comparing.
        renderImage(r);
        const RenderResult alone = renderImage(r);
        QVERIFY(alone.errors.empty());
        r.session = std::make_shared<RenderSession>();
        for (int i = 0; i < 3; ++i) { // the second and third render take everything from the session
            const RenderResult shared = renderImage(r);
            QVERIFY(shared.errors.empty());
            QCOMPARE(shared.image, alone.image);
        }
    }

    // Four threads at once on one session's halos and icons, each compared with a render of its own on the same
    // thread (Qt's glyph cache is per thread, and the first text a thread draws differs from later draws in
    // antialiased edge pixels, with or without a session). This found that Qt computes parts of a QPainterPath
    // lazily on its shared data: the halo store hands out paths with data of their own.
    void concurrentRendersShareOneSession()
    {
        const RenderRequest r = sampleRequest(QSize(320, 240));
        RenderRequest shared = r;
        shared.session = std::make_shared<RenderSession>();
        std::vector<std::future<std::pair<QImage, QImage>>> renders;
        for (int i = 0; i < 4; ++i)
            renders.push_back(std::async(std::launch::async, [&r, &shared] {
                renderImage(r);
                QImage withSession = renderImage(shared).image;
                return std::pair{withSession, renderImage(r).image};
            }));
        for (auto& f : renders) {
            const auto [withSession, alone] = f.get();
            QVERIFY(!alone.isNull());
            QCOMPARE(withSession, alone);
        }
    }

    void iconsStayCachedUntilCleared()
    {
        QTemporaryDir dir;
        const QString icon = dir.filePath("icon.svg");
        writeFile(icon, squareIcon("#ff0000"));
        RenderRequest r = iconRequest(icon);
        r.session = std::make_shared<RenderSession>();
        QCOMPARE(qRed(centre(renderImage(r).image)), 255);

        writeFile(icon, squareIcon("#0000ff"));
        QCOMPARE(qRed(centre(renderImage(r).image)), 255);   // the session still has the red icon
        RenderRequest fresh = r;
        fresh.session = nullptr;                             // a render of its own reads the file again
        QCOMPARE(qBlue(centre(renderImage(fresh).image)), 255);
        r.session->clear();
        QCOMPARE(qBlue(centre(renderImage(r).image)), 255);  // cleared: read again
    }

    void imagesOutliveTheirSession()
    {
        RenderRequest r = iconRequest(QString(GIS_SOURCE_DIR "/tests/render/data/pin.svg"));
        const QImage expected = renderImage(r).image;
        QImage image;
        {
            auto session = std::make_shared<RenderSession>();
            r.session = session;
            image = renderImage(r).image; // its buffer belongs to the session's pool
            r.session = nullptr;
        } // the session is gone; the image keeps its buffer (AddressSanitizer checks the rest)
        QCOMPARE(image, expected);
        image = QImage(); // freed now, with no pool to return to
    }
};

QTEST_MAIN(TestRenderSession)
#include "tst_rendersession.moc"
