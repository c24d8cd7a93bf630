#pragma once

// Private: the edit journal, a file beside the data that records every edit before it is applied (docs/editing.md).
//
// Format: the 8 bytes "GISEDJ1\n", then records. A record is a 4-byte little-endian payload length, a 4-byte
// little-endian CRC-32 (IEEE) of the payload, then the payload: one type byte and the type's fields (integers
// little-endian; strings and blobs as a 4-byte length and their bytes). A record cut short by a crash, or whose
// CRC does not match, ends the journal there: it and anything after it are dropped, never misread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/data/editattachment.h"
#include "gis/data/editfeature.h"

namespace gis::detail {

inline constexpr char kJournalMagic[9] = "GISEDJ1\n";
inline constexpr std::size_t kMaxJournalRecordBytes = 256u << 20; ///< a record larger is corruption
inline constexpr std::size_t kMaxJournalRecords = 50'000'000;     ///< the parser stops there

/// One journal record. Which fields count depends on the type.
struct JournalRecord {
    enum class Type : std::uint8_t {
        Header = 1,      ///< time, text = layer name, count = field count
        Version = 2,     ///< fid, version: the stored version the session's edits of fid are based on
        Insert = 3,      ///< time, fid, feature
        SetAttribute = 4,///< time, fid, count = field, value
        SetGeometry = 5, ///< time, fid, feature.geometry
        Update = 6,      ///< time, fid, feature
        MoveVertex = 7,  ///< time, fid, count = vertex, x, y
        Remove = 8,      ///< time, fid
        BeginBatch = 9,  ///< time, text = label
        EndBatch = 10,   ///< time
        Undo = 11,       ///< time
        Redo = 12,       ///< time
        Accept = 13,     ///< time, fid, hasFeature/feature, version: a conflict settled with storage's version
        Committing = 14, ///< time, committed: the versions storage holds once the commit is durable; then
                         ///< (when any) mappings: the attachment mapping rows the commit adds or deletes
        Attach = 15,     ///< time, fid, attachmentId (provisional), attachmentTable, attachment (the bytes inline)
        Detach = 16,     ///< time, fid, attachmentId (stored or provisional), attachmentTable
    };
    struct Committed {
        std::int64_t provisional = 0; ///< the session's id (negative for an insert)
        std::int64_t fid = 0;         ///< the stored id
        FeatureVersion version;
    };

    Type type = Type::Header;
    std::int64_t timeMs = 0;
    std::int64_t fid = 0;
    std::uint64_t count = 0;
    double x = 0;
    double y = 0;
    std::string text;
    bool hasFeature = false;
    EditFeature feature;
    FieldValue value;
    FeatureVersion version;
    std::vector<Committed> committed;
    /// Committing: a mapping row of an attachment the commit writes (`attached`) or deletes.
    struct Mapping {
        std::string table;
        std::int64_t id = 0;
        bool attached = true;
    };
    std::vector<Mapping> mappings;
    std::int64_t attachmentId = 0;
    AttachmentTable attachmentTable;
    AttachmentData attachment;

    /// True for the records an edit makes (not Header, Version, Committing).
    bool isEdit() const;
};

/// The payload of one record (without length and CRC).
std::string encodeRecord(const JournalRecord& record);
/// The canonical bytes of a feature (geometry WKB, typed values) as records carry it: what versions hash.
std::string encodeFeature(const EditFeature& feature);
/// The same into `out` (cleared first): reusing one buffer.
void encodeFeatureInto(std::string& out, const EditFeature& feature);
/// The framed record: length, CRC, payload.
std::string frameRecord(const JournalRecord& record);

/// What a parse found.
struct JournalContents {
    std::vector<JournalRecord> records;
    std::vector<std::size_t> ends; ///< byte offset just past each record
    std::size_t validBytes = 0; ///< bytes up to the end of the last good record (the magic included)
    bool tornTail = false;      ///< bytes after validBytes were dropped
    bool badMagic = false;      ///< not a journal at all
};

/// Parses journal bytes. Never throws for bad input: a bad record ends the journal (tornTail). Bounded: records
/// of at most kMaxJournalRecordBytes, at most kMaxJournalRecords, geometry WKB parsed by gis::appendWkb.
JournalContents parseJournal(const std::uint8_t* data, std::size_t size);

std::uint32_t crc32(const void* data, std::size_t size);

/// An open journal file, appended to by one session. Holds an exclusive flock while open, so that recovery never
/// takes the journal of a live session.
class EditJournal {
public:
    /// Creates a new journal (exclusively) at `path`. Throws Error(Io).
    static std::unique_ptr<EditJournal> create(const std::string& path);
    /// Opens an existing journal to continue it: truncates a torn tail. Throws Error(Io); returns nullptr when a
    /// live session holds it.
    static std::unique_ptr<EditJournal> resume(const std::string& path, JournalContents* contents);
    ~EditJournal();

    const std::string& path() const { return m_path; }
    /// Appends one record and, with `sync`, makes it and every record before it durable (fdatasync) before
    /// returning. Throws Error(Io) naming the file.
    void append(const JournalRecord& record, bool sync = true);
    /// Cuts the journal at byte `offset` (a record end from JournalContents::ends). Throws Error(Io).
    void truncate(std::size_t offset);
    /// Empties the journal down to its header record (after a commit or rollback). Throws Error(Io).
    void restart(const JournalRecord& header);
    /// Closes and deletes the file (the session ends with nothing unsaved).
    void remove() noexcept;

private:
    EditJournal(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
    void writeAll(const std::string& bytes, bool sync = true);
    std::string m_path;
    int m_fd = -1;
};

/// Reads `path` whole and parses it (empty contents with badMagic when it cannot be read). Throws nothing.
JournalContents readJournalFile(const std::string& path);
/// Whether a live process holds the journal's lock.
bool journalInUse(const std::string& path);

} // namespace gis::detail
