// The style editor driven through its widgets on the offscreen platform: marker shape, dashes, fill pattern,
// opacity and scale ranges reach the live preview (the document's style) and the saved style file, read back by
// gis::readStyleFile as the independent reader.

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "support/jsonsupport.h"
#include "gis/project/stylejson.h"
#include "map/mapdocument.h"
#include "style/styleeditordialog.h"

using namespace viewer;

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

template <class T>
T* child(QObject* parent, const char* name)
{
    T* w = parent->findChild<T*>(name);
    if (!w)
        qWarning("no widget named %s", name);
    return w;
}

QJsonObject readJsonObject(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

QString jsonText(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace

class TestStyleEditor : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;

private slots:
    void initTestCase()
    {
        applyLanguage("en");
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        m_w = std::make_unique<MainWindow>(options);
        QVERIFY(m_w->openProject(kProject));
    }
    void cleanupTestCase() { m_w.reset(); }

    void markerAndRuleScaleAreAppliedAndSaved()
    {
        MapDocument* doc = m_w->document();
        const int towns = doc->findByName("towns");
        QVERIFY(towns >= 0);
        StyleEditorDialog dialog(doc, towns);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* kind = child<QComboBox>(&dialog, "rendererKind");
        QVERIFY(kind);
        kind->setCurrentIndex(3); // rule-based
        auto* addRule = child<QPushButton>(&dialog, "addRule");
        QVERIFY(addRule && addRule->isVisible());
        QTest::mouseClick(addRule, Qt::LeftButton);
        auto* table = child<QTableWidget>(&dialog, "classTable");
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(!table->isColumnHidden(4));
        table->item(0, 3)->setText("1000");
        table->item(0, 4)->setText("50000");

        auto* marker = child<QComboBox>(&dialog, "markerShape");
        QVERIFY(marker);
        marker->setCurrentIndex(static_cast<int>(gis::Symbol::Marker::Star));
        QVERIFY(!child<QLineEdit>(&dialog, "markerIcon")->isEnabled()); // only for SVG icons
        child<QDoubleSpinBox>(&dialog, "markerSize")->setValue(11);
        child<QLineEdit>(&dialog, "lineDashes")->setText("4 2");
        child<QComboBox>(&dialog, "fillPattern")->setCurrentIndex(static_cast<int>(gis::Fill::Pattern::DiagonalCross));
        child<QDoubleSpinBox>(&dialog, "symbolOpacity")->setValue(0.5);
        child<QDoubleSpinBox>(&dialog, "layerMaxScale")->setValue(500000);
        child<QDoubleSpinBox>(&dialog, "labelMinScale")->setValue(2000);
        child<QDoubleSpinBox>(&dialog, "labelMaxScale")->setValue(80000);

        // Apply (OK previews, then accepts): the live style of the document has it all.
        auto* buttons = child<QDialogButtonBox>(&dialog, "buttons");
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const gis::LayerStyle& live = doc->layer(towns)->map.style;
        QCOMPARE(live.renderer.kind, gis::Renderer::Kind::RuleBased);
        QCOMPARE(live.renderer.rules.size(), std::size_t(1));
        QCOMPARE(live.renderer.rules[0].symbol.marker, gis::Symbol::Marker::Star);
        QCOMPARE(live.renderer.rules[0].maxScale, 50000.0);
        QCOMPARE(live.maxScale, 500000.0);

        const QString file = m_tmp.filePath("towns-rules.json");
        QVERIFY(dialog.saveStyle(file));
        const gis::LayerStyle back = gis::readStyleFile(file.toStdString(), doc->layer(towns)->map.vector.get());
        QCOMPARE(back.renderer.kind, gis::Renderer::Kind::RuleBased);
        QCOMPARE(back.renderer.rules.size(), std::size_t(1));
        const gis::Renderer::Rule& rule = back.renderer.rules[0];
        QCOMPARE(rule.symbol.marker, gis::Symbol::Marker::Star);
        QCOMPARE(rule.minScale, 1000.0);
        QCOMPARE(rule.maxScale, 50000.0);
        QCOMPARE(rule.symbol.stroke.dashes, (std::vector<double>{4, 2}));
        QCOMPARE(rule.symbol.fill.pattern, gis::Fill::Pattern::DiagonalCross);
        QCOMPARE(rule.symbol.opacity, 0.5);
        QCOMPARE(back.renderer.symbol.marker, gis::Symbol::Marker::Star);
        QCOMPARE(back.renderer.symbol.size.value, 11.0);
        QCOMPARE(back.minScale, 0.0);
        QCOMPARE(back.maxScale, 500000.0);
        QCOMPARE(back.labels.minScale, 2000.0);
        QCOMPARE(back.labels.maxScale, 80000.0);
    }

    // The property: opening the editor on a style and pressing OK without touching anything gives back the same
    // style (styleToJson is the comparison: what a save would write), keeps its style file and leaves the project
    // unmodified. Over every style in styles/, every inline style of the sample project, and the inputs that
    // broke it (named and translucent colours, lengths in mm, values finer than the controls show, rule outlines).
    void okWithoutEditsChangesNothing_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("file");  // a style file, or "" for `inline`
        QTest::addColumn<QByteArray>("inlineStyle");
        const QString styles = GIS_SOURCE_DIR "/styles";
        int files = 0;
        for (const QString& name : QDir(styles).entryList({"*.json"}, QDir::Files)) {
            const QString layer = QFileInfo(name).completeBaseName();
            if (layer == "hillshade")
                continue; // a raster style: the editor is for vector layers
            QTest::newRow(qPrintable("styles/" + name)) << layer << styles + "/" + name << QByteArray();
            ++files;
        }
        QVERIFY(files >= 8);
        const QJsonArray layers = readJsonObject(kProject)["layers"].toArray();
        QVERIFY(!layers.isEmpty());
        for (const QJsonValue& v : layers) {
            const QJsonObject l = v.toObject();
            if (l["style"].isObject() && l.contains("layer"))
                QTest::newRow(qPrintable("dakhiliyah.json " + l["name"].toString())) << l["layer"].toString() << QString()
                                                                                   << QJsonDocument(l["style"].toObject()).toJson();
        }
        QTest::newRow("rules with named and translucent colours") << "towns" << QString() << QByteArray("{ "
            "\"opacity\": 0.333, \"min_scale\": 12500.5, "
            "\"renderer\": {\"type\": \"rule_based\", \"rules\": [ "
            "{\"label\": \"cities\", \"filter\": \"governorate = 'Ad Dakhiliyah'\", \"min_scale\": 1234.5, "
            "\"symbol\": {\"marker\": \"square\", \"size\": \"2.125mm\", \"fill\": \"rgba(10, 20, 30, 0.5) \", "
            "\"stroke\": {\"color\": \"white\", \"width\": 0.125, \"dashes\": [1.5, 0.75]}, \"opacity\": 0.333}}, "
            "{\"label\": \"other\", \"else\": true, \"symbol\": {\"fill\": \"gold\", \"stroke\": \"#11223380\"}}]}, "
            "\"labels\": {\"text\": \"name_en\", \"size\": \"3.25mm\", \"color\": \"navy\", \"halo_color\": \"#ffffff80\", \"min_scale\": 100.5}}");
        QTest::newRow("categories with their own outlines") << "projects" << QString() << QByteArray("{ "
            "\"renderer\": {\"type\": \"categorized\", \"field\": \"status\", "
            "\"categories\": [ "
            "{\"value\": \"completed\", \"symbol\": {\"marker\": \"circle\", \"size\": 70, \"fill\": \"transparent\", \"stroke\": {\"color\": \"#00800040\", \"width\": 25}}}, "
            "{\"value\": \"in_progress\", \"symbol\": {\"marker\": \"triangle\", \"fill\": \"orange\", \"stroke\": \"crimson\"}}], "
            "\"other\": {\"fill\": \"#80808080\", \"stroke\": \"none\"}}}");
        QTest::newRow("single symbol without a field") << "parcels" << QString() << QByteArray("{ "
            "\"renderer\": {\"type\": \"single\", \"symbol\": {\"fill\": {\"color\": \"#ff000033\", \"pattern\": \"forward_diagonal\", "
            "\"spacing\": \"1.5mm\", \"line_width\": 0.3}, \"stroke\": {\"color\": \"darkgreen\", \"width\": \"0.15mm\", \"cap\": \"flat\", \"join\": \"miter\"}}}}");
    }
    void okWithoutEditsChangesNothing()
    {
        QFETCH(QString, layer);
        QFETCH(QString, file);
        QFETCH(QByteArray, inlineStyle);
        MapDocument* doc = m_w->document();
        const int id = doc->findByName(layer);
        QVERIFY2(id >= 0, qPrintable(layer));
        const gis::Layer* data = doc->layer(id)->map.vector.get();
        QVERIFY(data);
        const gis::LayerStyle style = file.isEmpty()
            ? gis::parseStyle(gis::test::fromQt(QJsonDocument::fromJson(inlineStyle).object()), "test", GIS_SOURCE_DIR "/styles", data)
            : gis::readStyleFile(file.toStdString(), data);
        doc->setStyle(id, style, file.toStdString());
        doc->setModified(false);
        const QJsonObject before = gis::test::toQt(gis::styleToJson(doc->layer(id)->map.style));

        StyleEditorDialog dialog(doc, id);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(child<QDialogButtonBox>(&dialog, "buttons")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        QCOMPARE(jsonText(gis::test::toQt(gis::styleToJson(doc->layer(id)->map.style))), jsonText(before));
        QCOMPARE(QString::fromStdString(doc->styleFilePath(id)), file); // still the style file, not inline
        QVERIFY(!doc->isModified());
    }

    void cancelAfterEditsLeavesTheProjectUnmodified()
    {
        MapDocument* doc = m_w->document();
        const int towns = doc->findByName("towns");
        const std::string file = GIS_SOURCE_DIR "/styles/towns.json";
        doc->setStyle(towns, gis::readStyleFile(file, doc->layer(towns)->map.vector.get()), file);
        doc->setModified(false);
        const QJsonObject before = gis::test::toQt(gis::styleToJson(doc->layer(towns)->map.style));
        StyleEditorDialog dialog(doc, towns);
        child<QDoubleSpinBox>(&dialog, "markerSize")->setValue(31);
        QTest::mouseClick(child<QDialogButtonBox>(&dialog, "buttons")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(doc->isModified()); // an edit confirmed is a change to save
        QCOMPARE(doc->layer(towns)->map.style.renderer.symbol.size.value, 31.0);
        QVERIFY(doc->styleFilePath(towns).empty()); // saved inline with the project

        doc->setStyle(towns, gis::readStyleFile(file, doc->layer(towns)->map.vector.get()), file);
        doc->setModified(false);
        StyleEditorDialog again(doc, towns);
        child<QDoubleSpinBox>(&again, "markerSize")->setValue(29);
        QTest::mouseClick(child<QDialogButtonBox>(&again, "buttons")->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QCOMPARE(jsonText(gis::test::toQt(gis::styleToJson(doc->layer(towns)->map.style))), jsonText(before));
        QCOMPARE(doc->styleFilePath(towns), file);
        QVERIFY(!doc->isModified());
    }

    void svgIconFromTheIconFolder()
    {
        const QString folder = StyleEditorDialog::defaultIconFolder();
        QVERIFY2(folder.endsWith("styles/icons") && QDir(folder).exists(), qPrintable(folder));
        MapDocument* doc = m_w->document();
        const int towns = doc->findByName("towns");
        StyleEditorDialog dialog(doc, towns);
        dialog.setRendererKind(0);
        child<QComboBox>(&dialog, "markerShape")->setCurrentIndex(static_cast<int>(gis::Symbol::Marker::Svg));
        auto* icon = child<QLineEdit>(&dialog, "markerIcon");
        QVERIFY(icon->isEnabled());
        icon->setText(folder + "/school.svg");
        const QString file = m_tmp.filePath("towns-icon.json");
        QVERIFY(dialog.saveStyle(file));
        const gis::LayerStyle back = gis::readStyleFile(file.toStdString(), doc->layer(towns)->map.vector.get());
        QCOMPARE(back.renderer.symbol.marker, gis::Symbol::Marker::Svg);
        QCOMPARE(QFileInfo(QString::fromStdString(back.renderer.symbol.icon)).fileName(), QString("school.svg"));
        dialog.reject();
    }
};

QTEST_MAIN(TestStyleEditor)
#include "tst_styleeditor.moc"
