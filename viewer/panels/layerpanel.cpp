#include "layerpanel.h"

#include <QDropEvent>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "app/language.h"
#include "gis/data/layer.h"
#include "gis/render/qtstyle.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

/// A small legend-like icon: the layer's geometry kind in its style's first colour.
QIcon layerIcon(const gis::ProjectLayer& l, const QStyle* style)
{
    if (!l.available)
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    QPixmap pm(16, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    if (l.map.raster) {
        QLinearGradient g(0, 0, 16, 16);
        g.setColorAt(0, QColor(60, 120, 60));
        g.setColorAt(1, QColor(230, 220, 200));
        p.fillRect(1, 1, 14, 14, g);
        return QIcon(pm);
    }
    const gis::Symbol& s = l.map.style.renderer.symbol;
    const auto type = gis::singleType(l.map.vector->geometryType());
    QColor fill = gis::toQColor(s.fill.color), stroke = gis::toQColor(s.stroke.color);
    if (!l.map.style.renderer.categories.empty())
        fill = gis::toQColor(l.map.style.renderer.categories.front().symbol.fill.color);
    else if (!l.map.style.renderer.ranges.empty())
        fill = gis::toQColor(l.map.style.renderer.ranges.back().symbol.fill.color);
    if (type == gis::GeometryType::Point) {
        p.setPen(QPen(stroke, 1));
        p.setBrush(fill);
        p.drawEllipse(QPointF(8, 8), 5, 5);
    } else if (type == gis::GeometryType::LineString) {
        p.setPen(QPen(stroke, 2.5));
        p.drawLine(2, 13, 14, 3);
    } else {
        p.setPen(QPen(stroke, 1));
        p.setBrush(fill);
        p.drawRect(2, 3, 12, 10);
    }
    if (!l.map.vector->report().isClean()) // a read that skipped or repaired features: a warning badge on top
        style->standardIcon(QStyle::SP_MessageBoxWarning).paint(&p, 7, 7, 9, 9);
    return QIcon(pm);
}

} // namespace

LayerTree::LayerTree(QWidget* parent) : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setRootIsDecorated(false);
    setDragDropMode(QAbstractItemView::InternalMove);
    setDefaultDropAction(Qt::MoveAction);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setContextMenuPolicy(Qt::CustomContextMenu);
}

void LayerTree::dropEvent(QDropEvent* event)
{
    QTreeWidget::dropEvent(event);
    emit orderChanged();
}

LayerPanel::LayerPanel(MapDocument* document, QWidget* parent) : QWidget(parent), m_doc(document)
{
    m_tree = new LayerTree(this);
    m_opacityLabel = new QLabel(this);
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(0, 100);
    m_zoom = new QToolButton(this);
    m_remove = new QToolButton(this);
    m_style = new QToolButton(this);
    m_locate = new QToolButton(this);
    m_locate->setObjectName("locateFile");
    m_zoom->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
    m_remove->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    m_style->setIcon(style()->standardIcon(QStyle::SP_FileDialogDetailedView));
    m_locate->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    for (QToolButton* b : {m_zoom, m_remove, m_style, m_locate})
        b->setAutoRaise(true);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QToolButton* b : {m_zoom, m_style, m_locate, m_remove})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* opacity = new QHBoxLayout;
    opacity->addWidget(m_opacityLabel);
    opacity->addWidget(m_opacity, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_tree, 1);
    layout->addLayout(opacity);

    connect(m_doc, &MapDocument::layersChanged, this, &LayerPanel::rebuild);
    connect(m_doc, &MapDocument::layerChanged, this, [this](int id) {
        if (QTreeWidgetItem* item = itemOf(id)) {
            const gis::ProjectLayer* l = m_doc->layer(id);
            m_rebuilding = true;
            item->setCheckState(0, l->map.visible ? Qt::Checked : Qt::Unchecked);
            item->setIcon(0, layerIcon(*l, style()));
            m_rebuilding = false;
            if (id == currentLayer())
                m_opacity->setValue(static_cast<int>(std::lround(l->map.style.opacity * 100)));
        }
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item) {
        if (!m_rebuilding)
            m_doc->setVisible(item->data(0, kIdRole).toInt(), item->checkState(0) == Qt::Checked);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
        updateButtons();
        if (!m_rebuilding)
            emit currentLayerChanged(currentLayer());
    });
    connect(m_tree, &LayerTree::orderChanged, this, [this] {
        std::vector<int> ids;
        for (int i = m_tree->topLevelItemCount() - 1; i >= 0; --i)
            ids.push_back(m_tree->topLevelItem(i)->data(0, kIdRole).toInt());
        const int current = currentLayer();
        m_doc->reorder(ids);
        setCurrentLayer(current);
    });
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this] { emit openTableRequested(currentLayer()); });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &LayerPanel::showContextMenu);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        const int id = currentLayer();
        const gis::ProjectLayer* l = m_doc->layer(id);
        if (!m_rebuilding && l && std::lround(l->map.style.opacity * 100) != v)
            m_doc->setOpacity(id, v / 100.0);
    });
    connect(m_zoom, &QToolButton::clicked, this, [this] { emit zoomToLayerRequested(currentLayer()); });
    connect(m_remove, &QToolButton::clicked, this, [this] { emit removeRequested(currentLayer()); });
    connect(m_style, &QToolButton::clicked, this, [this] { emit styleRequested(currentLayer()); });
    connect(m_locate, &QToolButton::clicked, this, [this] { emit locateRequested(currentLayer()); });
    retranslate();
    rebuild();
}

