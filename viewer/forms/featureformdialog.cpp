#include "featureformdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/language.h"
#include "forms/featureform.h"
#include "forms/photofield.h"

namespace viewer {

FeatureFormDialog::FeatureFormDialog(std::shared_ptr<const LayerForm> form, gis::EditFeature feature,
    std::shared_ptr<const gis::EditSnapshot> others, std::int64_t fid, std::shared_ptr<const PhotoAccess> photos,
    QWidget* parent)
    : QDialog(parent)
{
    setObjectName("FeatureFormDialog");
    const gis::FormText& title = form->prepared->form().title;
    const bool arabic = currentLanguage() == "ar";
    const std::string& t = arabic && !title.ar.empty() ? title.ar : title.en;
    setWindowTitle(t.empty() ? tr("Feature attributes") : QString::fromStdString(t));
    m_form = new FeatureForm(std::move(form), std::move(feature), false, std::move(others), fid, std::move(photos));
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_problems = new QLabel(this);
    m_problems->setObjectName("formProblems");
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problems->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setText(tr("Save"));
    m_save->setObjectName("formSave");
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName("formCancel");
    connect(buttons, &QDialogButtonBox::accepted, this, &FeatureFormDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &FeatureFormDialog::reject);
    connect(m_form, &FeatureForm::valuesChanged, this, [this] {
        if (!m_form->hasHardViolations())
            m_problems->hide();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    resize(520, 640);
}

gis::EditFeature FeatureFormDialog::feature() const
{
    return m_form->feature();
}

QString FeatureFormDialog::refusal() const
{
    return m_problems->isHidden() ? QString() : m_problems->text();
}

void FeatureFormDialog::accept()
{
    if (m_form->hasHardViolations()) {
        m_problems->setText(tr("Not saved: %1").arg(m_form->hardMessages()));
        m_problems->show();
        return;
    }
    QDialog::accept();
}

} // namespace viewer
