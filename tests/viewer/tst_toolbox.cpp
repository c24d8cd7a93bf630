// The Analysis toolbox (viewer/analysis/): the form generated from an algorithm's schema, a run through the panel
// whose layer must equal what gis::analysis::run makes (the library call is the oracle), the run record, cancel,
// the expression check's message, and the Arabic interface (right to left, Arabic titles). Runs are driven
// without clicks, and every wait is on a signal.

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "analysis/algorithmform.h"
#include "analysis/analysisrunner.h"
#include "analysis/mappointpicker.h"
#include "analysis/toolboxpanel.h"
#include "app/language.h"
#include "app/mainwindow.h"
#include "gis/analysis/algorithm.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"
#include "gis/data/rastersource.h"
#include "gis/data/rasterwriter.h"
#include "gis/crs/transformer.h"
#include "map/mapcanvas.h"
#include "gis/project/style.h"
#include "map/mapdocument.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
const QString kGis = GIS_BINARY_DIR "/bin/gis";

/// GDAL and numpy as the oracle: size, geotransform, CRS, nodata and every pixel of two GeoTIFFs the same.
const char* kSameRaster = R"(
import sys
import numpy as np
from osgeo import gdal, osr
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
def fail(m):
    print(m); sys.exit(0)
if (a.RasterXSize, a.RasterYSize, a.RasterCount) != (b.RasterXSize, b.RasterYSize, b.RasterCount): fail('size')
if a.GetGeoTransform() != b.GetGeoTransform(): fail('geotransform')
if not osr.SpatialReference(wkt=a.GetProjection()).IsSame(osr.SpatialReference(wkt=b.GetProjection())): fail('crs')
ba, bb = a.GetRasterBand(1), b.GetRasterBand(1)
if ba.GetNoDataValue() != bb.GetNoDataValue(): fail('nodata')
x, y = ba.ReadAsArray(), bb.ReadAsArray()
if x.dtype != y.dtype: fail('type %s %s' % (x.dtype, y.dtype))
if not np.array_equal(x, y, equal_nan=True): fail('pixels differ at %d places' % int(np.sum(x != y)))
valid = x[x != ba.GetNoDataValue()]
print('same %d valid pixels, min %g max %g' % (valid.size, valid.min(), valid.max()))
)";

/// Same features, same order, same ids, same attributes and bit-identical coordinates.
/// The GeoTIFF at `path`, read back through GDAL, against `expected` pixel for pixel: no cover where it has nodata,
/// the same float elsewhere. The values read (nodata left out), or `problem` naming the first difference.
struct ReadBack {
    QString problem;
    std::vector<double> values;
};

ReadBack readBack(const QString& path, const gis::RasterData& expected)
{
    ReadBack r;
    const gis::Raster written = gis::Raster::open(path.toStdString());
    if (written.width() != expected.width || written.height() != expected.height) {
        r.problem = QString("%1 x %2, expected %3 x %4").arg(written.width()).arg(written.height()).arg(expected.width).arg(expected.height);
        return r;
    }
    gis::RasterGrid grid;
    grid.extent = expected.extent;
    grid.width = expected.width;
    grid.height = expected.height;
    const gis::RasterPixels pixels = written.read({1}, grid);
    for (int row = 0; row < expected.height; ++row)
        for (int col = 0; col < expected.width; ++col) {
            const double e = expected.value(0, col, row);
            const bool nodata = expected.nodata && e == *expected.nodata;
            if (nodata ? pixels.cover(col, row) != 0 : pixels.value(0, col, row) != static_cast<float>(e)) {
                r.problem = QString("pixel %1, %2: %3, expected %4").arg(col).arg(row).arg(pixels.value(0, col, row)).arg(e);
                return r;
            }
            if (!nodata)
                r.values.push_back(pixels.value(0, col, row));
        }
    return r;
}

void compareLayers(const gis::Layer& actual, const gis::Layer& expected)
{
    QCOMPARE(actual.size(), expected.size());
    QCOMPARE(actual.geometryType(), expected.geometryType());
    const gis::GeometryColumn& a = actual.geometries();
    const gis::GeometryColumn& e = expected.geometries();
    QCOMPARE(a.coordCount(), e.coordCount());
    for (std::size_t c = 0; c < e.coordCount(); ++c) {
        QCOMPARE(a.coord(c).x, e.coord(c).x);
        QCOMPARE(a.coord(c).y, e.coord(c).y);
    }
    QCOMPARE(actual.attributes().columns().size(), expected.attributes().columns().size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(actual.fid(i), expected.fid(i));
        for (std::size_t f = 0; f < expected.attributes().columns().size(); ++f)
            QCOMPARE(actual.attributes().column(f).toString(i), expected.attributes().column(f).toString(i));
    }
}

/// A schema with a parameter of every type, as other engineers' algorithms will have: the form must need no code
/// for them.
gis::analysis::AlgorithmInfo everyType()
{
    using gis::analysis::Parameter;
    using gis::analysis::ParameterType;
    gis::analysis::AlgorithmInfo info;
    info.id = "every-type";
    info.group = "geometry";
    info.titleEn = "Every type";
    info.titleAr = "كل الأنواع";
    Parameter distance = Parameter::make("distance", ParameterType::Number, "Distance", "المسافة", "metres", "بالأمتار");
    distance.minimum = 0;
    distance.maximum = 100000;
    distance.unit = "m";
    distance.defaultValue = "500";
    Parameter segments = Parameter::make("segments", ParameterType::Integer, "Segments", "المقاطع", "per quadrant", "لكل ربع");
    segments.minimum = 1;
    segments.maximum = 100;
    segments.defaultValue = "8";
    Parameter dissolve = Parameter::make("dissolve", ParameterType::Boolean, "Dissolve", "دمج", "merge", "دمج");
    Parameter stats = Parameter::make("stats", ParameterType::Choices, "Statistics", "الإحصاءات", "which", "أيها");
    stats.choices = {"count", "sum", "mean", "max"};
    stats.defaultValue = "count,mean";
    Parameter by = Parameter::make("by", ParameterType::Fields, "Group by", "التجميع حسب", "fields", "حقول");
    Parameter label = Parameter::make("label", ParameterType::Field, "Label", "التسمية", "a field", "حقل");
    label.required = true;
    Parameter weight = Parameter::make("weight", ParameterType::Expression, "Weight", "الوزن", "an expression", "تعبير");
    info.parameters = {distance, segments, dissolve, stats, by, label, weight};
    return info;
}

} // namespace

