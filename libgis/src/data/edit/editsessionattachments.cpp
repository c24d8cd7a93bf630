// EditSession's attachments: attach, detach and list a feature's files (photos). Like every edit each is checked,
// journaled (the bytes inline in the record: one CRC-checked record is the whole attachment, made durable by the
// same fdatasync as any edit, with no side file to keep in step) and applied as one undo step; the store writes them
// at commit in the features' transaction.

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "edit/editjournal.h"
#include "edit/editsessionparts.h"
#include "edit/exif.h"
#include "gis/core/error.h"

namespace gis {

using detail::JournalRecord;
using RT = JournalRecord::Type;

namespace {

std::string mib(std::size_t bytes)
{
    return std::to_string(bytes >> 20) + " MiB";
}

void checkTableName(const std::string& layer, const std::string& name, const char* what)
{
    const auto bad = [&](const std::string& why) {
        throw Error(ErrorCode::Argument, "layer \"" + layer + "\": " + what + " \"" + name + "\": " + why);
    };
    if (name.empty())
        throw Error(ErrorCode::Argument, "layer \"" + layer + "\": an attachment needs a " + what);
    if (name.size() > 128)
        bad("longer than 128 bytes");
    for (const unsigned char c : name)
        if (c < 0x20 || c == 0x7f)
            bad("holds a control character");
    std::string lower;
    for (const unsigned char c : name)
        lower += static_cast<char>(std::tolower(c));
    for (const char* reserved : {"gpkg", "sqlite_", "rtree_"})
        if (lower.rfind(reserved, 0) == 0)
            bad(std::string("names starting with \"") + reserved + "\" belong to the GeoPackage");
}

bool isTokenChar(unsigned char c)
{
    return std::isalnum(c) || std::string_view("!#$&^_.+-").find(static_cast<char>(c)) != std::string_view::npos;
}

} // namespace

AttachmentTable EditSession::resolvedTable(const AttachmentTable& table) const
{
    AttachmentTable t = table;
    checkTableName(layerName(), t.media, "media table");
    if (t.mapping.empty())
        t.mapping = layerName() + "_" + t.media;
    checkTableName(layerName(), t.mapping, "mapping table");
    if (t.mapping == t.media)
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": the media and mapping tables must differ (\""
                + t.media + "\")");
    return t;
}

std::int64_t EditSession::attach(std::int64_t fid, const AttachmentTable& table, AttachmentData data)
{
    const std::string where = "layer \"" + layerName() + "\", feature " + std::to_string(fid);
    if (m_store && !m_store->supportsAttachments())
        throw Error(ErrorCode::Argument, m_store->path() + ": " + where + ": attachments (photos) are stored in "
                "GeoPackages only; a " + m_store->kind() + " store cannot hold them");
    const AttachmentTable t = resolvedTable(table);
    if (!current(fid))
        throw Error(ErrorCode::Argument, where + ": no such feature to attach a file to");
    if (!data.bytes || data.bytes->empty())
        throw Error(ErrorCode::Argument, where + ": an attachment without bytes");
    if (data.bytes->size() > kMaxAttachmentBytes)
        throw Error(ErrorCode::Argument, where + ": an attachment of " + std::to_string(data.bytes->size())
                + " bytes is larger than the limit of " + mib(kMaxAttachmentBytes));
    if (m_attachments->bytes() + data.bytes->size() > kMaxSessionAttachmentBytes)
        throw Error(ErrorCode::Argument, where + ": the session's uncommitted attachments would pass the limit of "
                + mib(kMaxSessionAttachmentBytes) + ": commit first");
    const std::string& type = data.contentType;
    const auto slash = type.find('/');
    const bool typeOk = type.size() <= 255 && slash != std::string::npos && slash > 0 && slash + 1 < type.size()
        && std::all_of(type.begin(), type.end(), [&](char c) { return c == '/' || isTokenChar(static_cast<unsigned char>(c)); })
        && type.find('/', slash + 1) == std::string::npos;
    if (!typeOk)
        throw Error(ErrorCode::Argument, where + ": \"" + type.substr(0, 64)
                + "\" is not a content type (type/subtype, such as image/jpeg)");
    if (data.name.size() > 1024 || data.name.find('\0') != std::string::npos)
        throw Error(ErrorCode::Argument, where + ": an attachment name longer than 1,024 bytes or with a NUL");
    if (!data.takenMs) {
        // A photo's own time: what the camera recorded (a picture without EXIF simply has none).
        if (const auto taken = detail::readExifTime(*data.bytes)) {
            data.takenMs = taken->ms;
            data.takenOffsetMinutes = taken->offsetMinutes;
        }
    }
    if (!data.takenMs || (data.takenOffsetMinutes && std::abs(*data.takenOffsetMinutes) > 14 * 60))
        data.takenOffsetMinutes.reset();
    JournalRecord r;
    r.type = RT::Attach;
    r.fid = fid;
    r.attachmentId = m_attachments->nextProvisional;
    r.attachmentTable = t;
    r.attachment = std::move(data);
    const std::int64_t id = r.attachmentId;
    edit(std::move(r));
    return id;
}

