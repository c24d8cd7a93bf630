#pragma once

// The time a photo was taken, read from its JPEG's EXIF (docs/editing.md, "Attachments"): a small bounded parser of
// the APP1 "Exif" segment, enough for the date-time tags and nothing else. EditSession::attach fills
// AttachmentData::takenMs from it when the caller gave none.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gis::detail {

/// At most this many entries in one IFD; an IFD claiming more is not read.
inline constexpr std::size_t kMaxExifIfdEntries = 1000;
/// The largest APP1 segment read (a JPEG segment's 16-bit length allows 65,533 bytes of data anyway).
inline constexpr std::size_t kMaxExifSegmentBytes = 64u << 10;
/// At most this many JPEG segments before the Exif one are stepped over.
inline constexpr int kMaxJpegSegments = 256;

/// The date-time tags as the file holds them (ASCII, up to their first NUL); empty when absent.
struct ExifTimeTags {
    std::string dateTimeOriginal;   ///< 0x9003 in the Exif IFD: "2026:03:01 10:15:00"
    std::string offsetTimeOriginal; ///< 0x9011 in the Exif IFD: "+04:00"
    std::string dateTime;           ///< 0x0132 in IFD0 (when the file was last changed)
    std::string offsetTime;         ///< 0x9010 in the Exif IFD, DateTime's offset
};

/// When a photo was taken.
struct ExifTime {
    /// The instant, ms since 1970-01-01 UTC: the wall-clock time minus its offset, or, without an offset, the
    /// wall-clock time taken as UTC (as GDAL and PostgreSQL take a time without a zone).
    std::int64_t ms = 0;
    /// The offset from UTC the camera recorded (minutes, -14 h .. +14 h); nullopt when it recorded none.
    std::optional<int> offsetMinutes;
    bool original = true; ///< from DateTimeOriginal; false: from IFD0's DateTime, the fallback
};

/// Reads the date-time tags of a JPEG: its markers up to the first APP1 segment starting "Exif\0\0" (stopping at
/// the start of the image data), the TIFF header (II or MM), IFD0 and the Exif IFD it points to — two IFDs, never
/// more, each of at most kMaxExifIfdEntries entries, every offset and count checked against the segment. nullopt
/// when the bytes are not a JPEG or hold no readable Exif segment; a tag whose value lies outside the segment is
/// left empty. Linear in the bytes it reads, no recursion, never throws.
std::optional<ExifTimeTags> readExifTimeTags(std::string_view jpeg) noexcept;

/// Parses an EXIF date-time "YYYY:MM:DD hh:mm:ss" (a real calendar date, year 1..9999); nullopt otherwise.
std::optional<std::int64_t> parseExifDateTime(std::string_view text) noexcept;
/// Parses an EXIF offset "+hh:mm" / "-hh:mm" (at most 14 hours) into minutes; nullopt otherwise.
std::optional<int> parseExifOffset(std::string_view text) noexcept;

/// When the photo in `jpeg` was taken: DateTimeOriginal with OffsetTimeOriginal when valid, else IFD0's DateTime
/// with OffsetTime; nullopt when neither is a valid date-time (no EXIF, "0000:00:00 00:00:00", a corrupt segment).
/// Never throws.
std::optional<ExifTime> readExifTime(std::string_view jpeg) noexcept;

} // namespace gis::detail
