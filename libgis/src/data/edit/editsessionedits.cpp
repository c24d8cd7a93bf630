// EditSession's public edits: each builds its journal record and goes through EditSession::edit (editsession.cpp),
// which checks it, journals it and applies it.

#include "edit/editjournal.h"
#include "edit/editsessionparts.h"

namespace gis {

using detail::JournalRecord;
using RT = JournalRecord::Type;

std::int64_t EditSession::insert(EditFeature feature, std::vector<EditIssue>* issues)
{
    JournalRecord r;
    r.type = RT::Insert;
    r.fid = m_nextProvisional;
    r.hasFeature = true;
    r.feature = std::move(feature);
    edit(std::move(r));
    const std::int64_t fid = m_nextProvisional + 1;
    if (issues && m_options.validateOnEdit)
        *issues = check(fid, *current(fid));
    return fid;
}

void EditSession::setAttribute(std::int64_t fid, std::size_t field, FieldValue value)
{
    JournalRecord r;
    r.type = RT::SetAttribute;
    r.fid = fid;
    r.count = field;
    r.value = std::move(value);
    edit(std::move(r));
}

void EditSession::setGeometry(std::int64_t fid, Geometry geometry, std::vector<EditIssue>* issues)
{
    JournalRecord r;
    r.type = RT::SetGeometry;
    r.fid = fid;
    r.feature.geometry = std::move(geometry);
    edit(std::move(r));
    if (issues && m_options.validateOnEdit)
        *issues = check(fid, *current(fid));
}

void EditSession::update(std::int64_t fid, EditFeature feature, std::vector<EditIssue>* issues)
{
    JournalRecord r;
    r.type = RT::Update;
    r.fid = fid;
    r.hasFeature = true;
    r.feature = std::move(feature);
    edit(std::move(r));
    if (issues && m_options.validateOnEdit)
        *issues = check(fid, *current(fid));
}

void EditSession::moveVertex(std::int64_t fid, std::size_t vertex, double x, double y)
{
    JournalRecord r;
    r.type = RT::MoveVertex;
    r.fid = fid;
    r.count = vertex;
    r.x = x;
    r.y = y;
    edit(std::move(r));
}

void EditSession::remove(std::int64_t fid)
{
    JournalRecord r;
    r.type = RT::Remove;
    r.fid = fid;
    edit(std::move(r));
}

void EditSession::beginBatch(const std::string& label)
{
    JournalRecord r;
    r.type = RT::BeginBatch;
    r.text = label;
    edit(std::move(r));
}

void EditSession::endBatch()
{
    JournalRecord r;
    r.type = RT::EndBatch;
    edit(std::move(r));
}

void EditSession::undo()
{
    JournalRecord r;
    r.type = RT::Undo;
    edit(std::move(r));
}

void EditSession::redo()
{
    JournalRecord r;
    r.type = RT::Redo;
    edit(std::move(r));
}

} // namespace gis
