// The edit journal's framing (white-box: gis::detail, libgis/src/data/edit/editjournal.h): every record type round
// trips; a journal cut at every byte parses to exactly the records before the cut; a byte flipped anywhere in a
// record ends the journal before that record (the CRC), so nothing is ever misread.

#include <QtTest>

#include "edit/editjournal.h"
#include "gis/geom/wkb.h"

using namespace gis;
using namespace gis::detail;
using RT = JournalRecord::Type;

namespace {

Geometry line()
{
    GeometryColumn c;
    c.beginGeometry(GeometryType::LineString);
    c.beginPart(GeometryType::LineString);
    c.beginRing();
    c.addCoord(57.5, 22.9);
    c.addCoord(57.6, 23.0);
    c.endGeometry();
    return Geometry(std::move(c));
}

std::vector<JournalRecord> everyType()
{
    std::vector<JournalRecord> out;
    auto add = [&](RT type) -> JournalRecord& {
        out.emplace_back();
        out.back().type = type;
        out.back().timeMs = 1765000000000 + static_cast<std::int64_t>(out.size());
        out.back().fid = 40 + static_cast<std::int64_t>(out.size());
        return out.back();
    };
    add(RT::Header).text = "طبقة";
    out.back().count = 3;
    add(RT::Version).version = {true, 0xfeedfacecafebeefull};
    auto& insert = add(RT::Insert);
    insert.hasFeature = true;
    insert.feature = {line(), {std::int64_t(7), 2.5, std::string("نص"), std::monostate{}}};
    add(RT::SetAttribute).count = 2;
    out.back().value = std::string("x");
    add(RT::SetGeometry).feature.geometry = line();
    auto& update = add(RT::Update);
    update.hasFeature = true;
    update.feature = {Geometry(), {std::monostate{}}};
    auto& move = add(RT::MoveVertex);
    move.count = 1;
    move.x = -1.5;
    move.y = 1e300;
    add(RT::Remove);
    add(RT::BeginBatch).text = "batch";
    add(RT::EndBatch);
    add(RT::Undo);
    add(RT::Redo);
    auto& accept = add(RT::Accept);
    accept.hasFeature = true;
    accept.feature = {line(), {std::int64_t(1)}};
    accept.version = {true, 99};
    add(RT::Accept).version = {false, 0};
    add(RT::Committing).committed = {{-1, 3001, {true, 5}}, {12, 12, {false, 0}}};
    auto& attach = add(RT::Attach);
    attach.attachmentId = -3;
    attach.attachmentTable = {"inspection_photos", "inspections_inspection_photos"};
    attach.attachment.bytes = std::make_shared<const std::string>(std::string("\xff\xd8\0photo", 8));
    attach.attachment.contentType = "image/jpeg";
    attach.attachment.name = "صورة.jpg";
    attach.attachment.takenMs = 1764583200000;
    attach.attachment.takenOffsetMinutes = -210; // a negative offset, as the journal writes it (taken flag 2)
    auto& detach = add(RT::Detach);
    detach.attachmentId = 17;
    detach.attachmentTable = {"inspection_photos", "inspections_inspection_photos"};
    auto& withMappings = add(RT::Committing);
    withMappings.committed = {{-1, 3002, {true, 6}}};
    withMappings.mappings = {{"inspections_inspection_photos", 4, true}, {"inspections_inspection_photos", 2, false}};
    return out;
}

std::string journalOf(const std::vector<JournalRecord>& records)
{
    std::string out(kJournalMagic, 8);
    for (const auto& r : records)
        out += frameRecord(r);
    return out;
}

JournalContents parse(const std::string& bytes, std::size_t size)
{
    return parseJournal(reinterpret_cast<const std::uint8_t*>(bytes.data()), size);
}

} // namespace

class TestEditJournal : public QObject {
    Q_OBJECT

private slots:
    void crcIsIeee() { QCOMPARE(crc32("123456789", 9), 0xCBF43926u); }

