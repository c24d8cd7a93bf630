#include "gis/data/editsession.h"

#include <set>
#include <unordered_map>

#include "edit/editdelta.h"
#include "edit/editjournal.h"
#include "edit/editsessionparts.h"
#include "gis/core/error.h"
#include "gis/geom/validity.h"

// The session's model: storage holds the base layer as read plus what this session committed since (the stored
// overlay); m_current holds every feature whose state differs from storage. An undo step is a list of changes, each
// a feature's state before and after; applying a state that equals storage removes the feature from m_current, so a
// full undo leaves the session unmodified. The journal gets each edit before it is applied; replay runs the same
// apply() on the records.

namespace gis {

using detail::JournalRecord;
using RT = JournalRecord::Type;
using detail::nowMs;

EditSession::EditSession(std::shared_ptr<const Layer> base)
    : EditSession(nullptr, std::move(base), [] {
        EditSessionOptions o;
        o.journal = false;
        return o;
    }())
{
}

EditSession::EditSession(std::shared_ptr<EditStore> store, std::shared_ptr<const Layer> base, const EditSessionOptions& options)
    : m_store(std::move(store))
    , m_base(std::move(base))
    , m_options(options)
    , m_baseIndex(std::make_unique<Base>())
    , m_attachments(std::make_unique<detail::SessionAttachments>())
{
    if (!m_base)
        throw Error(ErrorCode::Argument, "edit session without a layer");
    m_fields = m_base->attributes().fields();
    m_baseIndex->reset(*m_base);
    if (m_store && m_options.journal)
        startJournal();
}

EditSession::~EditSession()
{
    // Unsaved edits stay in the journal for the next open to offer (as after a crash); a session that ends with
    // nothing unsaved leaves no journal behind.
    if (m_journal && !isModified())
        m_journal->remove();
}

const std::string& EditSession::layerName() const { return m_base->name(); }

const std::string& EditSession::journalPath() const
{
    static const std::string none;
    return m_journal ? m_journal->path() : none;
}

void EditSession::startJournal()
{
    m_journal = detail::createSessionJournal(journalPrefix(m_store->path(), layerName()));
    m_journal->append(detail::headerRecord(layerName(), m_fields.size()));
}

void EditSession::journal(const JournalRecord& record)
{
    if (!m_journal || m_replaying)
        return;
    // Inside a batch the records reach the file at once (a killed process loses nothing the kernel has) but are
    // made durable against a power cut together, at the batch's end: a replay drops an unfinished batch whole
    // anyway, and 100,000 inserts in one batch then cost one fdatasync instead of 100,000.
    const bool insideBatch = m_batchDepth > 0 && !(record.type == RT::EndBatch && m_batchDepth == 1);
    m_journal->append(record, !insideBatch);
}

// --- storage and current state -------------------------------------------------------------------------

std::optional<std::size_t> EditSession::baseRow(std::int64_t fid) const { return m_baseIndex->row(fid); }

std::shared_ptr<const EditFeature> EditSession::stored(std::int64_t fid, bool* exists) const
{
    const auto it = m_baseIndex->stored.find(fid);
    if (it != m_baseIndex->stored.end()) {
        *exists = it->second != nullptr;
        return it->second;
    }
    const auto row = baseRow(fid);
    *exists = row.has_value();
    return row ? std::make_shared<const EditFeature>(editFeatureFromLayer(*m_base, *row)) : nullptr;
}

std::shared_ptr<const EditFeature> EditSession::current(std::int64_t fid) const
{
    const auto it = m_current.find(fid);
    if (it != m_current.end())
        return it->second;
    bool exists = false;
    return stored(fid, &exists);
}

EditSession::State EditSession::stateOf(std::int64_t fid) const
{
    const auto it = m_current.find(fid);
    if (it != m_current.end())
        return it->second ? State{State::Kind::Feature, it->second} : State{State::Kind::Absent, nullptr};
    return m_baseIndex->exists(fid, *m_base) ? State{State::Kind::Stored, nullptr} : State{State::Kind::Absent, nullptr};
}

void EditSession::setState(std::int64_t fid, const State& state)
{
    invalidate();
    switch (state.kind) {
    case State::Kind::Stored: m_current.erase(fid); return;
    case State::Kind::Feature: m_current[fid] = state.feature; return;
    case State::Kind::Absent:
        if (m_baseIndex->exists(fid, *m_base))
            m_current[fid] = nullptr;
        else
            m_current.erase(fid);
        return;
    }
}

void EditSession::touch(std::int64_t fid)
{
    if (!m_baseIndex->exists(fid, *m_base) || m_versions.count(fid))
        return;
    bool exists = false;
    const auto feature = stored(fid, &exists);
    JournalRecord r;
    r.type = RT::Version;
    r.fid = fid;
    r.version = featureVersion(feature.get());
    journal(r);
    m_versions[fid] = r.version;
}

void EditSession::normalize(EditFeature& f) const
{
    if (f.values.size() > m_fields.size())
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": a feature with " + std::to_string(f.values.size())
                + " values for " + std::to_string(m_fields.size()) + " fields");
    f.values.resize(m_fields.size());
    for (std::size_t k = 0; k < m_fields.size(); ++k)
        f.values[k] = detail::normalizeValue(layerName(), m_fields[k], std::move(f.values[k]));
}

