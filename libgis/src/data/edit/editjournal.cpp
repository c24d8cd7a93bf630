// The edit journal's format: records encoded, framed (length + CRC-32) and parsed. The file is editjournalfile.cpp.

#include "edit/editjournal.h"

#include <array>
#include <bit>
#include <cstring>

#include "gis/core/error.h"
#include "gis/geom/wkb.h"

namespace gis::detail {

namespace {

const std::array<std::uint32_t, 256>& crcTable()
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    return table;
}

// --- writing --------------------------------------------------------------------------------------------

void putU8(std::string& out, std::uint8_t v) { out.push_back(static_cast<char>(v)); }
void putU32(std::string& out, std::uint32_t v)
{
    for (int k = 0; k < 4; ++k)
        out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}
void putU64(std::string& out, std::uint64_t v)
{
    for (int k = 0; k < 8; ++k)
        out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}
void putI64(std::string& out, std::int64_t v) { putU64(out, static_cast<std::uint64_t>(v)); }
void putF64(std::string& out, double v) { putU64(out, std::bit_cast<std::uint64_t>(v)); }
void putBytes(std::string& out, const void* data, std::size_t size)
{
    putU32(out, static_cast<std::uint32_t>(size));
    out.append(static_cast<const char*>(data), size);
}

void putGeometry(std::string& out, const Geometry& g)
{
    if (g.isNull())
        return putU8(out, 0);
    putU8(out, 1);
    thread_local std::vector<std::uint8_t> wkb; // one buffer per thread: versions hash many features
    wkb.clear();
    appendWkbTo(wkb, g.ref());
    putBytes(out, wkb.data(), wkb.size());
}

void putValue(std::string& out, const FieldValue& v)
{
    if (std::holds_alternative<std::int64_t>(v)) {
        putU8(out, 1);
        putI64(out, std::get<std::int64_t>(v));
    } else if (std::holds_alternative<double>(v)) {
        putU8(out, 2);
        putF64(out, std::get<double>(v));
    } else if (std::holds_alternative<std::string>(v)) {
        putU8(out, 3);
        const auto& s = std::get<std::string>(v);
        putBytes(out, s.data(), s.size());
    } else {
        putU8(out, 0);
    }
}

void putFeature(std::string& out, const EditFeature& f)
{
    putGeometry(out, f.geometry);
    putU32(out, static_cast<std::uint32_t>(f.values.size()));
    for (const auto& v : f.values)
        putValue(out, v);
}

void putVersion(std::string& out, const FeatureVersion& v)
{
    putU8(out, v.exists ? 1 : 0);
    putU64(out, v.hash);
}

// --- reading: every read checks the bytes left; any failure makes the record bad -----------------------

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_size; }

    bool need(std::size_t n)
    {
        if (!m_ok || m_size - m_pos < n)
            m_ok = false;
        return m_ok;
    }
    std::uint8_t u8() { return need(1) ? m_data[m_pos++] : 0; }
    std::uint32_t u32()
    {
        if (!need(4))
            return 0;
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k)
            v |= std::uint32_t(m_data[m_pos + k]) << (8 * k);
        m_pos += 4;
        return v;
    }
    std::uint64_t u64()
    {
        if (!need(8))
            return 0;
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k)
            v |= std::uint64_t(m_data[m_pos + k]) << (8 * k);
        m_pos += 8;
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string bytes()
    {
        const std::uint32_t n = u32();
        if (!need(n))
            return {};
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), n);
        m_pos += n;
        return s;
    }

    Geometry geometry()
    {
        if (u8() == 0)
            return Geometry();
        const std::string wkb = bytes();
        if (!m_ok)
            return Geometry();
        GeometryColumn column;
        try {
            appendWkb(column, reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size());
        } catch (const Error&) {
            m_ok = false;
            return Geometry();
        }
        return Geometry(std::move(column));
    }

    FieldValue value()
    {
        switch (u8()) {
        case 0: return std::monostate{};
        case 1: return i64();
        case 2: return f64();
        case 3: return bytes();
        default: m_ok = false; return std::monostate{};
        }
    }

    EditFeature feature()
    {
        EditFeature f;
        f.geometry = geometry();
        const std::uint32_t n = u32();
        // Every value takes at least one byte: a count beyond the bytes left is corruption, not an allocation.
        if (!need(n))
            return f;
        f.values.reserve(n);
        for (std::uint32_t k = 0; k < n && m_ok; ++k)
            f.values.push_back(value());
        return f;
    }

    FeatureVersion version()
    {
        FeatureVersion v;
        const std::uint8_t e = u8();
        if (e > 1)
            m_ok = false;
        v.exists = e == 1;
        v.hash = u64();
        return v;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
    bool m_ok = true;
};

