#include "attributemodel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "app/units.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"

namespace viewer {

namespace {

/// One column over the rows of a LayerRows: the data's column for rows below n, the added layer's after.
class RowsColumn {
public:
    RowsColumn(const LayerRows& rows, std::size_t column)
        : m_data(&rows.data->attributes().column(column)), m_n(rows.dataSize()), m_size(rows.size())
    {
        if (rows.edits && rows.edits->added)
            m_added = &rows.edits->added->attributes().column(column);
    }
    gis::FieldType type() const { return m_data->type(); }
    std::size_t size() const { return m_size; }
    bool isNull(std::size_t r) const { return r < m_n ? m_data->isNull(r) : m_added->isNull(r - m_n); }
    std::string_view string(std::size_t r) const { return r < m_n ? m_data->string(r) : m_added->string(r - m_n); }
    double real(std::size_t r) const { return r < m_n ? m_data->real(r) : m_added->real(r - m_n); }
    std::int64_t integer(std::size_t r) const { return r < m_n ? m_data->integer(r) : m_added->integer(r - m_n); }

private:
    const gis::AttributeColumn* m_data;
    const gis::AttributeColumn* m_added = nullptr;
    std::size_t m_n;
    std::size_t m_size;
};

/// Sorts `rows` by a column, nulls first (ascending) or last (descending), ties by row; throws Error(Cancelled)
/// when cancelled. Nulls are set apart first so the comparisons never look at the validity mask, and text
/// compares an 8-byte prefix key before the whole string.
template <class Column>
void sortRows(std::vector<std::uint32_t>& rows, const Column& col, bool descending,
    const gis::CancellationToken& cancel)
{
    const auto firstValue = std::stable_partition(rows.begin(), rows.end(), [&](std::uint32_t r) { return col.isNull(r); });
    std::size_t calls = 0;
    // `compare(a, b)` is <0, 0 or >0: one comparison of the values per step, then the row for ties.
    auto sortValues = [&](auto compare) {
        std::sort(firstValue, rows.end(), [&](std::uint32_t a, std::uint32_t b) {
            if ((++calls & 0xFFFF) == 0)
                cancel.throwIfCancelled("sort");
            const int c = compare(a, b);
            return c != 0 ? (c < 0) != descending : a < b;
        });
    };
    auto threeWay = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (col.type()) {
    case gis::FieldType::String:
    case gis::FieldType::Binary: {
        std::vector<std::uint64_t> prefix(col.size());
        for (auto it = firstValue; it != rows.end(); ++it) {
            const std::string_view v = col.string(*it);
            std::uint64_t key = 0;
            for (std::size_t i = 0; i < 8; ++i)
                key = (key << 8) | (i < v.size() ? static_cast<unsigned char>(v[i]) : 0u);
            prefix[*it] = key;
        }
        sortValues([&](std::uint32_t a, std::uint32_t b) {
            return prefix[a] != prefix[b] ? threeWay(prefix[a], prefix[b]) : col.string(a).compare(col.string(b));
        });
        break;
    }
    case gis::FieldType::Real: {
        std::vector<double> keys(col.size());
        for (auto it = firstValue; it != rows.end(); ++it)
            keys[*it] = col.real(*it);
        sortValues([&](std::uint32_t a, std::uint32_t b) { return threeWay(keys[a], keys[b]); });
        break;
    }
    default: {
        std::vector<std::int64_t> keys(col.size());
        for (auto it = firstValue; it != rows.end(); ++it)
            keys[*it] = col.integer(*it);
        sortValues([&](std::uint32_t a, std::uint32_t b) { return threeWay(keys[a], keys[b]); });
        break;
    }
    }
    if (descending) // nulls last
        std::rotate(rows.begin(), firstValue, rows.end());
}

} // namespace

AttributeModel::AttributeModel(QObject* parent) : QAbstractTableModel(parent) {}

AttributeModel::~AttributeModel() = default; // m_worker cancels its sort and joins

// A result still on its way is dropped by applySorted(): every caller moves m_generation on.
void AttributeModel::cancelSort()
{
    if (m_worker)
        m_worker->cancel();
    m_sorting = false;
}

void AttributeModel::setLayer(LayerRows rows)
{
    cancelSort();
    beginResetModel();
    m_layer = rows.data;
    m_view = std::move(rows);
    m_overlay = m_view.data && m_view.edits;
    m_rows.clear();
    if (m_overlay)
        m_rows = m_view.inOrder(); // an edited feature keeps its place
    m_subset = false;
    m_subsetRows.clear();
    m_sortColumn = -1;
    m_inverseValid = false;
    ++m_generation;
    endResetModel();
}

std::vector<std::uint32_t> AttributeModel::baseRows() const
{
    if (m_subset)
        return m_subsetRows;
    if (m_overlay)
        return m_view.inOrder();
    std::vector<std::uint32_t> rows(m_layer ? m_layer->size() : 0);
    std::iota(rows.begin(), rows.end(), 0u);
    return rows;
}

void AttributeModel::setSubset(std::vector<std::uint32_t> rows)
{
    cancelSort();
    beginResetModel();
    m_subset = true;
    m_subsetRows = std::move(rows);
    m_rows = m_subsetRows;
    m_inverseValid = false;
    ++m_generation;
    endResetModel();
    if (m_sortColumn >= 0)
        startSort();
}

void AttributeModel::clearSubset()
{
    cancelSort();
    beginResetModel();
    m_subset = false;
    m_subsetRows.clear();
    m_rows.clear();
    if (m_overlay)
        m_rows = m_view.inOrder(); // an edited feature keeps its place
    m_inverseValid = false;
    ++m_generation;
    endResetModel();
    if (m_sortColumn >= 0)
        startSort();
}

int AttributeModel::viewRow(std::uint32_t featureRow) const
{
    if (isIdentity())
        return m_layer && featureRow < m_layer->size() ? static_cast<int>(featureRow) : -1;
    if (!m_inverseValid) {
        m_inverse.assign(m_view.size(), -1);
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            m_inverse[m_rows[i]] = static_cast<std::int32_t>(i);
        m_inverseValid = true;
    }
    return featureRow < m_inverse.size() ? m_inverse[featureRow] : -1;
}

int AttributeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_layer)
        return 0;
    return static_cast<int>(isIdentity() ? m_layer->size() : m_rows.size());
}

int AttributeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_layer ? 0 : static_cast<int>(m_layer->attributes().columnCount());
}

Qt::ItemFlags AttributeModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_cellEditor
        && m_layer->attributes().column(static_cast<std::size_t>(index.column())).type() != gis::FieldType::Binary)
        f |= Qt::ItemIsEditable;
    return f;
}

bool AttributeModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || !m_cellEditor || !m_layer)
        return false;
    // The editor replaces the document's layer (and through the panel this model's): nothing to emit here.
    return m_cellEditor(featureRow(index.row()), index.column(), value.toString());
}

QVariant AttributeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_layer)
        return {};
    const LayerRows::Ref ref = m_view.locate(featureRow(index.row()));
    if (!ref)
        return {};
    const gis::AttributeColumn& col = ref.layer->attributes().column(static_cast<std::size_t>(index.column()));
    const std::size_t row = ref.row;
    switch (role) {
    case Qt::DisplayRole:
        return formatValue(col, row, QLocale()); // the UI language's default locale
    case Qt::EditRole:
        return QString::fromStdString(col.toString(row)); // as typed back: ISO dates, plain numbers
    case Qt::TextAlignmentRole: {
        if (col.type() == gis::FieldType::String) {
            const QString text = QString::fromUtf8(col.string(row).data(), static_cast<qsizetype>(col.string(row).size()));
            // Arabic reads from the right in either UI direction; Latin text from the left.
            return QVariant::fromValue(Qt::AlignVCenter | Qt::AlignAbsolute | (text.isRightToLeft() ? Qt::AlignRight : Qt::AlignLeft));
        }
        return QVariant::fromValue(Qt::AlignVCenter | Qt::AlignTrailing);
    }
    case Qt::ForegroundRole:
        return col.isNull(row) ? QVariant(QBrush(QColor(150, 150, 150))) : QVariant();
    default:
        return {};
    }
}

QVariant AttributeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_layer || section < 0)
        return {};
    if (orientation == Qt::Horizontal) {
        if (static_cast<std::size_t>(section) >= m_layer->attributes().columnCount())
            return {};
        const gis::AttributeColumn& col = m_layer->attributes().column(static_cast<std::size_t>(section));
        if (role == Qt::DisplayRole)
            return QString::fromStdString(col.name());
        if (role == Qt::ToolTipRole)
            return QString::fromUtf8(gis::fieldTypeName(col.type()).data());
        return {};
    }
    if (role == Qt::DisplayRole && section < rowCount()) {
        QLocale loc; // feature ids in the UI language's digits, without group separators
        loc.setNumberOptions(QLocale::OmitGroupSeparator);
        const LayerRows::Ref ref = m_view.locate(featureRow(section));
        return ref ? loc.toString(static_cast<qlonglong>(ref.layer->fid(ref.row))) : QVariant();
    }
    return {};
}

void AttributeModel::sort(int column, Qt::SortOrder order)
{
    if (!m_layer || column < 0 || static_cast<std::size_t>(column) >= m_layer->attributes().columnCount())
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    startSort();
}

void AttributeModel::startSort()
{
    cancelSort();
    const std::uint64_t generation = ++m_generation;
    if (rowCount() <= static_cast<int>(kSyncSortRows)) {
        std::vector<std::uint32_t> rows = baseRows();
        const auto start = std::chrono::steady_clock::now();
        sortRows(rows, RowsColumn(m_view, static_cast<std::size_t>(m_sortColumn)), m_sortOrder == Qt::DescendingOrder,
            gis::CancellationToken());
        applySorted(generation, std::move(rows),
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        return;
    }
    m_sorting = true;
    if (!m_worker)
        m_worker = std::make_unique<LatestJobThread<SortJob>>(
            [this](SortJob& job, const gis::CancellationToken& cancel) { sortOnWorker(job, cancel); });
    m_worker->post(SortJob{generation, m_view, baseRows(), m_sortColumn, m_sortOrder == Qt::DescendingOrder});
}

// On the worker thread: touches only the job and the immutable layer; the result goes back to the GUI thread.
void AttributeModel::sortOnWorker(SortJob& job, const gis::CancellationToken& cancel)
{
    const auto start = std::chrono::steady_clock::now();
    try {
        sortRows(job.rows, RowsColumn(job.layer, static_cast<std::size_t>(job.column)), job.descending, cancel);
    } catch (const gis::Error&) {
        return; // cancelled: a newer ordering replaces this one
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    QMetaObject::invokeMethod(this, [this, generation = job.generation, rows = std::move(job.rows), ms]() mutable {
        applySorted(generation, std::move(rows), ms);
    }, Qt::QueuedConnection);
}

void AttributeModel::applySorted(std::uint64_t generation, std::vector<std::uint32_t> rows, double ms)
{
    if (generation != m_generation)
        return;
    m_sorting = false;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_rows = std::move(rows);
    m_inverseValid = false;
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    emit sortFinished(ms);
}

} // namespace viewer
