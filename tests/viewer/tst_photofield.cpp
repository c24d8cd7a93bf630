// Photos in the viewer's forms (viewer/forms/photofield.*): on a copy of the sample, a point added to `inspections`
// opens the health-inspection form; two PNGs written by the test are attached, one removed, Save, Ctrl+S, and
// sqlite3 (the oracle) reads exactly one new row of inspection_photos with the bytes and content type and one mapping
// row whose base_id is the new feature's fid. The photos are one undo step with the insert; Cancel takes them back.
// A form written for the test with media.min 1 refuses Save without a photo (English and Arabic); a file past the
// library's 32 MiB limit and a file that is not a picture; identify shows the thumbnails read-only; Cancel after
// another edit (delete + detach, one step); a PNG decompression bomb; a benchmark of a large JPEG's thumbnail. A JPEG
// whose EXIF the test builds byte by byte shows "Taken 2026-03-01 10:15" under its thumbnail (the text made from
// ImageMagick's identify) and Save + Ctrl+S store it with its offset; in Arabic "التُقطت" with Arabic-Indic digits;
// a picture without EXIF shows no time.
//
// With PHOTOFIELD_SHOTS=<folder> the form with thumbnails is saved there in English and Arabic.

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QImageReader>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "edit/editcontroller.h"
#include "forms/featureform.h"
#include "forms/featureformdialog.h"
#include "forms/formregistry.h"
#include "forms/photofield.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/project/json.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "panels/identifypanel.h"
#include "support/exifjpeg.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

/// sqlite3's answer to `sql` on `db` (one line a row, columns separated by '|').
QString sql(const QString& db, const QString& query)
{
    const auto r = gis::test::runTool("sqlite3", {"-readonly", db, query});
    return QString::fromUtf8(r.out).trimmed();
}

/// A small PNG of one colour, written to `path`; returns its bytes.
QByteArray writePng(const QString& path, QColor colour, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    if (!image.save(path, "PNG"))
        return {};
    return gis::test::readFile(path);
}

QList<QWidget*> thumbs(QWidget* field)
{
    QList<QWidget*> out;
    for (QWidget* w : field->findChildren<QWidget*>("photoThumb"))
        if (!w->isHidden())
            out << w;
    return out;
}

/// The attachments of a feature in memory: what a session holds, for forms written for the test.
struct MemoryPhotos {
    std::vector<gis::AttachmentInfo> items;
    std::int64_t next = -1;
    std::shared_ptr<PhotoAccess> access()
    {
        auto a = std::make_shared<PhotoAccess>();
        a->list = [this](const gis::AttachmentTable&) { return items; };
        a->attach = [this](const gis::AttachmentTable&, gis::AttachmentData d) {
            gis::AttachmentInfo info;
            info.id = next--;
            info.pending = true;
            info.contentType = d.contentType;
            info.name = d.name;
            info.size = d.bytes->size();
            info.bytes = d.bytes;
            items.push_back(info);
        };
        a->detach = [this](const gis::AttachmentTable&, std::int64_t id) {
            std::erase_if(items, [id](const gis::AttachmentInfo& i) { return i.id == id; });
        };
        return a;
    }
};

} // namespace

