// Labels and point markers share the map (issue 17: "markers and icons never cover town labels at Nizwa and
// Bahla; labels and symbols share the collision space, with priorities"). The sample project is rendered at its
// print view and zoomed on Nizwa and Bahla; where every marker is comes from GDAL (ogr2ogr reprojects each point
// layer to the map's CRS), not from the renderer. Nizwa's and Bahla's town labels are placed; any label that lies on
// a marker (not its own) does so only where the render says, and only on markers of lower priority than its own;
// every marker is drawn, under the labels. (tst_labelengine: a label takes a free place first, else the one that
// hides the least.)

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "gis/render/maprenderer.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

struct Marker {
    QRectF body; // device px
    std::size_t row;
};

// Every feature of `layer` in the map CRS, by GDAL: (row, x, y).
std::vector<std::pair<std::size_t, Coord>> pointsByGdal(const QString& layer, const QString& epsg)
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("points.csv");
    // In the table's order, as the library reads it: the n-th line is row n.
    const auto r = test::runTool("ogr2ogr", {"-f", "CSV", csv, GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", layer, "-t_srs",
        epsg, "-lco", "GEOMETRY=AS_XY"});
    if (r.exitCode != 0)
        qFatal("ogr2ogr: %s", r.err.constData());
    std::vector<std::pair<std::size_t, Coord>> out;
    const QStringList lines = QString::fromUtf8(test::readFile(csv)).split('\n', Qt::SkipEmptyParts);
    const QStringList header = lines.value(0).split(',');
    const int x = header.indexOf("X"), y = header.indexOf("Y");
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(',');
        out.push_back({static_cast<std::size_t>(i - 1), Coord{f[x].toDouble(), f[y].toDouble()}});
    }
    return out;
}

// The smallest marker a layer's style draws (device px): a label that touches this body touches any of them.
double smallestMarker(const MapLayer& layer, double dpi)
{
    const Renderer& r = layer.style.renderer;
    double size = r.symbol.size.toDevice(dpi);
    if (r.kind == Renderer::Kind::Categorized && !r.categories.empty()) {
        size = 1e9;
        for (const auto& c : r.categories)
            size = std::min(size, c.symbol.size.toDevice(dpi));
    } else if (r.kind == Renderer::Kind::RuleBased && !r.rules.empty()) {
        size = 1e9;
        for (const auto& rule : r.rules)
            size = std::min(size, rule.symbol.size.toDevice(dpi));
    }
    return size;
}

bool overlaps(const QRectF& a, const QRectF& b)
{
    return a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom();
}

} // namespace

