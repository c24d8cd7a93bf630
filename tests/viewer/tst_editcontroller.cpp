// The viewer's edit controller during a vertex drag: each move redraws the map from the document's data with the
// moved feature drawn over it (MapDocument::setLayerEdits), without making the layer again, and so does the release;
// the oracle is the map drawn from the edited data written out (EditSnapshot::toLayer()), which must be the same
// picture, pixel for pixel (the features are apart, so drawing order cannot show). The selection stays.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

#include "edit/editcontroller.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/render/maprenderer.h"
#include "map/mapdocument.h"

using namespace viewer;

namespace {

// A 6 x 4 grid of squares 0.01 degree wide with gaps between them, in longitude/latitude.
std::shared_ptr<const gis::Layer> parcels()
{
    gis::GeometryColumn g;
    gis::AttributeTable t;
    t.addColumn("name", gis::FieldType::String);
    for (int i = 0; i < 24; ++i) {
        const double x = 57.5 + 0.015 * (i % 6), y = 22.9 + 0.015 * (i / 6);
        g.beginGeometry(gis::GeometryType::Polygon);
        g.beginPart(gis::GeometryType::Polygon);
        g.beginRing();
        for (const auto& [dx, dy] : {std::pair{0.0, 0.0}, {0.01, 0.0}, {0.01, 0.01}, {0.0, 0.01}, {0.0, 0.0}})
            g.addCoord(x + dx, y + dy);
        g.endGeometry();
        t.column(0).appendString("parcel " + std::to_string(i));
    }
    return std::make_shared<const gis::Layer>("parcels", gis::Crs::fromEpsg(4326), gis::GeometryType::Polygon,
        std::move(g), std::move(t));
}

QImage render(const MapDocument& doc)
{
    const gis::RenderResult r = gis::renderImage(doc.makeRequest(doc.fullExtent(), QSize(400, 300)));
    if (!r.errors.empty())
        qFatal("render: %s", r.errors.front().message.c_str());
    return r.image;
}

} // namespace

class TestEditController : public QObject {
    Q_OBJECT
private slots:
    void dragRedrawsTheMapFromAnOverlay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("parcels.geojson");
        gis::writeLayer(*parcels(), path.toStdString());
        MapDocument doc;
        const std::vector<int> ids = doc.addFile(path);
        QCOMPARE(ids.size(), std::size_t(1));
        const int id = ids.front();
        EditController edits(&doc);
        edits.startEditing(id, gis::JournalChoice::Discard);
        doc.setSelection(id, {3, 7});
        const auto data = doc.layer(id)->map.vector;
        const std::size_t row = 8;
        const std::int64_t fid = data->fid(row);
        const QImage before = render(doc);

        QSignalSpy dataChanged(&doc, &MapDocument::layerDataChanged);
        QSignalSpy editsChanged(&doc, &MapDocument::layerEditsChanged);
        // A drag of vertex 2 (the north-east corner) of parcel 8, within its gap.
        const gis::Box box = data->geometries().bounds(row);
        for (int i = 1; i <= 5; ++i)
            edits.moveVertex(id, fid, 2, {box.maxX + 0.0005 * i, box.maxY + 0.0004 * i}, false);
        QCOMPARE(dataChanged.count(), 0);
        QCOMPARE(editsChanged.count(), 5);
        const gis::ProjectLayer& l = *doc.layer(id);
        QCOMPARE(l.map.vector, data); // the rows the selection, identify and the table use are as they were
        QCOMPARE(doc.selection(id), (std::vector<std::uint32_t>{3, 7}));
        QVERIFY(l.map.edits);
        QCOMPARE(l.map.edits->hiddenRows, (std::vector<std::uint32_t>{static_cast<std::uint32_t>(row)}));
        QCOMPARE(l.map.edits->added->size(), std::size_t(1));
        QCOMPARE(l.map.edits->added->fid(0), fid);
        const QImage during = render(doc);
        QVERIFY(during != before); // the drag shows
        if (const QString out = qEnvironmentVariable("GIS_TEST_IMAGES"); !out.isEmpty()) // for a person to look at
            QVERIFY(before.save(out + "/drag-before.png") && during.save(out + "/drag-during.png"));

        // The release: the overlay stays (the data is not made again), the table is told; the same picture, and
        // the picture of the edited data written out (EditSnapshot::toLayer) without an overlay.
        edits.refresh(id);
        QVERIFY(doc.layer(id)->map.edits);
        QCOMPARE(doc.layer(id)->map.vector, data);
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(doc.selection(id), (std::vector<std::uint32_t>{3, 7}));
        QCOMPARE(render(doc), during);
        MapDocument written;
        gis::ProjectLayer copy = *doc.layer(id);
        copy.map.vector = edits.session(id)->snapshot()->toLayer();
        copy.map.edits.reset();
        written.addLayer(copy);
        written.setCrs(doc.crs());
        QCOMPARE(render(written), during);
        QCOMPARE(edits.session(id)->undoCount(), std::size_t(1)); // one drag, one step

        // A drag left without a release is cleared when edit mode ends.
        edits.moveVertex(id, fid, 0, {box.minX - 0.001, box.minY - 0.001}, false);
        QVERIFY(doc.layer(id)->map.edits);
        edits.stopEditing(id, true);
        QVERIFY(!doc.layer(id)->map.edits);
        QCOMPARE(render(doc), before); // rolled back
    }
};

QTEST_MAIN(TestEditController)
#include "tst_editcontroller.moc"
