#include "dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "mapdocument.h"

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

ExportDialog::ExportDialog(QSize viewSize, const QString& folder, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export map"));
    m_path = new QLineEdit(QDir(folder).filePath("map.png"), this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_width = new QSpinBox(this);
    m_height = new QSpinBox(this);
    m_dpi = new QSpinBox(this);
    for (QSpinBox* s : {m_width, m_height})
        s->setRange(16, 20000);
    m_dpi->setRange(24, 1200);
    m_width->setValue(viewSize.width());
    m_height->setValue(viewSize.height());
    m_dpi->setValue(96);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export map"), m_path->text(),
            tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
        if (!p.isEmpty())
            m_path->setText(p);
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("File (.png, .pdf, .svg)"), pathRow);
    form->addRow(tr("Width (pixels)"), m_width);
    form->addRow(tr("Height (pixels)"), m_height);
    form->addRow(tr("Resolution (DPI)"), m_dpi);
    form->addRow(buttons);
}

QString ExportDialog::path() const { return m_path->text(); }
QSize ExportDialog::size() const { return {m_width->value(), m_height->value()}; }
double ExportDialog::dpi() const { return m_dpi->value(); }

} // namespace viewer
