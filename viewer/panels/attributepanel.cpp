#include "attributepanel.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "app/bidi.h"
#include "app/language.h"
#include "edit/editcontroller.h"
#include "forms/featureform.h"
#include "forms/formregistry.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "map/mapdocument.h"
#include "panels/attributemodel.h"

namespace viewer {

AttributePanel::AttributePanel(MapDocument* document, QWidget* parent) : QWidget(parent), m_doc(document)
{
    m_model = new AttributeModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicatorShown(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4); // compact: ten rows in view
    m_view->setWordWrap(false);
    m_filter = new QLineEdit(this);
    m_filter->setClearButtonEnabled(true);
    m_selectedOnly = new QCheckBox(this);
    m_zoomSelection = new QToolButton(this);
    m_clearSelection = new QToolButton(this);
    m_counts = new QLabel(this);
    m_error = new QLabel(this);
    m_error->setStyleSheet("color: #b00020");
    m_error->setWordWrap(true);
    m_error->hide();

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_selectedOnly);
    bar->addWidget(m_zoomSelection);
    bar->addWidget(m_clearSelection);
    bar->addWidget(m_counts);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::returnPressed, this, [this] { setFilter(m_filter->text()); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            setFilter({});
    });
    connect(m_selectedOnly, &QCheckBox::toggled, this, [this] { refreshRows(); });
    connect(m_zoomSelection, &QToolButton::clicked, this, &AttributePanel::zoomToSelectionRequested);
    connect(m_clearSelection, &QToolButton::clicked, this, [this] { m_doc->setSelection(m_layerId, {}); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AttributePanel::syncToDocument);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &AttributePanel::syncFromDocument);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AttributePanel::syncFromDocument);
    connect(m_doc, &MapDocument::selectionChanged, this, [this](int id) {
        if (id != m_layerId)
            return;
        if (m_selectedOnly->isChecked() && !m_fromTable)
            refreshRows();
        else if (!m_fromTable)
            syncFromDocument();
        updateCounts();
    });
    connect(m_doc, &MapDocument::layersChanged, this, [this] {
        const gis::ProjectLayer* l = m_doc->layer(m_layerId);
        if (!l || l->map.vector.get() != m_model->layer())
            setLayer(l ? m_layerId : -1);
    });
    retranslate();
}

QSize AttributePanel::sizeHint() const
{
    // Ten rows: a table of two rows under a filter bar showed a layer through a slit.
    const QMargins margins = layout()->contentsMargins();
    const int bar = layout()->itemAt(0)->sizeHint().height();
    const int rows = kDefaultRows * m_view->verticalHeader()->defaultSectionSize();
    const int chrome = m_view->horizontalHeader()->sizeHint().height() + 2 * m_view->frameWidth()
        + style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_view);
    return {QWidget::sizeHint().width(), margins.top() + bar + layout()->spacing() + chrome + rows + margins.bottom()};
}

void AttributePanel::setEditing(EditController* edits, FormRegistry* forms)
{
    m_edits = edits;
    m_forms = forms;
    connect(edits, &EditController::editingChanged, this, [this](int id) {
        if (id == m_layerId)
            updateEditable();
    });
    // Queued: an edit made from a cell replaces the layer while the view is still committing that cell.
    connect(m_doc, &MapDocument::layerDataChanged, this, &AttributePanel::layerDataChanged, Qt::QueuedConnection);
    updateEditable();
}

void AttributePanel::updateEditable()
{
    if (m_edits && m_layerId >= 0 && m_edits->isEditing(m_layerId))
        m_model->setCellEditor([this](std::uint32_t row, int column, const QString& text) { return editCell(row, column, text); });
    else
        m_model->setCellEditor({});
}

void AttributePanel::layerDataChanged(int id)
{
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (id != m_layerId || !l || !l->map.vector)
        return;
    const LayerRows rows = m_doc->rows(id);
    if (rows.data == m_model->rows().data && rows.edits == m_model->rows().edits)
        return;
    const int sortColumn = m_view->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder order = m_view->horizontalHeader()->sortIndicatorOrder();
    m_model->setLayer(rows);
    refreshRows();
    if (sortColumn >= 0 && sortColumn < m_model->columnCount())
        m_model->sort(sortColumn, order);
}