// --- edits ------------------------------------------------------------------------------------------------

std::shared_ptr<const EditFeature> EditSession::prepareEdit(const JournalRecord& r)
{
    if (r.type == RT::Insert) {
        auto f = std::make_shared<EditFeature>(r.feature);
        normalize(*f);
        return f;
    }
    const auto cur = current(r.fid);
    if (!cur)
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": no feature " + std::to_string(r.fid));
    switch (r.type) {
    case RT::Remove: return nullptr;
    case RT::SetAttribute: {
        if (r.count >= m_fields.size())
            throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": no field " + std::to_string(r.count));
        auto f = std::make_shared<EditFeature>(*cur);
        f->values[r.count] = detail::normalizeValue(layerName(), m_fields[r.count], r.value);
        return f;
    }
    case RT::SetGeometry: {
        auto f = std::make_shared<EditFeature>(*cur);
        f->geometry = r.feature.geometry;
        return f;
    }
    case RT::Update:
    case RT::Accept: {
        auto f = std::make_shared<EditFeature>(r.feature);
        normalize(*f);
        return f;
    }
    case RT::MoveVertex: {
        auto f = std::make_shared<EditFeature>();
        f->values = cur->values;
        f->geometry = detail::movedVertex(cur->geometry, r.count, r.x, r.y, layerName(), r.fid);
        return f;
    }
    default: return nullptr;
    }
}

void EditSession::push(Change change, bool mergeable, std::size_t vertex)
{
    if (m_batch) {
        m_batch->changes.push_back(std::move(change));
        return;
    }
    m_redo.clear();
    if (mergeable && m_mergeOpen && !m_undo.empty()) {
        Command& top = *m_undo.back();
        if (top.mergeable && top.changes.size() == 1 && top.changes[0].fid == change.fid && top.mergeVertex == vertex) {
            top.changes[0].after = std::move(change.after);
            return;
        }
    }
    auto command = std::make_unique<Command>();
    command->mergeable = mergeable;
    command->mergeVertex = vertex;
    command->changes.push_back(std::move(change));
    m_undo.push_back(std::move(command));
    while (m_undo.size() > std::max<std::size_t>(1, m_options.maxUndoSteps))
        m_undo.pop_front();
    m_mergeOpen = mergeable;
}

void EditSession::replace(std::int64_t fid, std::shared_ptr<const EditFeature> after, bool mergeable, std::size_t vertex)
{
    Change change{fid, stateOf(fid), after ? State{State::Kind::Feature, after} : State{State::Kind::Absent, nullptr}};
    setState(fid, change.after);
    push(std::move(change), mergeable, vertex);
}