class TestPhotoField : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    QString m_gpkg;
    QString m_shots;
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
        for (int i = 0; i < 50 && !dialog; ++i) { // the form opens from the event loop (a queued signal)
            QCoreApplication::processEvents();
            dialog = m_w->findChild<FeatureFormDialog*>();
        }
        return dialog;
    }

    static void choose(QComboBox* combo, const QString& code)
    {
        const int at = combo->findData(code);
        QVERIFY2(at >= 0, qPrintable(code));
        combo->setCurrentIndex(at);
    }

    /// Fills the sample's health inspection so that no hard rule is broken.
    static void fillHealthInspection(FeatureFormDialog* d)
    {
        choose(qobject_cast<QComboBox*>(d->form()->editor("type")), "health");
        qobject_cast<QLineEdit*>(d->form()->editor("establishment"))->setText("Bahla Bakery");
        qobject_cast<QLineEdit*>(d->form()->editor("licence_no"))->setText("HL-10001");
        choose(qobject_cast<QComboBox*>(d->form()->editor("activity")), "cafe");
        qobject_cast<QSpinBox*>(d->form()->editor("hygiene"))->setValue(9);
        qobject_cast<QSpinBox*>(d->form()->editor("score"))->setValue(90);
        choose(qobject_cast<QComboBox*>(d->form()->editor("result")), "pass");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("sqlite3"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        m_shots = qEnvironmentVariable("PHOTOFIELD_SHOTS");
        if (!m_shots.isEmpty())
            QDir().mkpath(m_shots);
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

    void attachTwoRemoveOneSaveCommit()
    {
        const QByteArray red = writePng(m_tmp.filePath("red.png"), Qt::red, {40, 30});
        const QByteArray blue = writePng(m_tmp.filePath("blue.png"), Qt::blue, {30, 40});
        QVERIFY(!red.isEmpty() && !blue.isEmpty());
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), QStringLiteral("0"));
        const QString maxFidBefore = sql(m_gpkg, "SELECT max(fid) FROM inspections");

        FeatureFormDialog* d = addPointAt(57.5245, 22.946);
        QVERIFY(d);
        fillHealthInspection(d);
        auto* photos = qobject_cast<PhotoField*>(d->form()->editor("photos"));
        QVERIFY(photos);
        QVERIFY(d->form()->isFieldVisible("photos"));
        gis::EditSession* session = edits()->session(m_inspections);
        QCOMPARE(session->undoCount(), std::size_t(1)); // the insert
        // Two at once, as the file dialog gives them: two thumbnails decoded from the bytes, two undo steps.
        QCOMPARE(photos->addFiles({m_tmp.filePath("red.png"), m_tmp.filePath("blue.png")}), 2);
        QCOMPARE(photos->errorText(), QString());
        QCOMPARE(photos->count(), std::size_t(2));
        QCOMPARE(thumbs(photos).size(), 2);
        for (QWidget* t : thumbs(photos)) {
            auto* image = t->findChild<QLabel*>("photoImage");
            QVERIFY(image->property("decoded").toBool());
            QVERIFY(image->pixmap().width() <= PhotoField::kThumbSize && image->pixmap().height() <= PhotoField::kThumbSize);
        }
        QCOMPARE(session->undoCount(), std::size_t(3));
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(2));
        // On the Result tab, where the sample's form has the photos, the user sees both thumbnails.
        d->findChild<QTabWidget*>()->setCurrentWidget(d->findChild<QWidget*>("result"));
        QVERIFY(photos->isVisible());
        QVERIFY(thumbs(photos).front()->isVisible() && thumbs(photos).back()->isVisible());
        if (!m_shots.isEmpty()) {
            QCoreApplication::processEvents();
            d->layout()->activate();
            d->grab().save(m_shots + "/photos_en.png");
        }
        // "Remove" under the red one.
        QWidget* redThumb = nullptr;
        for (QWidget* t : thumbs(photos))
            if (t->findChild<QLabel*>("photoImage")->toolTip().contains("red.png"))
                redThumb = t;
        QVERIFY(redThumb);
        QTest::mouseClick(redThumb->findChild<QPushButton*>("photoRemove"), Qt::LeftButton);
        QCOMPARE(photos->count(), std::size_t(1));
        QCOMPARE(photos->attachments().front().name, std::string("blue.png"));
        QTRY_COMPARE(thumbs(photos).size(), 1);
        QCOMPARE(session->undoCount(), std::size_t(4));

        // Save: the feature and its one photo are one undo step.
        QVERIFY(!d->form()->hasHardViolations());
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        QCOMPARE(session->undoCount(), std::size_t(1));
        const std::size_t size = doc()->rows(m_inspections).count();
        std::int64_t fid = 0;
        session->snapshot()->forEach([&](const gis::EditSnapshot::FeatureRef& ref) {
            fid = std::min(fid, ref.fid); // the one inserted (provisional ids are negative)
            return true;
        });
        QVERIFY(fid < 0);
        QCOMPARE(session->attachments(fid, {"inspection_photos", ""}).size(), std::size_t(1));
        // Undo takes the photo back with the feature; redo brings both.
        m_w->action("actionUndoEdit")->trigger();
        QCOMPARE(doc()->rows(m_inspections).count(), size - 1);
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(0));
        m_w->action("actionRedoEdit")->trigger();
        QCOMPARE(doc()->rows(m_inspections).count(), size);
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(1));
        QVERIFY(session->issues().empty());

        // Ctrl+S commits; sqlite3 reads the rows.
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
        QTest::keyClick(canvas(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!edits()->isModified(m_inspections));
        const QString newFid = sql(m_gpkg, "SELECT fid FROM inspections WHERE fid > " + maxFidBefore);
        QVERIFY2(!newFid.isEmpty() && !newFid.contains('\n'), qPrintable(newFid));
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), QStringLiteral("1"));
        QCOMPARE(sql(m_gpkg, "SELECT hex(data) || '|' || content_type || '|' || name FROM inspection_photos"),
            QString::fromLatin1(blue.toHex().toUpper()) + "|image/png|blue.png");
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections_inspection_photos"), QStringLiteral("1"));
        QCOMPARE(sql(m_gpkg, "SELECT m.base_id FROM inspections_inspection_photos m JOIN inspection_photos p ON p.id = m.related_id"),
            newFid);

        // Identify shows the stored photo read-only: a thumbnail, no Add or Remove.
        const gis::Layer& layer = *doc()->layer(m_inspections)->map.vector;
        std::size_t row = layer.size();
        for (std::size_t r = 0; r < layer.size(); ++r)
            if (layer.fid(r) == newFid.toLongLong())
                row = r;
        QVERIFY(row < layer.size());
        m_w->identifyPanel()->showHits({{m_inspections, static_cast<std::uint32_t>(row)}});
        QVERIFY(m_w->identifyPanel()->form());
        auto* shown = qobject_cast<PhotoField*>(m_w->identifyPanel()->form()->editor("photos"));
        QVERIFY(shown);
        QCOMPARE(shown->count(), std::size_t(1));
        QCOMPARE(thumbs(shown).size(), 1);
        QVERIFY(thumbs(shown).front()->findChild<QLabel*>("photoImage")->property("decoded").toBool());
        QVERIFY(!shown->findChild<QPushButton*>("photoRemove"));
        QVERIFY(!shown->findChild<QPushButton*>("photoAdd"));
    }

    void cancelTakesThePhotosBack()
    {
        gis::EditSession* session = edits()->session(m_inspections);
        const std::size_t before = doc()->rows(m_inspections).count();
        FeatureFormDialog* d = addPointAt(57.53, 22.95);
        QVERIFY(d);
        choose(qobject_cast<QComboBox*>(d->form()->editor("type")), "health");
        auto* photos = qobject_cast<PhotoField*>(d->form()->editor("photos"));
        QVERIFY(photos);
        QCOMPARE(photos->addFiles({m_tmp.filePath("red.png")}), 1);
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(1));
        QTest::mouseClick(d->findChild<QPushButton*>("formCancel"), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        QCOMPARE(doc()->rows(m_inspections).count(), before);
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(0));
        QVERIFY(!edits()->isModified(m_inspections));
        QVERIFY(!session->canUndo());
    }

    void takenTimeUnderTheThumbnail()
    {
        gis::test::ExifSpec spec;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        spec.offsetTimeOriginal = "+04:00";
        const QString exifPath = m_tmp.filePath("taken.jpg");
        const QString plainPath = m_tmp.filePath("plain.jpg");
        gis::test::writeFile(exifPath, gis::test::jpegWithExif(spec));
        gis::test::writeFile(plainPath, gis::test::plainJpeg());
        // The oracle: ImageMagick's reading of the picture, "2026:03:01 10:15:00", as the form writes it.
        const auto r = gis::test::runTool("identify", {"-format", "%[EXIF:DateTimeOriginal]", exifPath});
        QString clock = QString::fromUtf8(r.out).trimmed().left(16);
        QCOMPARE(clock.size(), 16);
        clock[4] = '-';
        clock[7] = '-';
        QString arabicClock;
        for (const QChar c : clock)
            arabicClock += c.isDigit() ? QChar(0x0660 + c.digitValue()) : c;
        const QChar lri(0x2066), pdi(0x2069);

        // Through the session: the library reads the EXIF when the photo is attached.
        FeatureFormDialog* d = addPointAt(57.535, 22.955);
        QVERIFY(d);
        fillHealthInspection(d);
        qobject_cast<QLineEdit*>(d->form()->editor("licence_no"))->setText("HL-10077"); // unique: not the first test's
        auto* photos = qobject_cast<PhotoField*>(d->form()->editor("photos"));
        QVERIFY(photos);
        QCOMPARE(photos->addFiles({exifPath, plainPath}), 2);
        QCOMPARE(photos->errorText(), QString());
        QTRY_COMPARE(thumbs(photos).size(), 2);
        QStringList shown;
        for (QWidget* t : thumbs(photos)) {
            auto* taken = t->findChild<QLabel*>("photoTaken");
            const bool isExif = t->findChild<QLabel*>("photoImage")->toolTip().contains("taken.jpg");
            QCOMPARE(taken != nullptr, isExif);
            if (taken) {
                QCOMPARE(taken->text(), QString("Taken ") + lri + clock + pdi);
                QCOMPARE(taken->toolTip(), lri + QString("2026-03-01T10:15:00+04:00") + pdi);
            }
        }
        // Save folds the photos into the insert's step and keeps their times; Ctrl+S writes them (sqlite3 reads).
        QString broken;
        for (const auto& v : d->form()->violations())
            broken += QString::fromStdString(v.field + ": " + v.message.en) + '\n';
        QVERIFY2(!d->form()->hasHardViolations(), qPrintable(broken));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
        QTest::keyClick(canvas(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!edits()->isModified(m_inspections));
        QString iso = QString::fromUtf8(r.out).trimmed();
        iso[4] = '-';
        iso[7] = '-';
        iso[10] = 'T';
        QCOMPARE(sql(m_gpkg, "SELECT name || '|' || coalesce(taken, '') FROM inspection_photos WHERE name IN"
                             " ('taken.jpg', 'plain.jpg') ORDER BY id"),
            QString("taken.jpg|%1+04:00\nplain.jpg|").arg(iso));

        // In Arabic, the same time in the locale's digits.
        applyLanguage("ar");
        gis::FormField field;
        field.field = "pics";
        field.widget = gis::FormWidget::Photo;
        field.media = gis::FormMedia{"pics", "", 0, 20};
        MemoryPhotos memory;
        gis::AttachmentInfo info;
        info.id = 1;
        info.contentType = "image/jpeg";
        info.name = "taken.jpg";
        info.takenMs = std::int64_t(1772345700) * 1000; // 2026-03-01T06:15:00Z
        info.takenOffsetMinutes = 240;
        info.bytes = std::make_shared<const std::string>(gis::test::jpegWithExif(spec).toStdString());
        info.size = info.bytes->size();
        memory.items.push_back(info);
        PhotoField arabic(field, memory.access(), true);
        auto* taken = arabic.findChild<QLabel*>("photoTaken");
        QVERIFY(taken);
        QCOMPARE(taken->text(), QStringLiteral("التُقطت ") + lri + arabicClock + pdi);
        applyLanguage("en");
    }

    /// When something else was edited after the insert (not through the modal form), Cancel cannot undo: the
    /// feature is deleted and its pending photos detached in one step; the commit writes no media row for them.
    void cancelAfterAnotherEditDetachesThePhotos()
    {
        gis::EditSession* session = edits()->session(m_inspections);
        QVERIFY(!session->isModified());
        const QString mediaBefore = sql(m_gpkg, "SELECT count(*) FROM inspection_photos");
        const gis::Coord map = gis::Transformer(gis::Crs::fromEpsg(4326), doc()->crs()).transform({57.54, 22.96});
        const std::int64_t fid = edits()->addFeature(m_inspections, gis::GeometryType::Point, {map});
        const gis::AttachmentTable table{"inspection_photos", ""};
        gis::AttachmentData data;
        data.bytes = std::make_shared<const std::string>(gis::test::readFile(m_tmp.filePath("red.png")).toStdString());
        data.contentType = "image/png";
        data.name = "red.png";
        edits()->attach(m_inspections, fid, table, data);
        const std::size_t establishment = static_cast<std::size_t>(
            std::find_if(session->fields().begin(), session->fields().end(), [](const gis::FieldInfo& f) { return f.name == "establishment"; })
            - session->fields().begin());
        const std::int64_t stored = doc()->layer(m_inspections)->map.vector->fid(0);
        edits()->setAttribute(m_inspections, stored, establishment, std::string("Renamed meanwhile"));
        const std::size_t steps = session->undoCount();
        edits()->cancelNewFeature(m_inspections, fid);
        QVERIFY(!session->feature(fid));
        QCOMPARE(session->undoCount(), steps + 1); // one step: the photo detached and the feature deleted
        QVERIFY(edits()->commit(m_inspections).committed);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspection_photos"), mediaBefore);
        QCOMPARE(sql(m_gpkg, "SELECT establishment FROM inspections WHERE fid = " + QString::number(stored)),
            QStringLiteral("Renamed meanwhile"));
    }

    void tooLargeAndNotAPicture()
    {
        gis::EditSession* session = edits()->session(m_inspections);
        FeatureFormDialog* d = addPointAt(57.531, 22.951);
        QVERIFY(d);
        choose(qobject_cast<QComboBox*>(d->form()->editor("type")), "health");
        auto* photos = qobject_cast<PhotoField*>(d->form()->editor("photos"));
        // 33 MiB (sparse: nothing is written): refused before it is read, naming the file.
        QFile big(m_tmp.filePath("huge.jpg"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(33) << 20));
        big.close();
        gis::test::writeFile(m_tmp.filePath("notes.txt"), "not a picture");
        QCOMPARE(photos->addFiles({big.fileName(), m_tmp.filePath("notes.txt")}), 1);
        QVERIFY2(photos->errorText().contains("huge.jpg"), qPrintable(photos->errorText()));
        QVERIFY2(photos->errorText().contains("32"), qPrintable(photos->errorText()));
        QCOMPARE(photos->count(), std::size_t(1));
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(1));
        // The text file: its name and size instead of a picture.
        auto* image = thumbs(photos).front()->findChild<QLabel*>("photoImage");
        QVERIFY(!image->property("decoded").toBool());
        QVERIFY2(image->text().contains("notes.txt") && image->text().contains("13"), qPrintable(image->text()));
        QCOMPARE(photos->attachments().front().contentType, std::string("text/plain"));
        QTest::mouseClick(d->findChild<QPushButton*>("formCancel"), Qt::LeftButton);
        QTRY_VERIFY(!m_w->findChild<FeatureFormDialog*>());
        QCOMPARE(session->pendingAttachmentCount(), std::size_t(0));
    }

    /// The sample's photo field has no minimum: a form written for the test has media.min 1 and max 2.
    void minimumRefusesSave()
    {
        const std::vector<gis::FieldInfo> fields = {{"name", gis::FieldType::String}};
        const gis::Json json = gis::parseJson(
            "{\"items\": [{\"field\": \"name\"}, {\"field\": \"pics\", \"widget\": \"photo\", \"label_en\": \"Pictures\", "
            "\"label_ar\": \"الصور\", \"media\": {\"table\": \"pics\", \"min\": 1, \"max\": 2}}]}", "test");
        auto form = std::make_shared<LayerForm>();
        form->prepared = gis::PreparedForm::prepare(gis::parseForm(json, "form"), fields, gis::Crs::fromEpsg(4326), {}, "test");
        gis::EditFeature f;
        f.values.resize(1);
        const QString png = m_tmp.filePath("red.png");
        for (const char* language : {"en", "ar"}) {
            applyLanguage(language);
            MemoryPhotos memory;
            FeatureFormDialog d(form, f, nullptr, -1, memory.access(), m_w.get());
            d.show();
            auto* pics = qobject_cast<PhotoField*>(d.form()->editor("pics"));
            QVERIFY(pics);
            const QString atLeast = language == QString("en") ? QStringLiteral("Pictures: at least 1 attachment required (has 0)")
                                                               : QStringLiteral("الصور: يلزم 1 من المرفقات على الأقل (الموجود 0)");
            QCOMPARE(d.findChild<QLabel*>("pics_message")->text(), atLeast);
            QVERIFY(d.findChild<QLabel*>("pics_message")->isVisible());
            QTest::mouseClick(d.saveButton(), Qt::LeftButton);
            QVERIFY(d.isVisible());
            QVERIFY2(d.refusal().contains(atLeast), qPrintable(d.refusal()));
            // Three is one too many.
            QCOMPARE(pics->addFiles({png, png, png}), 3);
            const QString atMost = language == QString("en") ? QStringLiteral("Pictures: at most 2 attachments allowed (has 3)")
                                                             : QStringLiteral("الصور: لا يُسمح بأكثر من 2 من المرفقات (الموجود 3)");
            QCOMPARE(d.findChild<QLabel*>("pics_message")->text(), atMost);
            QVERIFY(d.form()->hasHardViolations());
            QVERIFY(pics->removeAttachment(memory.items.front().id));
            QVERIFY(!d.form()->hasHardViolations());
            QVERIFY(d.findChild<QLabel*>("pics_message")->isHidden());
            if (language == QString("ar")) {
                QCOMPARE(d.layoutDirection(), Qt::RightToLeft);
                if (!m_shots.isEmpty()) {
                    // The sample's form in Arabic with two thumbnails, for the eye.
                    auto sample = m_w->forms()->form(m_inspections);
                    gis::EditFeature s = gis::editFeatureFromLayer(*doc()->layer(m_inspections)->map.vector, 0);
                    FeatureFormDialog shot(sample, s, nullptr, 0, memory.access(), m_w.get());
                    choose(qobject_cast<QComboBox*>(shot.form()->editor("type")), "health");
                    shot.show();
                    QVERIFY(QTest::qWaitForWindowExposed(&shot));
                    shot.findChild<QTabWidget*>()->setCurrentWidget(shot.findChild<QWidget*>("result"));
                    QCoreApplication::processEvents();
                    shot.layout()->activate();
                    shot.grab().save(m_shots + "/photos_ar.png");
                    for (QPushButton* b : shot.findChildren<QPushButton*>())
                        if (b->isVisibleTo(&shot))
                            QVERIFY2(shot.rect().contains(QRect(b->mapTo(&shot, QPoint(0, 0)), b->size())),
                                qPrintable(b->text() + " outside the dialog"));
                }
            }
            QTest::mouseClick(d.saveButton(), Qt::LeftButton);
            QVERIFY(!d.isVisible());
        }
        applyLanguage("en");
    }

    /// A PNG whose header claims 30000 x 30000 pixels (3.6 GB decoded): no thumbnail, no crash, no long freeze
    /// (QImageReader's allocation limit refuses it before decoding).
    void decompressionBombGivesNoThumbnail()
    {
        QImage tiny(1, 1, QImage::Format_RGB32);
        tiny.fill(Qt::green);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(tiny.save(&buffer, "PNG"));
        // IHDR follows the 8-byte signature: length (4), "IHDR" (4), width (4), height (4), ..., CRC over type+data.
        QCOMPARE(png.mid(12, 4), QByteArray("IHDR"));
        const auto put32 = [&](int at, quint32 v) {
            for (int i = 0; i < 4; ++i)
                png[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
        };
        put32(16, 30000);
        put32(20, 30000);
        quint32 crc = 0xffffffffu; // CRC-32 (PNG's), bit by bit
        for (char c : png.mid(12, 17)) {
            crc ^= static_cast<quint8>(c);
            for (int k = 0; k < 8; ++k)
                crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        put32(29, crc ^ 0xffffffffu);
        QImageReader check(&buffer);
        buffer.close();
        buffer.open(QIODevice::ReadOnly);
        QCOMPARE(check.size(), QSize(30000, 30000)); // the header is valid
        QVERIFY(PhotoField::thumbnail(png.toStdString(), PhotoField::kThumbSize).isNull());
    }

    /// A camera-sized JPEG (6000 x 4000) to a thumbnail: decoded at 1/8 scale by the JPEG decoder.
    void benchmarkThumbnailOfLargeJpeg()
    {
        QImage big(6000, 4000, QImage::Format_RGB32);
        big.fill(Qt::darkCyan);
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(big.save(&buffer, "JPEG", 85));
        const std::string bytes = jpeg.toStdString();
        QImage thumb;
        QBENCHMARK {
            thumb = PhotoField::thumbnail(bytes, PhotoField::kThumbSize);
        }
        QCOMPARE(thumb.size(), QSize(128, 85));
    }

    void cleanupTestCase()
    {
        if (m_w)
            edits()->stopAll();
        m_w.reset();
    }
};

QTEST_MAIN(TestPhotoField)
#include "tst_photofield.moc"