bool AttributePanel::editCell(std::uint32_t row, int column, const QString& text)
{
    m_editMessage.clear();
    const int id = m_layerId;
    const LayerRows::Ref ref = m_model->rows().locate(row);
    if (!m_edits || !m_edits->isEditing(id) || !ref)
        return false;
    const gis::AttributeColumn& col = ref.layer->attributes().column(static_cast<std::size_t>(column));
    const auto fids = m_edits->fidsOfRows(id, {row});
    const std::optional<gis::FieldValue> value = FeatureForm::valueFromText(col.type(), text);
    auto refuse = [&](const QString& why) {
        m_editMessage = tr("Not changed: %1").arg(why);
        m_error->setText(m_editMessage);
        m_error->show();
        emit message(m_editMessage);
        return false;
    };
    if (fids.empty())
        return false;
    if (!value)
        return refuse(tr("“%1” is not a value for the field %2 (%3)")
                          .arg(text, ltr(QString::fromStdString(col.name())), QString::fromUtf8(gis::fieldTypeName(col.type()).data())));
    const std::int64_t fid = fids.front();
    gis::EditSession* session = m_edits->session(id);
    const std::optional<gis::EditFeature> before = session->feature(fid);
    if (!before)
        return false;
    QStringList warnings;
    if (auto form = m_forms && m_forms->hasForm(id) ? m_forms->form(id) : nullptr) {
        // The rules the edit would newly break (the data may already break some: they do not block this edit).
        gis::EditFeature after = *before;
        after.values[static_cast<std::size_t>(column)] = *value;
        const auto snapshot = session->snapshot();
        try {
            const auto old = form->prepared->evaluate(*before, fid, snapshot.get()).violations;
            const bool arabic = currentLanguage() == "ar";
            QStringList hard;
            for (const gis::FormViolation& v : form->prepared->evaluate(after, fid, snapshot.get()).violations) {
                const bool known = std::any_of(old.begin(), old.end(), [&](const gis::FormViolation& o) {
                    return o.field == v.field && o.message == v.message;
                });
                if (known)
                    continue;
                (v.hard ? hard : warnings) << QString::fromStdString(arabic && !v.message.ar.empty() ? v.message.ar : v.message.en);
            }
            if (!hard.isEmpty())
                return refuse(hard.join(QStringLiteral("; ")));
        } catch (const gis::Error& e) {
            return refuse(QString::fromUtf8(e.what()));
        }
    }
    try {
        m_edits->setAttribute(id, fid, static_cast<std::size_t>(column), *value);
    } catch (const gis::Error& e) {
        return refuse(ltr(QString::fromUtf8(e.what())));
    }
    if (!warnings.isEmpty()) {
        m_editMessage = tr("Changed, with a warning: %1").arg(warnings.join(QStringLiteral("; ")));
        m_error->setText(m_editMessage);
        m_error->show();
        emit message(m_editMessage);
    } else {
        m_error->hide();
    }
    return true;
}

void AttributePanel::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter: an expression, e.g. population > 10000 — press Enter"));
    m_selectedOnly->setText(tr("Selected only"));
    m_zoomSelection->setText(tr("Zoom to selection"));
    m_clearSelection->setText(tr("Clear selection"));
    updateCounts();
}

void AttributePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AttributePanel::setLayer(int id)
{
    const gis::ProjectLayer* l = m_doc->layer(id);
    m_layerId = l && l->map.vector ? id : -1;
    m_error->hide();
    m_filter->blockSignals(true);
    m_filter->clear();
    m_filter->blockSignals(false);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_model->setLayer(m_layerId >= 0 ? m_doc->rows(m_layerId) : LayerRows{});
    updateEditable();
    refreshRows();
    // Column widths from the header and the first rows only: measuring a million rows would freeze.
    const QFontMetrics fm = m_view->fontMetrics();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        int w = fm.horizontalAdvance(m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()) + 30;
        for (int r = 0; r < std::min(50, m_model->rowCount()); ++r)
            w = std::max(w, fm.horizontalAdvance(m_model->data(m_model->index(r, c), Qt::DisplayRole).toString()) + 16);
        m_view->setColumnWidth(c, std::min(w, 320));
    }
}

bool AttributePanel::setFilter(const QString& expression)
{
    m_error->hide();
    if (!expression.trimmed().isEmpty() && m_model->layer()) {
        try {
            gis::Expression::compile(expression.toStdString(), *m_model->layer());
        } catch (const gis::Error& e) {
            m_error->setText(QString::fromUtf8(e.what()));
            m_error->show();
            return false;
        }
    }
    if (m_filter->text() != expression) {
        m_filter->blockSignals(true);
        m_filter->setText(expression);
        m_filter->blockSignals(false);
    }
    refreshRows();
    return true;
}

