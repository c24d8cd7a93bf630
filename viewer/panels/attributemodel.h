#pragma once

#include <QAbstractTableModel>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "gis/core/feedback.h"
#include "map/latestjobthread.h"
#include "map/layerrows.h"

namespace gis {
class Layer;
}

namespace viewer {

/// A virtual table over a layer's in-memory attribute columns: nothing is copied; data() reads the column
/// for the visible rows only, so a layer of a million features opens at once. The rows shown are all rows,
/// or a subset (an expression filter, the selection), optionally sorted: sorting computes an index
/// permutation on a worker thread for large tables (the view keeps scrolling meanwhile) and swaps it in when
/// done. GUI thread only (the sort worker touches only its own copies and the immutable layer).
class AttributeModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit AttributeModel(QObject* parent = nullptr);
    ~AttributeModel() override;

    void setLayer(std::shared_ptr<const gis::Layer> layer) { setLayer(LayerRows{std::move(layer), nullptr}); }
    /// A layer with the edit overlay shown over it (MapDocument::rows): feature rows are numbered as LayerRows does,
    /// the data's rows (hidden ones left out), then the added features.
    void setLayer(LayerRows rows);
    /// The data (without its edit overlay), for its fields.
    const gis::Layer* layer() const { return m_layer.get(); }
    const LayerRows& rows() const { return m_view; }

    /// Shows only these rows (ascending feature rows); std::nullopt-like: clearSubset() shows all.
    void setSubset(std::vector<std::uint32_t> rows);
    void clearSubset();
    bool hasSubset() const { return m_subset; }

    /// Feature row shown at view row `r`.
    std::uint32_t featureRow(int r) const { return isIdentity() ? static_cast<std::uint32_t>(r) : m_rows[static_cast<std::size_t>(r)]; }
    /// View row of a feature row, or -1 when it is not shown. O(1) after the first call per ordering.
    int viewRow(std::uint32_t featureRow) const;

    /// Makes the cells editable (the layer is in edit mode): `edit` writes the text typed into column `column` of
    /// feature row `row` and returns false when the edit is refused. An empty function: read-only.
    using CellEditor = std::function<bool(std::uint32_t row, int column, const QString& text)>;
    void setCellEditor(CellEditor edit) { m_cellEditor = std::move(edit); }
    bool isEditable() const { return static_cast<bool>(m_cellEditor); }

    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

    /// True while a sort runs on the worker.
    bool isSorting() const { return m_sorting; }
    /// Tables up to this many rows sort on the calling thread.
    static constexpr std::size_t kSyncSortRows = 200000;

signals:
    void sortFinished(double milliseconds);

private:
    // One sort for the worker: copies of what it needs, so the model may change meanwhile.
    struct SortJob {
        std::uint64_t generation = 0;
        LayerRows layer;
        std::vector<std::uint32_t> rows;
        int column = -1;
        bool descending = false;
    };

    void startSort();
    void sortOnWorker(SortJob& job, const gis::CancellationToken& cancel);
    void applySorted(std::uint64_t generation, std::vector<std::uint32_t> rows, double ms);
    std::vector<std::uint32_t> baseRows() const;
    void cancelSort();
    /// Every row of the data shown in its order: no m_rows needed.
    bool isIdentity() const { return m_rows.empty() && !m_subset && !m_overlay; }

    std::shared_ptr<const gis::Layer> m_layer;
    LayerRows m_view;
    bool m_overlay = false; ///< m_view has an edit overlay: m_rows lists the rows even unsorted and unfiltered
    CellEditor m_cellEditor;
    std::vector<std::uint32_t> m_rows; // shown rows in order; empty with !m_subset and no sort: identity
    bool m_subset = false;
    std::vector<std::uint32_t> m_subsetRows;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    mutable std::vector<std::int32_t> m_inverse; // feature row -> view row, built on demand
    mutable bool m_inverseValid = false;

    std::uint64_t m_generation = 0;
    bool m_sorting = false;
    // Started by the first sort too big for the GUI thread; last: joined before the members above go.
    std::unique_ptr<LatestJobThread<SortJob>> m_worker;
};

} // namespace viewer
