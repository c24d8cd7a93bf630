// Selection ▸ Save selection as… onto an existing file. The defect: after Qt's generic "replace?" prompt a whole
// GeoPackage, even the project's own, was replaced by one layer. Now an existing GeoPackage gets a new layer by
// default, replacing is an explicit choice that says what is lost, and a file the project reads is never
// replaced. Oracles: sqlite3 dumps and PRAGMA integrity_check, ogrinfo feature counts, file hashes.

#include <QCryptographicHash>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "dialogs/saveintogeopackagedialog.h"
#include "map/mapdocument.h"
#include "map/maptools.h"
#include "panels/layerpanel.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

const QString kData = GIS_SOURCE_DIR "/data";

QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(gis::test::readFile(path), QCryptographicHash::Sha256).toHex();
}

QStringList gpkgLayers(const QString& path)
{
    const auto r = gis::test::runTool("sqlite3", {path, "SELECT table_name FROM gpkg_contents ORDER BY table_name"});
    return QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
}

QMap<QString, QByteArray> dumps(const QString& path, const QStringList& tables)
{
    QMap<QString, QByteArray> out;
    for (const QString& t : tables)
        out[t] = gis::test::runTool("sqlite3", {path, ".dump " + t}).out;
    return out;
}

QByteArray sql(const QString& path, const QString& query)
{
    return gis::test::runTool("sqlite3", {path, query}).out;
}

} // namespace

