#include "conflictdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

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
    QString wkt = QString::fromStdString(gis::toWkt(f->geometry, 8));
    if (wkt.size() > 80)
        wkt = wkt.left(77) + QStringLiteral("…");
    lines << ltr(wkt); // coordinates read left to right in an Arabic dialog too
    return lines.join(QLatin1Char('\n'));
}

bool sameGeometry(const gis::EditFeature& a, const gis::EditFeature& b)
{
    return gis::toWkt(a.geometry) == gis::toWkt(b.geometry); // exact: every digit
}

QString shortWkt(const gis::EditFeature& f)
{
    QString wkt = QString::fromStdString(gis::toWkt(f.geometry, 8));
    if (wkt.size() > 60)
        wkt = wkt.left(57) + QStringLiteral("…");
    return ltr(wkt);
}

} // namespace

ConflictDialog::ConflictDialog(const std::vector<gis::EditConflict>& conflicts,
    const std::vector<gis::FieldInfo>& fields, QWidget* parent)
    : QDialog(parent), m_conflicts(conflicts), m_fieldInfo(fields), m_merge(conflicts.size()),
      m_table(new QTableWidget(static_cast<int>(conflicts.size()), 4, this)), m_fields(new QTableWidget(0, 4, this)),
      m_fieldsLabel(new QLabel(this))
{
    setObjectName("ConflictDialog");
    setWindowTitle(tr("Edit conflicts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Someone else changed these features after you started editing them. Nothing has "
                                "been saved: choose which version to keep for each, or merge them field by field, "
                                "then the edits are saved."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setHorizontalHeaderLabels({tr("Feature"), tr("Your version"), tr("Their version"), tr("Keep")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    for (int row = 0; row < static_cast<int>(conflicts.size()); ++row) {
        const gis::EditConflict& c = conflicts[static_cast<std::size_t>(row)];
        m_merge[static_cast<std::size_t>(row)].choice = gis::ConflictResolution::Choice::Merge;
        m_merge[static_cast<std::size_t>(row)].takeTheirs.assign(fields.size(), false);
        auto* id = new QTableWidgetItem(QString::number(c.fid));
        id->setFlags(id->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, 0, id);
        m_table->setItem(row, 1, new QTableWidgetItem(describe(c.mine, c.theirs, fields)));
        m_table->setItem(row, 2, new QTableWidgetItem(describe(c.theirs, c.mine, fields)));
        for (int col = 1; col < 3; ++col)
            m_table->item(row, col)->setFlags(m_table->item(row, col)->flags() & ~Qt::ItemIsEditable);
        auto* choice = new QComboBox(m_table);
        choice->addItem(tr("Keep mine"), static_cast<int>(gis::ConflictResolution::Choice::KeepMine));
        choice->addItem(tr("Keep theirs"), static_cast<int>(gis::ConflictResolution::Choice::KeepTheirs));
        if (c.mine && c.theirs) // a deleted version has no fields to merge
            choice->addItem(tr("Merge field by field"), static_cast<int>(gis::ConflictResolution::Choice::Merge));
        connect(choice, &QComboBox::currentIndexChanged, this, [this, row] {
            m_table->selectRow(row);
            showFields(row);
        });
        m_table->setCellWidget(row, 3, choice);
    }
    m_table->resizeRowsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 3);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showFields(row); });

    m_fieldsLabel->setWordWrap(true);
    layout->addWidget(m_fieldsLabel);
    m_fields->setObjectName("FieldChoices");
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Your value"), tr("Their value"), tr("Take")});
    m_fields->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_fields->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_fields->verticalHeader()->hide();
    layout->addWidget(m_fields, 2);

    // Buttons of our own: a standard button's text is set again by the box (to "OK") when it is shown.
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("Save with these choices"), QDialogButtonBox::AcceptRole)->setDefault(true);
    buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, 560);
    if (!conflicts.empty())
        m_table->selectRow(0);
    showFields(conflicts.empty() ? -1 : 0);
}

