// Forms in the viewer (viewer/forms/): the health-inspection form that opens after a point is added to the
// sample's `inspections` layer, filled as a user fills it, Save refused while a hard constraint is broken (the
// message in English and in Arabic), then saved, Ctrl+S, and the row read back with ogrinfo (the oracle); Cancel
// takes the point back; a _data() table of the widget types round-tripping a value; the read-only form in identify;
// cells of the attribute table edited through the session (undo, a hard constraint refused, a soft one warned);
// and a benchmark of building a form of 100 fields with 20 value maps and 5 value relations.

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "edit/digitizetool.h"
#include "edit/editcontroller.h"
#include "forms/featureform.h"
#include "forms/featureformdialog.h"
#include "forms/formregistry.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/project/json.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "panels/attributemodel.h"
#include "panels/attributepanel.h"
#include "panels/identifypanel.h"
#include "support/testsupport.h"

using namespace viewer;

Q_DECLARE_METATYPE(gis::FieldValue)

namespace {

/// JSON written with ` for " (moc does not read raw string literals).
std::string q(std::string text)
{
    std::replace(text.begin(), text.end(), '`', '"');
    return text;
}

/// The values of the last row of `table` as ogrinfo prints them: field -> text ("(null)" for null).
std::map<QString, QString> ogrLastRow(const QString& gpkg, const QString& table)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", gpkg, "-sql",
        QStringLiteral("SELECT * FROM %1 ORDER BY fid DESC LIMIT 1").arg(table)});
    std::map<QString, QString> out;
    static const QRegularExpression line(QStringLiteral("^\\s+(\\w+) \\([^)]*\\) = (.*)$"), QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(QString::fromUtf8(r.out)); it.hasNext();) {
        const auto m = it.next();
        out[m.captured(1)] = m.captured(2);
    }
    return out;
}

int ogrCount(const QString& gpkg, const QString& table)
{
    const auto c = gis::test::runTool("ogrinfo", {"-ro", "-so", gpkg, table});
    const int k = c.out.indexOf("Feature Count: ");
    return k < 0 ? -1 : c.out.mid(k + 15, c.out.indexOf('\n', k) - k - 15).toInt();
}

const char* const kWidgetFields[] = {"t", "m", "i", "d", "vm", "vmi", "vr", "dt", "dtm", "cb"};