class TestSaveSelection : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;
    QString m_projectGpkg; // the copied project's own GeoPackage
    std::size_t m_selected = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("sqlite3") && gis::test::haveTool("ogrinfo"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        // A copy of the sample project: the test adds layers to its GeoPackage.
        QVERIFY(QDir(m_tmp.path()).mkpath("data") && QDir(m_tmp.path()).mkpath("styles"));
        for (const QString& f : {"dakhiliyah.json", "dakhiliyah.gpkg", "nizwa_dem.tif"})
            QVERIFY(QFile::copy(kData + "/" + f, m_tmp.filePath("data/" + f)));
        std::filesystem::copy(GIS_SOURCE_DIR "/styles", m_tmp.filePath("styles").toStdString(),
            std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
        m_projectGpkg = m_tmp.filePath("data/dakhiliyah.gpkg");
        QFile(m_projectGpkg).setPermissions(QFile::ReadOwner | QFile::WriteOwner);

        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        // The copy's styles/ lies beside its data/ folder: the user allows it when asked (docs/projects.md).
        options.allowFolders = [](const QStringList&, const QString&) { return true; };
        m_w = std::make_unique<MainWindow>(options);
        QVERIFY(m_w->openProject(m_tmp.filePath("data/dakhiliyah.json")));
        const int towns = m_w->document()->findByName("towns");
        m_w->layerPanel()->setCurrentLayer(towns);
        m_w->tools()->selectByExpression(towns, "governorate = 'OM-DA'");
        m_selected = m_w->document()->selection(towns).size();
        QVERIFY(m_selected > 0);
    }

    void cleanupTestCase() { m_w.reset(); }

    void uniqueNames()
    {
        QCOMPARE(uniqueLayerName("towns", {"roads"}), QString("towns"));
        QCOMPARE(uniqueLayerName("towns", {"roads", "Towns"}), QString("towns_2"));
        QCOMPARE(uniqueLayerName("towns", {"towns", "TOWNS_2"}), QString("towns_3"));
        QCOMPARE(uniqueLayerName("", {}), QString("selection"));
    }

    void defaultPlans()
    {
        const SavePlan fresh = defaultSavePlan(false, true, "towns", {});
        QCOMPARE(fresh.action, SaveAction::NewFile);
        const SavePlan into = defaultSavePlan(true, true, "towns", {"roads", "towns"});
        QCOMPARE(into.action, SaveAction::AddLayer);
        QCOMPARE(into.layerName, QString("towns_2"));
        QCOMPARE(defaultSavePlan(true, false, "towns", {}).action, SaveAction::ReplaceFile);
    }

    void refusals()
    {
        const QStringList project{m_tmp.filePath("data/dakhiliyah.json"), m_projectGpkg};
        const QString link = m_tmp.filePath("link.gpkg");
        QVERIFY(QFile::link(m_projectGpkg, link));
        for (const QString& path : {m_projectGpkg, link}) {
            QVERIFY(saveRefusal({SaveAction::ReplaceFile, {}}, path, project).contains("never replaced"));
            QVERIFY(saveRefusal({SaveAction::ReplaceLayer, "towns"}, path, project).contains("never replaced"));
            QVERIFY(saveRefusal({SaveAction::AddLayer, "towns_2"}, path, project).isEmpty());
        }
        QVERIFY(saveRefusal({SaveAction::ReplaceFile, {}}, m_tmp.filePath("other.gpkg"), project).isEmpty());
    }

    // The default onto the project's own GeoPackage: one new layer; every other table as it was.
    void addsLayerToProjectGeoPackage()
    {
        const QStringList before = gpkgLayers(m_projectGpkg);
        QCOMPARE(before.size(), 22); // 18 layers (the drone flights and sites included) and the 4 tables of the forms' photos
        const auto tables = dumps(m_projectGpkg, before);
        QVERIFY(m_w->saveSelection(m_projectGpkg));
        QStringList expected = before + QStringList{"towns_2"};
        expected.sort();
        QCOMPARE(gpkgLayers(m_projectGpkg), expected);
        QCOMPARE(dumps(m_projectGpkg, before), tables);
        QCOMPARE(sql(m_projectGpkg, "PRAGMA integrity_check"), QByteArray("ok\n"));
        QCOMPARE(sql(m_projectGpkg, "SELECT COUNT(*) FROM towns_2").trimmed().toULongLong(), qulonglong(m_selected));
    }

    void neverReplacesProjectSources()
    {
        const QByteArray sum = sha256(m_projectGpkg);
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        QVERIFY(!m_w->saveSelection(m_projectGpkg, {SaveAction::ReplaceFile, {}}));
        QVERIFY(!m_w->saveSelection(m_projectGpkg, {SaveAction::ReplaceLayer, "towns"}));
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors[0][0].toString().contains("never replaced"), qPrintable(errors[0][0].toString()));
        QCOMPARE(sha256(m_projectGpkg), sum);
    }

    // Another GeoPackage: replacing a layer or the whole file happens only when asked.
    void replacesWhenAsked()
    {
        const QString other = m_tmp.filePath("other.gpkg");
        QVERIFY(QFile::copy(kData + "/dakhiliyah.gpkg", other));
        QFile(other).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        const QStringList layers = gpkgLayers(other);
        const auto tables = dumps(other, layers);
        QVERIFY(m_w->saveSelection(other, {SaveAction::ReplaceLayer, "towns"}));
        QCOMPARE(gpkgLayers(other), layers);
        QCOMPARE(sql(other, "SELECT COUNT(*) FROM towns").trimmed().toULongLong(), qulonglong(m_selected));
        for (const QString& t : layers)
            if (t != "towns")
                QVERIFY2(dumps(other, {t}).value(t) == tables[t], qPrintable(t));
        QVERIFY(m_w->saveSelection(other, {SaveAction::ReplaceFile, {}}));
        QCOMPARE(gpkgLayers(other), QStringList{"towns"});
    }

    void dialogSaysWhatIsLost()
    {
        const QStringList layers{"roads", "towns"};
        SaveIntoGeoPackageDialog dialog("x.gpkg", layers, {120, 41}, "towns", false);
        auto* add = dialog.findChild<QRadioButton*>("SaveAddLayer");
        auto* replaceLayer = dialog.findChild<QRadioButton*>("SaveReplaceLayer");
        auto* replaceFile = dialog.findChild<QRadioButton*>("SaveReplaceFile");
        auto* name = dialog.findChild<QLineEdit*>("SaveLayerName");
        QVERIFY(add && replaceLayer && replaceFile && name);
        QVERIFY(add->isChecked());
        QCOMPARE(dialog.plan().action, SaveAction::AddLayer);
        QCOMPARE(dialog.plan().layerName, QString("towns_2"));
        QVERIFY(replaceFile->text().contains("replaces 2 layer"));
        QVERIFY(!replaceLayer->isEnabled()); // no layer "towns_2" to replace
        name->setText("towns");
        QVERIFY(replaceLayer->isEnabled());
        bool saysCount = false;
        for (QLabel* l : dialog.findChildren<QLabel*>())
            saysCount |= l->text().contains("replaces its 41 feature");
        QVERIFY(saysCount);
        replaceLayer->setChecked(true);
        QCOMPARE(dialog.plan().action, SaveAction::ReplaceLayer);
        QCOMPARE(dialog.plan().layerName, QString("towns"));
        replaceFile->setChecked(true);
        QCOMPARE(dialog.plan().action, SaveAction::ReplaceFile);

        // The project's own file: nothing can be replaced.
        SaveIntoGeoPackageDialog own("x.gpkg", layers, {120, 41}, "towns", true);
        own.findChild<QLineEdit*>("SaveLayerName")->setText("towns");
        QVERIFY(!own.findChild<QRadioButton*>("SaveReplaceLayer")->isEnabled());
        QVERIFY(!own.findChild<QRadioButton*>("SaveReplaceFile")->isEnabled());
        QCOMPARE(own.plan().action, SaveAction::AddLayer);
    }

    // Every message of the save-selection code (tr("…") and translate(…, "…") literals) has an Arabic translation.
    void everyMessageIsTranslated()
    {
        QMap<QString, QString> arabic; // source -> translation
        QXmlStreamReader ts(gis::test::readFile(GIS_SOURCE_DIR "/viewer/translations/interior-explorer_ar.ts"));
        QString source;
        while (!ts.atEnd()) {
            if (ts.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (ts.name() == u"source")
                source = ts.readElementText();
            else if (ts.name() == u"translation")
                arabic[source] = ts.readElementText();
        }
        QVERIFY2(!ts.hasError(), qPrintable(ts.errorString()));
        int checked = 0;
        // (No raw string here: moc does not parse one.)
        const QRegularExpression literal("(?:\\btr\\(|translate\\(\"[^\"]*\",\\s*)\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (const QString file :
            {"dialogs/saveplan.cpp", "dialogs/saveintogeopackagedialog.cpp", "app/selectionsaver.cpp"}) {
            const QString code = QString::fromUtf8(gis::test::readFile(GIS_SOURCE_DIR "/viewer/" + file));
            for (auto it = literal.globalMatch(code); it.hasNext();) {
                const QString text = it.next().captured(1).replace("\\n", "\n");
                QVERIFY2(arabic.contains(text), qPrintable(file + ": no translation of \"" + text + "\""));
                QVERIFY2(arabic[text].contains(QRegularExpression("[\\x{0600}-\\x{06FF}]")), qPrintable(text));
                ++checked;
            }
        }
        QVERIFY(checked >= 20);
    }

    void arabic()
    {
        applyLanguage("ar");
        SaveIntoGeoPackageDialog dialog("x.gpkg", {"towns"}, {41}, "towns", false);
        QCOMPARE(dialog.windowTitle(), QString("الحفظ في ملف GeoPackage موجود"));
        QVERIFY(saveRefusal({SaveAction::ReplaceFile, {}}, m_projectGpkg, {m_projectGpkg}).contains("لا يُستبدل أبدًا"));
        applyLanguage("en");
    }
};

QTEST_MAIN(TestSaveSelection)
#include "tst_saveselection.moc"