void ConflictDialog::showFields(int conflict)
{
    m_shown = conflict;
    m_fields->setRowCount(0);
    if (conflict < 0 || conflict >= static_cast<int>(m_conflicts.size())) {
        m_fieldsLabel->setText(QString());
        return;
    }
    const gis::EditConflict& c = m_conflicts[static_cast<std::size_t>(conflict)];
    const bool merging = choices()[static_cast<std::size_t>(conflict)] == gis::ConflictResolution::Choice::Merge;
    if (!c.mine || !c.theirs) {
        m_fieldsLabel->setText(tr("Feature %1 was deleted in one version: keep mine or keep theirs.").arg(c.fid));
        return;
    }
    m_fieldsLabel->setText(merging ? tr("Feature %1, field by field: choose the value to keep for each difference.").arg(c.fid)
                                   : tr("Feature %1: its differences (choose \"Merge field by field\" to pick them one by one).").arg(c.fid));
    const gis::ConflictResolution& merge = m_merge[static_cast<std::size_t>(conflict)];
    const auto addRow = [&](const QString& name, const QString& mine, const QString& theirs, bool takeTheirs,
                            std::function<void(bool)> set) {
        const int row = m_fields->rowCount();
        m_fields->insertRow(row);
        const QString cells[] = {name, mine, theirs};
        for (int col = 0; col < 3; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            m_fields->setItem(row, col, item);
        }
        auto* take = new QComboBox(m_fields);
        take->addItem(tr("Mine"));
        take->addItem(tr("Theirs"));
        take->setCurrentIndex(takeTheirs ? 1 : 0);
        take->setEnabled(merging);
        connect(take, &QComboBox::currentIndexChanged, this, [set](int index) { set(index == 1); });
        m_fields->setCellWidget(row, 3, take);
    };
    for (std::size_t k = 0; k < m_fieldInfo.size(); ++k) {
        const gis::FieldValue none;
        const gis::FieldValue& a = k < c.mine->values.size() ? c.mine->values[k] : none;
        const gis::FieldValue& b = k < c.theirs->values.size() ? c.theirs->values[k] : none;
        if (a == b)
            continue;
        addRow(ltr(QString::fromStdString(m_fieldInfo[k].name)), valueText(a), valueText(b), merge.takeTheirs[k],
            [this, conflict, k](bool theirs) { m_merge[static_cast<std::size_t>(conflict)].takeTheirs[k] = theirs; });
    }
    if (!sameGeometry(*c.mine, *c.theirs))
        addRow(tr("(geometry)"), shortWkt(*c.mine), shortWkt(*c.theirs), merge.takeTheirsGeometry,
            [this, conflict](bool theirs) { m_merge[static_cast<std::size_t>(conflict)].takeTheirsGeometry = theirs; });
    m_fields->resizeRowsToContents();
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

std::vector<gis::ConflictResolution> ConflictDialog::resolutions() const
{
    std::vector<gis::ConflictResolution> out;
    const auto chosen = choices();
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        gis::ConflictResolution r;
        r.choice = chosen[i];
        if (r.choice == gis::ConflictResolution::Choice::Merge) {
            r.takeTheirs = m_merge[i].takeTheirs;
            r.takeTheirsGeometry = m_merge[i].takeTheirsGeometry;
        }
        out.push_back(std::move(r));
    }
    return out;
}

void ConflictDialog::setAll(gis::ConflictResolution::Choice choice)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        setChoice(row, choice);
}

bool ConflictDialog::setChoice(int conflict, gis::ConflictResolution::Choice choice)
{
    if (conflict < 0 || conflict >= m_table->rowCount())
        return false;
    auto* box = qobject_cast<QComboBox*>(m_table->cellWidget(conflict, 3));
    const int index = box->findData(static_cast<int>(choice));
    if (index < 0)
        return false;
    box->setCurrentIndex(index);
    showFields(conflict);
    return true;
}

void ConflictDialog::setFieldChoice(int conflict, std::size_t field, bool theirs)
{
    auto& takeTheirs = m_merge.at(static_cast<std::size_t>(conflict)).takeTheirs;
    if (field < takeTheirs.size())
        takeTheirs[field] = theirs;
    if (conflict == m_shown)
        showFields(conflict);
}

void ConflictDialog::setGeometryChoice(int conflict, bool theirs)
{
    m_merge.at(static_cast<std::size_t>(conflict)).takeTheirsGeometry = theirs;
    if (conflict == m_shown)
        showFields(conflict);
}

} // namespace viewer