/// A form with one field of each widget type, over a layer with those fields (and a relation to 3 wilayat).
std::shared_ptr<const LayerForm> widgetForm()
{
    const std::vector<gis::FieldInfo> fields = {{"t", gis::FieldType::String}, {"m", gis::FieldType::String},
        {"i", gis::FieldType::Integer}, {"d", gis::FieldType::Real}, {"vm", gis::FieldType::String},
        {"vmi", gis::FieldType::Integer}, {"vr", gis::FieldType::String}, {"dt", gis::FieldType::Date},
        {"dtm", gis::FieldType::DateTime}, {"cb", gis::FieldType::Boolean}};
    const gis::Json json = gis::parseJson(q("{`items`: [\n"
        "        {`field`: `t`}, {`field`: `m`, `widget`: `multiline`},\n"
        "        {`field`: `i`, `widget`: `integer`, `min`: 0, `max`: 100, `step`: 5},\n"
        "        {`field`: `d`, `widget`: `decimal`, `min`: -10, `max`: 10, `step`: 0.5},\n"
        "        {`group`: `g`, `tab`: true, `label_en`: `Codes`, `items`: [\n"
        "          {`field`: `vm`, `widget`: `value_map`, `values`: [{`code`: `pass`, `label_en`: `Pass`, `label_ar`: `ناجح`},\n"
        "                                                             {`code`: `fail`, `label_en`: `Fail`, `label_ar`: `راسب`}]},\n"
        "          {`field`: `vmi`, `widget`: `value_map`, `values`: [{`code`: 1, `label_en`: `One`, `label_ar`: `واحد`},\n"
        "                                                              {`code`: 2, `label_en`: `Two`, `label_ar`: `اثنان`}]},\n"
        "          {`field`: `vr`, `widget`: `value_relation`, `relation`: {`layer`: `wilayat`, `key`: `name_en`, `label_ar`: `name_ar`}}]},\n"
        "        {`group`: `h`, `label_en`: `When`, `items`: [\n"
        "          {`field`: `dt`, `widget`: `date`}, {`field`: `dtm`, `widget`: `datetime`}, {`field`: `cb`, `widget`: `checkbox`}]}\n"
        "    ]}"), "test");
    gis::AttributeTable t;
    t.addColumn("name_en", gis::FieldType::String);
    t.addColumn("name_ar", gis::FieldType::String);
    gis::GeometryColumn g;
    for (const auto& [en, ar] : {std::pair{"Nizwa", "نزوى"}, std::pair{"Bahla", "بهلاء"}, std::pair{"Izki", "إزكي"}}) {
        t.column(0).appendString(en);
        t.column(1).appendString(ar);
        g.appendPoint(57, 23);
    }
    auto wilayat = std::make_shared<const gis::Layer>("wilayat", gis::Crs::fromEpsg(4326), gis::GeometryType::Point,
        std::move(g), std::move(t));
    gis::FormContext context;
    context.layer = [wilayat](const std::string& name) { return name == "wilayat" ? wilayat : nullptr; };
    auto form = std::make_shared<LayerForm>();
    form->prepared = gis::PreparedForm::prepare(gis::parseForm(json, "form"), fields, gis::Crs::fromEpsg(4326), context, "test");
    form->relationChoices["vr"] = {{"Nizwa", "Nizwa", "نزوى"}, {"Bahla", "Bahla", "بهلاء"}, {"Izki", "Izki", "إزكي"}};
    return form;
}

/// What an editor shows (its text as the user reads it).
QString shown(QWidget* w)
{
    if (auto* e = qobject_cast<QLineEdit*>(w))
        return e->text();
    if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        return e->toPlainText();
    if (auto* e = qobject_cast<QAbstractSpinBox*>(w))
        return e->text().trimmed();
    if (auto* e = qobject_cast<QComboBox*>(w))
        return e->currentText();
    if (auto* e = qobject_cast<QCheckBox*>(w))
        return e->isChecked() ? "checked" : "unchecked";
    return {};
}

} // namespace