void LayerPanel::retranslate()
{
    m_opacityLabel->setText(tr("Opacity"));
    m_zoom->setToolTip(tr("Zoom to layer"));
    m_remove->setToolTip(tr("Remove layer"));
    m_style->setToolTip(tr("Layer style…"));
    m_locate->setToolTip(tr("Locate file…"));
    rebuild();
}

void LayerPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuild(); // layer titles in the new language
    }
    QWidget::changeEvent(event);
}

int LayerPanel::currentLayer() const
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    return item ? item->data(0, kIdRole).toInt() : -1;
}

void LayerPanel::setCurrentLayer(int id)
{
    if (QTreeWidgetItem* item = itemOf(id))
        m_tree->setCurrentItem(item);
}

QTreeWidgetItem* LayerPanel::itemOf(int id) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIdRole).toInt() == id)
            return m_tree->topLevelItem(i);
    return nullptr;
}

void LayerPanel::rebuild()
{
    const int current = currentLayer();
    m_rebuilding = true;
    m_tree->clear();
    const auto& layers = m_doc->layers();
    for (std::size_t i = layers.size(); i-- > 0;) { // top of the map first
        const auto it = layers.begin() + static_cast<std::ptrdiff_t>(i);
        auto* item = new QTreeWidgetItem(m_tree);
        item->setText(0, layerDisplayName(*it, currentLanguage()));
        item->setData(0, kIdRole, m_doc->idAt(i));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setCheckState(0, it->map.visible ? Qt::Checked : Qt::Unchecked);
        item->setIcon(0, layerIcon(*it, style()));
        if (!it->available) {
            item->setForeground(0, QColor(150, 150, 150));
            item->setToolTip(0, tr("Unavailable: %1").arg(QString::fromStdString(it->error)) + QLatin1Char('\n')
                    + (it->styleProblem ? tr("Correct its style, then open the project again.")
                                        : tr("Use “Locate file…” to point it at the file.")));
        } else if (it->map.vector) {
            const QString problems = readProblems(it->map.vector->report());
            item->setToolTip(0, tr("%1\n%2 features").arg(QString::fromStdString(it->sourcePath), locale().toString(static_cast<qulonglong>(it->map.vector->size())))
                    + (problems.isEmpty() ? QString() : QLatin1Char('\n') + problems));
        } else {
            item->setToolTip(0, QString::fromStdString(it->sourcePath));
        }
        applyEditMark(item, m_doc->idAt(i));
    }
    m_tree->invisibleRootItem()->setFlags(Qt::ItemIsEnabled | Qt::ItemIsDropEnabled);
    m_rebuilding = false;
    if (itemOf(current))
        setCurrentLayer(current);
    else if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
    updateButtons();
    emit currentLayerChanged(currentLayer());
}

