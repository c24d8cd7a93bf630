#include "gis/data/editsession.h"

#include <algorithm>

#include "edit/editdelta.h"
#include "gis/core/error.h"

namespace gis {

namespace {

void appendValue(AttributeColumn& column, const FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return column.appendNull();
    switch (column.type()) {
    case FieldType::Real:
        return column.appendReal(std::holds_alternative<double>(v) ? std::get<double>(v)
                                                                   : static_cast<double>(std::get<std::int64_t>(v)));
    case FieldType::String:
    case FieldType::Binary: return column.appendString(std::get<std::string>(v));
    default:
        return column.appendInteger(std::holds_alternative<std::int64_t>(v)
                ? std::get<std::int64_t>(v)
                : static_cast<std::int64_t>(std::get<double>(v)));
    }
}

FieldValue baseValue(const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row))
        return std::monostate{};
    switch (column.type()) {
    case FieldType::Real: return column.real(row);
    case FieldType::String:
    case FieldType::Binary: return std::string(column.string(row));
    default: return column.integer(row);
    }
}

// The delta's features in the order toLayer() gives those it appends: stored ids ascending, then inserted ones
// (provisional ids -1, -2, ...: insertion order). The delta's ids are sorted, negative ones first.
using EditDeltaOrder = std::vector<std::size_t>;
EditDeltaOrder deltaOrder(const detail::EditDelta& delta)
{
    const auto& ids = delta.fids;
    const auto firstStored = static_cast<std::size_t>(
        std::lower_bound(ids.begin(), ids.end(), std::int64_t{0}) - ids.begin());
    EditDeltaOrder order;
    order.reserve(ids.size());
    for (std::size_t i = firstStored; i < ids.size(); ++i)
        order.push_back(i);
    for (std::size_t i = firstStored; i > 0; --i)
        order.push_back(i - 1);
    return order;
}

} // namespace

EditSnapshot::EditSnapshot(std::shared_ptr<const Layer> base, std::shared_ptr<const detail::EditDelta> delta)
    : m_base(std::move(base))
    , m_delta(std::move(delta))
{
}

std::size_t EditSnapshot::size() const
{
    return m_base->size() - m_delta->hidden.size() + m_delta->features.size();
}

std::size_t EditSnapshot::hiddenBaseRows() const { return m_delta->hidden.size(); }
std::size_t EditSnapshot::deltaSize() const { return m_delta->features.size(); }

std::optional<EditSnapshot::FeatureRef> EditSnapshot::find(std::int64_t fid) const
{
    const auto it = std::lower_bound(m_delta->fids.begin(), m_delta->fids.end(), fid);
    if (it != m_delta->fids.end() && *it == fid) {
        const auto& f = m_delta->features[static_cast<std::size_t>(it - m_delta->fids.begin())];
        return FeatureRef{fid, f->geometry.ref(), f.get(), 0};
    }
    // Base rows: consecutive ids are the common case; otherwise a scan (find is not a hot path).
    const Layer& b = *m_base;
    const std::size_t n = b.size();
    std::size_t row = n;
    if (n > 0 && b.fid(n - 1) - b.fid(0) == static_cast<std::int64_t>(n - 1)) {
        if (fid >= b.fid(0) && fid <= b.fid(n - 1))
            row = static_cast<std::size_t>(fid - b.fid(0));
    } else {
        for (std::size_t i = 0; i < n; ++i)
            if (b.fid(i) == fid) {
                row = i;
                break;
            }
    }
    if (row == n || m_delta->hides(row))
        return std::nullopt;
    return FeatureRef{fid, b.geometry(row), nullptr, row};
}

void EditSnapshot::forEach(const std::function<bool(const FeatureRef&)>& visit) const
{
    const Layer& b = *m_base;
    const auto& hidden = m_delta->hidden;
    std::size_t h = 0;
    for (std::size_t row = 0; row < b.size(); ++row) {
        if (h < hidden.size() && hidden[h] == row) {
            ++h;
            continue;
        }
        if (!visit(FeatureRef{b.fid(row), b.geometry(row), nullptr, row}))
            return;
    }
    for (std::size_t i = 0; i < m_delta->features.size(); ++i) {
        const auto& f = m_delta->features[i];
        if (!visit(FeatureRef{m_delta->fids[i], f->geometry.ref(), f.get(), 0}))
            return;
    }
}

std::vector<EditSnapshot::FeatureRef> EditSnapshot::search(const Box& box) const
{
    std::vector<FeatureRef> out;
    const Layer& b = *m_base;
    if (b.size() > 0) {
        if (!b.hasIndex())
            throw Error(ErrorCode::Argument, "layer \"" + b.name() + "\": searched without an index");
        b.index().search(box, [&](std::uint32_t row) {
            if (!m_delta->hides(row))
                out.push_back(FeatureRef{b.fid(row), b.geometry(row), nullptr, row});
            return true;
        });
    }
    m_delta->index.search(box, [&](std::uint32_t i) {
        const auto& f = m_delta->features[i];
        out.push_back(FeatureRef{m_delta->fids[i], f->geometry.ref(), f.get(), 0});
        return true;
    });
    return out;
}

