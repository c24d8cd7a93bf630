#include "exportdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace viewer {

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