class TestLabelsAndMarkers : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_project = std::make_unique<Project>(Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json"));
        m_project->loadData();
    }

    void noLabelLiesOnAMarker_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("dpi");
        QTest::addColumn<bool>("zoomed");
        QTest::newRow("print view, 300 dpi") << QSize(2200, 2480) << 300.0 << false;
        QTest::newRow("print view, screen") << QSize(1200, 1100) << 96.0 << false;
        QTest::newRow("Nizwa and Bahla") << QSize(1400, 1000) << 96.0 << true;
    }
    void noLabelLiesOnAMarker()
    {
        QFETCH(QSize, size);
        QFETCH(double, dpi);
        QFETCH(bool, zoomed);
        // Nizwa (57.53 E, 22.93 N) and Bahla (57.30 E, 22.97 N), 60 km by 43 km in UTM 40N.
        const std::optional<Box> extent = zoomed ? std::optional<Box>(Box(520000, 2517000, 580000, 2560000)) : std::nullopt;
        const RenderRequest request = makeRequest(*m_project, size, dpi, extent);
        QCOMPARE(request.crs.identifier(), std::string("EPSG:32640"));
        const MapTransform transform(request.extent, request.size);
        const RenderResult result = renderImage(request);
        QVERIFY(result.errors.empty());

        std::set<std::pair<std::string, std::size_t>> left(result.markersUnderLabels.begin(), result.markersUnderLabels.end());
        std::map<std::string, std::vector<Marker>> markers;
        std::size_t markerCount = 0;
        for (const MapLayer& layer : request.layers) {
            if (!layer.visible || !layer.vector || layer.vector->geometryType() != GeometryType::Point)
                continue;
            const double half = smallestMarker(layer, dpi) / 2 - 0.5;
            for (const auto& [row, c] : pointsByGdal(QString::fromStdString(layer.name), "EPSG:32640")) {
                const QPointF p = transform.toDevice(c);
                markers[layer.name].push_back({QRectF(p - QPointF(half, half), QSizeF(2 * half, 2 * half)), row});
                ++markerCount;
            }
        }
        QVERIFY2(markers.count("towns") && markers.count("inspections") && markers.count("projects"), "the sample's point layers");

        std::map<std::string, int> priority; // a layer's labels and markers rank alike
        std::set<std::string> lineLayers;     // their labels are glyph by glyph: PlacedLabel::box is only their hull
        for (const MapLayer& layer : request.layers) {
            priority[layer.name] = layer.style.labels.priority;
            if (layer.vector && (layer.vector->geometryType() == GeometryType::LineString
                                    || layer.vector->geometryType() == GeometryType::MultiLineString))
                lineLayers.insert(layer.name);
        }
        int nizwa = 0, bahla = 0;
        std::size_t under = 0;
        for (const PlacedLabel& label : result.labels) {
            const bool isNizwa = label.layer == "towns" && label.text.contains(QString::fromUtf8("Nizwá"));
            const bool isBahla = label.layer == "towns" && label.text.contains(QString::fromUtf8("Bahlā"));
            nizwa += isNizwa;
            bahla += isBahla;
            if (lineLayers.count(label.layer))
                continue;
            for (const auto& [layer, list] : markers)
                for (const Marker& m : list) {
                    if ((layer == label.layer && m.row == label.row) || !overlaps(label.box, m.body))
                        continue;
                    const QString what = QString("the label \"%1\" (%2) lies on %3 row %4")
                                             .arg(label.text, QString::fromStdString(label.layer), QString::fromStdString(layer))
                                             .arg(m.row);
                    QVERIFY2(left.count({layer, m.row}), qPrintable(what + ", and the render does not say so"));
                    QVERIFY2(priority[layer] < priority[label.layer], qPrintable(what + " of equal or higher priority"));
                    ++under;
                }
        }
        QCOMPARE(nizwa, 1);
        QCOMPARE(bahla, 1);
        qInfo("%zu labels, %zu markers, %zu under labels", result.labels.size(), markerCount, left.size());
        QVERIFY(under <= left.size());
    }

    /// Labels too big to find free room lie on markers of lower priority only, and every marker is still drawn.
    void crowdedLabelsLieOnLowerMarkersOnly()
    {
        RenderRequest request = makeRequest(*m_project, QSize(1400, 1000), 96, Box(520000, 2517000, 580000, 2560000));
        for (MapLayer& layer : request.layers)
            if (layer.name == "towns")
                layer.style.labels.size = Length{layer.style.labels.size.value * 4, layer.style.labels.size.unit};
        const RenderResult labelled = renderImage(request);
        QVERIFY(labelled.errors.empty());
        QVERIFY2(!labelled.markersUnderLabels.empty(), "labels four times their size find no free room");
        for (const auto& [layer, row] : labelled.markersUnderLabels)
            QVERIFY2(layer != "towns", "a town's marker ranks as its label: no other town's label lies on it");
        request.drawLabels = false;
        const RenderResult bare = renderImage(request);
        QCOMPARE(labelled.featuresDrawn, bare.featuresDrawn);
    }

private:
    std::unique_ptr<Project> m_project;
};

QTEST_MAIN(TestLabelsAndMarkers)
#include "tst_labelsandmarkers.moc"