QString LayerPanel::readProblems(const gis::LoadReport& r) const
{
    if (r.isClean())
        return {};
    // The reasons come from the library, in English; the first few distinct ones are enough for a tooltip.
    auto reasons = [&](gis::FeatureIssue::Action action) {
        QStringList out;
        for (const gis::FeatureIssue& issue : r.issues) {
            const QString reason = QString::fromStdString(issue.reason);
            if (issue.action == action && !out.contains(reason) && out.size() < 3)
                out << reason;
        }
        return out.join(QStringLiteral("; "));
    };
    auto number = [&](std::size_t n) { return locale().toString(static_cast<qulonglong>(n)); };
    QStringList lines;
    if (r.featuresSkipped)
        lines << tr("%1 features skipped: %2").arg(number(r.featuresSkipped), reasons(gis::FeatureIssue::Action::Skipped));
    if (r.featuresNulled)
        lines << tr("%1 features without their geometry (unreadable): %2")
                     .arg(number(r.featuresNulled), reasons(gis::FeatureIssue::Action::NullGeometry));
    if (r.featuresRepaired)
        lines << tr("%1 features repaired: %2").arg(number(r.featuresRepaired), reasons(gis::FeatureIssue::Action::Repaired));
    if (r.featuresMissing)
        lines << tr("%1 features missing: the file ends early").arg(number(r.featuresMissing));
    if (lines.isEmpty()) // problems of the layer only (a wrong count in its metadata; reading stopped)
        lines << tr("Read with problems: %1").arg(QString::fromStdString(r.problems.empty() ? std::string() : r.problems.front()));
    return lines.join(QLatin1Char('\n'));
}

void LayerPanel::updateButtons()
{
    const gis::ProjectLayer* l = m_doc->layer(currentLayer());
    m_zoom->setEnabled(l && l->available);
    m_remove->setEnabled(l != nullptr);
    m_style->setEnabled(l && l->map.vector);
    m_locate->setEnabled(l != nullptr);
    m_locate->setVisible(l && !l->available && !l->styleProblem); // a file found again does not mend a style
    m_opacity->setEnabled(l && l->available);
    if (l) {
        const bool was = m_rebuilding;
        m_rebuilding = true;
        m_opacity->setValue(static_cast<int>(std::lround(l->map.style.opacity * 100)));
        m_rebuilding = was;
    }
}

void LayerPanel::setEditMark(int id, EditMark mark)
{
    if (mark == EditMark::None)
        m_editMarks.remove(id);
    else
        m_editMarks[id] = mark;
    if (QTreeWidgetItem* item = itemOf(id)) {
        const gis::ProjectLayer* l = m_doc->layer(id);
        if (l)
            item->setText(0, layerDisplayName(*l, currentLanguage()));
        applyEditMark(item, id);
    }
}

void LayerPanel::applyEditMark(QTreeWidgetItem* item, int id)
{
    const EditMark mark = editMark(id);
    QFont font = item->font(0);
    font.setItalic(mark != EditMark::None);
    font.setBold(mark == EditMark::Unsaved);
    item->setFont(0, font);
    item->setData(0, Qt::UserRole + 2, static_cast<int>(mark));
    QString tip = item->toolTip(0).section(QStringLiteral("\n\u200b"), 0, 0);
    if (mark == EditMark::Unsaved) {
        // A mark the eye finds in both directions: the star sits at the end of the name, left in Arabic.
        item->setText(0, item->text(0) + QStringLiteral(" *"));
        tip += QStringLiteral("\n\u200b") + tr("In edit mode, with edits not saved (Ctrl+S saves them)");
    } else if (mark == EditMark::Editing) {
        tip += QStringLiteral("\n\u200b") + tr("In edit mode");
    }
    item->setToolTip(0, tip);
}

void LayerPanel::showContextMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_tree->itemAt(pos);
    if (!item)
        return;
    const int id = item->data(0, kIdRole).toInt();
    const gis::ProjectLayer* l = m_doc->layer(id);
    QMenu menu(this);
    if (l && !l->available && !l->styleProblem)
        menu.addAction(tr("Locate file…"), this, [this, id] { emit locateRequested(id); });
    menu.addAction(tr("Zoom to layer"), this, [this, id] { emit zoomToLayerRequested(id); })->setEnabled(l && l->available);
    menu.addAction(tr("Open attribute table"), this, [this, id] { emit openTableRequested(id); })->setEnabled(l && l->map.vector);
    menu.addAction(tr("Layer style…"), this, [this, id] { emit styleRequested(id); })->setEnabled(l && l->map.vector);
    QAction* edit = menu.addAction(tr("Edit layer"), this, [this, id] { emit editToggleRequested(id); });
    edit->setCheckable(true);
    edit->setChecked(editMark(id) != EditMark::None);
    edit->setEnabled(l && l->available && l->map.vector);
    menu.addSeparator();
    menu.addAction(tr("Remove layer"), this, [this, id] { emit removeRequested(id); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace viewer
