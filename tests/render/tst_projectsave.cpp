// Project::save writes back what it read, changing only what the model changed. The oracle is the file as read:
// a generic JSON diff (written here, independent of the library's merge) lists every path that differs, and a
// save must differ exactly where the test changed the model. The print extent is checked through the layout the
// way gis export-map computes it.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "gis/core/error.h"
#include "gis/layout/layoutcontent.h"
#include "gis/layout/layoutfile.h"
#include "gis/layout/mapframe.h"
#include "gis/project/project.h"
#include "gis/project/stylejson.h"

using namespace gis;

namespace {

/// The sample project's layer named `name` (indices move as the sample gains layers).
ProjectLayer& layerNamed(Project& p, const std::string& name)
{
    for (auto& l : p.layers)
        if (l.map.name == name)
            return l;
    throw std::runtime_error("no layer " + name);
}


const QString kSource = GIS_SOURCE_DIR;

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readBytes(path)).object();
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

/// Every path at which `a` and `b` differ ("layers[3].visible", "title"), by plain recursion over both.
void diff(const QJsonValue& a, const QJsonValue& b, const QString& path, QStringList& out)
{
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject(), ob = b.toObject();
        QStringList keys = oa.keys() + ob.keys();
        keys.removeDuplicates();
        for (const QString& k : keys)
            diff(oa.value(k), ob.value(k), path.isEmpty() ? k : path + "." + k, out);
    } else if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        for (qsizetype i = 0; i < a.toArray().size(); ++i)
            diff(a.toArray().at(i), b.toArray().at(i), QString("%1[%2]").arg(path).arg(i), out);
    } else if (a != b) {
        out << path;
    }
}

QStringList differences(const QJsonObject& a, const QJsonObject& b)
{
    QStringList out;
    diff(a, b, {}, out);
    return out;
}

ino_t inode(const QString& path)
{
    struct stat st {};
    return ::stat(path.toLocal8Bit().constData(), &st) == 0 ? st.st_ino : 0;
}

/// The copies' styles/ folder lies beside the project's data/ folder, outside it: trusted, as a user allows it when
/// the viewer asks (docs/projects.md, "What a project may read").
std::string g_trustedStyles;
ProjectLoadOptions trust()
{
    return ProjectLoadOptions{{g_trustedStyles}};
}

/// The frame extent gis export-map prints for the project at `path` (a4-landscape, the project's language).
Box printedExtent(const std::string& path)
{
    Project project = Project::load(path, trust());
    project.loadData();
    const Layout layout = readLayoutFile(findLayoutTemplate("a4-landscape", project.language, path));
    const LayoutContent content = projectLayoutContent(project, layout.language);
    for (const auto& item : layout.items)
        if (item.kind == LayoutItem::Kind::Map)
            return layoutMapExtent(layout, item, content.map);
    qFatal("the layout has no map frame");
    return {};
}

} // namespace

class TestProjectSave : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project; ///< a copy of data/dakhiliyah.json beside links to its data, with copies of styles/

    void copySample()
    {
        QDir root(m_tmp.path());
        root.removeRecursively();
        QVERIFY(QDir().mkpath(m_tmp.path() + "/data") && QDir().mkpath(m_tmp.path() + "/styles"));
        // Copies, not links: a project may only read files inside its folder (docs/projects.md).
        for (const char* f : {"dakhiliyah.gpkg", "nizwa_dem.tif"})
            QVERIFY(QFile::copy(kSource + "/data/" + f, m_tmp.path() + "/data/" + f));
        QVERIFY(QDir().mkpath(m_tmp.path() + "/data/drone"));
        for (const QString& f : QDir(kSource + "/data/drone").entryList({"*.tif"}, QDir::Files))
            QVERIFY(QFile::copy(kSource + "/data/drone/" + f, m_tmp.path() + "/data/drone/" + f));
        for (const char* d : {"icons", "layouts"})
            QVERIFY(QFile::link(kSource + "/styles/" + d, m_tmp.path() + "/styles/" + d));
        for (const QString& f : QDir(kSource + "/styles").entryList({"*.json"}, QDir::Files))
            QVERIFY(QFile::copy(kSource + "/styles/" + f, m_tmp.path() + "/styles/" + f));
        m_project = m_tmp.path() + "/data/dakhiliyah.json";
        g_trustedStyles = (m_tmp.path() + "/styles").toStdString();
        QVERIFY(QFile::copy(kSource + "/data/dakhiliyah.json", m_project));
        QFile::setPermissions(m_project, QFile::ReadOwner | QFile::WriteOwner);
    }

