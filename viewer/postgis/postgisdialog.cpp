#include "postgisdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "gis/core/error.h"
#include "gis/data/postgis.h"
#include "gis/geom/geometrycolumn.h"
#include "postgis/pgservices.h"

namespace viewer {

PostgisDialog::PostgisDialog(QWidget* parent)
    : QDialog(parent), m_services(new QComboBox(this)), m_connection(new QLineEdit(this)),
      m_connect(new QPushButton(this)), m_list(new QTreeWidget(this)), m_status(new QLabel(this))
{
    setObjectName("PostgisDialog");
    m_services->setObjectName("serviceBox");
    m_connection->setObjectName("connectionEdit");
    m_connect->setObjectName("connectButton");
    m_list->setObjectName("tableList");
    m_status->setObjectName("statusLabel");
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const PgServices services = pgServiceNames();
    m_services->addItems(services.names);
    if (!services.problems.isEmpty())
        m_status->setText(services.problems.join('\n'));

    m_list->setColumnCount(4);
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto* form = new QFormLayout;
    form->addRow(tr("Service (pg_service.conf)"), m_services);
    form->addRow(tr("Or connection string"), m_connection);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_connect, 0, Qt::AlignLeading);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, [this] { connectNow(); });
    connect(m_list, &QTreeWidget::itemChanged, this, [this] { m_ok->setEnabled(!chosenLayers().isEmpty()); });
    retranslate();
    resize(640, 420);
}

void PostgisDialog::retranslate()
{
    setWindowTitle(tr("Add PostGIS layer"));
    m_connection->setPlaceholderText(tr("host=… dbname=… (not saved in a project)"));
    m_connect->setText(tr("&Connect"));
    m_list->setHeaderLabels({tr("Table"), tr("Geometry"), tr("CRS"), tr("Features (estimated)")});
}

QString PostgisDialog::source() const
{
    const QString typed = m_connection->text().trimmed();
    if (!typed.isEmpty())
        return gis::pg::isPostgresSource(typed.toStdString()) ? typed : "PG:" + typed;
    if (m_services->currentText().isEmpty())
        return {};
    return "PG:service=" + m_services->currentText();
}

bool PostgisDialog::connectNow()
{
    m_list->clear();
    m_tables.clear();
    m_ok->setEnabled(false);
    const QString src = source();
    if (src.isEmpty()) {
        m_error = tr("Choose a service or type a connection string.");
        m_status->setText(m_error);
        return false;
    }
    try {
        const gis::DataSource ds = gis::DataSource::open(src.toStdString());
        m_tables = ds.layers();
    } catch (const std::exception& e) {
        m_error = QString::fromUtf8(e.what());
        m_status->setText(m_error);
        return false;
    }
    m_error.clear();
    const QLocale locale;
    const QSignalBlocker block(m_list);
    for (const gis::LayerInfo& info : m_tables) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, QString::fromStdString(info.name));
        item->setText(1, QString::fromUtf8(gis::geometryTypeName(info.geometryType).data(),
                             static_cast<int>(gis::geometryTypeName(info.geometryType).size())));
        item->setText(2, info.crs.isValid() ? QString::fromStdString(info.crs.identifier()) : QString());
        item->setText(3, info.featureCount < 0 ? tr("unknown (not analysed)") : locale.toString(static_cast<qlonglong>(info.featureCount)));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
    }
    m_status->setText(tr("%1: %2 tables with geometry").arg(QString::fromStdString(gis::pg::displayName(src.toStdString())))
                          .arg(m_tables.size()));
    return true;
}

QStringList PostgisDialog::chosenLayers() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->checkState(0) == Qt::Checked)
            out << m_list->topLevelItem(i)->text(0);
    return out;
}

bool PostgisDialog::choose(const QString& layer, bool on)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->text(0) == layer) {
            m_list->topLevelItem(i)->setCheckState(0, on ? Qt::Checked : Qt::Unchecked);
            return true;
        }
    return false;
}

} // namespace viewer
