// The store of single-file formats (GeoJSON, a Shapefile set, and the others writeLayer writes): a commit reads the
// file again, checks the versions, and rewrites it whole through the atomic writer (a Shapefile's files together,
// through AtomicFileSet), so the file is at every moment the old or the new version.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "edit/gpkgeditstore.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/editsession.h"
#include "gis/data/layerwriter.h"
#include "gis/data/postgis.h"
#include "pg/pgeditstore.h"

namespace gis::detail {

namespace {

class FileEditStore final : public EditStore {
public:
    explicit FileEditStore(const std::string& path) : m_path(path) {}

    const std::string& path() const override { return m_path; }
    std::string kind() const override { return "file rewrite"; }
    bool rereadAfterCommit() const override { return true; }

    std::map<std::int64_t, FeatureVersion> currentVersions(const std::string& layer,
        const std::vector<FieldInfo>&, const std::vector<std::int64_t>& fids) override
    {
        EditSession now(readLayer(m_path, layer));
        std::map<std::int64_t, FeatureVersion> out;
        for (const std::int64_t fid : fids) {
            const auto f = now.feature(fid);
            out[fid] = featureVersion(f ? &*f : nullptr);
        }
        return out;
    }

    CommitOutcome commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable) override
    {
        if (layers.size() != 1)
            throw Error(ErrorCode::Argument, m_path + ": a file of this format holds one layer; "
                    + std::to_string(layers.size()) + " committed together");
        const LayerChanges& changes = layers.front();
        if (!changes.attachments.empty())
            throw Error(ErrorCode::Argument, m_path + ": layer \"" + changes.layer + "\": attachments (photos) are "
                    "stored in GeoPackages only; this " + kind() + " store cannot hold them");
        CommitOutcome outcome;
        // What the file holds now, as an in-memory session: its versions, then the changes applied to it.
        EditSession now(readLayer(m_path, changes.layer));
        for (const auto& c : changes.changes) {
            if (c.insert)
                continue;
            if (auto conflict = conflictWith(changes.layer, c, now.feature(c.fid)))
                outcome.conflicts.push_back(std::move(*conflict));
        }
        if (!outcome.conflicts.empty())
            return outcome;
        for (const auto& c : changes.changes) {
            if (c.insert) {
                now.insert(*c.feature);
            } else if (!c.feature) {
                if (now.feature(c.fid))
                    now.remove(c.fid);
            } else if (now.feature(c.fid)) {
                now.update(c.fid, *c.feature);
            } else {
                now.insert(*c.feature); // kept over someone's delete: it comes back (under a new id)
            }
        }
        const auto layer = now.snapshot()->toLayer();
        outcome.committed = true;
        if (beforeDurable)
            beforeDurable(outcome);
        LayerWriteOptions options;
        options.mode = LayerWriteMode::ReplaceFile;
        gis::writeLayer(*layer, m_path, {}, options);
        return outcome;
    }

private:
    std::string m_path;
};

} // namespace

} // namespace gis::detail

namespace gis {

std::vector<AttachmentInfo> EditStore::storedAttachments(const std::string& layer, const AttachmentTable&, std::int64_t)
{
    throw Error(ErrorCode::Argument, path() + ": layer \"" + layer + "\": attachments (photos) are stored in "
            "GeoPackages only");
}

std::string EditStore::attachmentBytes(const AttachmentTable&, std::int64_t)
{
    throw Error(ErrorCode::Argument, path() + ": attachments (photos) are stored in GeoPackages only");
}

bool EditStore::holdsMappings(const std::vector<MappingRowChange>& rows)
{
    return rows.empty();
}

std::shared_ptr<EditStore> openEditStore(const std::string& path)
{
    if (pg::isPostgresSource(path))
        return std::make_shared<detail::PgEditStore>(path);
    if (!std::filesystem::is_regular_file(path))
        throw Error(ErrorCode::Io, path + ": no such file to edit");
    // Refused now rather than at the first commit, after the user has edited: the file, and its folder (SQLite's
    // journal and WAL, the atomic writer's staging folder, the edit journal all live there).
    const std::string folder = std::filesystem::absolute(path).parent_path().string();
    if (::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0)
        throw Error(ErrorCode::Io, path + ": cannot be edited: " + std::strerror(errno)
                + " (the file and its folder must be writable)");
    const LayerFormat format = layerFormatFromPath(path);
    if (format == LayerFormat::GeoPackage)
        return std::make_shared<detail::GpkgEditStore>(path);
    return std::make_shared<detail::FileEditStore>(path);
}

} // namespace gis
