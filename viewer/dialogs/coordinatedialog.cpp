#include "coordinatedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

#include <cmath>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"

namespace viewer {

CoordinateDialog::CoordinateDialog(const gis::Crs& mapCrs, QWidget* parent)
    : QDialog(parent), m_mapCrs(mapCrs), m_format(new QComboBox(this)), m_first(new QLineEdit(this)),
      m_second(new QLineEdit(this)), m_firstLabel(new QLabel(this)), m_secondLabel(new QLabel(this)), m_problem(new QLabel(this))
{
    setObjectName("CoordinateDialog");
    setWindowTitle(tr("Add point at coordinates"));
    m_format->addItem(tr("Longitude / latitude (decimal degrees)"));
    m_format->addItem(tr("Longitude / latitude (degrees, minutes, seconds)"));
    m_format->addItem(tr("UTM zone 40N (metres)"));
    // Coordinates are typed left to right whatever the UI's direction.
    for (QLineEdit* e : {m_first, m_second})
        e->setLayoutDirection(Qt::LeftToRight);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format"), m_format);
    form->addRow(m_firstLabel, m_first);
    form->addRow(m_secondLabel, m_second);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    form->addRow(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add point"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (mapPoint())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] { check(); });
    connect(m_first, &QLineEdit::textChanged, this, [this] { m_problem->clear(); });
    connect(m_second, &QLineEdit::textChanged, this, [this] { m_problem->clear(); });
    setFormat(Format::Decimal);
}

void CoordinateDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(static_cast<int>(format));
    check();
}

void CoordinateDialog::setText(const QString& first, const QString& second)
{
    m_first->setText(first);
    m_second->setText(second);
}

void CoordinateDialog::check()
{
    const bool utm = m_format->currentIndex() == static_cast<int>(Format::Utm40N);
    m_firstLabel->setText(utm ? tr("Easting (m)") : tr("Longitude"));
    m_secondLabel->setText(utm ? tr("Northing (m)") : tr("Latitude"));
    m_first->setPlaceholderText(utm ? QStringLiteral("560000") : m_format->currentIndex() == 0 ? QStringLiteral("57.531") : QStringLiteral("57°31′52.4″E"));
    m_second->setPlaceholderText(utm ? QStringLiteral("2535000") : m_format->currentIndex() == 0 ? QStringLiteral("22.933") : QStringLiteral("22°55′59.2″N"));
}

std::optional<double> CoordinateDialog::parseAngle(const QString& input)
{
    QString t = input.trimmed().toUpper();
    // Arabic-Indic digits and separators as a GPS set to Arabic shows them.
    for (QChar& c : t) {
        if (c.unicode() >= 0x0660 && c.unicode() <= 0x0669)
            c = QChar('0' + (c.unicode() - 0x0660));
        else if (c.unicode() == 0x066B)
            c = QChar('.');
    }
    double sign = 1;
    static const QRegularExpression hemi(QStringLiteral("^([NSEW])|([NSEW])$"));
    const auto m = hemi.match(t);
    if (m.hasMatch()) {
        const QString h = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        if (h == "S" || h == "W")
            sign = -1;
        t.remove(hemi);
    }
    t = t.trimmed();
    if (t.startsWith('-')) {
        sign = -sign;
        t.remove(0, 1);
    }
    static const QRegularExpression sep(QStringLiteral("[\\s°º'′\"″:]+"));
    const QStringList parts = t.split(sep, Qt::SkipEmptyParts);
    if (parts.isEmpty() || parts.size() > 3)
        return std::nullopt;
    double value = 0, scale = 1;
    for (int i = 0; i < parts.size(); ++i) {
        bool ok = false;
        const double v = parts[i].toDouble(&ok);
        if (!ok || v < 0 || (i > 0 && v >= 60))
            return std::nullopt;
        value += v / scale;
        scale *= 60;
    }
    return sign * value;
}

std::optional<gis::Coord> CoordinateDialog::mapPoint() const
{
    const auto format = static_cast<Format>(m_format->currentIndex());
    gis::Coord c;
    gis::Crs source;
    if (format == Format::Utm40N) {
        bool okE = false, okN = false;
        c = {m_first->text().trimmed().toDouble(&okE), m_second->text().trimmed().toDouble(&okN)};
        if (!okE || !okN) {
            m_problem->setText(tr("Type the easting and northing in metres."));
            return std::nullopt;
        }
        source = gis::Crs::fromEpsg(32640);
    } else {
        const auto lon = parseAngle(m_first->text()), lat = parseAngle(m_second->text());
        if (!lon || !lat || std::abs(*lon) > 180 || std::abs(*lat) > 90) {
            m_problem->setText(tr("Type a longitude (−180…180) and a latitude (−90…90)."));
            return std::nullopt;
        }
        c = {*lon, *lat};
        source = gis::Crs::fromEpsg(4326);
    }
    try {
        if (!m_mapCrs.isValid() || source.isEquivalentTo(m_mapCrs))
            return c;
        const gis::Coord m = gis::Transformer(source, m_mapCrs).transform(c);
        if (!std::isfinite(m.x) || !std::isfinite(m.y))
            throw gis::Error(gis::ErrorCode::Crs, "outside the map's CRS");
        return m;
    } catch (const gis::Error& e) {
        m_problem->setText(tr("This position cannot be shown on the map: %1").arg(QString::fromStdString(e.what())));
        return std::nullopt;
    }
}

} // namespace viewer