void AttributePanel::setSelectedOnly(bool on)
{
    m_selectedOnly->setChecked(on);
}

void AttributePanel::refreshRows()
{
    const gis::ProjectLayer* l = m_doc->layer(m_layerId);
    if (!l || !m_model->layer()) {
        updateCounts();
        return;
    }
    const QString text = m_filter->text().trimmed();
    const bool selectedOnly = m_selectedOnly->isChecked();
    if (text.isEmpty() && !selectedOnly) {
        if (m_model->hasSubset())
            m_model->clearSubset();
        syncFromDocument();
        updateCounts();
        return;
    }
    std::vector<std::uint32_t> rows;
    try {
        if (!text.isEmpty()) {
            // Over the data and the edit overlay's added features (same fields), in the model's row numbering.
            const LayerRows& all = m_model->rows();
            const std::vector<std::uint32_t>& selection = m_doc->selection(m_layerId);
            const auto firstAdded = std::lower_bound(selection.begin(), selection.end(), static_cast<std::uint32_t>(all.dataSize()));
            const std::vector<std::uint32_t> dataSelection(selection.begin(), firstAdded);
            std::vector<std::uint32_t> addedSelection;
            for (auto it = firstAdded; it != selection.end(); ++it)
                addedSelection.push_back(static_cast<std::uint32_t>(*it - all.dataSize()));
            const auto e = gis::Expression::compile(text.toStdString(), *m_model->layer());
            std::vector<std::uint32_t> added;
            if (all.edits && all.edits->added)
                added = gis::Expression::compile(text.toStdString(), *all.edits->added)
                            .filter(selectedOnly ? &addedSelection : nullptr);
            rows = all.combine(e.filter(selectedOnly ? &dataSelection : nullptr), added);
        } else {
            rows = m_doc->selection(m_layerId);
        }
    } catch (const gis::Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return;
    }
    m_model->setSubset(std::move(rows));
    syncFromDocument();
    updateCounts();
}

void AttributePanel::syncFromDocument()
{
    const gis::ProjectLayer* l = m_doc->layer(m_layerId);
    if (!l || m_syncing)
        return;
    m_syncing = true;
    QItemSelection selection;
    // Consecutive view rows become one range: a selection of a whole table is one range, not a million.
    std::vector<int> viewRows;
    viewRows.reserve(m_doc->selection(m_layerId).size());
    for (std::uint32_t row : m_doc->selection(m_layerId)) {
        const int v = m_model->viewRow(row);
        if (v >= 0)
            viewRows.push_back(v);
    }
    std::sort(viewRows.begin(), viewRows.end());
    const int lastColumn = std::max(0, m_model->columnCount() - 1);
    for (std::size_t i = 0; i < viewRows.size();) {
        std::size_t j = i;
        while (j + 1 < viewRows.size() && viewRows[j + 1] == viewRows[j] + 1)
            ++j;
        selection.select(m_model->index(viewRows[i], 0), m_model->index(viewRows[j], lastColumn));
        i = j + 1;
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!viewRows.empty())
        m_view->scrollTo(m_model->index(viewRows.front(), 0));
    m_syncing = false;
}

void AttributePanel::syncToDocument()
{
    if (m_syncing || m_layerId < 0)
        return;
    std::vector<std::uint32_t> rows;
    for (const QItemSelectionRange& range : m_view->selectionModel()->selection())
        for (int r = range.top(); r <= range.bottom(); ++r)
            rows.push_back(m_model->featureRow(r));
    m_fromTable = true;
    m_doc->setSelection(m_layerId, std::move(rows));
    m_fromTable = false;
    updateCounts();
}

void AttributePanel::updateCounts()
{
    const gis::ProjectLayer* l = m_doc->layer(m_layerId);
    if (!l || !l->map.vector) {
        m_counts->setText(tr("No vector layer"));
        return;
    }
    const QLocale loc = locale();
    m_counts->setText(tr("%1 features, %2 shown, %3 selected")
                          .arg(loc.toString(static_cast<qulonglong>(m_doc->rows(m_layerId).count())),
                              loc.toString(m_model->rowCount()), loc.toString(static_cast<qulonglong>(m_doc->selection(m_layerId).size()))));
}

} // namespace viewer