class TestFeatureForm : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    QString m_gpkg;
    std::unique_ptr<MainWindow> m_w;
    int m_inspections = -1;

    MapCanvas* canvas() { return m_w->canvas(); }
    MapDocument* doc() { return m_w->document(); }
    EditController* edits() { return m_w->edits(); }

    /// Clicks the add-point tool at a longitude/latitude; returns the form dialog that opens.
    FeatureFormDialog* addPointAt(double lon, double lat)
    {
        const gis::Coord map = gis::Transformer(gis::Crs::fromEpsg(4326), doc()->crs()).transform({lon, lat});
        canvas()->setExtent({map.x - 150, map.y - 150, map.x + 150, map.y + 150});
        QTest::qWait(20);
        m_w->action("actionAddPoint")->trigger();
        m_w->action("actionSnapping")->setChecked(false);
        const QPoint p = canvas()->mapToWidget(map).toPoint();
        QTest::mouseMove(canvas(), p);
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, p);
        FeatureFormDialog* dialog = nullptr;
        // The form opens from the event loop once the click is over (a queued signal).
        for (int i = 0; i < 50 && !dialog; ++i) {
            QCoreApplication::processEvents();
            dialog = m_w->findChild<FeatureFormDialog*>();
        }
        return dialog;
    }

    /// The mean x of a widget's dark pixels (its text), from a grab of it.
    static double inkCentreX(QWidget* w)
    {
        const QImage image = w->grab().toImage().convertToFormat(QImage::Format_RGB32);
        double sum = 0, count = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (qGray(image.pixel(x, y)) < 110) {
                    sum += x;
                    ++count;
                }
        return count > 0 ? sum / count / image.devicePixelRatio() : -1;
    }

    template <class W> W* field(FeatureFormDialog* d, const char* name)
    {
        return qobject_cast<W*>(d->form()->editor(QString::fromLatin1(name)));
    }

    static void choose(QComboBox* combo, const QString& code)
    {
        const int at = combo->findData(code);
        QVERIFY2(at >= 0, qPrintable(code));
        combo->setCurrentIndex(at);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("ogrinfo"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        const QString folder = m_tmp.filePath("sample");
        QDir().mkpath(folder + "/data");
        for (const char* f : {"dakhiliyah.gpkg", "nizwa_dem.tif"})
            QVERIFY(QFile::copy(GIS_SOURCE_DIR "/data/" + QString(f), folder + "/data/" + f));
        QFile::link(GIS_SOURCE_DIR "/styles", folder + "/styles");
        gis::test::writeFile(folder + "/data/dakhiliyah.json", gis::test::readFile(GIS_SOURCE_DIR "/data/dakhiliyah.json"));
        m_gpkg = folder + "/data/dakhiliyah.gpkg";
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        m_w = std::make_unique<MainWindow>(options);
        m_w->resize(1280, 820);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QVERIFY(m_w->openProject(folder + "/data/dakhiliyah.json"));
        m_w->forms()->setInspectorName("Salim Al-Hinai");
        m_inspections = doc()->findByName("inspections");
        QVERIFY(m_inspections > 0);
        QVERIFY(m_w->setEditing(m_inspections, true));
    }

    void healthInspectionFormAfterAddingAPoint()
    {
        const std::size_t before = doc()->rows(m_inspections).count();
        const int storedBefore = ogrCount(m_gpkg, "inspections");
        FeatureFormDialog* d = addPointAt(57.5245, 22.945);
        QVERIFY(d);
        QVERIFY(d->isVisible());
        QCOMPARE(doc()->rows(m_inspections).count(), before + 1); // the point shows meanwhile
        // The library's defaults: the inspector from the settings, today, the wilaya containing the point (ogrinfo
        // with SpatiaLite says which one it is).
        QCOMPARE(shown(field<QLineEdit>(d, "inspector")), QStringLiteral("Salim Al-Hinai"));
        QVERIFY(field<QLineEdit>(d, "inspector")->isReadOnly());
        QCOMPARE(field<QDateEdit>(d, "inspection_date")->date(), QDateTime::currentDateTimeUtc().date());
        const auto containing = gis::test::runTool("ogrinfo", {"-ro", "-q", m_gpkg, "-sql",
            "SELECT name_en FROM wilayat WHERE ST_Intersects(geom, MakePoint(57.5245, 22.945, 4326))"});
        QVERIFY(containing.out.contains("name_en (String) = Nizwa"));
        QCOMPARE(field<QComboBox>(d, "wilayat_en")->currentData().toString(), QStringLiteral("Nizwa"));
        // The establishment tab shows only for a health inspection.
        QVERIFY(!d->form()->isFieldVisible("establishment"));
        choose(field<QComboBox>(d, "type"), "health");
        QVERIFY(d->form()->isFieldVisible("establishment"));
        QCOMPARE(field<QComboBox>(d, "type")->currentText(), QStringLiteral("Health")); // the label, code stored
        // The establishment tab, shown now, comes first (the user has not picked a tab).
        QCOMPARE(d->findChild<QTabWidget*>()->currentWidget()->objectName(), QStringLiteral("establishment"));
        // Filled as an inspector types it.
        field<QLineEdit>(d, "establishment")->setFocus();
        QTest::keyClicks(field<QLineEdit>(d, "establishment"), "Nizwa Souq Cafe");
        QTest::keyClicks(field<QLineEdit>(d, "licence_no"), "HL-99871");
        choose(field<QComboBox>(d, "activity"), "cafe");
        field<QSpinBox>(d, "hygiene")->setValue(6);
        field<QSpinBox>(d, "score")->setValue(48);
        // Fail without a follow-up date: a hard constraint, Save refused with the message, the dialog stays.
        choose(field<QComboBox>(d, "result"), "fail");
        QVERIFY(d->form()->isFieldVisible("follow_up_date"));
        const QString followUpEn = "A follow-up date is required when the inspection is not passed";
        QCOMPARE(d->findChild<QLabel*>("follow_up_date_message")->text(), followUpEn);
        QVERIFY(d->form()->hasHardViolations());
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QVERIFY(d->isVisible());
        QVERIFY2(d->refusal().contains(followUpEn), qPrintable(d->refusal()));
        // Fixed: a follow-up in two weeks. Save writes the values in the same undo step as the insert.
        const QDate followUp = QDateTime::currentDateTimeUtc().date().addDays(14);
        field<QDateEdit>(d, "follow_up_date")->setDate(followUp);
        QVERIFY(!d->form()->hasHardViolations());
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        gis::EditSession* session = edits()->session(m_inspections);
        QCOMPARE(session->undoCount(), std::size_t(1));
        QCOMPARE(doc()->rows(m_inspections).count(), before + 1);
        QVERIFY(session->issues().empty());
        // One undo takes the whole feature back; redo brings it with its values.
        m_w->action("actionUndoEdit")->trigger();
        QCOMPARE(doc()->rows(m_inspections).count(), before);
        m_w->action("actionRedoEdit")->trigger();
        QCOMPARE(doc()->rows(m_inspections).count(), before + 1);
        // Ctrl+S commits; ogrinfo reads the row.
        QCOMPARE(m_w->action("actionSaveEdits")->shortcut(), QKeySequence(QKeySequence::Save));
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
        QTest::keyClick(canvas(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!edits()->isModified(m_inspections));
        QCOMPARE(ogrCount(m_gpkg, "inspections"), storedBefore + 1);
        auto row = ogrLastRow(m_gpkg, "inspections");
        QCOMPARE(row["type"], QStringLiteral("health"));
        QCOMPARE(row["establishment"], QStringLiteral("Nizwa Souq Cafe"));
        QCOMPARE(row["licence_no"], QStringLiteral("HL-99871"));
        QCOMPARE(row["activity"], QStringLiteral("cafe"));
        QCOMPARE(row["hygiene"], QStringLiteral("6"));
        QCOMPARE(row["score"], QStringLiteral("48"));
        QCOMPARE(row["result"], QStringLiteral("fail"));
        QCOMPARE(row["follow_up_date"], followUp.toString("yyyy/MM/dd"));
        QCOMPARE(row["inspection_date"], QDateTime::currentDateTimeUtc().date().toString("yyyy/MM/dd"));
        QCOMPARE(row["inspector"], QStringLiteral("Salim Al-Hinai"));
        QCOMPARE(row["wilayat_en"], QStringLiteral("Nizwa"));
        QCOMPARE(row["storage"], QStringLiteral("(null)")); // left blank
    }

    void cancelTakesTheNewPointBack()
    {
        const std::size_t before = doc()->rows(m_inspections).count();
        FeatureFormDialog* d = addPointAt(57.53, 22.95);
        QVERIFY(d);
        QCOMPARE(doc()->rows(m_inspections).count(), before + 1);
        QTest::mouseClick(d->findChild<QPushButton*>("formCancel"), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        QCOMPARE(doc()->rows(m_inspections).count(), before);
        QVERIFY(!edits()->isModified(m_inspections));
        QVERIFY(!edits()->session(m_inspections)->canUndo());
    }

    void arabicFormRefusesWithArabicMessage()
    {
        applyLanguage("ar");
        auto form = m_w->forms()->form(m_inspections);
        QVERIFY(form);
        gis::EditFeature f = gis::editFeatureFromLayer(*doc()->layer(m_inspections)->map.vector, 0);
        FeatureFormDialog d(form, f, nullptr, 0, nullptr, m_w.get());
        d.show();
        QCOMPARE(d.layoutDirection(), Qt::RightToLeft);
        QCOMPARE(d.windowTitle(), QStringLiteral("التفتيش الصحي"));
        choose(field<QComboBox>(&d, "type"), "health");
        QCOMPARE(field<QComboBox>(&d, "type")->currentText(), QStringLiteral("صحي"));
        choose(field<QComboBox>(&d, "result"), "conditional");
        field<QDateEdit>(&d, "follow_up_date")->setDate(field<QDateEdit>(&d, "follow_up_date")->minimumDate()); // blank
        QTest::mouseClick(d.saveButton(), Qt::LeftButton);
        QVERIFY(d.isVisible());
        QVERIFY2(d.refusal().contains(QStringLiteral("تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش")), qPrintable(d.refusal()));
        // Dates and numbers start at the reading side, as the text boxes beside them do: the ink of a date box
        // lies in its right half (Qt alone puts digits at the left in a right-to-left window).
        auto* inspected = field<QDateEdit>(&d, "inspection_date");
        inspected->setDate(QDate(2026, 12, 7));
        QCoreApplication::processEvents();
        QLineEdit* text = inspected->findChild<QLineEdit*>();
        QVERIFY(text);
        QVERIFY2(inkCentreX(text) > text->width() / 2.0,
            qPrintable(QString("the date's ink is centred at x=%1 of %2").arg(inkCentreX(text)).arg(text->width())));
        // Mirrored whole: every button lies inside the dialog (a message too wide for it once pushed Cancel off the
        // left edge in Arabic).
        QCoreApplication::processEvents();
        for (QPushButton* b : d.findChildren<QPushButton*>()) {
            if (!b->isVisibleTo(&d))
                continue;
            const QRect r(b->mapTo(&d, QPoint(0, 0)), b->size());
            QVERIFY2(d.rect().contains(r), qPrintable(QString("%1 at %2,%3 %4x%5 outside the %6x%7 dialog").arg(b->text())
                .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height()).arg(d.width()).arg(d.height())));
        }
        d.reject();
        applyLanguage("en");
    }

    void widgetRoundTrip_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<gis::FieldValue>("value");
        QTest::addColumn<QString>("shown");
        QTest::newRow("text") << "t" << gis::FieldValue(std::string("Souq")) << "Souq";
        QTest::newRow("text null") << "t" << gis::FieldValue() << "";
        QTest::newRow("multiline") << "m" << gis::FieldValue(std::string("two\nlines")) << "two\nlines";
        QTest::newRow("integer") << "i" << gis::FieldValue(std::int64_t(35)) << "35";
        QTest::newRow("integer null") << "i" << gis::FieldValue() << "";
        QTest::newRow("integer at min") << "i" << gis::FieldValue(std::int64_t(0)) << "0";
        QTest::newRow("decimal") << "d" << gis::FieldValue(-2.5) << "-2.50";
        QTest::newRow("decimal null") << "d" << gis::FieldValue() << "";
        QTest::newRow("value map") << "vm" << gis::FieldValue(std::string("fail")) << "Fail";
        QTest::newRow("value map null") << "vm" << gis::FieldValue() << "";
        QTest::newRow("value map unknown code") << "vm" << gis::FieldValue(std::string("maybe")) << "maybe";
        QTest::newRow("value map integer") << "vmi" << gis::FieldValue(std::int64_t(2)) << "Two";
        QTest::newRow("value relation") << "vr" << gis::FieldValue(std::string("Bahla")) << "Bahla";
        QTest::newRow("date") << "dt" << gis::FieldValue(std::int64_t(20089)) << "2025-01-01";
        QTest::newRow("date null") << "dt" << gis::FieldValue() << "";
        QTest::newRow("datetime") << "dtm" << gis::FieldValue(std::int64_t(1735720200000)) << "2025-01-01 08:30";
        QTest::newRow("checkbox on") << "cb" << gis::FieldValue(std::int64_t(1)) << "checked";
        QTest::newRow("checkbox off") << "cb" << gis::FieldValue(std::int64_t(0)) << "unchecked";
    }

    void widgetRoundTrip()
    {
        QFETCH(QString, field);
        QFETCH(gis::FieldValue, value);
        QFETCH(QString, shown);
        const auto form = widgetForm();
        gis::EditFeature f;
        f.values.resize(form->prepared->fields().size());
        std::size_t column = 0;
        while (form->prepared->fields()[column].name != field.toStdString())
            ++column;
        f.values[column] = value;
        FeatureForm w(form, f, false);
        QWidget* editor = w.editor(field);
        QVERIFY(editor);
        QCOMPARE(::shown(editor), shown);
        QVERIFY(w.feature().values[column] == value);
        // Read-only (identify) shows the same and edits nothing.
        FeatureForm ro(form, f, true);
        QCOMPARE(::shown(ro.editor(field)), shown);
        QVERIFY(!ro.editor(field)->isEnabled() || ro.editor(field)->property("readOnly").toBool());
        // Every widget type of the table has its editor.
        for (const char* name : kWidgetFields)
            QVERIFY2(w.editor(name), name);
    }

    void widgetsArabicLabelsAndValues()
    {
        applyLanguage("ar");
        const auto form = widgetForm();
        gis::EditFeature f;
        f.values.resize(form->prepared->fields().size());
        FeatureForm w(form, f, false);
        auto* vm = qobject_cast<QComboBox*>(w.editor("vm"));
        vm->setCurrentIndex(vm->findData("pass"));
        QCOMPARE(vm->currentText(), QStringLiteral("ناجح"));
        auto* vr = qobject_cast<QComboBox*>(w.editor("vr"));
        vr->setCurrentIndex(vr->findData("Izki"));
        QCOMPARE(vr->currentText(), QStringLiteral("إزكي"));
        QVERIFY(std::get<std::string>(w.feature().values[4]) == "pass");
        QVERIFY(std::get<std::string>(w.feature().values[6]) == "Izki");
        // The integer spin box keeps the form's range: 250 is clamped to 100.
        auto* i = qobject_cast<QSpinBox*>(w.editor("i"));
        i->setValue(250);
        QVERIFY(std::get<std::int64_t>(w.feature().values[2]) == 100);
        QCOMPARE(i->singleStep(), 5);
        applyLanguage("en");
    }

    void identifyShowsTheFormReadOnly()
    {
        const gis::Layer& layer = *doc()->layer(m_inspections)->map.vector;
        m_w->identifyPanel()->showHits({{m_inspections, 1}});
        FeatureForm* form = m_w->identifyPanel()->form();
        QVERIFY(form);
        auto* establishment = qobject_cast<QLineEdit*>(form->editor("establishment"));
        QVERIFY(establishment);
        QVERIFY(establishment->isReadOnly());
        QCOMPARE(establishment->text(), QString::fromStdString(layer.attributes().column("establishment").toString(1)));
        auto* result = qobject_cast<QComboBox*>(form->editor("result"));
        QCOMPARE(result->currentData().toString(), QString::fromStdString(layer.attributes().column("result").toString(1)));
        QVERIFY(!result->isEnabled());
        // A layer without a form: the list only.
        m_w->identifyPanel()->showHits({{doc()->findByName("parcels"), 0}});
        QVERIFY(!m_w->identifyPanel()->form());
    }

    void attributeTableEditsThroughTheSession()
    {
        AttributePanel* panel = m_w->attributePanel();
        panel->setLayer(m_inspections);
        AttributeModel* model = panel->model();
        QVERIFY(model->flags(model->index(0, 0)) & Qt::ItemIsEditable);
        const gis::Layer& layer = *doc()->layer(m_inspections)->map.vector;
        // A passed health inspection without a follow-up date (the sample's fid 2).
        int row = -1;
        for (std::size_t r = 0; r < layer.size(); ++r)
            if (layer.fid(r) == 2)
                row = static_cast<int>(r);
        QVERIFY(row >= 0);
        QCOMPARE(QString::fromStdString(layer.attributes().column("result").toString(static_cast<std::size_t>(row))), QStringLiteral("pass"));
        const int result = layer.attributes().indexOf("result");
        const int establishment = layer.attributes().indexOf("establishment");
        const int score = layer.attributes().indexOf("score");
        const std::size_t steps = edits()->session(m_inspections)->undoCount();
        // Hard: "fail" without a follow-up date is refused with the message, nothing edited.
        QVERIFY(!model->setData(model->index(row, result), "fail"));
        QVERIFY2(panel->editMessage().contains("A follow-up date is required when the inspection is not passed"),
            qPrintable(panel->editMessage()));
        QCOMPARE(edits()->session(m_inspections)->undoCount(), steps);
        // The interface switched to Arabic while editing: the same refusal now speaks Arabic.
        applyLanguage("ar");
        QVERIFY(!model->setData(model->index(row, result), "fail"));
        QVERIFY2(panel->editMessage().contains(QStringLiteral("تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش")),
            qPrintable(panel->editMessage()));
        // The session's own check (what a commit reports) follows the switch too: an edit that breaks the rule,
        // made past the table, is reported in the language of the moment.
        gis::EditSession* session = edits()->session(m_inspections);
        edits()->setAttribute(m_inspections, 2, static_cast<std::size_t>(result), gis::FieldValue(std::string("fail")));
        const auto issueText = [session] {
            QStringList all;
            for (const gis::EditIssue& i : session->issues())
                all << QString::fromStdString(i.message);
            return all.join("; ");
        };
        QVERIFY2(issueText().contains(QStringLiteral("تاريخ المتابعة مطلوب")), qPrintable(issueText()));
        applyLanguage("en");
        QVERIFY2(issueText().contains("A follow-up date is required"), qPrintable(issueText()));
        m_w->action("actionUndoEdit")->trigger();
        QVERIFY(session->issues().empty());
        QCOMPARE(edits()->session(m_inspections)->undoCount(), steps);
        // An accepted edit: one undo step, the table shows it, undo takes it back.
        QVERIFY(model->setData(model->index(row, establishment), "Al Noor Butchery & Sons"));
        QCOMPARE(edits()->session(m_inspections)->undoCount(), steps + 1);
        QTRY_COMPARE(model->data(model->index(row, establishment), Qt::DisplayRole).toString(), QStringLiteral("Al Noor Butchery & Sons"));
        m_w->action("actionUndoEdit")->trigger();
        QTRY_COMPARE(model->data(model->index(row, establishment), Qt::DisplayRole).toString(), QStringLiteral("Al Noor Butchery"));
        // Soft: a pass with a score of 40 is accepted with the warning.
        QVERIFY(model->setData(model->index(row, score), "40"));
        QVERIFY2(panel->editMessage().contains("A pass with a score below 60"), qPrintable(panel->editMessage()));
        QTRY_COMPARE(model->data(model->index(row, score), Qt::EditRole).toString(), QStringLiteral("40"));
        // Not a number: refused, naming the field.
        QVERIFY(!model->setData(model->index(row, score), "many"));
        QVERIFY(panel->editMessage().contains("score"));
        m_w->action("actionUndoEdit")->trigger();
        QVERIFY(!edits()->isModified(m_inspections));
        // Out of edit mode the table is read-only.
        QVERIFY(m_w->setEditing(m_inspections, false));
        QVERIFY(!(model->flags(model->index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(m_w->setEditing(m_inspections, true));
    }

    /// Building the widget of a form of 100 fields: 20 value maps of 30 entries, 5 value relations of 60 rows,
    /// the rest text, integers, decimals, dates and check boxes (the issue's goal: under 50 ms). A benchmark: run
    /// `tst_featureform formOf100Fields -iterations 20` for the figure.
    void formOf100Fields()
    {
        std::vector<gis::FieldInfo> fields;
        std::string items;
        const char* kinds[] = {"text", "integer", "decimal", "date", "checkbox"};
        for (int i = 0; i < 100; ++i) {
            const std::string name = "f" + std::to_string(i);
            std::string item = q("{`field`: `") + name + q("`, `label_en`: `Field ") + std::to_string(i) + q("`, `label_ar`: `حقل`");
            gis::FieldType type = gis::FieldType::String;
            if (i < 20) {
                item += q(", `widget`: `value_map`, `values`: [");
                for (int k = 0; k < 30; ++k)
                    item += std::string(k ? "," : "") + q("{`code`: `c") + std::to_string(k) + q("`, `label_en`: `Code ") + std::to_string(k) + q("`, `label_ar`: `رمز`}");
                item += "]";
            } else if (i < 25) {
                item += q(", `widget`: `value_relation`, `relation`: {`layer`: `places`, `key`: `code`, `label_ar`: `name_ar`}");
            } else {
                const char* kind = kinds[i % 5];
                item += std::string(q(", `widget`: `")) + kind + "\"";
                type = i % 5 == 1 ? gis::FieldType::Integer : i % 5 == 2 ? gis::FieldType::Real
                    : i % 5 == 3 ? gis::FieldType::Date : i % 5 == 4 ? gis::FieldType::Boolean : gis::FieldType::String;
                if (i % 5 == 1 || i % 5 == 2)
                    item += q(", `min`: 0, `max`: 1000");
                if (i % 7 == 0)
                    item += q(", `constraints`: [{`type`: `not_null`}]");
                if (i % 10 == 3)
                    item += q(", `visible`: `f0 = 'c1'`");
            }
            item += "}";
            items += std::string(i ? "," : "") + item;
            fields.push_back({name, type});
        }
        gis::AttributeTable t;
        t.addColumn("code", gis::FieldType::String);
        t.addColumn("name_ar", gis::FieldType::String);
        gis::GeometryColumn g;
        for (int k = 0; k < 60; ++k) {
            t.column(0).appendString("p" + std::to_string(k));
            t.column(1).appendString("مكان " + std::to_string(k));
            g.appendPoint(57, 23);
        }
        auto places = std::make_shared<const gis::Layer>("places", gis::Crs::fromEpsg(4326), gis::GeometryType::Point,
            std::move(g), std::move(t));
        gis::FormContext context;
        context.layer = [places](const std::string& name) { return name == "places" ? places : nullptr; };
        auto form = std::make_shared<LayerForm>();
        form->prepared = gis::PreparedForm::prepare(gis::parseForm(gis::parseJson("{\"items\": [" + items + "]}", "bench"), "form"),
            fields, gis::Crs::fromEpsg(4326), context, "bench");
        for (int i = 20; i < 25; ++i)
            for (int k = 0; k < 60; ++k)
                form->relationChoices["f" + std::to_string(i)].push_back(
                    {"p" + std::to_string(k), QStringLiteral("Place %1").arg(k), QStringLiteral("مكان %1").arg(k)});
        gis::EditFeature f;
        f.values.resize(fields.size());
        int rows = 0;
        QBENCHMARK {
            FeatureForm w(form, f, false);
            rows = 0;
            for (const gis::FieldInfo& info : fields)
                rows += w.editor(QString::fromStdString(info.name)) ? 1 : 0;
        }
        QCOMPARE(rows, 100);
    }

    void cleanupTestCase()
    {
        if (m_w)
            edits()->stopAll(); // drops what a failed test left (no prompt)
        m_w.reset();
    }
};

QTEST_MAIN(TestFeatureForm)
#include "tst_featureform.moc"