bool decodeRecord(const std::uint8_t* data, std::size_t size, JournalRecord& r)
{
    using T = JournalRecord::Type;
    Reader in(data, size);
    const std::uint8_t type = in.u8();
    if (type < 1 || type > 16)
        return false;
    r.type = static_cast<T>(type);
    switch (r.type) {
    case T::Header:
        r.timeMs = in.i64();
        r.text = in.bytes();
        r.count = in.u64();
        break;
    case T::Version:
        r.fid = in.i64();
        r.version = in.version();
        break;
    case T::Insert:
    case T::Update:
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.hasFeature = true;
        r.feature = in.feature();
        break;
    case T::SetAttribute:
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.count = in.u64();
        r.value = in.value();
        break;
    case T::SetGeometry:
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.feature.geometry = in.geometry();
        break;
    case T::MoveVertex:
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.count = in.u64();
        r.x = in.f64();
        r.y = in.f64();
        break;
    case T::Remove:
        r.timeMs = in.i64();
        r.fid = in.i64();
        break;
    case T::BeginBatch:
        r.timeMs = in.i64();
        r.text = in.bytes();
        break;
    case T::EndBatch:
    case T::Undo:
    case T::Redo:
        r.timeMs = in.i64();
        break;
    case T::Accept: {
        r.timeMs = in.i64();
        r.fid = in.i64();
        const std::uint8_t has = in.u8();
        if (has > 1)
            return false;
        r.hasFeature = has == 1;
        if (r.hasFeature)
            r.feature = in.feature();
        r.version = in.version();
        break;
    }
    case T::Committing: {
        r.timeMs = in.i64();
        const std::uint32_t n = in.u32();
        if (!in.need(std::size_t(n) * 25)) // 8 + 8 + 9 bytes each
            return false;
        r.committed.resize(n);
        for (auto& c : r.committed) {
            c.provisional = in.i64();
            c.fid = in.i64();
            c.version = in.version();
        }
        if (!in.atEnd()) { // the attachment mappings (absent in journals of commits without attachments)
            const std::uint32_t m = in.u32();
            if (!in.need(std::size_t(m) * 13)) // 4 + 8 + 1 bytes at least each
                return false;
            r.mappings.resize(m);
            for (auto& mapping : r.mappings) {
                mapping.table = in.bytes();
                mapping.id = in.i64();
                const std::uint8_t attached = in.u8();
                if (attached > 1)
                    return false;
                mapping.attached = attached == 1;
            }
        }
        break;
    }
    case T::Attach: {
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.attachmentId = in.i64();
        r.attachmentTable.media = in.bytes();
        r.attachmentTable.mapping = in.bytes();
        r.attachment.contentType = in.bytes();
        r.attachment.name = in.bytes();
        // 0: no time, 1: a time, 2: a time and its offset from UTC (an i32 of minutes follows).
        const std::uint8_t taken = in.u8();
        if (taken > 2)
            return false;
        const std::int64_t takenMs = in.i64();
        if (taken)
            r.attachment.takenMs = takenMs;
        if (taken == 2) {
            const auto offset = static_cast<std::int32_t>(in.u32());
            if (offset < -14 * 60 || offset > 14 * 60)
                return false;
            r.attachment.takenOffsetMinutes = offset;
        }
        r.attachment.bytes = std::make_shared<const std::string>(in.bytes());
        break;
    }
    case T::Detach:
        r.timeMs = in.i64();
        r.fid = in.i64();
        r.attachmentId = in.i64();
        r.attachmentTable.media = in.bytes();
        r.attachmentTable.mapping = in.bytes();
        break;
    }
    return in.ok() && in.atEnd();
}

} // namespace

bool JournalRecord::isEdit() const
{
    return type != Type::Header && type != Type::Version && type != Type::Committing;
}