FieldValue EditSnapshot::value(const FeatureRef& ref, std::size_t field) const
{
    if (ref.edited)
        return field < ref.edited->values.size() ? ref.edited->values[field] : FieldValue{};
    return baseValue(m_base->attributes().column(field), ref.baseRow);
}

EditFeature EditSnapshot::feature(const FeatureRef& ref) const
{
    if (ref.edited)
        return *ref.edited;
    return editFeatureFromLayer(*m_base, ref.baseRow);
}

std::vector<std::uint32_t> EditSnapshot::hiddenRows() const { return m_delta->hidden; }

std::vector<std::int64_t> EditSnapshot::deltaFids() const { return m_delta->fids; }

namespace {

// A layer with `base`'s name, CRS, type and fields, filled by `add(geometries, table, fids)`.
template <class Fill>
std::shared_ptr<const Layer> layerLike(const Layer& base, Fill&& fill)
{
    GeometryColumn geometries;
    AttributeTable table;
    for (const auto& field : base.attributes().fields())
        table.addColumn(field.name, field.type);
    std::vector<std::int64_t> fids;
    fill(geometries, table, fids);
    return std::make_shared<const Layer>(base.name(), base.crs(), base.geometryType(), std::move(geometries),
        std::move(table), std::move(fids));
}

} // namespace

std::shared_ptr<const Layer> EditSnapshot::deltaLayer() const
{
    const EditDeltaOrder order = deltaOrder(*m_delta);
    return layerLike(*m_base, [&](GeometryColumn& geometries, AttributeTable& table, std::vector<std::int64_t>& fids) {
        fids.reserve(order.size());
        for (const std::size_t i : order) {
            const EditFeature& f = *m_delta->features[i];
            geometries.append(f.geometry.column(), 0);
            for (std::size_t k = 0; k < table.columnCount(); ++k)
                appendValue(table.column(k), k < f.values.size() ? f.values[k] : FieldValue{});
            fids.push_back(m_delta->fids[i]);
        }
    });
}

std::shared_ptr<const Layer> EditSnapshot::layerOf(const std::vector<std::int64_t>& wanted) const
{
    return layerLike(*m_base, [&](GeometryColumn& geometries, AttributeTable& table, std::vector<std::int64_t>& fids) {
        for (const std::int64_t fid : wanted) {
            const auto ref = find(fid);
            if (!ref)
                continue;
            geometries.append(*ref->geometry.column, ref->geometry.index);
            for (std::size_t k = 0; k < table.columnCount(); ++k)
                appendValue(table.column(k), value(*ref, k));
            fids.push_back(fid);
        }
    });
}

std::shared_ptr<const Layer> EditSnapshot::toLayer(const std::map<std::int64_t, std::int64_t>& insertedIds) const
{
    const Layer& b = *m_base;
    GeometryColumn geometries;
    AttributeTable table;
    for (const auto& field : b.attributes().fields())
        table.addColumn(field.name, field.type);
    std::vector<std::int64_t> fids;
    // Base rows in order, a replaced row in its place; then the inserted features (negative ids, by id).
    std::map<std::int64_t, std::size_t> deltaOf;
    for (std::size_t i = 0; i < m_delta->fids.size(); ++i)
        deltaOf[m_delta->fids[i]] = i;
    auto addDelta = [&](std::size_t i, std::int64_t fid) {
        const EditFeature& f = *m_delta->features[i];
        geometries.append(f.geometry.column(), 0);
        for (std::size_t k = 0; k < table.columnCount(); ++k)
            appendValue(table.column(k), k < f.values.size() ? f.values[k] : FieldValue{});
        fids.push_back(fid);
    };
    for (std::size_t row = 0; row < b.size(); ++row) {
        const std::int64_t fid = b.fid(row);
        if (m_delta->hides(row)) {
            const auto it = deltaOf.find(fid);
            if (it != deltaOf.end()) {
                addDelta(it->second, fid);
                deltaOf.erase(it);
            }
            continue;
        }
        geometries.append(b.geometries(), row);
        for (std::size_t k = 0; k < table.columnCount(); ++k)
            appendValue(table.column(k), baseValue(b.attributes().column(k), row));
        fids.push_back(fid);
    }
    // What is left: inserted features, and stored features not in the base (committed inserts), by id; the
    // provisional ids count down (-1 first), so they go in insertion order.
    std::vector<std::pair<std::int64_t, std::size_t>> rest(deltaOf.begin(), deltaOf.end());
    std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& c) {
        const bool an = a.first < 0, cn = c.first < 0;
        if (an != cn)
            return !an;
        return an ? a.first > c.first : a.first < c.first;
    });
    for (const auto& [fid, i] : rest) {
        const auto it = insertedIds.find(fid);
        addDelta(i, it != insertedIds.end() ? it->second : fid);
    }
    return std::make_shared<const Layer>(b.name(), b.crs(), b.geometryType(), std::move(geometries), std::move(table),
        std::move(fids));
}

} // namespace gis
