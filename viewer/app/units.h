#pragma once

#include <QDate>
#include <QLocale>
#include <QString>

namespace gis {
class AttributeColumn;
}

namespace viewer {

/// How the viewer writes measures and positions, in the UI language's numbers ("12.5 km", "١٢٫٥ كم").

/// Metres below 1 km, kilometres above.
QString formatDistance(double metres, const QLocale& locale);
/// m² below 1 ha, hectares below 1 km², km² above.
QString formatArea(double squareMetres, const QLocale& locale);
/// "57.53123° E, 22.93311° N" (decimal degrees).
QString formatLonLat(double lon, double lat, const QLocale& locale);
/// "57° 31′ 52.4″ E, 22° 55′ 59.2″ N".
QString formatDms(double lon, double lat, const QLocale& locale);
/// "1:250,000".
QString formatScale(double denominator, const QLocale& locale);
/// Parses "1:250000", "1:250,000", "250000" (and Arabic-Indic digits); 0 when it is not a scale.
double parseScale(const QString& text, const QLocale& locale);

/// A date as the UI shows it: ISO 8601 ("2024-01-02"); in Arabic the locale's own format and digits.
QString formatDate(const QDate& date, const QLocale& locale);
/// The same for an ISO 8601 date given as text ("2026-08-15"); text that is not one comes back as it is.
QString formatIsoDate(const QString& iso, const QLocale& locale);

/// An attribute value as the UI shows it: numbers in the locale's digits (ids without group separators), dates in ISO
/// 8601 ("2024-01-02"; in Arabic the locale's year-first format), text as is, "NULL" for null.
QString formatValue(const gis::AttributeColumn& column, std::size_t row, const QLocale& locale);

} // namespace viewer
