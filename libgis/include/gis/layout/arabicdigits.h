#pragma once

// Arabic-Indic digits for Arabic pages (dates, scales, grid labels).

#include <QString>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// "0123" -> "٠١٢٣" (Arabic-Indic digits).
QString toArabicDigits(const QString& text);

} // namespace gis

GIS_API_END
