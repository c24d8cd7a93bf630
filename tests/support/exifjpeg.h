#pragma once

// JPEGs with an EXIF segment built byte by byte, for the tests of the photo time (tests/data/tst_exif.cpp,
// tst_editattachments, tests/viewer/tst_photofield): an APP1 "Exif\0\0" segment (TIFF header in either byte order,
// IFD0 with DateTime and the Exif IFD pointer, the Exif IFD with DateTimeOriginal and OffsetTimeOriginal) put
// after the SOI of a small real JPEG, optionally broken in the ways a parser must survive.

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace gis::test {

/// An 8 x 8 red JPEG (ImageMagick: convert -size 8x8 xc:red -strip -quality 50), no EXIF.
inline QByteArray plainJpeg()
{
    return QByteArray::fromHex(
        "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d"
        "283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb004301111212181518"
        "2f1a1a2f63423842636363636363636363636363636363636363636363636363636363636363636363636363636363636363"
        "6363636363636363ffc00011080008000803012200021101031101ffc4001500010100000000000000000000000000000005"
        "ffc40014100100000000000000000000000000000000ffc4001501010100000000000000000000000000000506ffc4001411"
        "0100000000000000000000000000000000ffda000c03010002110311003f008a00b5e3ffd9");
}

struct ExifSpec {
    bool bigEndian = false;         ///< "MM" instead of "II"
    QByteArray dateTimeOriginal;    ///< 0x9003 (empty: absent)
    QByteArray offsetTimeOriginal;  ///< 0x9011 (empty: absent)
    QByteArray dateTime;            ///< 0x0132 in IFD0 (empty: absent)
    enum class Break {
        None,
        ExifPointer,     ///< the Exif IFD pointer points past the segment
        ValueOffset,     ///< DateTimeOriginal's value offset points past the segment
        Truncated,       ///< the file ends inside the APP1 segment
        HugeCount,       ///< IFD0 claims 65,535 entries
        ValueCount,      ///< DateTimeOriginal's count reaches past the segment
    } breakIt = Break::None;
};

/// plainJpeg() with the APP1 segment of `spec` after its SOI.
inline QByteArray jpegWithExif(const ExifSpec& spec)
{
    struct Entry {
        std::uint16_t tag;
        std::uint16_t type;
        QByteArray value; // ASCII with its NUL, or 4 bytes of a LONG
    };
    const auto u16 = [&](QByteArray& out, std::uint32_t v) {
        if (spec.bigEndian)
            out += char(v >> 8), out += char(v & 0xFF);
        else
            out += char(v & 0xFF), out += char(v >> 8);
    };
    const auto u32 = [&](QByteArray& out, std::uint32_t v) {
        if (spec.bigEndian)
            u16(out, v >> 16), u16(out, v & 0xFFFF);
        else
            u16(out, v & 0xFFFF), u16(out, v >> 16);
    };
    const auto ascii = [](const QByteArray& s) { return s + '\0'; };
    std::vector<Entry> ifd0, exif;
    if (!spec.dateTime.isEmpty())
        ifd0.push_back({0x0132, 2, ascii(spec.dateTime)});
    if (!spec.dateTimeOriginal.isEmpty())
        exif.push_back({0x9003, 2, ascii(spec.dateTimeOriginal)});
    if (!spec.offsetTimeOriginal.isEmpty())
        exif.push_back({0x9011, 2, ascii(spec.offsetTimeOriginal)});
    const std::uint32_t ifd0Size = 2 + 12 * std::uint32_t(ifd0.size() + (exif.empty() ? 0 : 1)) + 4;
    const std::uint32_t exifOffset = 8 + ifd0Size;
    const std::uint32_t exifSize = exif.empty() ? 0 : 2 + 12 * std::uint32_t(exif.size()) + 4;
    std::uint32_t dataOffset = exifOffset + exifSize;
    QByteArray data;
    const auto writeIfd = [&](QByteArray& out, const std::vector<Entry>& entries, bool withExifPointer) {
        u16(out, spec.breakIt == ExifSpec::Break::HugeCount && withExifPointer ? 0xFFFF
                : std::uint32_t(entries.size() + (withExifPointer ? 1 : 0)));
        for (const Entry& e : entries) {
            u16(out, e.tag);
            u16(out, e.type);
            const bool broken = e.tag == 0x9003;
            u32(out, broken && spec.breakIt == ExifSpec::Break::ValueCount ? 0x7FFFFFF0u : std::uint32_t(e.value.size()));
            if (e.value.size() <= 4) {
                out += e.value.leftJustified(4, '\0');
            } else {
                u32(out, broken && spec.breakIt == ExifSpec::Break::ValueOffset ? 0xFFFFFF00u : dataOffset + data.size());
                data += e.value;
            }
        }
        if (withExifPointer) {
            u16(out, 0x8769);
            u16(out, 4);
            u32(out, 1);
            u32(out, spec.breakIt == ExifSpec::Break::ExifPointer ? 0x00FFFFF0u : exifOffset);
        }
        u32(out, 0); // no next IFD
    };
    QByteArray tiff = spec.bigEndian ? QByteArray("MM") : QByteArray("II");
    u16(tiff, 42);
    u32(tiff, 8);
    writeIfd(tiff, ifd0, !exif.empty());
    if (!exif.empty())
        writeIfd(tiff, exif, false);
    tiff += data;
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    QByteArray app1("\xFF\xE1", 2);
    const int length = int(payload.size()) + 2;
    app1 += char(length >> 8);
    app1 += char(length & 0xFF);
    app1 += payload;
    const QByteArray plain = plainJpeg();
    QByteArray out = plain.left(2) + app1 + plain.mid(2);
    if (spec.breakIt == ExifSpec::Break::Truncated)
        out.truncate(2 + 4 + int(payload.size()) / 2);
    return out;
}

} // namespace gis::test
