#pragma once

// Arabic-Indic digits for Arabic pages (dates, scales, grid labels).

#include <QString>

namespace gis {

/// "0123" -> "٠١٢٣" (Arabic-Indic digits).
QString toArabicDigits(const QString& text);

} // namespace gis
