#include "saveselection.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "gis/data/outputcheck.h"

namespace viewer {

namespace {

int indexIgnoringCase(const QStringList& list, const QString& name)
{
    for (int i = 0; i < list.size(); ++i)
        if (list[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

} // namespace

QString uniqueLayerName(const QString& wanted, const QStringList& taken)
{
    const QString base = wanted.isEmpty() ? QStringLiteral("selection") : wanted;
    QString name = base;
    for (int n = 2; indexIgnoringCase(taken, name) >= 0; ++n)
        name = base + "_" + QString::number(n);
    return name;
}

SavePlan defaultSavePlan(bool exists, bool isGeoPackage, const QString& layerName, const QStringList& layersInFile)
{
    if (!exists)
        return {SaveAction::NewFile, {}};
    if (isGeoPackage)
        return {SaveAction::AddLayer, uniqueLayerName(layerName, layersInFile)};
    return {SaveAction::ReplaceFile, {}};
}

QString saveRefusal(const SavePlan& plan, const QString& path, const QStringList& projectFiles)
{
    // A "new" file may still have sidecars that are a project's (x.csv writes x.prj beside it): only adding a
    // layer leaves every existing byte where it was.
    if (plan.action == SaveAction::AddLayer)
        return {};
    std::vector<std::string> inputs;
    for (const QString& f : projectFiles)
        inputs.push_back(f.toStdString());
    const std::string input = gis::inputWrittenBy(path.toStdString(), inputs);
    if (input.empty())
        return {};
    return QCoreApplication::translate("viewer::MainWindow",
        "%1 is read by this project (%2): it is never replaced. Save the selection as a new layer or to another file.")
        .arg(QFileInfo(path).fileName(), QString::fromStdString(input));
}

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
    const int existing = indexIgnoringCase(m_layers, name);
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
