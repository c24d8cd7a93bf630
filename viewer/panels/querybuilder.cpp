#include "querybuilder.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <set>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

namespace viewer {

namespace {

QString quoteField(const std::string& name)
{
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return "\"" + QString::fromStdString(name) + "\"";
    return QString::fromStdString(name);
}

} // namespace

QueryBuilderDialog::QueryBuilderDialog(std::shared_ptr<const gis::Layer> layer, const QString& layerName, QWidget* parent)
    : QDialog(parent), m_layer(std::move(layer))
{
    setWindowTitle(tr("Select by expression — %1").arg(layerName));
    m_fields = new QListWidget(this);
    m_values = new QListWidget(this);
    m_text = new QPlainTextEdit(this);
    m_text->setPlaceholderText(tr("e.g. name_en = 'Nizwa' or population > 10000"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_add = new QCheckBox(tr("Add to the current selection"), this);
    auto* samples = new QPushButton(tr("Sample values"), this);
    for (const auto& col : m_layer->attributes().columns()) {
        auto* item = new QListWidgetItem(QString::fromStdString(col.name()), m_fields);
        item->setToolTip(QString::fromUtf8(gis::fieldTypeName(col.type()).data()));
    }

    auto* ops = new QGridLayout;
    const QStringList operators{"=", "!=", "<", ">", "<=", ">=", "LIKE", "ILIKE", "IN", "AND", "OR", "NOT", "IS NULL", "(", ")", "%"};
    for (int i = 0; i < operators.size(); ++i) {
        // Between left-to-right marks: in an Arabic UI "<=" would otherwise be shown mirrored, as "=>".
        auto* b = new QPushButton(QChar(0x200E) + operators[i] + QChar(0x200E), this);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, [this, op = operators[i]] { insert(" " + op + " "); });
        ops->addWidget(b, i / 8, i % 8);
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Select"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Fields"), this), 0, 0);
    grid->addWidget(new QLabel(tr("Values"), this), 0, 1);
    grid->addWidget(m_fields, 1, 0);
    grid->addWidget(m_values, 1, 1);
    grid->addWidget(samples, 2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid, 1);
    layout->addLayout(ops);
    layout->addWidget(new QLabel(tr("Expression"), this));
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_add);
    layout->addWidget(buttons);

    connect(m_fields, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* it) {
        insert(quoteField(it->text().toStdString()));
    });
    connect(m_fields, &QListWidget::currentRowChanged, this, [this] { m_values->clear(); });
    connect(samples, &QPushButton::clicked, this, &QueryBuilderDialog::showSamples);
    connect(m_values, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* it) { insert(it->data(Qt::UserRole).toString()); });
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &QueryBuilderDialog::evaluate);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] { m_timer.start(150); });
    resize(560, 520);
    evaluate();
}

QString QueryBuilderDialog::expression() const
{
    return m_text->toPlainText().trimmed();
}

void QueryBuilderDialog::setExpression(const QString& text)
{
    m_text->setPlainText(text);
    evaluate();
}

bool QueryBuilderDialog::addToSelection() const
{
    return m_add->isChecked();
}

void QueryBuilderDialog::insert(const QString& text)
{
    m_text->insertPlainText(text);
    m_text->setFocus();
}

void QueryBuilderDialog::showSamples()
{
    m_values->clear();
    const int f = m_fields->currentRow();
    if (f < 0)
        return;
    const gis::AttributeColumn& col = m_layer->attributes().column(static_cast<std::size_t>(f));
    std::set<std::string> seen;
    const bool text = col.type() == gis::FieldType::String || col.type() == gis::FieldType::Date || col.type() == gis::FieldType::DateTime;
    for (std::size_t i = 0; i < col.size() && seen.size() < 100; ++i) {
        if (col.isNull(i))
            continue;
        const std::string v = col.toString(i);
        if (!seen.insert(v).second)
            continue;
        QString literal = QString::fromStdString(v);
        if (text)
            literal = "'" + literal.replace("'", "''") + "'";
        if (col.type() == gis::FieldType::Date)
            literal = "date " + literal;
        auto* item = new QListWidgetItem(QString::fromStdString(v), m_values);
        item->setData(Qt::UserRole, literal);
    }
}

void QueryBuilderDialog::evaluate()
{
    const QString text = expression();
    if (text.isEmpty()) {
        m_matches = -1;
        m_status->setText(tr("Type an expression; double-click a field or a value to insert it."));
        m_status->setStyleSheet({});
        return;
    }
    try {
        const auto e = gis::Expression::compile(text.toStdString(), *m_layer);
        m_matches = static_cast<long long>(e.filter().size());
        m_status->setText(tr("%1 of %2 features match").arg(locale().toString(m_matches), locale().toString(static_cast<qulonglong>(m_layer->size()))));
        m_status->setStyleSheet("color: #1b5e20");
    } catch (const gis::Error& e) {
        m_matches = -1;
        m_status->setText(QString::fromUtf8(e.what()));
        m_status->setStyleSheet("color: #b00020");
    }
}

} // namespace viewer
