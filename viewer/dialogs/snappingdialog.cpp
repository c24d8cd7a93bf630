#include "snappingdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "app/language.h"
#include "edit/editcontroller.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"

namespace viewer {

SnappingDialog::SnappingDialog(const MapDocument* document, const EditController* edits, const SnapSettings& settings,
    QWidget* parent)
    : QDialog(parent), m_doc(document), m_initial(settings), m_layers(new QListWidget(this)),
      m_targets(new QComboBox(this)), m_tolerance(new QSpinBox(this))
{
    setObjectName("SnappingDialog");
    setWindowTitle(tr("Snapping settings"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Points you click while editing snap to the vertices and segments of the layers "
                                "ticked here, in edit mode or not, when the mouse is within the tolerance."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(new QLabel(tr("Layers to snap to:"), this));
    m_layers->setObjectName("SnapLayers");
    const QString language = currentLanguage();
    for (std::size_t i = document->layers().size(); i-- > 0;) { // top to bottom, as the layer list shows them
        const gis::ProjectLayer& l = document->layers()[i];
        if (!l.available || !l.map.vector)
            continue;
        const int id = document->idAt(i);
        QString name = layerDisplayName(l, language);
        if (!l.map.visible)
            name = tr("%1 (hidden: does not snap)").arg(name);
        else if (edits->isEditing(id))
            name = tr("%1 (in edit mode)").arg(name);
        auto* item = new QListWidgetItem(name, m_layers);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const auto chosen = settings.layers.find(SnapSettings::key(l));
        const bool on = chosen == settings.layers.end() ? edits->isEditing(id) : chosen->second;
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(m_layers, 1);
    auto* form = new QFormLayout;
    m_targets->setObjectName("SnapTargets");
    m_targets->addItem(tr("Vertices"), static_cast<int>(SnapSettings::Targets::Vertices));
    m_targets->addItem(tr("Segments"), static_cast<int>(SnapSettings::Targets::Segments));
    m_targets->addItem(tr("Vertices and segments"), static_cast<int>(SnapSettings::Targets::Both));
    m_targets->setCurrentIndex(m_targets->findData(static_cast<int>(settings.targets)));
    form->addRow(tr("Snap to:"), m_targets);
    m_tolerance->setObjectName("SnapTolerance");
    m_tolerance->setRange(static_cast<int>(SnapSettings::kMinTolerancePx), static_cast<int>(SnapSettings::kMaxTolerancePx));
    m_tolerance->setValue(static_cast<int>(std::lround(settings.tolerancePx)));
    m_tolerance->setSuffix(tr(" px"));
    form->addRow(tr("Tolerance:"), m_tolerance);
    layout->addLayout(form);
    // Buttons of our own: a standard button's text is set again by the box when it is shown.
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole)->setDefault(true);
    buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(460, 420);
}

SnapSettings SnappingDialog::settings() const
{
    SnapSettings out = m_initial; // choices for layers not in this map are kept
    out.targets = static_cast<SnapSettings::Targets>(m_targets->currentData().toInt());
    out.tolerancePx = m_tolerance->value();
    for (int row = 0; row < m_layers->count(); ++row) {
        const QListWidgetItem* item = m_layers->item(row);
        if (const gis::ProjectLayer* l = m_doc->layer(item->data(Qt::UserRole).toInt()))
            out.layers[SnapSettings::key(*l)] = item->checkState() == Qt::Checked;
    }
    return out;
}

void SnappingDialog::setLayerChecked(int layerId, bool on)
{
    for (int row = 0; row < m_layers->count(); ++row)
        if (m_layers->item(row)->data(Qt::UserRole).toInt() == layerId)
            m_layers->item(row)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

void SnappingDialog::setTargets(SnapSettings::Targets targets)
{
    m_targets->setCurrentIndex(m_targets->findData(static_cast<int>(targets)));
}

void SnappingDialog::setTolerance(int pixels)
{
    m_tolerance->setValue(pixels);
}

} // namespace viewer
