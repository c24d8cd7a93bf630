#pragma once

// Pictures and other files attached to features of a GeoPackage layer, after the GeoPackage Related Tables
// Extension (OGC 18-000; docs/forms.md, "Photos and attachments"): a media table (id, data, content_type, name,
// taken) and a mapping table (id, base_id, related_id) per media table and layer. Edit sessions attach and detach
// them (EditSession::attach); this header holds the plain values they use and the read-only count gis validate uses.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Largest picture (or file) one attachment may carry.
inline constexpr std::size_t kMaxAttachmentBytes = 32u << 20;
/// Largest total of the attachments an edit session holds uncommitted (kept in memory and in its journal until the
/// commit; a replay reads the journal whole).
inline constexpr std::size_t kMaxSessionAttachmentBytes = 256u << 20;

/// A file to attach. Plain value; the bytes are shared, never copied.
struct AttachmentData {
    std::shared_ptr<const std::string> bytes; ///< the file's bytes (1 byte .. kMaxAttachmentBytes)
    std::string contentType;                  ///< "image/jpeg": type/subtype, printable ASCII, at most 255 bytes
    std::string name;                         ///< the file's name ("p1.jpg"); may be empty
    /// When the picture was taken, ms since 1970-01-01 UTC. Left empty for a JPEG, EditSession::attach fills it
    /// (and takenOffsetMinutes) from the picture's EXIF DateTimeOriginal when it has one.
    std::optional<std::int64_t> takenMs;
    /// The offset from UTC of the clock that took it, minutes (EXIF OffsetTimeOriginal: +04:00 is 240); empty when
    /// unknown, and then takenMs is that clock's time taken as UTC. Ignored without takenMs.
    std::optional<int> takenOffsetMinutes;
};

/// Where a layer's attachments of one kind live: the media table and the mapping table (empty: the default
/// "<layer's table>_<media table>").
struct AttachmentTable {
    std::string media;
    std::string mapping;
    friend auto operator<=>(const AttachmentTable&, const AttachmentTable&) = default;
};

/// One attachment of a feature as a session lists it.
struct AttachmentInfo {
    /// The media row's id when stored; a provisional negative id for one attached in the session, not committed.
    std::int64_t id = 0;
    bool pending = false; ///< attached in this session, not committed yet
    std::string contentType;
    std::string name;
    std::optional<std::int64_t> takenMs;      ///< as AttachmentData::takenMs
    std::optional<int> takenOffsetMinutes;    ///< as AttachmentData::takenOffsetMinutes
    std::size_t size = 0;                     ///< bytes
    std::shared_ptr<const std::string> bytes; ///< pending ones only (stored ones: EditStore::attachmentBytes)
};

/// How many attachments each feature of `layer` in the GeoPackage `path` has in `table` (features without any are
/// left out). Read-only: opens the file read-only, never writes. An empty map when the tables do not exist yet.
/// Throws Error(Argument) when `path` is not a GeoPackage (attachments are stored in GeoPackages only), Error(Io)
/// or Error(Format) naming the file when it cannot be read.
std::map<std::int64_t, std::size_t> readAttachmentCounts(const std::string& path, const std::string& layer,
    const AttachmentTable& table);

/// Decodes base64 (RFC 4648, standard alphabet; "=" padding optional; spaces, tabs and line breaks between
/// characters ignored) into at most `maxBytes` bytes. Linear, no recursion; refuses text that would decode to more
/// than `maxBytes` before decoding anything. Throws Error(Format) saying where the text is wrong (a character
/// outside the alphabet, padding in the middle, a dangling character, non-zero bits after the last byte) or that it
/// is too large.
std::string decodeBase64(std::string_view text, std::size_t maxBytes);

} // namespace gis

GIS_API_END