    void everyTypeRoundTrips()
    {
        const auto records = everyType();
        const std::string bytes = journalOf(records);
        const auto parsed = parse(bytes, bytes.size());
        QVERIFY(!parsed.tornTail);
        QVERIFY(!parsed.badMagic);
        QCOMPARE(parsed.records.size(), records.size());
        for (std::size_t i = 0; i < records.size(); ++i)
            QCOMPARE(encodeRecord(parsed.records[i]), encodeRecord(records[i]));
        QCOMPARE(parsed.records[2].feature.values.size(), std::size_t(4));
        QCOMPARE(std::get<std::string>(parsed.records[2].feature.values[2]), std::string("نص"));
        QCOMPARE(parsed.records[6].y, 1e300);
        QVERIFY(parsed.records[5].feature.geometry.isNull());
        const JournalRecord& attach = parsed.records[records.size() - 3];
        QCOMPARE(*attach.attachment.bytes, std::string("\xff\xd8\0photo", 8));
        QCOMPARE(attach.attachmentId, std::int64_t(-3));
        QCOMPARE(attach.attachmentTable.mapping, std::string("inspections_inspection_photos"));
        QVERIFY(attach.attachment.takenMs && *attach.attachment.takenMs == 1764583200000);
        QCOMPARE(attach.attachment.takenOffsetMinutes.value_or(0), -210);
        QCOMPARE(parsed.records[records.size() - 2].attachmentId, std::int64_t(17));
        const auto& mappings = parsed.records.back().mappings;
        QCOMPARE(mappings.size(), std::size_t(2));
        QVERIFY(mappings[0].attached && mappings[0].id == 4 && !mappings[1].attached && mappings[1].id == 2);
        // A committing record without mappings keeps the old bytes: journals of earlier versions still parse.
        QCOMPARE(parsed.records[records.size() - 4].mappings.size(), std::size_t(0));
    }

    void everyCutParsesToThePrefix()
    {
        const std::string bytes = journalOf(everyType());
        const auto whole = parse(bytes, bytes.size());
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            const auto parsed = parse(bytes, cut);
            std::size_t expected = 0;
            while (expected < whole.ends.size() && whole.ends[expected] <= cut)
                ++expected;
            QCOMPARE(parsed.records.size(), expected);
            QCOMPARE(parsed.tornTail, cut != (expected ? whole.ends[expected - 1] : 8) && cut > 0);
            for (std::size_t i = 0; i < expected; ++i)
                QCOMPARE(encodeRecord(parsed.records[i]), encodeRecord(whole.records[i]));
        }
    }

    void everyFlippedByteEndsTheJournalBeforeIt()
    {
        const std::string bytes = journalOf(everyType());
        const auto whole = parse(bytes, bytes.size());
        for (std::size_t at = 8; at < bytes.size(); ++at) {
            std::string bad = bytes;
            bad[at] = static_cast<char>(bad[at] ^ 0x5a);
            const auto parsed = parse(bad, bad.size());
            std::size_t record = 0; // the record the byte belongs to
            while (whole.ends[record] <= at)
                ++record;
            QVERIFY2(parsed.records.size() <= record, qPrintable(QString("byte %1").arg(at)));
            QVERIFY(parsed.tornTail);
            for (std::size_t i = 0; i < parsed.records.size(); ++i)
                QCOMPARE(encodeRecord(parsed.records[i]), encodeRecord(whole.records[i]));
        }
    }

    void seedCorpusParses()
    {
        // tests/fuzz/make_corpus.py writes these by hand from the format description: they must parse as meant.
        const QString dir = GIS_SOURCE_DIR "/tests/fuzz/corpus/editjournal/";
        const std::map<QString, std::pair<std::size_t, bool>> expected{{"edits.journal", {15, false}},
            {"committing.journal", {3, false}}, {"torn_tail.journal", {3, true}}, {"header_only.journal", {1, false}}};
        for (const auto& [name, want] : expected) {
            QFile f(dir + name);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(name));
            const QByteArray bytes = f.readAll();
            const auto parsed = parseJournal(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<std::size_t>(bytes.size()));
            QCOMPARE(parsed.records.size(), want.first);
            QCOMPARE(parsed.tornTail, want.second);
        }
    }

    void notAJournal()
    {
        const std::string bytes = "GISEDJ2\n";
        QVERIFY(parse(bytes, bytes.size()).badMagic);
        QVERIFY(parse(bytes, 0).badMagic);
    }
};

QTEST_GUILESS_MAIN(TestEditJournal)
#include "tst_editjournal.moc"
