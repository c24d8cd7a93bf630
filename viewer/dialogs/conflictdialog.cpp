#include "conflictdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/bidi.h"
#include "gis/geom/wkt.h"

namespace viewer {

namespace {

QString valueText(const gis::FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return QStringLiteral("NULL");
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return QString::number(*i);
    if (const auto* d = std::get_if<double>(&v))
        return QString::number(*d, 'g', 12);
    return QString::fromStdString(std::get<std::string>(v));
}

/// The feature in a few lines: its values that differ from the other version, then its geometry (shortened WKT).
QString describe(const std::optional<gis::EditFeature>& f, const std::optional<gis::EditFeature>& other,
    const std::vector<gis::FieldInfo>& fields)
{
    if (!f)
        return QObject::tr("(deleted)");
    QStringList lines;
    for (std::size_t k = 0; k < f->values.size() && k < fields.size(); ++k)
        if (!other || k >= other->values.size() || other->values[k] != f->values[k])
            lines << ltr(QStringLiteral("%1 = %2").arg(QString::fromStdString(fields[k].name), valueText(f->values[k])));
    QString wkt = QString::fromStdString(gis::toWkt(f->geometry));
    if (wkt.size() > 80)
        wkt = wkt.left(77) + QStringLiteral("…");
    lines << ltr(wkt); // coordinates read left to right in an Arabic dialog too
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ConflictDialog::ConflictDialog(const std::vector<gis::EditConflict>& conflicts,
    const std::vector<gis::FieldInfo>& fields, QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(static_cast<int>(conflicts.size()), 4, this))
{
    setObjectName("ConflictDialog");
    setWindowTitle(tr("Edit conflicts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Someone else changed these features after you started editing them. Nothing has "
                                "been saved: choose which version to keep for each, then the edits are saved."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setHorizontalHeaderLabels({tr("Feature"), tr("Your version"), tr("Their version"), tr("Keep")});
    for (int row = 0; row < static_cast<int>(conflicts.size()); ++row) {
        const gis::EditConflict& c = conflicts[static_cast<std::size_t>(row)];
        m_table->setItem(row, 0, new QTableWidgetItem(QString::number(c.fid)));
        m_table->setItem(row, 1, new QTableWidgetItem(describe(c.mine, c.theirs, fields)));
        m_table->setItem(row, 2, new QTableWidgetItem(describe(c.theirs, c.mine, fields)));
        auto* choice = new QComboBox(m_table);
        choice->addItem(tr("Keep mine"), static_cast<int>(gis::ConflictResolution::Choice::KeepMine));
        choice->addItem(tr("Keep theirs"), static_cast<int>(gis::ConflictResolution::Choice::KeepTheirs));
        m_table->setCellWidget(row, 3, choice);
    }
    m_table->resizeRowsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Save with these choices"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 360);
}

std::vector<gis::ConflictResolution::Choice> ConflictDialog::choices() const
{
    std::vector<gis::ConflictResolution::Choice> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto* box = qobject_cast<QComboBox*>(m_table->cellWidget(row, 3));
        out.push_back(static_cast<gis::ConflictResolution::Choice>(box->currentData().toInt()));
    }
    return out;
}

void ConflictDialog::setAll(gis::ConflictResolution::Choice choice)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto* box = qobject_cast<QComboBox*>(m_table->cellWidget(row, 3));
        box->setCurrentIndex(box->findData(static_cast<int>(choice)));
    }
}

} // namespace viewer
