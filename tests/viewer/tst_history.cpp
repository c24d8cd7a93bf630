// The project's analysis history in the viewer (viewer/analysis/historypanel, the runner's recording): a toolbox
// run adds a record to the document's project history, marks its layer as made by it and survives save and reload
// (the oracle: the saved file read back with gis::Project::load); History's "Run again" makes a layer equal to the
// first run's (compared with it and with the library's gis::analysis::run) and a record with rerun_of; a changed
// input, an input made in memory and a missing layer are refused with the reason. Every wait is on a signal.

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <chrono>
#include <filesystem>

#include "analysis/algorithmform.h"
#include "analysis/analysisrunner.h"
#include "analysis/historypanel.h"
#include "analysis/toolboxpanel.h"
#include "app/language.h"
#include "app/mainwindow.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "map/mapdocument.h"

using namespace viewer;
namespace fs = std::filesystem;

namespace {

const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

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
    for (std::size_t i = 0; i < expected.size(); ++i)
        for (std::size_t f = 0; f < expected.attributes().columns().size(); ++f)
            QCOMPARE(actual.attributes().column(f).toString(i), expected.attributes().column(f).toString(i));
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;

    /// A folder with a copy of the sample (so that the test may change it) and a document reading it.
    struct Fixture {
        QTemporaryDir dir;
        QString data;
        std::unique_ptr<MapDocument> doc = std::make_unique<MapDocument>();
        int wilayat = -1;
        bool ok = false;
        Fixture()
        {
            data = dir.filePath("dakhiliyah.gpkg");
            ok = QFile::copy(kSample, data);
            doc->addFile(data);
            wilayat = doc->findByName("wilayat");
            ok = ok && wilayat >= 0;
        }
    };

    /// Runs centroid (point-on-surface) on wilayat through the toolbox; the run as reported.
    static ToolboxRun runCentroid(MapDocument& doc, int input, const QString& output)
    {
        ToolboxPanel panel(&doc);
        panel.selectAlgorithm("centroid");
        panel.form()->setInputLayer(input);
        auto* method = panel.form()->findChild<QComboBox*>("param_method");
        method->setCurrentIndex(method->findData("point-on-surface"));
        panel.form()->setOutputPath(output);
        QSignalSpy done(panel.runner(), &AnalysisRunner::runFinished);
        QSignalSpy failed(panel.runner(), &AnalysisRunner::failed);
        if (!panel.run() || !done.wait(60000) || !failed.isEmpty())
            return {};
        return done.at(0).at(0).value<ToolboxRun>();
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
    }

    void runIsRecordedAndSurvivesSaveAndReload()
    {
        Fixture f;
        QVERIFY(f.ok);
        const QString project = f.dir.filePath("p.json");
        f.doc->saveProject(project);
        QVERIFY(!f.doc->isModified());
        QSignalSpy history(f.doc.get(), &MapDocument::historyChanged);
        const ToolboxRun run = runCentroid(*f.doc, f.wilayat, f.dir.filePath("c.gpkg"));
        QCOMPARE(run.recordId, std::string("run-1"));
        QCOMPARE(history.size(), 1);
        QVERIFY(f.doc->isModified()); // saved with Ctrl+S like any change
        const gis::ProjectLayer* made = f.doc->layer(run.outputLayerId);
        QVERIFY(made);
        QCOMPARE(made->madeBy, std::string("run-1"));
        // A copy of the name: saving replaces the document's project, and with it the layer `made` points to.
        const std::string madeName = made->map.name;
        f.doc->saveProject(project);

        // Oracle: the file read back with the project module.
        const gis::Project saved = gis::Project::load(project.toStdString());
        QCOMPARE(saved.history.size(), std::size_t(1));
        const gis::ProvenanceRecord& r = saved.history.front();
        QCOMPARE(r.id, std::string("run-1"));
        QCOMPARE(r.algorithm, std::string("centroid"));
        QCOMPARE(r.parameters.at("method"), std::string("point-on-surface"));
        QCOMPARE(r.invalidPolicy, std::string("stop"));
        QCOMPARE(r.inputs.size(), std::size_t(1));
        QCOMPARE(r.inputs[0].role, std::string("input"));
        QCOMPARE(r.inputs[0].source, std::string("dakhiliyah.gpkg")); // relative to the project
        QCOMPARE(r.inputs[0].layer, std::string("wilayat"));
        QCOMPARE(r.inputs[0].size, static_cast<std::int64_t>(QFileInfo(f.data).size()));
        QCOMPARE(r.output.path, std::string("c.gpkg"));
        QCOMPARE(r.output.projectLayer, madeName);
        QCOMPARE(r.featuresIn, static_cast<std::int64_t>(f.doc->layer(f.wilayat)->map.vector->size()));
        QCOMPARE(r.featuresOut, r.featuresIn);
        QCOMPARE(r.software, std::string(gis::softwareName()));
        QVERIFY(r.rerunOf.empty());
        bool found = false;
        for (const gis::ProjectLayer& l : saved.layers)
            if (l.madeBy == "run-1") {
                found = true;
                QCOMPARE(l.source, std::string("c.gpkg"));
            }
        QVERIFY(found);

        // Loaded in the viewer, the panel lists it with the algorithm's title.
        MapDocument reloaded;
        reloaded.loadProject(project);
        HistoryPanel panel(&reloaded);
        QCOMPARE(panel.list()->topLevelItemCount(), 1);
        QCOMPARE(panel.list()->topLevelItem(0)->text(0), QString("Centroids"));
        QVERIFY(panel.list()->topLevelItem(0)->text(3).contains("method=point-on-surface"));
        QVERIFY(panel.list()->topLevelItem(0)->text(4).contains("c.gpkg"));
    }

