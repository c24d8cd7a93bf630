#include "printlayoutexportdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace viewer {

PrintLayoutExportDialog::PrintLayoutExportDialog(const QString& path, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export layout"));
    m_path = new QLineEdit(path, this);
    m_path->setMinimumWidth(320);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_dpi = new QSpinBox(this);
    m_dpi->setRange(30, 1200);
    m_dpi->setValue(300);
    m_worldFile = new QCheckBox(tr("World file and CRS beside the PNG (georeferenced image)"), this);
    const auto sync = [this] { m_worldFile->setEnabled(m_path->text().endsWith(".png", Qt::CaseInsensitive)); };
    connect(m_path, &QLineEdit::textChanged, this, sync);
    sync();
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export layout"), m_path->text(),
            tr("PDF document (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)"));
        if (!p.isEmpty())
            m_path->setText(p);
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("File (.pdf, .png, .svg)"), pathRow);
    form->addRow(tr("Resolution (DPI)"), m_dpi);
    form->addRow(QString(), m_worldFile);
    form->addRow(buttons);
}

QString PrintLayoutExportDialog::path() const { return m_path->text().trimmed(); }
double PrintLayoutExportDialog::dpi() const { return m_dpi->value(); }
bool PrintLayoutExportDialog::worldFile() const { return m_worldFile->isEnabled() && m_worldFile->isChecked(); }

} // namespace viewer
