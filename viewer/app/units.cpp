#include "units.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <cmath>

#include "gis/data/attributetable.h"

namespace viewer {

namespace {

QString ut(const char* text)
{
    return QCoreApplication::translate("Units", text);
}

QString dms(double value, const QLocale& locale)
{
    const double a = std::abs(value);
    int d = static_cast<int>(a);
    int m = static_cast<int>((a - d) * 60);
    double s = ((a - d) * 60 - m) * 60;
    if (s >= 59.95) { // rounding up to 60.0″ carries
        s = 0;
        if (++m == 60) {
            m = 0;
            ++d;
        }
    }
    return QStringLiteral("%1° %2′ %3″").arg(locale.toString(d), locale.toString(m).rightJustified(2, locale.zeroDigit().at(0)),
        locale.toString(s, 'f', 1));
}

} // namespace

QString formatDistance(double metres, const QLocale& locale)
{
    if (std::abs(metres) < 1000)
        return ut(QT_TRANSLATE_NOOP("Units", "%1 m")).arg(locale.toString(metres, 'f', metres < 10 ? 2 : 1));
    return ut(QT_TRANSLATE_NOOP("Units", "%1 km")).arg(locale.toString(metres / 1000, 'f', metres < 100000 ? 3 : 1));
}

QString formatArea(double m2, const QLocale& locale)
{
    if (m2 < 10000)
        return ut(QT_TRANSLATE_NOOP("Units", "%1 m²")).arg(locale.toString(m2, 'f', 1));
    if (m2 < 1e6)
        return ut(QT_TRANSLATE_NOOP("Units", "%1 ha")).arg(locale.toString(m2 / 1e4, 'f', 3));
    return ut(QT_TRANSLATE_NOOP("Units", "%1 km²")).arg(locale.toString(m2 / 1e6, 'f', 3));
}

QString formatLonLat(double lon, double lat, const QLocale& locale)
{
    return ut(QT_TRANSLATE_NOOP("Units", "%1° %2, %3° %4"))
        .arg(locale.toString(std::abs(lon), 'f', 5), lon >= 0 ? ut(QT_TRANSLATE_NOOP("Units", "E")) : ut(QT_TRANSLATE_NOOP("Units", "W")), locale.toString(std::abs(lat), 'f', 5),
            lat >= 0 ? ut(QT_TRANSLATE_NOOP("Units", "N")) : ut(QT_TRANSLATE_NOOP("Units", "S")));
}

QString formatDms(double lon, double lat, const QLocale& locale)
{
    // Translated for its comma: Arabic joins the two with "،" (an ASCII comma reads as Latin punctuation there).
    return ut(QT_TRANSLATE_NOOP("Units", "%1 %2, %3 %4"))
        .arg(dms(lon, locale), lon >= 0 ? ut(QT_TRANSLATE_NOOP("Units", "E")) : ut(QT_TRANSLATE_NOOP("Units", "W")), dms(lat, locale), lat >= 0 ? ut(QT_TRANSLATE_NOOP("Units", "N")) : ut(QT_TRANSLATE_NOOP("Units", "S")));
}

QString formatScale(double denominator, const QLocale& locale)
{
    return locale.toString(1) + QLatin1Char(':') + locale.toString(static_cast<qlonglong>(std::llround(denominator)));
}

double parseScale(const QString& text, const QLocale& locale)
{
    QString t = text.trimmed();
    const int colon = std::max(t.indexOf(':'), t.indexOf(QChar(0x2236)));
    if (colon >= 0)
        t = t.mid(colon + 1);
    // Arabic-Indic digits to ASCII, then drop grouping separators of any locale.
    QString ascii;
    for (QChar c : t) {
        if (c.unicode() >= 0x0660 && c.unicode() <= 0x0669)
            ascii += QChar('0' + (c.unicode() - 0x0660));
        else if (c.unicode() >= 0x06F0 && c.unicode() <= 0x06F9)
            ascii += QChar('0' + (c.unicode() - 0x06F0));
        else if (c.isDigit() || c == '.')
            ascii += c;
        else if (c == QChar(0x066B)) // Arabic decimal separator
            ascii += '.';
    }
    Q_UNUSED(locale);
    bool ok = false;
    const double v = ascii.toDouble(&ok);
    return ok && v >= 1 ? v : 0;
}

QString formatDate(const QDate& date, const QLocale& locale)
{
    return locale.language() == QLocale::Arabic ? locale.toString(date, QLocale::ShortFormat)
                                                : locale.toString(date, QStringLiteral("yyyy-MM-dd"));
}

QString formatIsoDate(const QString& iso, const QLocale& locale)
{
    const QDate date = QDate::fromString(iso, Qt::ISODate);
    return date.isValid() ? formatDate(date, locale) : iso;
}

QString formatValue(const gis::AttributeColumn& column, std::size_t row, const QLocale& locale)
{
    if (column.isNull(row))
        return QStringLiteral("NULL");
    QLocale loc = locale;
    loc.setNumberOptions(QLocale::OmitGroupSeparator);
    switch (column.type()) {
    case gis::FieldType::String: {
        const std::string_view v = column.string(row);
        return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
    }
    case gis::FieldType::Integer:
        return loc.toString(static_cast<qlonglong>(column.integer(row)));
    case gis::FieldType::Real:
        return loc.toString(column.real(row), 'g', 15);
    // ISO 8601 (as the forms show dates), never the English short format's "1/2/24" that reads as two different days
    // on the two sides of the Atlantic; Arabic keeps its own unambiguous year-first format and digits (٢٠٢٤/١/١).
    case gis::FieldType::Date:
        return formatDate(QDate(1970, 1, 1).addDays(column.integer(row)), loc);
    case gis::FieldType::DateTime: {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(column.integer(row), QTimeZone::utc());
        return loc.language() == QLocale::Arabic ? loc.toString(t, QLocale::ShortFormat)
                                                 : loc.toString(t, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    case gis::FieldType::Boolean:
    case gis::FieldType::Binary:
        break;
    }
    return QString::fromStdString(column.toString(row));
}

} // namespace viewer
