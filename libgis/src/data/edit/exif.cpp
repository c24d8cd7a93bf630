// EXIF date-times from a JPEG's APP1 segment (exif.h). Every read goes through Tiff::u16/u32, which check the
// position against the segment's size in 64-bit arithmetic, so no offset or count in the file can reach past it.

#include "edit/exif.h"

#include <algorithm>

#include "gis/data/datetime.h"

namespace gis::detail {

namespace {

/// The TIFF structure inside the Exif segment: bounds-checked reads in the file's byte order.
class Tiff {
public:
    Tiff(std::string_view bytes, bool bigEndian) : m_bytes(bytes), m_bigEndian(bigEndian) { }

    bool has(std::uint64_t pos, std::uint64_t n) const { return pos <= m_bytes.size() && n <= m_bytes.size() - pos; }

    std::optional<std::uint32_t> u16(std::uint64_t pos) const
    {
        if (!has(pos, 2))
            return std::nullopt;
        const auto b0 = static_cast<std::uint8_t>(m_bytes[pos]);
        const auto b1 = static_cast<std::uint8_t>(m_bytes[pos + 1]);
        return m_bigEndian ? (b0 << 8 | b1) : (b1 << 8 | b0);
    }

    std::optional<std::uint32_t> u32(std::uint64_t pos) const
    {
        const auto a = u16(pos);
        const auto b = u16(pos + 2);
        if (!a || !b)
            return std::nullopt;
        return m_bigEndian ? (*a << 16 | *b) : (*b << 16 | *a);
    }

    /// An ASCII value (type 2) of `count` bytes, inline in the entry when it fits in 4 bytes; up to its first NUL.
    /// Empty when it lies outside the segment.
    std::string ascii(std::uint64_t entry, std::uint32_t type, std::uint32_t count) const
    {
        if (type != 2 || count == 0)
            return {};
        std::uint64_t pos = entry + 8;
        if (count > 4) {
            const auto offset = u32(entry + 8);
            if (!offset)
                return {};
            pos = *offset;
        }
        if (!has(pos, count))
            return {};
        const std::string_view value = m_bytes.substr(pos, count);
        return std::string(value.substr(0, value.find('\0')));
    }

    std::string_view bytes() const { return m_bytes; }

private:
    std::string_view m_bytes;
    bool m_bigEndian;
};

/// Calls `onEntry(entryPos, tag, type, count)` for each entry of the IFD at `offset`; false when the IFD is not
/// inside the segment or claims more than kMaxExifIfdEntries entries.
template <class F>
bool forEachEntry(const Tiff& tiff, std::uint32_t offset, F&& onEntry)
{
    const auto count = tiff.u16(offset);
    if (!count || *count > kMaxExifIfdEntries || !tiff.has(std::uint64_t(offset) + 2, std::uint64_t(*count) * 12))
        return false;
    for (std::uint32_t i = 0; i < *count; ++i) {
        const std::uint64_t entry = std::uint64_t(offset) + 2 + std::uint64_t(i) * 12;
        onEntry(entry, *tiff.u16(entry), *tiff.u16(entry + 2), *tiff.u32(entry + 4));
    }
    return true;
}

/// The TIFF bytes of the first APP1 "Exif\0\0" segment before the image data; nullopt when there is none.
std::optional<std::string_view> exifSegment(std::string_view jpeg)
{
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(jpeg[i]); };
    if (jpeg.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8)
        return std::nullopt;
    std::size_t pos = 2;
    for (int segments = 0; segments < kMaxJpegSegments; ++segments) {
        if (pos >= jpeg.size() || byte(pos) != 0xFF)
            return std::nullopt;
        while (pos < jpeg.size() && byte(pos) == 0xFF) // fill bytes before a marker
            ++pos;
        if (pos >= jpeg.size())
            return std::nullopt;
        const std::uint8_t marker = byte(pos++);
        if (marker == 0xDA || marker == 0xD9 || marker == 0x00) // start of scan, end of image: no Exif before them
            return std::nullopt;
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) // no length
            continue;
        if (pos + 2 > jpeg.size())
            return std::nullopt;
        const std::size_t length = std::size_t(byte(pos)) << 8 | byte(pos + 1);
        if (length < 2 || length - 2 > jpeg.size() - pos - 2)
            return std::nullopt; // truncated
        const std::string_view data = jpeg.substr(pos + 2, length - 2);
        pos += length;
        if (marker == 0xE1 && data.size() <= kMaxExifSegmentBytes && data.substr(0, 6) == std::string_view("Exif\0\0", 6))
            return data.substr(6);
    }
    return std::nullopt;
}

} // namespace