void EditSession::apply(const JournalRecord& r, std::shared_ptr<const EditFeature> after)
{
    if (r.type != RT::MoveVertex)
        m_mergeOpen = m_mergeOpen && r.type == RT::Version;
    switch (r.type) {
    case RT::Header:
    case RT::Committing: return;
    case RT::Version: m_versions[r.fid] = r.version; return;
    case RT::Insert:
        m_nextProvisional = std::min(m_nextProvisional, r.fid - 1);
        return replace(r.fid, std::move(after), false, 0);
    case RT::SetAttribute:
    case RT::SetGeometry:
    case RT::Update:
    case RT::Remove: return replace(r.fid, std::move(after), false, 0);
    case RT::MoveVertex: return replace(r.fid, std::move(after), true, static_cast<std::size_t>(r.count));
    case RT::Attach:
    case RT::Detach: return applyAttachment(r);
    case RT::Accept:
        // Storage's version of a conflicting feature becomes this session's stored state.
        invalidate();
        m_baseIndex->stored[r.fid] = r.hasFeature ? after : nullptr;
        m_current.erase(r.fid);
        m_versions.erase(r.fid);
        return;
    case RT::BeginBatch:
        if (m_batchDepth++ == 0) {
            m_batch = std::make_unique<Command>();
            m_batch->label = r.text;
        }
        return;
    case RT::EndBatch:
        if (m_batchDepth == 0)
            throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": endBatch() without beginBatch()");
        if (--m_batchDepth == 0) {
            auto batch = std::move(m_batch);
            if (!batch->changes.empty() || !batch->attachmentSteps.empty()) {
                m_redo.clear();
                m_undo.push_back(std::move(batch));
                while (m_undo.size() > std::max<std::size_t>(1, m_options.maxUndoSteps))
                    m_undo.pop_front();
            }
        }
        return;
    case RT::Undo: {
        if (!canUndo())
            throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": nothing to undo");
        auto command = std::move(m_undo.back());
        m_undo.pop_back();
        for (auto it = command->changes.rbegin(); it != command->changes.rend(); ++it)
            setState(it->fid, it->before);
        for (auto it = command->attachmentSteps.rbegin(); it != command->attachmentSteps.rend(); ++it)
            m_attachments->set(it->key, it->before);
        m_redo.push_back(std::move(command));
        return;
    }
    case RT::Redo: {
        if (!canRedo())
            throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": nothing to redo");
        auto command = std::move(m_redo.back());
        m_redo.pop_back();
        for (const auto& change : command->changes)
            setState(change.fid, change.after);
        for (const auto& step : command->attachmentSteps)
            m_attachments->set(step.key, step.after);
        m_undo.push_back(std::move(command));
        return;
    }
    }
}

void EditSession::edit(JournalRecord r)
{
    r.timeMs = nowMs();
    std::shared_ptr<const EditFeature> after;
    const bool featureEdit = r.type == RT::Insert || r.type == RT::SetAttribute || r.type == RT::SetGeometry
        || r.type == RT::Update || r.type == RT::MoveVertex || r.type == RT::Remove;
    if (featureEdit)
        after = prepareEdit(r); // throws for a bad fid, field or vertex: nothing is journaled
    if (r.type == RT::Undo && !canUndo())
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": nothing to undo");
    if (r.type == RT::Redo && !canRedo())
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": nothing to redo");
    if (r.type == RT::EndBatch && m_batchDepth == 0)
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": endBatch() without beginBatch()");
    if (featureEdit && r.type != RT::Insert)
        touch(r.fid);
    if (r.type == RT::Insert)
        r.feature = *after; // journal the normalized feature
    journal(r);
    apply(r, std::move(after));
}

// --- reading and validation -----------------------------------------------------------------------------

std::shared_ptr<const EditSnapshot> EditSession::snapshot() const
{
    if (m_snapshot)
        return m_snapshot;
    auto delta = detail::EditDelta::build(m_baseIndex->stored, m_current, [&](std::int64_t fid) -> std::int64_t {
        const auto row = baseRow(fid);
        return row ? static_cast<std::int64_t>(*row) : -1;
    });
    m_snapshot = std::make_shared<const EditSnapshot>(m_base, std::move(delta));
    return m_snapshot;
}

std::optional<EditFeature> EditSession::feature(std::int64_t fid) const
{
    const auto f = current(fid);
    if (!f)
        return std::nullopt;
    return *f;
}

std::vector<EditIssue> EditSession::check(std::int64_t fid, const EditFeature& feature) const
{
    std::vector<EditIssue> out;
    if (!feature.geometry.isNull()) {
        const Validity v = checkValidity(feature.geometry.ref());
        if (!v.valid) {
            std::string message = "invalid geometry: " + v.reason;
            if (v.location)
                message += " at (" + detail::formatNumber(v.location->x) + ", " + detail::formatNumber(v.location->y) + ")";
            out.push_back({fid, EditIssue::Severity::Error, {}, message});
        }
    }
    for (const auto& validator : m_validators) {
        auto more = validator(fid, feature);
        out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return out;
}

std::vector<EditIssue> EditSession::issues() const
{
    std::vector<EditIssue> out;
    for (const auto& [fid, feature] : m_current) {
        if (!feature)
            continue;
        auto more = check(fid, *feature);
        out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    // Features whose attachments changed are checked too (a form's photo count), once each.
    std::set<std::int64_t> attachedTo;
    for (const auto& [key, p] : m_attachments->pending)
        if (!m_current.count(p->fid))
            attachedTo.insert(p->fid);
    for (const std::int64_t fid : attachedTo) {
        const auto feature = current(fid);
        if (!feature)
            continue;
        auto more = check(fid, *feature);
        out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return out;
}

} // namespace gis
