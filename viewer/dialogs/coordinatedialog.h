#pragma once

#include <QDialog>

#include <optional>

#include "gis/core/box.h"
#include "gis/crs/crs.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace viewer {

/// Asks for the position of a point as a GPS gives it: longitude and latitude in decimal degrees or in degrees,
/// minutes and seconds (57°31′52.4″E, 22 55 59.2 N; Arabic-Indic digits too), or UTM zone 40N easting and
/// northing in metres. mapPoint() gives it in the map's CRS. GUI thread.
class CoordinateDialog : public QDialog {
    Q_OBJECT
public:
    enum class Format { Decimal, Dms, Utm40N };

    explicit CoordinateDialog(const gis::Crs& mapCrs, QWidget* parent = nullptr);

    void setFormat(Format format);
    void setText(const QString& first, const QString& second);
    /// The point in the map CRS; empty (and the reason in the dialog) when the text is not a position.
    std::optional<gis::Coord> mapPoint() const;
    /// Parses one angle: decimal or D M S (any of ° ' ′ " ″ or spaces between), a trailing or leading hemisphere
    /// letter (N S E W; S and W negative) or a sign. Empty when it is not an angle.
    static std::optional<double> parseAngle(const QString& text);

private:
    void check();

    gis::Crs m_mapCrs;
    QComboBox* m_format;
    QLineEdit* m_first;
    QLineEdit* m_second;
    QLabel* m_firstLabel;
    QLabel* m_secondLabel;
    QLabel* m_problem;
};

} // namespace viewer
