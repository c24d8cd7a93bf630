#include "saveintogeopackagedialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace viewer {

SaveIntoGeoPackageDialog::SaveIntoGeoPackageDialog(const QString& path, const QStringList& layers,
    const QList<qint64>& featureCounts, const QString& layerName, bool projectSource, QWidget* parent)
    : QDialog(parent), m_layers(layers), m_counts(featureCounts), m_projectSource(projectSource)
{
    setWindowTitle(tr("Save into an existing GeoPackage"));
    auto* box = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("%1 already exists. Layers in it: %2.").arg(QFileInfo(path).fileName()).arg(layers.size()));
    intro->setWordWrap(true);
    box->addWidget(intro);

    m_add = new QRadioButton(tr("Add the selection as a new layer (nothing in the file is lost)"));
    m_add->setObjectName("SaveAddLayer");
    m_name = new QLineEdit(uniqueLayerName(layerName, layers));
    m_name->setObjectName("SaveLayerName");
    m_replaceLayer = new QRadioButton;
    m_replaceLayer->setObjectName("SaveReplaceLayer");
    m_replaceLayerText = new QLabel;
    m_replaceLayerText->setWordWrap(true);
    m_replaceFile = new QRadioButton(tr("Replace the whole file: replaces %1 layer(s)").arg(layers.size()));
    m_replaceFile->setObjectName("SaveReplaceFile");
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(new QLabel(tr("Layer name:")));
    nameRow->addWidget(m_name);
    box->addWidget(m_add);
    box->addLayout(nameRow);
    box->addWidget(m_replaceLayer);
    box->addWidget(m_replaceLayerText);
    box->addWidget(m_replaceFile);
    if (projectSource) {
        auto* why = new QLabel(tr("This file is read by the open project: its layers are never replaced."));
        why->setWordWrap(true);
        box->addWidget(why);
        m_replaceFile->setEnabled(false);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    box->addWidget(buttons);
    m_add->setChecked(true);
    connect(m_name, &QLineEdit::textChanged, this, &SaveIntoGeoPackageDialog::update);
    for (QRadioButton* b : {m_add, m_replaceLayer, m_replaceFile})
        connect(b, &QRadioButton::toggled, this, &SaveIntoGeoPackageDialog::update);
    m_okButton = buttons->button(QDialogButtonBox::Save);
    update();
}

void SaveIntoGeoPackageDialog::update()
{
    // Replacing a layer is offered for the name typed, and only when the file has a layer of that name.
    const QString name = m_name->text().trimmed();
    const int existing = layerIndexIgnoringCase(m_layers, name);
    m_replaceLayer->setText(tr("Replace layer “%1”").arg(existing >= 0 ? m_layers[existing] : name));
    m_replaceLayer->setEnabled(existing >= 0 && !m_projectSource);
    m_replaceLayerText->setText(existing >= 0
            ? tr("replaces its %1 feature(s)").arg(m_counts.value(existing, 0))
            : tr("(the file has no layer of that name)"));
    if (!m_replaceLayer->isEnabled() && m_replaceLayer->isChecked())
        m_add->setChecked(true);
    // A new layer needs a free name; the Save button says when it is not.
    m_okButton->setEnabled(!name.isEmpty() && (!m_add->isChecked() || existing < 0));
}

SavePlan SaveIntoGeoPackageDialog::plan() const
{
    if (m_replaceFile->isChecked())
        return {SaveAction::ReplaceFile, {}};
    const QString name = m_name->text().trimmed();
    if (m_replaceLayer->isChecked())
        return {SaveAction::ReplaceLayer, name};
    return {SaveAction::AddLayer, name};
}

} // namespace viewer