    void runAgainEqualsTheFirstRun()
    {
        Fixture f;
        QVERIFY(f.ok);
        const QString project = f.dir.filePath("p.json");
        f.doc->saveProject(project);
        const ToolboxRun first = runCentroid(*f.doc, f.wilayat, f.dir.filePath("c.gpkg"));
        QCOMPARE(first.recordId, std::string("run-1"));
        f.doc->saveProject(project);

        MapDocument doc;
        doc.loadProject(project);
        HistoryPanel panel(&doc);
        QVERIFY(panel.selectRecord("run-1"));
        QSignalSpy done(panel.runner(), &AnalysisRunner::runFinished);
        QSignalSpy errors(&panel, &HistoryPanel::errorReported);
        QVERIFY(panel.runAgain("run-1"));
        QVERIFY(done.wait(60000));
        QCOMPARE(errors.size(), 0);
        const ToolboxRun again = done.at(0).at(0).value<ToolboxRun>();
        QCOMPARE(again.recordId, std::string("run-2"));
        QCOMPARE(again.rerunOf, std::string("run-1"));
        // A new file beside the old output, never over it.
        QCOMPARE(QString::fromStdString(again.outputPath), f.dir.filePath("c_2.gpkg"));
        QVERIFY(QFileInfo::exists(f.dir.filePath("c.gpkg")));

        // The layer equals the first run's and the library's.
        const gis::ProjectLayer* made = doc.layer(again.outputLayerId);
        QVERIFY(made && made->map.vector);
        compareLayers(*made->map.vector, *f.doc->layer(first.outputLayerId)->map.vector);
        const int wilayat = doc.findByName("wilayat");
        gis::analysis::RunInputs in{doc.layer(wilayat)->map.vector, nullptr};
        compareLayers(*made->map.vector, *gis::analysis::run("centroid", in, {{"method", "point-on-surface"}}).layer);

        const auto& history = doc.project().history;
        QCOMPARE(history.size(), std::size_t(2));
        QCOMPARE(history[1].rerunOf, std::string("run-1"));
        QCOMPARE(history[1].parameters, history[0].parameters);
        QCOMPARE(made->madeBy, std::string("run-2"));
        QCOMPARE(panel.list()->topLevelItemCount(), 2);
        doc.saveProject(project);
        QCOMPARE(gis::Project::load(project.toStdString()).history.at(1).rerunOf, std::string("run-1"));
    }

    void changedInputIsRefused()
    {
        Fixture f;
        QVERIFY(f.ok);
        f.doc->saveProject(f.dir.filePath("p.json"));
        QCOMPARE(runCentroid(*f.doc, f.wilayat, f.dir.filePath("c.gpkg")).recordId, std::string("run-1"));
        // The input's modification time moves: not the file the run read.
        const fs::path data = f.data.toStdString();
        fs::last_write_time(data, fs::last_write_time(data) + std::chrono::seconds(10));
        HistoryPanel panel(f.doc.get());
        QSignalSpy errors(&panel, &HistoryPanel::errorReported);
        QSignalSpy started(panel.runner(), &AnalysisRunner::started);
        QVERIFY(!panel.runAgain("run-1"));
        QCOMPARE(errors.size(), 1);
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains("run-1") && message.contains("dakhiliyah.gpkg") && message.contains("changed since the run"),
            qPrintable(message));
        QCOMPARE(started.size(), 0);
        QCOMPARE(f.doc->project().history.size(), std::size_t(1));
        QVERIFY(!QFileInfo::exists(f.dir.filePath("c_2.gpkg")));