std::uint32_t crc32(const void* data, std::size_t size)
{
    const auto& table = crcTable();
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i)
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string encodeRecord(const JournalRecord& r)
{
    using T = JournalRecord::Type;
    std::string out;
    putU8(out, static_cast<std::uint8_t>(r.type));
    switch (r.type) {
    case T::Header:
        putI64(out, r.timeMs);
        putBytes(out, r.text.data(), r.text.size());
        putU64(out, r.count);
        break;
    case T::Version:
        putI64(out, r.fid);
        putVersion(out, r.version);
        break;
    case T::Insert:
    case T::Update:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putFeature(out, r.feature);
        break;
    case T::SetAttribute:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putU64(out, r.count);
        putValue(out, r.value);
        break;
    case T::SetGeometry:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putGeometry(out, r.feature.geometry);
        break;
    case T::MoveVertex:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putU64(out, r.count);
        putF64(out, r.x);
        putF64(out, r.y);
        break;
    case T::Remove:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        break;
    case T::BeginBatch:
        putI64(out, r.timeMs);
        putBytes(out, r.text.data(), r.text.size());
        break;
    case T::EndBatch:
    case T::Undo:
    case T::Redo:
        putI64(out, r.timeMs);
        break;
    case T::Accept:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putU8(out, r.hasFeature ? 1 : 0);
        if (r.hasFeature)
            putFeature(out, r.feature);
        putVersion(out, r.version);
        break;
    case T::Committing:
        putI64(out, r.timeMs);
        putU32(out, static_cast<std::uint32_t>(r.committed.size()));
        for (const auto& c : r.committed) {
            putI64(out, c.provisional);
            putI64(out, c.fid);
            putVersion(out, c.version);
        }
        if (!r.mappings.empty()) {
            putU32(out, static_cast<std::uint32_t>(r.mappings.size()));
            for (const auto& m : r.mappings) {
                putBytes(out, m.table.data(), m.table.size());
                putI64(out, m.id);
                putU8(out, m.attached ? 1 : 0);
            }
        }
        break;
    case T::Attach: {
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putI64(out, r.attachmentId);
        putBytes(out, r.attachmentTable.media.data(), r.attachmentTable.media.size());
        putBytes(out, r.attachmentTable.mapping.data(), r.attachmentTable.mapping.size());
        putBytes(out, r.attachment.contentType.data(), r.attachment.contentType.size());
        putBytes(out, r.attachment.name.data(), r.attachment.name.size());
        const bool offset = r.attachment.takenMs && r.attachment.takenOffsetMinutes;
        putU8(out, offset ? 2 : r.attachment.takenMs ? 1 : 0);
        putI64(out, r.attachment.takenMs.value_or(0));
        if (offset)
            putU32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(*r.attachment.takenOffsetMinutes)));
        static const std::string none;
        const std::string& bytes = r.attachment.bytes ? *r.attachment.bytes : none;
        putBytes(out, bytes.data(), bytes.size());
        break;
    }
    case T::Detach:
        putI64(out, r.timeMs);
        putI64(out, r.fid);
        putI64(out, r.attachmentId);
        putBytes(out, r.attachmentTable.media.data(), r.attachmentTable.media.size());
        putBytes(out, r.attachmentTable.mapping.data(), r.attachmentTable.mapping.size());
        break;
    }
    return out;
}

std::string encodeFeature(const EditFeature& feature)
{
    std::string out;
    putFeature(out, feature);
    return out;
}

void encodeFeatureInto(std::string& out, const EditFeature& feature)
{
    out.clear();
    putFeature(out, feature);
}

std::string frameRecord(const JournalRecord& record)
{
    const std::string payload = encodeRecord(record);
    if (payload.size() > kMaxJournalRecordBytes)
        throw Error(ErrorCode::Argument, "edit journal: a record of " + std::to_string(payload.size())
                + " bytes is larger than the limit of " + std::to_string(kMaxJournalRecordBytes));
    std::string out;
    out.reserve(payload.size() + 8);
    putU32(out, static_cast<std::uint32_t>(payload.size()));
    putU32(out, crc32(payload.data(), payload.size()));
    out += payload;
    return out;
}

JournalContents parseJournal(const std::uint8_t* data, std::size_t size)
{
    JournalContents out;
    if (size < 8 || std::memcmp(data, kJournalMagic, 8) != 0) {
        out.badMagic = true;
        out.tornTail = size > 0;
        return out;
    }
    std::size_t pos = 8;
    out.validBytes = pos;
    while (pos < size && out.records.size() < kMaxJournalRecords) {
        if (size - pos < 8)
            break;
        Reader frame(data + pos, 8);
        const std::uint32_t length = frame.u32();
        const std::uint32_t crc = frame.u32();
        if (length == 0 || length > kMaxJournalRecordBytes || size - pos - 8 < length)
            break;
        const std::uint8_t* payload = data + pos + 8;
        if (crc32(payload, length) != crc)
            break;
        JournalRecord record;
        if (!decodeRecord(payload, length, record))
            break;
        out.records.push_back(std::move(record));
        pos += 8 + std::size_t(length);
        out.ends.push_back(pos);
        out.validBytes = pos;
    }
    out.tornTail = out.validBytes < size;
    return out;
}

} // namespace gis::detail