std::optional<ExifTimeTags> readExifTimeTags(std::string_view jpeg) noexcept
{
    const auto segment = exifSegment(jpeg);
    if (!segment || segment->size() < 8)
        return std::nullopt;
    const std::string_view order = segment->substr(0, 2);
    if (order != "II" && order != "MM")
        return std::nullopt;
    const Tiff tiff(*segment, order == "MM");
    if (tiff.u16(2) != 42u)
        return std::nullopt;
    const auto ifd0 = tiff.u32(4);
    if (!ifd0)
        return std::nullopt;
    ExifTimeTags tags;
    std::optional<std::uint32_t> exifIfd;
    const bool ifd0Read = forEachEntry(tiff, *ifd0, [&](std::uint64_t entry, std::uint32_t tag, std::uint32_t type, std::uint32_t count) {
        if (tag == 0x0132)
            tags.dateTime = tiff.ascii(entry, type, count);
        else if (tag == 0x8769 && (type == 4 || type == 13) && count == 1)
            exifIfd = tiff.u32(entry + 8);
    });
    if (!ifd0Read)
        return std::nullopt;
    if (exifIfd) // the second and last level: the Exif IFD's own pointers (interoperability, maker notes) are not followed
        forEachEntry(tiff, *exifIfd, [&](std::uint64_t entry, std::uint32_t tag, std::uint32_t type, std::uint32_t count) {
            if (tag == 0x9003)
                tags.dateTimeOriginal = tiff.ascii(entry, type, count);
            else if (tag == 0x9011)
                tags.offsetTimeOriginal = tiff.ascii(entry, type, count);
            else if (tag == 0x9010)
                tags.offsetTime = tiff.ascii(entry, type, count);
        });
    return tags;
}

std::optional<std::int64_t> parseExifDateTime(std::string_view t) noexcept
{
    // Some writers pad the value with spaces; nothing else may follow it.
    while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
    if (t.size() != 19)
        return std::nullopt;
    const auto number = [&](std::size_t at, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (t[i] < '0' || t[i] > '9')
                return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    if (t[4] != ':' || t[7] != ':' || t[10] != ' ' || t[13] != ':' || t[16] != ':')
        return std::nullopt;
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 60)
        return std::nullopt;
    const std::int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    const CivilDate back = civilFromDays(days);
    if (back.month != unsigned(month) || back.day != unsigned(day)) // 31 April, 29 February of a common year
        return std::nullopt;
    return (days * 86400 + hour * 3600 + minute * 60 + std::min(second, 59)) * 1000;
}

std::optional<int> parseExifOffset(std::string_view t) noexcept
{
    while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
    if (t.size() != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':')
        return std::nullopt;
    for (const std::size_t i : {1, 2, 4, 5})
        if (t[i] < '0' || t[i] > '9')
            return std::nullopt;
    const int hours = (t[1] - '0') * 10 + (t[2] - '0');
    const int minutes = (t[4] - '0') * 10 + (t[5] - '0');
    if (minutes > 59 || hours * 60 + minutes > 14 * 60)
        return std::nullopt;
    return (t[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

std::optional<ExifTime> readExifTime(std::string_view jpeg) noexcept
{
    const auto tags = readExifTimeTags(jpeg);
    if (!tags)
        return std::nullopt;
    const auto make = [](std::int64_t wallMs, std::string_view offsetText, bool original) {
        ExifTime t;
        t.offsetMinutes = parseExifOffset(offsetText);
        t.ms = wallMs - std::int64_t(t.offsetMinutes.value_or(0)) * 60'000;
        t.original = original;
        return t;
    };
    if (const auto wall = parseExifDateTime(tags->dateTimeOriginal))
        return make(*wall, tags->offsetTimeOriginal, true);
    if (const auto wall = parseExifDateTime(tags->dateTime))
        return make(*wall, tags->offsetTime, false);
    return std::nullopt;
}

} // namespace gis::detail
