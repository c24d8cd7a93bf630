#include "identifypanel.h"

#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/units.h"
#include "forms/featureform.h"
#include "forms/formregistry.h"
#include "forms/photofield.h"
#include "gis/data/editsession.h"
#include "gis/data/editstore.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "map/mapdocument.h"

namespace viewer {

IdentifyPanel::IdentifyPanel(MapDocument* document, MapTools* tools, QWidget* parent)
    : QWidget(parent), m_doc(document), m_tools(tools)
{
    m_scope = new QComboBox(this);
    m_scope->addItems({QString(), QString()});
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_formArea = new QScrollArea(this);
    m_formArea->setObjectName("IdentifyFormArea");
    m_formArea->setWidgetResizable(true);
    m_formArea->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_scope);
    layout->addWidget(m_formArea, 2);
    layout->addWidget(m_tree, 1);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_tools->setIdentifyScope(i == 1 ? MapTools::Scope::AllLayers : MapTools::Scope::CurrentLayer);
    });
    connect(tools, &MapTools::identified, this, &IdentifyPanel::showHits);
    retranslate();
}

void IdentifyPanel::retranslate()
{
    m_scope->setItemText(0, tr("Current layer"));
    m_scope->setItemText(1, tr("All visible layers"));
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    showHits(m_hits);
}

void IdentifyPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void IdentifyPanel::setForms(FormRegistry* forms)
{
    m_forms = forms;
    connect(forms, &FormRegistry::formsChanged, this, [this] { showHits(m_hits); });
}

namespace {

/// The photos of feature `fid` read-only: from its edit session when the layer is edited, else from the GeoPackage
/// (opened when the form asks, once).
std::shared_ptr<const PhotoAccess> photoAccess(const gis::ProjectLayer& l, gis::EditSession* session, std::int64_t fid)
{
    auto access = std::make_shared<PhotoAccess>();
    const std::string path = l.sourcePath;
    const std::string layer = l.layer.empty() ? l.map.vector->name() : l.layer;
    auto store = std::make_shared<std::shared_ptr<gis::EditStore>>();
    const auto open = [store, path]() -> gis::EditStore& {
        if (!*store)
            *store = gis::openEditStore(path);
        return **store;
    };
    const auto resolved = [layer](gis::AttachmentTable t) {
        if (t.mapping.empty())
            t.mapping = layer + "_" + t.media;
        return t;
    };
    access->list = [session, open, resolved, layer, fid](const gis::AttachmentTable& table) {
        if (session)
            return session->attachments(fid, table);
        gis::EditStore& s = open();
        return s.supportsAttachments() ? s.storedAttachments(layer, resolved(table), fid) : std::vector<gis::AttachmentInfo>();
    };
    access->storedBytes = [open, resolved](const gis::AttachmentTable& table, std::int64_t id) {
        return open().attachmentBytes(resolved(table), id);
    };
    return access;
}

} // namespace

void IdentifyPanel::showHits(const std::vector<IdentifyHit>& hits)
{
    m_hits = hits;
    m_tree->clear();
    delete m_formArea->takeWidget();
    m_form = nullptr;
    m_formArea->hide();
    if (m_forms && !hits.empty()) {
        const gis::ProjectLayer* l = m_doc->layer(hits.front().layerId);
        const LayerRows::Ref ref = m_doc->rows(hits.front().layerId).locate(hits.front().row);
        if (l && ref && m_forms->hasForm(hits.front().layerId)) {
            if (auto form = m_forms->form(hits.front().layerId)) {
                const std::int64_t fid = ref.layer->fid(ref.row);
                m_form = new FeatureForm(form, gis::editFeatureFromLayer(*ref.layer, ref.row), true, nullptr,
                    fid, photoAccess(*l, m_sessions ? m_sessions(hits.front().layerId) : nullptr, fid));
                m_formArea->setWidget(m_form);
                m_formArea->show();
            }
        }
    }
    if (hits.empty()) {
        auto* none = new QTreeWidgetItem(m_tree);
        none->setText(0, tr("No feature here"));
        return;
    }
    for (std::size_t k = 0; k < hits.size() && k < 50; ++k) {
        const gis::ProjectLayer* l = m_doc->layer(hits[k].layerId);
        // The row as the document numbers it: the layer's data or its edit overlay (LayerRows).
        const LayerRows::Ref ref = m_doc->rows(hits[k].layerId).locate(hits[k].row);
        if (!l || !ref)
            continue;
        const gis::Layer& layer = *ref.layer;
        auto* top = new QTreeWidgetItem(m_tree);
        top->setText(0, QString::fromStdString(l->map.name));
        top->setText(1, tr("feature %1").arg(layer.fid(ref.row)));
        for (const auto& col : layer.attributes().columns()) {
            auto* item = new QTreeWidgetItem(top);
            item->setText(0, QString::fromStdString(col.name()));
            const QString value = formatValue(col, ref.row, locale());
            item->setText(1, value);
            if (value.isRightToLeft())
                item->setTextAlignment(1, Qt::AlignRight | Qt::AlignAbsolute | Qt::AlignVCenter);
        }
        top->setExpanded(k == 0);
    }
}

QString IdentifyPanel::firstValue(const QString& field) const
{
    if (m_tree->topLevelItemCount() == 0)
        return {};
    const QTreeWidgetItem* top = m_tree->topLevelItem(0);
    for (int i = 0; i < top->childCount(); ++i)
        if (top->child(i)->text(0) == field)
            return top->child(i)->text(1);
    return {};
}

} // namespace viewer