class TestToolbox : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    std::unique_ptr<MapDocument> m_doc;
    int m_wilayat = -1;

    /// The library's answer: the oracle for what the toolbox adds.
    std::shared_ptr<const gis::Layer> libraryCentroids(const std::string& method, unsigned threads = 0)
    {
        gis::analysis::RunInputs in{m_doc->layer(m_wilayat)->map.vector, nullptr};
        gis::analysis::RunOptions options;
        options.threads = threads;
        return gis::analysis::run("centroid", in, {{"method", method}}, options).layer;
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        QVERIFY(gis::analysis::findAlgorithm("centroid"));
        m_doc = std::make_unique<MapDocument>();
        m_doc->addFile(kSample);
        m_wilayat = m_doc->findByName("wilayat");
        QVERIFY(m_wilayat >= 0);
    }

    void listIsGroupedAndSearchable()
    {
        ToolboxPanel panel(m_doc.get());
        auto* tree = panel.findChild<QTreeWidget*>("ToolboxAlgorithms");
        QVERIFY(tree);
        // Every algorithm of the library, under its group.
        QCOMPARE(panel.visibleAlgorithms().size(), static_cast<int>(gis::analysis::algorithms().size()));
        bool found = false;
        for (int g = 0; g < tree->topLevelItemCount(); ++g)
            for (int i = 0; i < tree->topLevelItem(g)->childCount(); ++i)
                if (tree->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString() == "centroid") {
                    found = true;
                    QCOMPARE(tree->topLevelItem(g)->text(0), QString("Geometry"));
                    QCOMPARE(tree->topLevelItem(g)->child(i)->text(0), QString("Centroids"));
                }
        QVERIFY(found);
        panel.setFilter("surface"); // in centroid's description
        QVERIFY(panel.visibleAlgorithms().contains("centroid"));
        panel.setFilter(QStringLiteral("المراكز")); // its Arabic title finds it in English too
        QVERIFY(panel.visibleAlgorithms().contains("centroid"));
        panel.setFilter("no-such-algorithm-xyz");
        QVERIFY(panel.visibleAlgorithms().isEmpty());
    }

    void centroidFormHasMethodChoice()
    {
        ToolboxPanel panel(m_doc.get());
        QVERIFY(panel.selectAlgorithm("centroid"));
        QVERIFY(!panel.selectAlgorithm("no-such-algorithm"));
        AlgorithmForm* form = panel.form();
        QVERIFY(form);
        auto* method = qobject_cast<QComboBox*>(form->editor("method"));
        QVERIFY(method);
        QCOMPARE(method->count(), 2);
        QCOMPARE(method->itemData(0).toString(), QString("centroid"));
        QCOMPARE(method->itemData(1).toString(), QString("point-on-surface"));
        QCOMPARE(method->currentData().toString(), QString("centroid")); // the schema's default
        QCOMPARE(form->label("method")->text(), QString("Method"));
        const auto* p = gis::analysis::algorithm("centroid").info().parameter("method");
        QCOMPARE(QString::fromStdString(p->titleAr), QStringLiteral("الطريقة")); // the Arabic title the form shows in Arabic
        // The input picker lists the document's vector layers.
        auto* input = form->findChild<QComboBox*>("input_layer");
        QVERIFY(input && input->findData(m_wilayat) >= 0);
    }

    void formIsGenericOverTheSchema()
    {
        const gis::analysis::AlgorithmInfo info = everyType();
        AlgorithmForm form(info, m_doc.get());
        form.setInputLayer(m_wilayat);
        auto* distance = qobject_cast<QDoubleSpinBox*>(form.editor("distance"));
        QVERIFY(distance);
        QCOMPARE(distance->minimum(), 0.0);
        QCOMPARE(distance->maximum(), 100000.0);
        QCOMPARE(distance->value(), 500.0);
        QVERIFY(distance->suffix().contains("m"));
        QVERIFY(qobject_cast<QCheckBox*>(form.editor("dissolve")));
        auto* label = qobject_cast<QComboBox*>(form.editor("label"));
        QVERIFY(label && label->findData("name_en") >= 0); // the chosen layer's fields
        label->setCurrentIndex(label->findData("name_en"));
        auto* by = qobject_cast<QListWidget*>(form.editor("by"));
        QVERIFY(by && by->count() == static_cast<int>(m_doc->layer(m_wilayat)->map.vector->attributes().columns().size()));
        by->item(0)->setCheckState(Qt::Checked);
        distance->setValue(250.5);
        const auto values = form.parameterValues();
        QCOMPARE(values.at("distance"), std::string("250.5"));
        QCOMPARE(values.at("segments"), std::string("8"));
        QCOMPARE(values.at("dissolve"), std::string("false"));
        QCOMPARE(values.at("stats"), std::string("count,mean"));
        QCOMPARE(values.at("label"), std::string("name_en"));
        QCOMPARE(values.at("by"), by->item(0)->text().toStdString());
        QVERIFY(!values.count("weight")); // empty, no default: not given
        // What the form gives, the library's one check accepts.
        const auto bound = gis::analysis::ParameterValues::bind(info, values, *m_doc->layer(m_wilayat)->map.vector);
        QCOMPARE(bound.number("distance"), 250.5);
    }

    /// An overlay algorithm's form: a second layer picker, and the fields of a parameter of the overlay come from
    /// the overlay layer (wilayat has no "governorate", towns does).
    void overlayFieldsComeFromOverlay()
    {
        using gis::analysis::Parameter;
        using gis::analysis::ParameterType;
        gis::analysis::AlgorithmInfo info;
        info.id = "with-overlay";
        info.group = "overlay";
        info.titleEn = "With overlay";
        info.input = gis::analysis::InputKind::VectorAndOverlay;
        Parameter keep = Parameter::make("keep", ParameterType::Field, "Keep", "إبقاء", "a field of the overlay", "حقل");
        keep.fieldOf = gis::analysis::FieldSource::Overlay;
        keep.required = true;
        info.parameters = {keep};
        const int towns = m_doc->findByName("towns");
        QVERIFY(towns >= 0);
        AlgorithmForm form(info, m_doc.get());
        QVERIFY(form.findChild<QComboBox*>("overlay_layer"));
        form.setInputLayer(m_wilayat);
        form.setOverlayLayer(towns);
        auto* keepCombo = qobject_cast<QComboBox*>(form.editor("keep"));
        QVERIFY(keepCombo->findData("governorate") >= 0);
        QCOMPARE(form.overlayLayer(), towns);
        form.setOverlayLayer(m_wilayat);
        QCOMPARE(keepCombo->findData("governorate"), -1);
    }

    void badExpressionShowsMessage()
    {
        AlgorithmForm form(everyType(), m_doc.get());
        form.setInputLayer(m_wilayat);
        QSignalSpy complete(&form, &AlgorithmForm::completeChanged);
        QVERIFY(form.isComplete());
        auto* weight = qobject_cast<QLineEdit*>(form.editor("weight"));
        QVERIFY(weight);
        QLabel* message = form.message("weight");
        QVERIFY(message && message->isHidden());
        weight->setText("length(name_eng) * 2"); // a misspelt field
        QVERIFY(!form.isComplete());
        QVERIFY(!message->isHidden());
        QVERIFY2(message->text().contains("name_en"), qPrintable(message->text())); // "did you mean"
        QVERIFY2(message->text().contains("did you mean"), qPrintable(message->text()));
        weight->setText("length(name_en) * 2");
        QVERIFY(form.isComplete());
        QVERIFY(message->isHidden());
        QCOMPARE(complete.size(), 2);
    }

    void runCentroidAddsLibraryResult_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("centroid") << "centroid";
        QTest::newRow("point-on-surface") << "point-on-surface";
    }

    void runCentroidAddsLibraryResult()
    {
        QFETCH(QString, method);
        ToolboxPanel panel(m_doc.get());
        QVERIFY(panel.selectAlgorithm("centroid"));
        panel.form()->setInputLayer(m_wilayat);
        auto* combo = qobject_cast<QComboBox*>(panel.form()->editor("method"));
        combo->setCurrentIndex(combo->findData(method));
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy records(&panel, &ToolboxPanel::runFinished);
        QSignalSpy progress(panel.runner(), &AnalysisRunner::progressChanged);
        const std::size_t before = m_doc->layers().size();
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(m_doc->layers().size(), before + 1);
        QVERIFY(progress.size() >= 2);
        QCOMPARE(progress.first().at(0).toInt(), 0);
        QCOMPARE(progress.last().at(0).toInt(), 100);
        const int id = finished.at(0).at(0).toInt();
        const gis::ProjectLayer* added = m_doc->layer(id);
        QVERIFY(added && added->map.vector);
        compareLayers(*added->map.vector, *libraryCentroids(method.toStdString()));
        QVERIFY(QString::fromStdString(added->map.name).startsWith(QStringLiteral("Centroids – wilayat")));
        QVERIFY(QString::fromStdString(added->map.titleAr).startsWith(QStringLiteral("المراكز – wilayat")));
        // The style a newly added point layer gets (MapDocument::addFile's default, its colour from the position).
        const gis::LayerStyle expected = gis::defaultStyle("Point", static_cast<int>(before));
        QCOMPARE(added->map.style.renderer.symbol.fill.color.red, expected.renderer.symbol.fill.color.red);
        QCOMPARE(added->map.style.renderer.symbol.fill.color.green, expected.renderer.symbol.fill.color.green);
        QCOMPARE(added->map.style.renderer.symbol.fill.color.blue, expected.renderer.symbol.fill.color.blue);
        QCOMPARE(added->map.style.renderer.symbol.size.value, expected.renderer.symbol.size.value);

        QCOMPARE(records.size(), 1);
        const auto run = records.at(0).at(0).value<ToolboxRun>();
        QCOMPARE(run.algorithm, std::string("centroid"));
        QCOMPARE(run.parameters.at("method"), method.toStdString());
        QCOMPARE(run.invalidPolicy, std::string("stop"));
        QCOMPARE(run.inputs.size(), std::size_t(1));
        QCOMPARE(run.inputs[0].role, std::string("input"));
        QVERIFY(QString::fromStdString(run.inputs[0].source).endsWith("dakhiliyah.gpkg"));
        QCOMPARE(run.inputs[0].layer, std::string("wilayat"));
        QCOMPARE(run.featuresIn, m_doc->layer(m_wilayat)->map.vector->size());
        QCOMPARE(run.featuresOut, added->map.vector->size());
        QCOMPARE(run.outputLayerName, added->map.name);
        const QDateTime start = QDateTime::fromString(QString::fromStdString(run.startedUtc), Qt::ISODateWithMs);
        const QDateTime end = QDateTime::fromString(QString::fromStdString(run.finishedUtc), Qt::ISODateWithMs);
        QVERIFY2(start.isValid() && start.timeSpec() == Qt::UTC, run.startedUtc.c_str());
        QVERIFY(end.isValid() && start <= end);
        m_doc->removeLayer(id);
    }

    void oneThreadEqualsAll()
    {
        AnalysisRunner runner(m_doc.get());
        QSignalSpy finished(&runner, &AnalysisRunner::finished);
        AnalysisRequest request;
        request.algorithm = "centroid";
        request.inputLayer = m_wilayat;
        request.parameters = {{"method", "point-on-surface"}};
        request.threads = 1;
        QVERIFY(runner.start(request));
        QVERIFY(finished.wait(60000));
        const int id = finished.at(0).at(0).toInt();
        compareLayers(*m_doc->layer(id)->map.vector, *libraryCentroids("point-on-surface", 0));
        m_doc->removeLayer(id);
    }

    void fileOutputIsWrittenAndNeverAnInput()
    {
        QTemporaryDir dir;
        AnalysisRunner runner(m_doc.get());
        QSignalSpy finished(&runner, &AnalysisRunner::finished);
        QSignalSpy failed(&runner, &AnalysisRunner::failed);
        QSignalSpy records(&runner, &AnalysisRunner::runFinished);
        AnalysisRequest request;
        request.algorithm = "centroid";
        request.inputLayer = m_wilayat;
        request.outputPath = dir.filePath("centres.geojson");
        QVERIFY(runner.start(request));
        QVERIFY(finished.wait(60000));
        const int id = finished.at(0).at(0).toInt();
        const auto written = gis::DataSource::open(request.outputPath.toStdString()).readLayer(0);
        QCOMPARE(written->size(), m_doc->layer(m_wilayat)->map.vector->size());
        QCOMPARE(QString::fromStdString(m_doc->layer(id)->sourcePath), request.outputPath);
        QCOMPARE(records.size(), 1);
        QCOMPARE(QString::fromStdString(records.at(0).at(0).value<ToolboxRun>().outputPath), request.outputPath);
        m_doc->removeLayer(id);

        // The sample the document reads is refused as an output, and left as it was.
        const QByteArray before = [] { QFile f(kSample); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const std::size_t layers = m_doc->layers().size();
        request.outputPath = kSample;
        QVERIFY(runner.start(request));
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.at(0).at(0).toString().contains("dakhiliyah.gpkg"), qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(m_doc->layers().size(), layers);
        QFile after(kSample);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
    }

    /// A typed path never replaces a file; the path chosen (and confirmed) in the file dialog does.
    void existingOutputNeedsConfirmation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("kept.geojson");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"type\": \"FeatureCollection\", \"features\": []}");
        file.close();
        ToolboxPanel panel(m_doc.get());
        QVERIFY(panel.selectAlgorithm("centroid"));
        panel.form()->setInputLayer(m_wilayat);
        panel.form()->setOutputPath(path);
        QSignalSpy errors(&panel, &ToolboxPanel::errorReported);
        QVERIFY(!panel.run());
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.at(0).at(0).toString().contains("kept.geojson"), qPrintable(errors.at(0).at(0).toString()));
        QVERIFY(!panel.runner()->isRunning());
        QVERIFY(gis::DataSource::open(path.toStdString()).readLayer(0)->size() == 0); // untouched

        panel.form()->setOutputPath(path, /*replace=*/true);
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(gis::DataSource::open(path.toStdString()).readLayer(0)->size(), m_doc->layer(m_wilayat)->map.vector->size());
        m_doc->removeLayer(finished.at(0).at(0).toInt());
    }

    void cancelLeavesNoLayer()
    {
        ToolboxPanel panel(m_doc.get());
        QVERIFY(panel.selectAlgorithm("centroid"));
        panel.form()->setInputLayer(m_wilayat);
        QSignalSpy cancelled(panel.runner(), &AnalysisRunner::cancelled);
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy records(&panel, &ToolboxPanel::runFinished);
        const std::size_t before = m_doc->layers().size();
        QVERIFY(panel.run());
        QVERIFY(panel.runner()->isRunning());
        panel.cancel(); // before the GUI thread sees any result: whatever the worker got to, nothing is added
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(m_doc->layers().size(), before);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(records.size(), 0);
        QVERIFY(panel.invalidList()->isHidden()); // nothing to report
        QVERIFY(!panel.runner()->isRunning());
        // The panel runs again after a cancel.
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(m_doc->layers().size(), before + 1);
        m_doc->removeLayer(finished.at(0).at(0).toInt());
    }

    void bindErrorIsReported()
    {
        ToolboxPanel panel(m_doc.get());
        QSignalSpy errors(&panel, &ToolboxPanel::errorReported);
        AnalysisRequest request;
        request.algorithm = "centroid";
        request.inputLayer = m_wilayat;
        request.parameters = {{"method", "point-on-surfce"}};
        QVERIFY(panel.runner()->start(request));
        QVERIFY(errors.wait(60000));
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains("--method") && message.contains("point-on-surface"), qPrintable(message));
    }

    void invalidGeometryNamedAndReported_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::newRow("stop") << "stop";
        QTest::newRow("skip") << "skip";
        QTest::newRow("repair") << "repair";
    }

    /// A bow-tie polygon (feature 7) beside a valid square: stop names it in the error; skip and repair list it
    /// under the form.
    void invalidGeometryNamedAndReported()
    {
        QFETCH(QString, policy);
        QTemporaryDir dir;
        const QString path = dir.filePath("bowtie.geojson");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": 3, "properties": {"name": "square"},
             "geometry": {"type": "Polygon", "coordinates": [[[57, 22], [57.1, 22], [57.1, 22.1], [57, 22.1], [57, 22]]]}},
            {"type": "Feature", "id": 7, "properties": {"name": "bow-tie"},
             "geometry": {"type": "Polygon", "coordinates": [[[57, 22], [57.1, 22.1], [57.1, 22], [57, 22.1], [57, 22]]]}}]})");
        file.close();
        MapDocument doc;
        const int layer = doc.addFile(path).front();
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm("centroid"));
        panel.form()->setInputLayer(layer);
        panel.form()->setInvalidPolicy(gis::analysis::invalidPolicyFromName(policy.toStdString()));
        QSignalSpy errors(&panel, &ToolboxPanel::errorReported);
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QVERIFY(panel.run());
        if (policy == "stop") {
            QVERIFY(errors.wait(60000));
            const QString message = errors.at(0).at(0).toString();
            QVERIFY2(message.contains("bowtie") && message.contains("feature 7"), qPrintable(message));
            QCOMPARE(doc.layers().size(), std::size_t(1));
            return;
        }
        QVERIFY(finished.wait(60000));
        QCOMPARE(errors.size(), 0);
        QCOMPARE(panel.invalidList()->count(), 1);
        QVERIFY(!panel.invalidList()->isHidden());
        const QString line = panel.invalidList()->item(0)->text();
        QVERIFY2(line.contains("feature 7") && line.contains(policy == "skip" ? "left out" : "repaired"), qPrintable(line));
        const auto& added = *doc.layer(finished.at(0).at(0).toInt())->map.vector;
        QCOMPARE(added.size(), std::size_t(policy == "skip" ? 1 : 2));
    }

    void heatmapWritesGeoTiffAndAddsRasterLayer()
    {
        QTemporaryDir dir;
        MapDocument doc;
        doc.addFile(kSample);
        const int towns = doc.findByName("towns");
        QVERIFY(towns >= 0);
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm("heatmap"));
        AlgorithmForm* form = panel.form();
        form->setInputLayer(towns);
        // A raster needs a file: the form suggests one beside the input (the document has no project file), never
        // an existing file, and is not complete without one.
        QVERIFY2(form->outputPath().endsWith("towns_heatmap.tif"), qPrintable(form->outputPath()));
        QVERIFY(!QFileInfo::exists(form->outputPath()));
        form->setOutputPath(QString());
        QVERIFY(!form->isComplete());
        QSignalSpy errors(&panel, &ToolboxPanel::errorReported);
        QVERIFY(!panel.run());
        QCOMPARE(errors.size(), 1);

        const QString out = dir.filePath("h.tif");
        form->setOutputPath(out);
        QVERIFY(form->isComplete());
        qobject_cast<QDoubleSpinBox*>(form->editor("radius"))->setValue(20000);
        qobject_cast<QDoubleSpinBox*>(form->editor("pixel-size"))->setValue(2000);
        const auto params = form->parameterValues();
        QCOMPARE(params.at("radius"), std::string("20000"));
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy failed(panel.runner(), &AnalysisRunner::failed);
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.size(), 0);

        // Oracle: the library's raster, pixel for pixel, read back from the GeoTIFF the panel wrote.
        gis::analysis::RunInputs in{doc.layer(towns)->map.vector, nullptr};
        const auto expected = gis::analysis::run("heatmap", in, params).raster;
        QVERIFY(expected);
        const ReadBack back = readBack(out, *expected);
        QVERIFY2(back.problem.isEmpty(), qPrintable(back.problem));
        const auto nonZero = std::count_if(back.values.begin(), back.values.end(), [](double v) { return v > 0; });
        QVERIFY(nonZero > 0);

        // Added as a raster layer on that file, white to red, stretched min–max.
        const gis::ProjectLayer* added = doc.layer(finished.at(0).at(0).toInt());
        QVERIFY(added && added->map.raster && !added->map.vector);
        QCOMPARE(QString::fromStdString(added->sourcePath), out);
        QCOMPARE(added->map.style.raster.mode, gis::RasterStyle::Mode::SingleBand);
        QCOMPARE(added->map.style.raster.ramp, std::string("Reds"));
        QCOMPARE(added->map.style.raster.stretch, gis::RasterStyle::Stretch::MinMax);

        // The same path again, typed (not confirmed in the dialog): refused, the file left as it was.
        const QDateTime before = QFileInfo(out).lastModified();
        form->setOutputPath(out);
        QVERIFY(!panel.run());
        QCOMPARE(QFileInfo(out).lastModified(), before);
        // A project input is never an output, even confirmed.
        form->setOutputPath(kSample, /*replace=*/true);
        QVERIFY(panel.run());
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(0).toString().contains("input"), qPrintable(failed.last().at(0).toString()));
    }

    void rasterParameterListsTheProjectsRasters()
    {
        MapDocument doc;
        doc.addFile(kSample);
        const QString dem = QFileInfo(GIS_SOURCE_DIR "/data/nizwa_dem.tif").absoluteFilePath();
        doc.addFile(dem);
        const int wilayat = doc.findByName("wilayat");
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm("zonal-statistics"));
        AlgorithmForm* form = panel.form();
        form->setInputLayer(wilayat);
        auto* raster = qobject_cast<QComboBox*>(form->editor("raster"));
        QVERIFY(raster && raster->isEditable());
        QVERIFY(form->findChild<QToolButton*>("browse_raster"));
        const int at = raster->findText(dem);
        QVERIFY2(at >= 0, qPrintable(dem)); // the document's raster layer's file
        raster->setCurrentIndex(at);
        QCOMPARE(form->parameterValues().at("raster"), dem.toStdString());
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy failed(panel.runner(), &AnalysisRunner::failed);
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        gis::analysis::RunInputs in{doc.layer(wilayat)->map.vector, nullptr};
        const auto expected = gis::analysis::run("zonal-statistics", in, form->parameterValues()).layer;
        compareLayers(*doc.layer(finished.at(0).at(0).toInt())->map.vector, *expected);

        // A raster that is not there: the library's message names the parameter.
        raster->setCurrentText(dem + ".missing.tif");
        QVERIFY(panel.run());
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(0).toString().contains("--raster"), qPrintable(failed.last().at(0).toString()));
        // The raster the run reads is never its output.
        raster->setCurrentText(dem);
        form->setOutputPath(dem, /*replace=*/true);
        QVERIFY(panel.run());
        QVERIFY(failed.wait(60000));
        QVERIFY(QFileInfo(dem).size() > 0);
    }

    void dsmChangeRunsFromTheForm()
    {
        // Issue 16: a site polygon and two DSMs (a 20 x 12 x 6 m block added): the form runs dsm-change, the change
        // polygon becomes a layer and the run's report states the library's volumes.
        QTemporaryDir dir;
        const auto dsm = [&](const char* name, double block) {
            gis::RasterData d;
            d.width = d.height = 400;
            d.extent = gis::Box(500000, 2600000, 500100, 2600100);
            d.crs = gis::Crs::fromEpsg(32640);
            d.nodata = -9999;
            d.bands.assign(1, std::vector<double>(400 * 400, 100.0));
            for (int row = 200; row < 248; ++row) // y 38..50 m
                for (int col = 40; col < 120; ++col) // x 10..30 m
                    d.bands[0][static_cast<std::size_t>(row) * 400 + col] += block;
            const QString path = dir.filePath(name);
            gis::writeGeoTiff(d, path.toStdString());
            return path;
        };
        const QString earlier = dsm("earlier.tif", 0), later = dsm("later.tif", 6);
        const QString site = dir.filePath("site.geojson");
        QFile f(site);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32640"}},)"
                R"("features":[{"type":"Feature","properties":{"project_id":"P-1"},"geometry":{"type":"Polygon",)"
                R"("coordinates":[[[500005,2600005],[500095,2600005],[500095,2600095],[500005,2600095],[500005,2600005]]]}}]})");
        f.close();
        MapDocument doc;
        const std::vector<int> ids = doc.addFile(site);
        QCOMPARE(ids.size(), std::size_t(1));
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm("dsm-change"));
        AlgorithmForm* form = panel.form();
        form->setInputLayer(ids.front());
        auto* e = qobject_cast<QComboBox*>(form->editor("earlier"));
        auto* l = qobject_cast<QComboBox*>(form->editor("later"));
        QVERIFY(e && l);
        e->setCurrentText(earlier);
        l->setCurrentText(later);
        // The difference raster has its own output: suggested beside the input (the document has no project
        // file), a file that does not exist yet.
        QCOMPARE(form->rasterBesidePath(), dir.filePath("site_dsm-change.tif"));
        QVERIFY(form->findChild<QLabel*>("label_raster_beside")->text().startsWith("Difference"));
        const QString diff = dir.filePath("diff.tif");
        form->setRasterBesidePath(diff);
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy failed(panel.runner(), &AnalysisRunner::failed);
        QSignalSpy records(panel.runner(), &AnalysisRunner::runFinished);
        QVERIFY(panel.run());
        QVERIFY2(finished.wait(60000), failed.isEmpty() ? "" : qPrintable(failed.last().at(0).toString()));
        QCOMPARE(records.size(), 1); // the project's history names the raster too
        const std::vector<std::string> notes = records.at(0).at(0).value<ToolboxRun>().warnings;
        QVERIFY(std::find(notes.begin(), notes.end(), "raster beside the layer: " + diff.toStdString()) != notes.end());
        const int polygonsId = finished.at(0).at(0).toInt();
        const auto& result = *doc.layer(polygonsId)->map.vector;
        QCOMPARE(result.size(), std::size_t(1));
        QCOMPARE(result.attributes().column("volume_m3").real(0), 1440.0);
        QVERIFY2(panel.runner()->warnings().join("\n").contains("volumes: fill 1440.00 m³"),
            qPrintable(panel.runner()->warnings().join("\n")));

        // The raster is written and added under the change polygons: site, difference, polygons.
        QCOMPARE(doc.layers().size(), std::size_t(3));
        QCOMPARE(doc.idAt(2), polygonsId);
        const gis::ProjectLayer* added = doc.layer(doc.idAt(1));
        QVERIFY(added && added->map.raster && !added->map.vector);
        QCOMPARE(QString::fromStdString(added->sourcePath), diff);
        QVERIFY2(QString::fromStdString(added->map.title).endsWith(": Difference (later − earlier, m)"),
            added->map.title.c_str());
        // Lowered red, raised blue, white at zero: the range is symmetric about the largest change (6 m), and a
        // change under the height threshold (0.5 m by default) is transparent, the site's imagery showing through.
        QCOMPARE(added->map.style.raster.ramp, std::string("RdBu"));
        QCOMPARE(added->map.style.raster.stretch, gis::RasterStyle::Stretch::Manual);
        QCOMPARE(added->map.style.raster.min, -6.0);
        QCOMPARE(added->map.style.raster.max, 6.0);
        QCOMPARE(added->map.style.raster.clearBelow, 0.5);
        // The polygons by sign, as the drone report draws them.
        const gis::LayerStyle& polygonStyle = doc.layer(polygonsId)->map.style;
        QCOMPARE(polygonStyle.renderer.kind, gis::Renderer::Kind::Categorized);
        QCOMPARE(polygonStyle.renderer.field, std::string("sign"));
        QCOMPARE(polygonStyle.renderer.categories.size(), std::size_t(2));
        QCOMPARE(result.attributes().column("sign").toString(0), std::string("fill"));
        // Oracle: the file read back through GDAL is the library's raster, pixel for pixel, and its sum over the
        // block's pixels times their area is the block's volume, 20 x 12 x 6 m = 1440 m³.
        std::map<std::string, std::string> params = form->parameterValues();
        gis::analysis::RunInputs in{doc.layer(ids.front())->map.vector, nullptr};
        const auto expected = gis::analysis::run("dsm-change", in, params).raster;
        QVERIFY(expected);
        const ReadBack back = readBack(diff, *expected);
        QVERIFY2(back.problem.isEmpty(), qPrintable(back.problem));
        double sum = 0;
        for (double v : back.values)
            sum += v;
        QCOMPARE(sum * expected->pixelWidth() * expected->pixelHeight(), 1440.0);

        // The same file again, typed rather than confirmed in the file dialog: refused, the file left as it was.
        const QDateTime before = QFileInfo(diff).lastModified();
        QSignalSpy errors(&panel, &ToolboxPanel::errorReported);
        QVERIFY(!panel.run());
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.last().at(0).toString().contains("diff.tif"));
        QCOMPARE(QFileInfo(diff).lastModified(), before);
        // An input DSM is never the raster's output, even confirmed: the run fails and the DSM is untouched.
        const qint64 laterSize = QFileInfo(later).size();
        form->setRasterBesidePath(later, /*replace=*/true);
        QVERIFY(panel.run());
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(0).toString().contains("input"), qPrintable(failed.last().at(0).toString()));
        QCOMPARE(QFileInfo(later).size(), laterSize);
        QCOMPARE(doc.layers().size(), std::size_t(3));
        // Emptied: no raster is kept, only the polygons are added.
        form->setRasterBesidePath(QString());
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(doc.layers().size(), std::size_t(4));
        QVERIFY(doc.layer(doc.idAt(3))->map.vector);
    }

    void rasterInputRunsFromTheForm_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("editor");   // a Text parameter to fill ("" for none)
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("ramp");     // the style the result gets
        QTest::newRow("slope") << "slope" << "" << "" << "YlOrRd";
        QTest::newRow("raster-calculator") << "raster-calculator" << "expression" << "(A@1 - 500) / 10" << "Viridis";
    }

    void rasterInputRunsFromTheForm()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, editor);
        QFETCH(QString, value);
        QFETCH(QString, ramp);
        QTemporaryDir dir;
        MapDocument doc;
        doc.addFile(kSample);
        const QString dem = QFileInfo(kDem).absoluteFilePath();
        doc.addFile(dem);
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm(algorithm.toStdString()));
        AlgorithmForm* form = panel.form();
        // The input picker lists the map's raster layers (not its vector layers) and has Browse… for a file.
        QVERIFY(!form->findChild<QComboBox*>("input_layer"));
        auto* input = form->findChild<QComboBox*>("input_raster");
        QVERIFY(input);
        QCOMPARE(input->count(), 1);
        QCOMPARE(input->itemData(0).toString(), dem);
        QVERIFY(form->findChild<QToolButton*>("browse_input_raster"));
        QCOMPARE(form->inputRaster(), dem);
        QVERIFY2(form->outputPath().endsWith("nizwa_dem_" + algorithm + ".tif"), qPrintable(form->outputPath()));
        if (!editor.isEmpty())
            qobject_cast<QLineEdit*>(form->editor(editor.toStdString()))->setText(value);
        const QString out = dir.filePath("viewer.tif");
        form->setOutputPath(out);
        QVERIFY(form->isComplete());
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy failed(panel.runner(), &AnalysisRunner::failed);
        QSignalSpy recorded(&panel, &ToolboxPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.size(), 0);

        // Oracle: `gis analyse` on the same file, compared by GDAL pixel for pixel.
        const QString cli = dir.filePath("cli.tif");
        QStringList args{"analyse", algorithm, dem, "-o", cli};
        if (!editor.isEmpty())
            args << "--" + editor << value;
        const auto r = gis::test::runTool(kGis, args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto c = gis::test::runTool("/usr/bin/python3", {"-c", kSameRaster, out, cli});
        QVERIFY2(c.out.startsWith("same "), (c.out + c.err).constData());
        qInfo("%s", c.out.trimmed().constData());

        // A raster layer on that file, named after the DEM, styled for the algorithm; the run recorded with the DEM.
        const gis::ProjectLayer* added = doc.layer(finished.at(0).at(0).toInt());
        QVERIFY(added && added->map.raster && !added->map.vector);
        QCOMPARE(QString::fromStdString(added->sourcePath), out);
        QVERIFY2(QString::fromStdString(added->map.title).endsWith(QStringLiteral(" – nizwa_dem")), added->map.title.c_str());
        QCOMPARE(added->map.style.raster.mode, gis::RasterStyle::Mode::SingleBand);
        QCOMPARE(QString::fromStdString(added->map.style.raster.ramp), ramp);
        QCOMPARE(recorded.size(), 1);
        const auto run = recorded.at(0).at(0).value<ToolboxRun>();
        QCOMPARE(run.inputs.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(run.inputs[0].source), dem);

        // The DEM the run reads is never its output, even confirmed.
        form->setOutputPath(dem, /*replace=*/true);
        QVERIFY(panel.run());
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(0).toString().contains("input"), qPrintable(failed.last().at(0).toString()));
    }

    void pickersOfferOnlyFittingGeometries()
    {
        const int roads = m_doc->findByName("roads");
        const int towns = m_doc->findByName("towns");
        QVERIFY(roads >= 0 && towns >= 0);
        QCOMPARE(m_doc->layer(roads)->map.vector->geometryType(), gis::GeometryType::LineString);
        QVERIFY(m_doc->layer(towns)->map.vector->geometryType() == gis::GeometryType::Point);
        ToolboxPanel panel(m_doc.get());
        // shortest-path reads a road network: roads offered, towns and wilayat not, the tooltip says why.
        QVERIFY(panel.selectAlgorithm("shortest-path"));
        auto* input = panel.form()->findChild<QComboBox*>("input_layer");
        QVERIFY(input->findData(roads) >= 0);
        QCOMPARE(input->findData(towns), -1);
        QCOMPARE(input->findData(m_wilayat), -1);
        QVERIFY2(input->toolTip().contains("line layers"), qPrintable(input->toolTip()));
        // service-area: roads as input, the hubs (towns) as overlay.
        QVERIFY(panel.selectAlgorithm("service-area"));
        input = panel.form()->findChild<QComboBox*>("input_layer");
        auto* overlay = panel.form()->findChild<QComboBox*>("overlay_layer");
        QVERIFY(input->findData(roads) >= 0 && input->findData(towns) < 0);
        QVERIFY(overlay->findData(towns) >= 0 && overlay->findData(roads) < 0 && overlay->findData(m_wilayat) < 0);
        // heatmap reads points, zonal statistics polygons; buffer anything.
        QVERIFY(panel.selectAlgorithm("heatmap"));
        input = panel.form()->findChild<QComboBox*>("input_layer");
        QVERIFY(input->findData(towns) >= 0 && input->findData(roads) < 0 && input->findData(m_wilayat) < 0);
        QVERIFY(panel.selectAlgorithm("zonal-statistics"));
        input = panel.form()->findChild<QComboBox*>("input_layer");
        QVERIFY(input->findData(m_wilayat) >= 0 && input->findData(towns) < 0 && input->findData(roads) < 0);
        QVERIFY(panel.selectAlgorithm("buffer"));
        input = panel.form()->findChild<QComboBox*>("input_layer");
        QVERIFY(input->findData(m_wilayat) >= 0 && input->findData(towns) >= 0 && input->findData(roads) >= 0);
        QVERIFY(input->toolTip().isEmpty());
        // The library's rule the pickers follow.
        using gis::analysis::GeometryKinds;
        QVERIFY(gis::analysis::acceptsGeometry(GeometryKinds::Lines, gis::GeometryType::MultiLineString));
        QVERIFY(!gis::analysis::acceptsGeometry(GeometryKinds::Lines, gis::GeometryType::Point));
        QVERIFY(!gis::analysis::acceptsGeometry(GeometryKinds::Points | GeometryKinds::Polygons, gis::GeometryType::GeometryCollection));
        QVERIFY(gis::analysis::acceptsGeometry(GeometryKinds::Any, gis::GeometryType::GeometryCollection));
    }

    void choicesShowTitlesNotIds()
    {
        using gis::analysis::ParameterType;
        // Every choice of every algorithm has a title in both languages; the form sends the id.
        for (const gis::analysis::Algorithm* a : gis::analysis::algorithms())
            for (const auto& p : a->info().parameters)
                if (p.type == ParameterType::Choice || p.type == ParameterType::Choices) {
                    const QString what = QString::fromStdString(a->info().id + " --" + p.name);
                    QVERIFY2(p.choiceTitles.size() == p.choices.size(), qPrintable(what));
                    for (const auto& [en, ar] : p.choiceTitles)
                        QVERIFY2(!en.empty() && !ar.empty(), qPrintable(what));
                }
        const auto arabicLetter = [](const QString& text) {
            for (const QChar c : text)
                if (c.unicode() >= 0x0621 && c.unicode() <= 0x064A)
                    return true;
            return false;
        };
        applyLanguage("ar");
        int checked = 0;
        for (const gis::analysis::Algorithm* a : gis::analysis::algorithms()) {
            AlgorithmForm form(a->info(), m_doc.get());
            for (const auto& p : a->info().parameters) {
                QStringList shown;
                if (auto* combo = qobject_cast<QComboBox*>(form.editor(p.name)); combo && p.type == ParameterType::Choice)
                    for (int i = 0; i < combo->count(); ++i)
                        if (!combo->itemData(i).toString().isEmpty()) // an optional choice's empty first item
                            shown << combo->itemText(i);
                if (auto* list = qobject_cast<QListWidget*>(form.editor(p.name)); list && p.type == ParameterType::Choices)
                    for (int i = 0; i < list->count(); ++i)
                        shown << list->item(i)->text();
                for (const QString& text : shown) {
                    ++checked;
                    QVERIFY2(arabicLetter(text), qPrintable(QString::fromStdString(a->info().id + " --" + p.name) + ": " + text));
                }
            }
        }
        applyLanguage("en");
        QVERIFY(checked > 40);
        ToolboxPanel panel(m_doc.get());
        QVERIFY(panel.selectAlgorithm("centroid"));
        auto* method = qobject_cast<QComboBox*>(panel.form()->editor("method"));
        QCOMPARE(method->itemText(1), QString("Point on surface"));
        method->setCurrentIndex(1);
        QCOMPARE(panel.form()->parameterValues().at("method"), std::string("point-on-surface")); // the CLI's id
    }

    void dockAt1440x900ShowsTenRowsAndWholePoints()
    {
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        w.resize(1440, 900);
        w.findChild<QAction*>("actionToolbox")->trigger();
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ToolboxPanel* panel = w.toolboxPanel();
        QVERIFY(panel->selectAlgorithm("shortest-path"));
        QCoreApplication::processEvents();
        auto* tree = panel->findChild<QTreeWidget*>("ToolboxAlgorithms");
        const int rowHeight = tree->visualItemRect(tree->topLevelItem(0)).height();
        QVERIFY(rowHeight > 0);
        QVERIFY2(tree->viewport()->height() >= 10 * rowHeight,
            qPrintable(QString("%1 px for rows of %2 px").arg(tree->viewport()->height()).arg(rowHeight)));
        auto* from = qobject_cast<QLineEdit*>(panel->form()->editor("from"));
        QVERIFY(from);
        from->setText(QString::number(57.528112345678901, 'g', 17) + ',' + QString::number(22.933252345678901, 'g', 17)); // as a pick writes it
        QVERIFY2(from->width() >= from->fontMetrics().horizontalAdvance(from->text()),
            qPrintable(QString("%1 px for %2 px").arg(from->width()).arg(from->fontMetrics().horizontalAdvance(from->text()))));
    }

    void mergeTwoLayers()
    {
        MapDocument doc;
        doc.addFile(kSample);
        const int towns = doc.findByName("towns");
        const int peaks = doc.findByName("peaks");
        QVERIFY(towns >= 0 && peaks >= 0);
        ToolboxPanel panel(&doc);
        QVERIFY(panel.selectAlgorithm("merge"));
        AlgorithmForm* form = panel.form();
        auto* more = form->findChild<QListWidget*>("more_layers");
        QVERIFY(more);
        form->setInputLayer(towns);
        QVERIFY(!form->isComplete()); // nothing to merge with yet
        form->setMoreLayers({peaks});
        QVERIFY(form->isComplete());
        QCOMPARE(form->moreLayers(), std::vector<int>{peaks});
        QSignalSpy finished(panel.runner(), &AnalysisRunner::finished);
        QSignalSpy records(panel.runner(), &AnalysisRunner::runFinished);
        QVERIFY(panel.run());
        QVERIFY(finished.wait(60000));
        gis::analysis::RunInputs in{doc.layer(towns)->map.vector, nullptr, {doc.layer(peaks)->map.vector}};
        const auto expected = gis::analysis::run("merge", in, {}).layer;
        const auto& added = *doc.layer(finished.at(0).at(0).toInt())->map.vector;
        QCOMPARE(added.size(), doc.layer(towns)->map.vector->size() + doc.layer(peaks)->map.vector->size());
        compareLayers(added, *expected);
        QCOMPARE(records.size(), 1);
        const auto run = records.at(0).at(0).value<ToolboxRun>();
        QCOMPARE(run.inputs.size(), std::size_t(2)); // both layers it read
    }

    void pointPickedOnTheMap()
    {
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        w.resize(900, 700);
        MapDocument* doc = w.document();
        doc->addFile(kSample);
        doc->setCrs(gis::Crs::fromEpsg(32640)); // the map in UTM 40N, the layers in longitude/latitude
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ToolboxPanel* panel = w.toolboxPanel();
        QVERIFY(panel->selectAlgorithm("shortest-path"));
        AlgorithmForm* form = panel->form();
        const gis::analysis::Parameter* point = nullptr;
        for (const auto& p : form->info().parameters)
            if (p.type == gis::analysis::ParameterType::Point) {
                point = &p;
                break;
            }
        QVERIFY(point);
        auto* pick = form->findChild<QToolButton*>(QString::fromStdString("pick_" + point->name));
        QVERIFY(pick);
        pick->click();
        QVERIFY(w.pointPicker()->isActive());
        MapCanvas* canvas = w.canvas();
        canvas->zoomToFullExtent();
        QSignalSpy selections(doc, &MapDocument::selectionChanged);
        const QPoint at(canvas->width() / 3, canvas->height() / 2);
        const gis::Coord mapPoint = canvas->widgetToMap(at);
        QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
        QVERIFY(!w.pointPicker()->isActive());
        const gis::Crs layerCrs = doc->layer(form->inputLayer())->map.vector->crs();
        const gis::Coord expected = gis::Transformer(doc->crs(), layerCrs).transform(mapPoint);
        const auto values = form->parameterValues();
        QVERIFY(values.count(point->name));
        const QStringList xy = QString::fromStdString(values.at(point->name)).split(',');
        QCOMPARE(xy.size(), 2);
        QCOMPARE(xy[0].toDouble(), expected.x);
        QCOMPARE(xy[1].toDouble(), expected.y);
        // Metres on the map, degrees in the form (the region the sample covers).
        QVERIFY2(std::abs(mapPoint.x) > 1000 && expected.x > 30 && expected.x < 70 && expected.y > 10 && expected.y < 35,
            qPrintable(QString("%1,%2 from %3,%4").arg(expected.x).arg(expected.y).arg(mapPoint.x).arg(mapPoint.y)));
        QCOMPARE(selections.size(), 0); // the click went to the form, not to the map tool
        // Escape gives up; a window closed while waiting for a click is destroyed cleanly (canvas first).
        pick->click();
        QVERIFY(w.pointPicker()->isActive());
        QTest::keyClick(canvas, Qt::Key_Escape);
        QVERIFY(!w.pointPicker()->isActive());
        pick->click();
        QVERIFY(w.pointPicker()->isActive());
    }

    void arabicMode()
    {
        applyLanguage("ar");
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        auto* dock = w.findChild<QDockWidget*>("ToolboxDock");
        QVERIFY(dock);
        auto* action = w.findChild<QAction*>("actionToolbox");
        QVERIFY(action);
        action->trigger();
        QVERIFY(!dock->isHidden());
        QCOMPARE(dock->layoutDirection(), Qt::RightToLeft);
        QCOMPARE(dock->windowTitle(), QStringLiteral("صندوق أدوات التحليل"));
        ToolboxPanel* panel = w.toolboxPanel();
        QCOMPARE(panel->layoutDirection(), Qt::RightToLeft);
        auto* tree = panel->findChild<QTreeWidget*>("ToolboxAlgorithms");
        QStringList titles;
        for (int g = 0; g < tree->topLevelItemCount(); ++g)
            for (int i = 0; i < tree->topLevelItem(g)->childCount(); ++i)
                titles << tree->topLevelItem(g)->child(i)->text(0);
        QVERIFY2(titles.contains(QStringLiteral("المراكز")), qPrintable(titles.join(", ")));
        QVERIFY(panel->selectAlgorithm("centroid"));
        QCOMPARE(panel->form()->label("method")->text(), QStringLiteral("الطريقة"));
        QCOMPARE(panel->findChild<QPushButton*>("ToolboxRun")->text(), QStringLiteral("تشغيل"));

        // A run in Arabic names its layer in Arabic.
        w.document()->addFile(kSample);
        const int wilayat = w.document()->findByName("wilayat");
        panel->form()->setInputLayer(wilayat);
        QSignalSpy finished(panel->runner(), &AnalysisRunner::finished);
        QVERIFY(panel->run());
        QVERIFY(finished.wait(60000));
        const gis::ProjectLayer* added = w.document()->layer(finished.at(0).at(0).toInt());
        QCOMPARE(QString::fromStdString(added->map.name), QStringLiteral("المراكز – wilayat"));
        QCOMPARE(QString::fromStdString(added->map.title), QStringLiteral("Centroids – wilayat"));

        // Back to English: the open panel retranslates itself, form included.
        applyLanguage("en");
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange); // Qt posts it to each widget
        QCOMPARE(dock->layoutDirection(), Qt::LeftToRight);
        QCOMPARE(panel->form()->label("method")->text(), QStringLiteral("Method"));
        QCOMPARE(dock->windowTitle(), QStringLiteral("Analysis toolbox"));
    }
};

QTEST_MAIN(TestToolbox)
#include "tst_toolbox.moc"