private slots:
    void init() { copySample(); }

    void unchangedSampleIsWrittenBackAsItWas()
    {
        const QByteArray before = readBytes(m_project);
        Project p = Project::load(m_project.toStdString(), trust());
        p.loadData();
        p.save(m_project.toStdString());
        QCOMPARE(differences(QJsonDocument::fromJson(before).object(), readJson(m_project)), QStringList());
        QCOMPARE(readBytes(m_project), before); // formatting kept too
        // A second save measures from what the first wrote.
        p.save(m_project.toStdString());
        QCOMPARE(readBytes(m_project), before);
    }

    void keysTheModelDoesNotHoldSurvive()
    {
        // What the model does not keep as written: description, version, a style's description, colours by name
        // and with alpha, shorthand strokes and fills, lengths with units, defaults left out, integers.
        const QByteArray text = R"json({
  "description": "kept, not part of the model",
  "comment": "a key this program does not know: kept as written",
  "x_department": {"name": "Planning", "codes": [1, 2]},
  "version": 1,
  "title": "T",
  "extent": [416000, 2322000, 679000, 2617000],
  "background": "white",
  "layers": [
    {"source": "dakhiliyah.gpkg", "layer": "towns",
     "style": {"description": "inline", "renderer": {"type": "single",
               "symbol": {"fill": "rgba(255, 0, 0, 0.5)", "stroke": "navy", "size": "3mm"}},
               "labels": {"text": "name_en", "color": "#11223380"}}},
    {"name": "roads", "source": "dakhiliyah.gpkg", "layer": "roads", "visible": true, "x_owner": "MoH",
     "style": {"renderer": {"type": "single", "symbol": {"stroke": {"color": "none", "width": "0.4mm"}}}}}
  ]
})json";
        const QString path = m_tmp.path() + "/data/custom.json";
        writeBytes(path, text);
        Project p = Project::load(path.toStdString(), trust());
        p.loadData();
        const QString out = m_tmp.path() + "/data/custom-saved.json";
        p.save(out.toStdString());
        QCOMPARE(differences(QJsonDocument::fromJson(text).object(), readJson(out)), QStringList());

        // One change: the second layer's visibility. Only that key differs.
        p.layers[1].map.visible = false;
        p.save(out.toStdString());
        QCOMPARE(differences(QJsonDocument::fromJson(text).object(), readJson(out)), QStringList{"layers[1].visible"});
        // Off and on again before saving: no change, the key the file had stays as written.
        Project q = Project::load(path.toStdString(), trust());
        q.layers[1].map.visible = false;
        q.layers[1].map.visible = true;
        q.save(out.toStdString());
        QCOMPARE(differences(QJsonDocument::fromJson(text).object(), readJson(out)), QStringList());
    }

    void oneChangeChangesOneKey_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("visibility") << "visibility" << QStringList{"layers[3].visible"};
        QTest::newRow("title") << "title" << QStringList{"title"};
        QTest::newRow("layer title") << "layer title" << QStringList{"layers[5].title_ar"};
        QTest::newRow("print extent") << "extent" << QStringList{"extent[0]"};
        QTest::newRow("view") << "view" << QStringList{"view"};
        QTest::newRow("credits") << "credits" << QStringList{"credits_ar"};
    }
    void oneChangeChangesOneKey()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expected);
        const QJsonObject before = readJson(m_project);
        Project p = Project::load(m_project.toStdString(), trust());
        p.loadData();
        if (change == "visibility")
            p.layers[3].map.visible = false;
        else if (change == "title")
            p.title = "Changed";
        else if (change == "layer title")
            p.layers[5].map.titleAr = "طرق";
        else if (change == "extent")
            p.extent.minX = 420000;
        else if (change == "view")
            p.view = Box(500000, 2400000, 560000, 2450000);
        else if (change == "credits")
            p.creditsAr = "البيانات: مصادر أخرى";
        p.save(m_project.toStdString());
        const QJsonObject after = readJson(m_project);
        QCOMPARE(differences(before, after), expected);
        if (change == "view") {
            QCOMPARE(after["view"].toObject()["extent"].toArray(), (QJsonArray{500000, 2400000, 560000, 2450000}));
            const Project again = Project::load(m_project.toStdString(), trust());
            QCOMPARE(again.view, Box(500000, 2400000, 560000, 2450000));
            QCOMPARE(again.extent, Box(416000, 2322000, 679000, 2617000)); // the print extent is not the view
        }
        if (change == "credits") {
            const Project again = Project::load(m_project.toStdString(), trust());
            QCOMPARE(again.creditsAr, std::string("البيانات: مصادر أخرى"));
            QVERIFY(again.credits.find("GeoNames, CC BY 4.0") != std::string::npos); // the other language kept
        }
    }

    void layersReorderedRemovedAndAddedKeepTheirObjects()
    {
        const QJsonObject before = readJson(m_project);
        const QJsonArray layersBefore = before["layers"].toArray();
        Project p = Project::load(m_project.toStdString(), trust());
        std::swap(p.layers[1], p.layers[2]);
        p.layers.erase(p.layers.begin() + 4); // wilayat
        ProjectLayer added;
        added.map.name = "extra";
        added.source = "dakhiliyah.gpkg";
        added.layer = "towns";
        p.layers.push_back(added);
        p.save(m_project.toStdString());
        const QJsonObject after = readJson(m_project);
        const QJsonArray layers = after["layers"].toArray();
        QCOMPARE(layers.size(), layersBefore.size());
        QCOMPARE(layers.at(0), layersBefore.at(0));
        QCOMPARE(layers.at(1), layersBefore.at(2));
        QCOMPARE(layers.at(2), layersBefore.at(1));
        QCOMPARE(layers.at(3), layersBefore.at(3));
        const int last = static_cast<int>(layers.size()) - 1;
        for (int i = 4; i < last; ++i)
            QCOMPARE(layers.at(i), layersBefore.at(i + 1));
        QCOMPARE(layers.at(last).toObject()["name"].toString(), QString("extra"));
        QCOMPARE(layers.at(last).toObject()["layer"].toString(), QString("towns"));
        QJsonObject rest = after, restBefore = before;
        rest.remove("layers");
        restBefore.remove("layers");
        QCOMPARE(rest, restBefore);
        // The saved file reads back with the new order.
        const Project again = Project::load(m_project.toStdString(), trust());
        QCOMPARE(again.layers[1].map.name, std::string("hillshade"));
        QCOMPARE(again.layers.back().map.name, std::string("extra"));
    }

    void styleFilesAreWrittenOnlyWhenTheirStyleChanged()
    {
        const QString towns = m_tmp.path() + "/styles/towns.json", projects = m_tmp.path() + "/styles/projects.json";
        const QByteArray townsBefore = readBytes(towns), projectsBefore = readBytes(projects);
        const ino_t townsInode = inode(towns), projectsInode = inode(projects);
        Project p = Project::load(m_project.toStdString(), trust());
        p.loadData();
        p.save(m_project.toStdString());
        QCOMPARE(inode(towns), townsInode); // not even rewritten with the same bytes
        QCOMPARE(inode(projects), projectsInode);

        // The projects style changes one category's size: its file gets that key and keeps the rest as written.
        auto& pl = layerNamed(p, "projects");
        QCOMPARE(pl.map.name, std::string("projects"));
        pl.map.style.renderer.categories[1].symbol.size.value = 24;
        p.save(m_project.toStdString());
        QCOMPARE(inode(towns), townsInode);
        QCOMPARE(readBytes(towns), townsBefore);
        QCOMPARE(differences(QJsonDocument::fromJson(projectsBefore).object(), readJson(projects)),
            QStringList{"renderer.categories[1].symbol.size"});
        QCOMPARE(readJson(projects)["description"].toString(), QString("Construction projects by status (synthetic data)."));
        // The project file itself did not change: the layer still names the same style file.
        QCOMPARE(differences(QJsonDocument::fromJson(readBytes(kSource + "/data/dakhiliyah.json")).object(), readJson(m_project)),
            QStringList());
        Project reread = Project::load(m_project.toStdString(), trust());
        QCOMPARE(layerNamed(reread, "projects").map.style.renderer.categories[1].symbol.size.value, 24.0);
    }

    void inlineStyleChangeChangesOnlyThatValue()
    {
        const QByteArray text = R"json({"title": "T", "layers": [
  {"name": "towns", "source": "dakhiliyah.gpkg", "layer": "towns",
   "style": {"renderer": {"type": "categorized", "field": "type", "categories": [
       {"value": "city", "symbol": {"fill": "gold", "size": 9}},
       {"value": "town", "symbol": {"fill": "orange", "size": 6}}]}}}]})json";
        const QString path = m_tmp.path() + "/data/inline.json";
        writeBytes(path, text);
        Project p = Project::load(path.toStdString(), trust());
        p.layers[0].map.style.renderer.categories[1].symbol.size.value = 7;
        p.save(path.toStdString());
        QCOMPARE(differences(QJsonDocument::fromJson(text).object(), readJson(path)),
            QStringList{"layers[0].style.renderer.categories[1].symbol.size"});
    }

    void viewIsStoredApartFromThePrintExtent()
    {
        // What the viewer did on Ctrl+S: the window's view (all of Oman) written over "extent". Now it goes to
        // "view", and gis export-map prints the same frame as before.
        const Box printedBefore = printedExtent(m_project.toStdString());
        Project p = Project::load(m_project.toStdString(), trust());
        p.loadData();
        p.view = Box(100000, 1800000, 1000000, 2800000);
        p.save(m_project.toStdString());
        const Box printedAfter = printedExtent(m_project.toStdString());
        QCOMPARE(printedAfter, printedBefore);
        QVERIFY(printedBefore.width() < 400000); // Ad Dakhiliyah, not Oman
        QCOMPARE(readJson(m_project)["extent"].toArray(), (QJsonArray{416000, 2322000, 679000, 2617000}));
    }

    void badViewIsReportedWithItsPath()
    {
        const QString path = m_tmp.path() + "/data/badview.json";
        writeBytes(path, R"json({"layers": [], "view": {"extent": [1, 2, 3]}})json");
        try {
            Project::load(path.toStdString(), trust());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("view.extent"), e.what());
        }
    }

    void failedSaveLeavesEveryFileIntact()
    {
        // Two layers name the same style file with different styles: nothing may be written.
        const QString projects = m_tmp.path() + "/styles/projects.json";
        const QByteArray projectBefore = readBytes(m_project), styleBefore = readBytes(projects);
        Project p = Project::load(m_project.toStdString(), trust());
        ProjectLayer& inspections = layerNamed(p, "inspections");
        ProjectLayer& projectsLayer = layerNamed(p, "projects");
        inspections.styleFile = projectsLayer.styleFile;
        inspections.styleOrigin = projectsLayer.styleOrigin;
        projectsLayer.map.style.opacity = 0.5;
        p.title = "changed";
        QVERIFY_THROWS_EXCEPTION(Error, p.save(m_project.toStdString()));
        QCOMPARE(readBytes(m_project), projectBefore);
        QCOMPARE(readBytes(projects), styleBefore);
    }
};

QTEST_MAIN(TestProjectSave)
#include "tst_projectsave.moc"
