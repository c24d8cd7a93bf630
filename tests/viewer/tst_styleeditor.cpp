// The style editor driven through its widgets on the offscreen platform: marker shape, dashes, fill pattern,
// opacity and scale ranges reach the live preview (the document's style) and the saved style file, read back by
// gis::readStyleFile as the independent reader.

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "gis/render/stylejson.h"
#include "language.h"
#include "mainwindow.h"
#include "mapdocument.h"
#include "styleeditor.h"

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
        const gis::LayerStyle& live = doc->layer(towns)->style;
        QCOMPARE(live.renderer.kind, gis::Renderer::Kind::RuleBased);
        QCOMPARE(live.renderer.rules.size(), std::size_t(1));
        QCOMPARE(live.renderer.rules[0].symbol.marker, gis::Symbol::Marker::Star);
        QCOMPARE(live.renderer.rules[0].maxScale, 50000.0);
        QCOMPARE(live.maxScale, 500000.0);

        const QString file = m_tmp.filePath("towns-rules.json");
        QVERIFY(dialog.saveStyle(file));
        const gis::LayerStyle back = gis::readStyleFile(file.toStdString(), doc->layer(towns)->vector.get());
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
        const gis::LayerStyle back = gis::readStyleFile(file.toStdString(), doc->layer(towns)->vector.get());
        QCOMPARE(back.renderer.symbol.marker, gis::Symbol::Marker::Svg);
        QCOMPARE(QFileInfo(back.renderer.symbol.icon).fileName(), QString("school.svg"));
        dialog.reject();
    }
};

QTEST_MAIN(TestStyleEditor)
#include "tst_styleeditor.moc"
