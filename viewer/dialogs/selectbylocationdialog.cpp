#include "selectbylocationdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>

#include "map/mapdocument.h"

namespace viewer {

SelectByLocationDialog::SelectByLocationDialog(MapDocument* document, int currentLayer, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Select by location"));
    m_target = new QComboBox(this);
    m_source = new QComboBox(this);
    m_predicate = new QComboBox(this);
    for (std::size_t i = 0; i < document->layers().size(); ++i) {
        const gis::ProjectLayer& l = document->layers()[i];
        if (!l.map.vector)
            continue;
        m_target->addItem(QString::fromStdString(l.map.name), document->idAt(i));
        m_source->addItem(QString::fromStdString(l.map.name), document->idAt(i));
    }
    m_target->setCurrentIndex(std::max(0, m_target->findData(currentLayer)));
    const std::pair<gis::SpatialPredicate, QString> predicates[] = {
        {gis::SpatialPredicate::Intersects, tr("intersect")},
        {gis::SpatialPredicate::Within, tr("are within")},
        {gis::SpatialPredicate::Contains, tr("contain")},
        {gis::SpatialPredicate::Touches, tr("touch")},
        {gis::SpatialPredicate::Crosses, tr("cross")},
        {gis::SpatialPredicate::Overlaps, tr("overlap")},
        {gis::SpatialPredicate::Disjoint, tr("are disjoint from")},
    };
    for (const auto& [p, label] : predicates)
        m_predicate->addItem(label, static_cast<int>(p));
    m_selectedOnly = new QCheckBox(tr("Only the selected features of that layer"), this);
    m_add = new QCheckBox(tr("Add to the current selection"), this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Select"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Select features of"), m_target);
    form->addRow(tr("that"), m_predicate);
    form->addRow(tr("the features of"), m_source);
    form->addRow(m_selectedOnly);
    form->addRow(m_add);
    form->addRow(buttons);
}

int SelectByLocationDialog::targetLayer() const { return m_target->currentData().toInt(); }
int SelectByLocationDialog::sourceLayer() const { return m_source->currentData().toInt(); }
gis::SpatialPredicate SelectByLocationDialog::predicate() const
{
    return static_cast<gis::SpatialPredicate>(m_predicate->currentData().toInt());
}
bool SelectByLocationDialog::selectedOnly() const { return m_selectedOnly->isChecked(); }
bool SelectByLocationDialog::addToSelection() const { return m_add->isChecked(); }

} // namespace viewer