void EditSession::detach(std::int64_t fid, const AttachmentTable& table, std::int64_t id)
{
    const AttachmentTable t = resolvedTable(table);
    const std::string where = "layer \"" + layerName() + "\", feature " + std::to_string(fid) + ": attachment "
        + std::to_string(id) + " of \"" + t.media + "\"";
    const auto pending = m_attachments->get({t, id});
    if (id < 0) {
        if (!pending || pending->detach || pending->fid != fid)
            throw Error(ErrorCode::Argument, where + ": not attached to this feature");
    } else {
        if (pending)
            throw Error(ErrorCode::Argument, where + ": already detached");
        const auto stored = attachments(fid, t);
        if (std::none_of(stored.begin(), stored.end(), [&](const AttachmentInfo& a) { return a.id == id; }))
            throw Error(ErrorCode::Argument, where + ": not attached to this feature");
    }
    JournalRecord r;
    r.type = RT::Detach;
    r.fid = fid;
    r.attachmentId = id;
    r.attachmentTable = t;
    edit(std::move(r));
}

void EditSession::applyAttachment(const JournalRecord& r)
{
    detail::AttachmentStep step;
    step.key = {r.attachmentTable, r.attachmentId};
    step.before = m_attachments->get(step.key);
    if (r.type == RT::Attach) {
        auto p = std::make_shared<detail::PendingAttachment>();
        p->fid = r.fid;
        p->table = r.attachmentTable;
        p->id = r.attachmentId;
        p->data = r.attachment;
        step.after = std::move(p);
        m_attachments->nextProvisional = std::min(m_attachments->nextProvisional, r.attachmentId - 1);
    } else if (r.attachmentId > 0) {
        auto p = std::make_shared<detail::PendingAttachment>();
        p->fid = r.fid;
        p->table = r.attachmentTable;
        p->detach = true;
        p->id = r.attachmentId;
        step.after = std::move(p);
    } // else: a pending attach is taken back (after = nullptr)
    m_attachments->set(step.key, step.after);
    if (m_batch) {
        m_batch->attachmentSteps.push_back(std::move(step));
        return;
    }
    m_redo.clear();
    auto command = std::make_unique<Command>();
    command->attachmentSteps.push_back(std::move(step));
    m_undo.push_back(std::move(command));
    while (m_undo.size() > std::max<std::size_t>(1, m_options.maxUndoSteps))
        m_undo.pop_front();
    m_mergeOpen = false;
}

std::vector<AttachmentInfo> EditSession::attachments(std::int64_t fid, const AttachmentTable& table) const
{
    const AttachmentTable t = resolvedTable(table);
    std::vector<AttachmentInfo> out;
    if (!current(fid))
        return out;
    if (m_store && m_store->supportsAttachments() && m_baseIndex->exists(fid, *m_base))
        for (auto& a : m_store->storedAttachments(layerName(), t, fid))
            if (!m_attachments->get({t, a.id}))
                out.push_back(std::move(a));
    std::vector<const detail::PendingAttachment*> pending;
    for (const auto& [key, p] : m_attachments->pending)
        if (key.first == t && p->fid == fid && !p->detach)
            pending.push_back(p.get());
    std::sort(pending.begin(), pending.end(), [](const auto* a, const auto* b) { return a->id > b->id; });
    for (const auto* p : pending) {
        AttachmentInfo a;
        a.id = p->id;
        a.pending = true;
        a.contentType = p->data.contentType;
        a.name = p->data.name;
        a.takenMs = p->data.takenMs;
        a.takenOffsetMinutes = p->data.takenOffsetMinutes;
        a.size = p->data.bytes ? p->data.bytes->size() : 0;
        a.bytes = p->data.bytes;
        out.push_back(std::move(a));
    }
    return out;
}

std::size_t EditSession::pendingAttachmentCount() const { return m_attachments->pending.size(); }

bool EditSession::isModified() const { return !m_current.empty() || !m_attachments->pending.empty(); }

} // namespace gis