        // A missing input likewise.
        QVERIFY(QFile::remove(f.data));
        QVERIFY(!panel.runAgain("run-1"));
        QVERIFY2(errors.last().at(0).toString().contains("missing"), qPrintable(errors.last().at(0).toString()));
    }

    void inMemoryRecords()
    {
        Fixture f;
        QVERIFY(f.ok);
        // Not saved yet: inputs are recorded with absolute paths; an in-memory output as "in-memory".
        const ToolboxRun first = runCentroid(*f.doc, f.wilayat, QString());
        QCOMPARE(first.recordId, std::string("run-1"));
        const gis::ProvenanceRecord& r = f.doc->project().history.front();
        QCOMPARE(r.output.path, std::string(gis::kProvenanceInMemory));
        QCOMPARE(r.inputs.at(0).source, fs::absolute(f.data.toStdString()).lexically_normal().string());
        // A run whose input was made in memory: recorded, but it cannot be repeated.
        const ToolboxRun second = runCentroid(*f.doc, first.outputLayerId, QString());
        QCOMPARE(second.recordId, std::string("run-2"));
        QCOMPARE(f.doc->project().history.back().inputs.at(0).source, std::string(gis::kProvenanceInMemory));
        HistoryPanel panel(f.doc.get());
        AnalysisRequest request;
        const QString refusal = panel.prepareRerun("run-2", request);
        QVERIFY2(refusal.contains("in memory"), qPrintable(refusal));
        // The first one can: an in-memory output again.
        QVERIFY(panel.prepareRerun("run-1", request).isEmpty());
        QCOMPARE(request.inputLayer, f.wilayat);
        QVERIFY(request.outputPath.isEmpty());
        QCOMPARE(request.rerunOf, std::string("run-1"));
        // Saving refuses while in-memory layers are there (a project naming no source would not load again),
        // naming them, and writes nothing.
        const QString project = f.dir.filePath("p.json");
        try {
            f.doc->saveProject(project);
            QFAIL("saved a project with layers that exist only in memory");
        } catch (const gis::Error& e) {
            const QString why = QString::fromUtf8(e.what());
            QVERIFY2(why.contains("exist only in memory") && why.contains(QString::fromStdString(
                f.doc->layer(first.outputLayerId)->map.name)), qPrintable(why));
        }
        QVERIFY(!QFile::exists(project));
        QVERIFY(f.doc->isModified());
        // Saved, the absolute path inside the project's folder is written relative to it. (The in-memory layers
        // are removed first: a project keeps layers with files only.)
        f.doc->removeLayer(second.outputLayerId);
        f.doc->removeLayer(first.outputLayerId);
        f.doc->saveProject(project);
        QCOMPARE(gis::Project::load(project.toStdString()).history.at(0).inputs.at(0).source, std::string("dakhiliyah.gpkg"));
        QCOMPARE(gis::Project::load(project.toStdString()).history.at(0).output.path, std::string("in-memory"));
    }

    void menuOpensTheDockInArabic()
    {
        applyLanguage("ar");
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        auto* dock = w.findChild<QDockWidget*>("HistoryDock");
        auto* action = w.findChild<QAction*>("actionHistory");
        QVERIFY(dock && action);
        QVERIFY(dock->isHidden());
        action->trigger();
        QVERIFY(!dock->isHidden());
        QCOMPARE(dock->layoutDirection(), Qt::RightToLeft);
        QCOMPARE(action->text(), QStringLiteral("السجل…"));
        QVERIFY(w.historyPanel()->statusText().startsWith(QStringLiteral("لم يُسجَّل")));
        w.document()->addFile(kSample);
        const int wilayat = w.document()->findByName("wilayat");
        QCOMPARE(runCentroid(*w.document(), wilayat, QString()).recordId, std::string("run-1"));
        QVERIFY(w.historyPanel()->statusText().isEmpty()); // no longer "nothing recorded"
        QTreeWidget* list = w.historyPanel()->list();
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("المراكز"));
        applyLanguage("en");
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCOMPARE(list->topLevelItem(0)->text(0), QString("Centroids"));
    }
};

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
