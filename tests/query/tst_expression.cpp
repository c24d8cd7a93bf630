#include <cmath>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QChar>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

using gis::Expression;
using gis::FieldType;
using gis::GeometryColumn;
using gis::GeometryType;
using gis::Layer;
using gis::Value;

namespace {

const char* const kNull = "<null>"; // expected value meaning Value::isNull()

using Ring = std::vector<gis::Coord>;

Ring box(double minX, double minY, double maxX, double maxY)
{
    return {{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}};
}

void addPolygon(GeometryColumn& g, const std::vector<Ring>& rings)
{
    g.beginPart(GeometryType::Polygon);
    for (const Ring& ring : rings) {
        g.beginRing();
        for (const gis::Coord& c : ring)
            g.addCoord(c.x, c.y);
    }
}

void addLine(GeometryColumn& g, const Ring& points)
{
    g.beginGeometry(GeometryType::LineString);
    g.beginPart(GeometryType::LineString);
    g.beginRing();
    for (const gis::Coord& c : points)
        g.addCoord(c.x, c.y);
    g.endGeometry();
}

/// One typed cell of the test tables: a value or null.
struct Cell {
    std::optional<std::string> text; // strings, dates ("2025-01-31") and date-times, parsed per column type
    std::optional<double> number;
    bool null = false;
    Cell(std::nullptr_t) : null(true) {}
    Cell(const char* s) : text(s) {}
    Cell(double d) : number(d) {}
    Cell(int i) : number(i) {}
};

void append(gis::AttributeColumn& column, const Cell& cell)
{
    if (cell.null) {
        column.appendNull();
        return;
    }
    switch (column.type()) {
    case FieldType::Integer:
    case FieldType::Boolean: column.appendInteger(static_cast<std::int64_t>(*cell.number)); break;
    case FieldType::Real: column.appendReal(*cell.number); break;
    case FieldType::Date: column.appendInteger(*gis::parseDate(*cell.text)); break;
    case FieldType::DateTime: column.appendInteger(*gis::parseDateTime(*cell.text)); break;
    default: column.appendString(*cell.text); break;
    }
}

/// Six features near Nizwa in EPSG:4326: points, a polygon with a hole, a multipolygon, a line and a null
/// geometry; every attribute type, nulls, Arabic text and awkward field names.
std::unique_ptr<Layer> makeGeographicLayer()
{
    gis::AttributeTable t;
    const std::vector<std::pair<std::string, FieldType>> fields = {
        {"id", FieldType::Integer},         {"name", FieldType::String},     {"name_ar", FieldType::String},
        {"score", FieldType::Integer},      {"budget", FieldType::Real},     {"opened", FieldType::Date},
        {"updated", FieldType::DateTime},   {"active", FieldType::Boolean},  {"الحالة", FieldType::String},
        {"wilayat name", FieldType::String}, {"a\";DROP", FieldType::String}, {"population", FieldType::Integer},
        {"Wilayat", FieldType::String},     {"photo", FieldType::Binary},
    };
    for (const auto& [name, type] : fields)
        t.addColumn(name, type);
    const std::vector<std::vector<Cell>> rows = {
        {1, "Nizwa", "نزوى", 75, 1250.5, "2025-01-31", "2025-03-01T08:30:00Z", 1, "قيد التنفيذ", "Nizwa Wilayat", "x",
         72076, "Nizwa", "\x01\x02"},
        {2, "Bahla", "بهلاء", 42, 300.0, "2024-12-15", "2024-12-15T23:59:59.250Z", 0, "مكتمل", "Bahla Wilayat", "y",
         54338, "Bahla", nullptr},
        {3, "Élan café", "إزكي", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
         "Izki", nullptr},
        {4, "'; DROP TABLE x; --", "", 0, -2.5, "2025-06-01", "2025-06-01T00:00:00Z", 1, "قيد التنفيذ", nullptr, "z", 0,
         "Adam", nullptr},
        {5, "ÉCOLE 100%", "منح", 100, 0.0, "2025-02-28", "1969-12-31T23:00:00Z", 0, "مكتمل", "Manah", "x", 1, "Manah",
         nullptr},
        {6, nullptr, "أدم", 50, 1e6, "2024-02-29", nullptr, 1, nullptr, "a_b", nullptr, -7, "Adam", nullptr},
    };
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            append(t.column(c), row[c]);

    GeometryColumn g;
    g.appendPoint(57.5301, 22.9333);
    g.beginGeometry(GeometryType::Polygon);
    addPolygon(g, {box(57.50, 22.90, 57.56, 22.96), box(57.52, 22.92, 57.53, 22.93)});
    g.endGeometry();
    g.beginGeometry(GeometryType::MultiPolygon);
    addPolygon(g, {box(57.60, 22.80, 57.62, 22.82)});
    addPolygon(g, {box(57.70, 22.80, 57.71, 22.81)});
    g.endGeometry();
    g.appendNull();
    addLine(g, {{57.53, 22.93}, {57.60, 22.99}});
    g.appendPoint(57.3, 23.1);
    return std::make_unique<Layer>("sites", gis::Crs::fromEpsg(4326), GeometryType::Unknown, std::move(g), std::move(t));
}

/// Four features in UTM 40N with measures worked by hand.
std::unique_ptr<Layer> makePlanarLayer()
{
    gis::AttributeTable t;
    t.addColumn("id", FieldType::Integer);
    t.addColumn("kind", FieldType::String); // may move the first column: take references only now
    const char* kinds[] = {"parcel", "road", "well", "unknown"};
    for (int i = 0; i < 4; ++i) {
        t.column(std::size_t(0)).appendInteger(i + 1);
        t.column(std::size_t(1)).appendString(kinds[i]);
    }
    GeometryColumn g;
    g.beginGeometry(GeometryType::Polygon); // 100 m square, 20 m hole: area 9600 m², perimeter 480 m
    addPolygon(g, {box(500000, 2500000, 500100, 2500100), box(500040, 2500040, 500060, 2500060)});
    g.endGeometry();
    addLine(g, {{500000, 2500000}, {500003, 2500004}, {500003, 2500010}}); // 5 m + 6 m
    g.appendPoint(500123.5, 2500456.25);
    g.appendNull();
    return std::make_unique<Layer>("plan", gis::Crs::fromEpsg(32640), GeometryType::Unknown, std::move(g), std::move(t));
}

void add(const char* layer, const char* expression, int row, const char* expected)
{
    QTest::addRow("%s [%s %d]", expression, layer, row)
        << QString(layer) << QString::fromUtf8(expression) << row << QString::fromUtf8(expected);
}

void add(const char* expression, const char* expected)
{
    add("geo", expression, 0, expected);
}

void addError(const char* expression, const char* fragment, int column)
{
    QTest::addRow("%s", expression) << QString::fromUtf8(expression) << QString::fromUtf8(fragment) << column;
}

QString queryMessage(const std::string& expression, const Layer& layer)
{
    try {
        Expression::compile(expression, layer);
    } catch (const gis::Error& e) {
        if (e.code() != gis::ErrorCode::Query)
            return "wrong error code: " + QString::fromUtf8(e.what());
        return QString::fromUtf8(e.what());
    }
    return "compiled without error";
}

QByteArray latLonLines(const gis::GeometryColumn& g, std::size_t ring)
{
    QByteArray text;
    for (std::size_t c = g.coordBegin(ring); c < g.coordEnd(ring); ++c)
        text += QByteArray::number(g.coord(c).y, 'f', 12) + ' ' + QByteArray::number(g.coord(c).x, 'f', 12) + '\n';
    return text;
}

/// Geodesic area of geometry `i` by GeographicLib's Planimeter, ring by ring (holes subtracted).
double planimeterArea(const gis::GeometryColumn& g, std::size_t i, QString* error)
{
    double area = 0;
    for (std::size_t p = g.partBegin(i); p < g.partEnd(i); ++p) {
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
            QProcess process;
            process.start("Planimeter", {"-p", "6"});
            if (!process.waitForStarted()) {
                *error = "cannot run Planimeter (package geographiclib-tools)";
                return 0;
            }
            process.write(latLonLines(g, r));
            process.closeWriteChannel();
            process.waitForFinished(60000);
            const QList<QByteArray> fields = process.readAllStandardOutput().simplified().split(' ');
            if (fields.size() != 3) {
                *error = "unexpected Planimeter output";
                return 0;
            }
            area += (r == g.ringBegin(p) ? 1 : -1) * std::abs(fields[2].toDouble());
        }
    }
    return area;
}

} // namespace

class TestExpression : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void evaluate_data();
    void evaluate();
    void errors_data();
    void errors();
    void suggestionsOnlyWhenClose();
    void ambiguousField();
    void invalidUtf8();
    void injectionStaysData();
    void matchesTreatsNullAsFalse();
    void nowIsFixedPerExpression();
    void caseMappingMatchesQt();
    void filterMatchesBruteForce();
    void rowOutOfRange();
    void moveAndText();
    void townsGeoJson();
    void sampleProjects();
    void governorateArea();

private:
    std::unique_ptr<Layer> m_geo;
    std::unique_ptr<Layer> m_plan;
};

void TestExpression::initTestCase()
{
    m_geo = makeGeographicLayer();
    m_plan = makePlanarLayer();
    QVERIFY(m_geo->crs().isGeographic());
    QVERIFY(!m_plan->crs().isGeographic());
}

void TestExpression::evaluate_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("expected");

    // Arithmetic: integers stay integers except for "/", which gives a real (as in QGIS).
    add("1 + 2", "3");
    add("7 / 2", "3.5");
    add("6 / 3", "2");
    add("7 % 3", "1");
    add("-7 % 3", "-1");
    add("7.5 % 2", "1.5");
    add("1 / 0", kNull);
    add("5 % 0", kNull);
    add("1.5 / 0", kNull);
    add("2 + 3 * 4", "14");
    add("(2 + 3) * 4", "20");
    add("-2 * 3", "-6");
    add("- - 4", "4");
    add("+4", "4");
    add("10 - 2 - 3", "5");
    add("2 * 3 % 4", "2");
    add("1.5e3", "1500");
    add(".5 + 1", "1.5");
    add("9223372036854775807 + 1", kNull);
    add("0.1 + 0.2", "0.30000000000000004");
    add("-score", "-75");
    add("score * 2 + budget", "1400.5");
    add("budget / 2", "625.25");
    add("score / 2", "37.5");
    add("score % 7", "5");
    add("null + 1", kNull);
    add("score + null", kNull);
    // Literals
    add("'it''s'", "it's");
    add("'نزوى'", "نزوى");
    add("'a\\b'", "a\\b");
    add("true", "true");
    add("FALSE", "false");
    add("null", kNull);
    add("date '2025-01-31'", "2025-01-31");
    add("date '2025-01-31' + 1", "2025-02-01");
    add("date '2025-03-01' - date '2025-02-01'", "28");
    add("date '2024-03-01' - 1", "2024-02-29");
    add("date '9999-12-30' + 1", "9999-12-31");
    add("date '9999-12-31' + 1", kNull); // beyond the dates that can be written
    add("opened + 9223372036854775807", kNull);
    add("-0.0", "0");
    // Concatenation: null if either side is null; numbers and dates as text.
    add("'a' || 'b' || 1", "ab1");
    add("'x' || null", kNull);
    add("name || ' / ' || name_ar", "Nizwa / نزوى");
    add("'v' || 2.5 || true", "v2.5true");
    add("'a' || 1 + 2", "a3");
    add("opened || ''", "2025-01-31");
    add("geo", "name || score", 2, kNull);
    // Precedence: OR < AND < NOT < comparison < || < + - < * / % < unary minus
    add("1 + 2 = 3", "true");
    add("NOT 1 = 2", "true");
    add("true OR false AND false", "true");
    add("(true OR false) AND false", "false");
    add("NOT true AND false", "false");
    add("NOT (true AND false)", "true");
    add("NOT NOT true", "true");
    add("1 < 2 AND 'a' || 'b' = 'ab'", "true");
    add("geo", "score > 50 OR score < 10", 0, "true");
    add("geo", "score > 50 OR score < 10", 1, "false");
    add("geo", "score > 50 OR score < 10", 2, kNull);
    // Three-valued logic
    add("null AND false", "false");
    add("false AND null", "false");
    add("null AND true", kNull);
    add("null OR true", "true");
    add("null OR false", kNull);
    add("NOT null", kNull);
    add("geo", "NOT score > 50", 2, kNull);
    add("geo", "score > 50", 2, kNull);
    add("score = null", kNull);
    add("null = null", kNull);
    add("geo", "score IS NULL", 2, "true");
    add("geo", "score IS NOT NULL", 2, "false");
    add("null IS NULL", "true");
    add("geo", "name IS NULL", 5, "true");
    add("geo", "name_ar IS NULL", 3, "false");
    add("geo", "score > 50 AND budget > 0", 2, kNull);
    add("geo", "score > 50 AND name = 'x'", 2, "false");
    // Comparisons: numbers of any type numerically, text by code point, case-sensitive
    add("score >= 75", "true");
    add("score < 75", "false");
    add("geo", "score <> 42", 1, "false");
    add("score != 42", "true");
    add("geo", "score <= 42", 1, "true");
    add("budget > 1000", "true");
    add("score = 75.0", "true");
    add("score > 74.5", "true");
    add("50 < score", "true");
    add("geo", "50 >= score", 1, "true");
    add("geo", "budget = 300", 1, "true");
    add("id * 1.5 = 1.5", "true");
    add("1 = 1.0", "true");
    add("2 > 1.5", "true");
    add("'b' > 'a'", "true");
    add("'Z' < 'a'", "true");
    add("'é' > 'z'", "true");
    add("name = 'Nizwa'", "true");
    add("geo", "name = 'Nizwa'", 1, "false");
    add("name = 'nizwa'", "false");
    add("name_ar = 'نزوى'", "true");
    add("geo", "name_ar = 'نزوى'", 1, "false");
    add("geo", "name_ar = ''", 3, "true");
    add("\"الحالة\" = 'قيد التنفيذ'", "true");
    add("geo", "\"الحالة\" = 'قيد التنفيذ'", 1, "false");
    add("geo", "الحالة = 'مكتمل'", 1, "true");
    add("geo", "\"wilayat name\" = 'Bahla Wilayat'", 1, "true");
    add("\"a\"\";DROP\" = 'x'", "true");
    add("wilayat = 'Nizwa'", "true");
    add("NAME", "Nizwa");
    add("active", "true");
    add("geo", "active = true", 1, "false");
    add("geo", "NOT active", 1, "true");
    add("geo", "active", 2, kNull);
    add("active = 1", "true");
    add("geo", "budget", 1, "300");
    add("budget", "1250.5");
    add("geo", "population", 5, "-7");
    add("geo", "score", 2, kNull);
    add("population > 50000 AND active", "true");
    // Dates: with dates, date-times and 'YYYY-MM-DD' text
    add("opened = '2025-01-31'", "true");
    add("geo", "opened > '2025-01-01'", 1, "false");
    add("opened BETWEEN '2025-01-01' AND '2025-12-31'", "true");
    add("geo", "opened < date '2025-01-01'", 1, "true");
    add("'2025-01-31' = opened", "true");
    add("year(opened)", "2025");
    add("month(opened)", "1");
    add("day(opened)", "31");
    add("geo", "year(updated)", 4, "1969");
    add("geo", "day(updated)", 4, "31");
    add("geo", "month(updated)", 1, "12");
    add("geo", "day(updated)", 1, "15");
    add("updated > '2025-01-01'", "true");
    add("updated = '2025-03-01T08:30:00Z'", "true");
    add("updated = '2025-03-01 12:30+04:00'", "true");
    add("geo", "opened = updated", 3, "true");
    add("opened < updated", "true");
    add("geo", "updated", 1, "2024-12-15T23:59:59.250Z");
    add("opened + 30", "2025-03-02");
    add("year('2024-02-29')", "2024");
    add("geo", "opened", 5, "2024-02-29");
    add("geo", "year(opened)", 2, kNull);
    add("opened - date '2025-01-01'", "30");
    add("max(opened, '2025-02-01')", "2025-02-01");
    add("geo", "coalesce(opened, '2000-01-01')", 2, "2000-01-01");
    add("year(opened) = 2025 AND name = 'Nizwa'", "true");
    add("month(date '2025-12-01')", "12");
    // IN: true on a match, null when there is none but the list holds a null
    add("score IN (42, 75)", "true");
    add("score IN (1, 2)", "false");
    add("score IN (1, null)", kNull);
    add("score IN (75, null)", "true");
    add("score NOT IN (1, 2)", "true");
    add("score NOT IN (1, null)", kNull);
    add("geo", "score IN (1, 2)", 2, kNull);
    add("geo", "name IN ('Nizwa', 'Bahla')", 1, "true");
    add("geo", "opened IN ('2025-01-31', '2024-12-15')", 1, "true");
    add("score IN (75.0)", "true");
    add("geo", "score IN (40 + 2)", 1, "true");
    add("geo", "name_ar IN ('نزوى', 'بهلاء')", 1, "true");
    // BETWEEN: inclusive; the bounds' AND belongs to BETWEEN
    add("geo", "score BETWEEN 40 AND 50", 1, "true");
    add("geo", "score BETWEEN 50 AND 40", 1, "false");
    add("score NOT BETWEEN 40 AND 50", "true");
    add("geo", "score BETWEEN 50 AND null", 1, "false");
    add("geo", "score BETWEEN 40 AND null", 1, kNull);
    add("geo", "score BETWEEN 1 + 1 AND 50 - 8", 1, "true");
    add("5 BETWEEN 1 AND 10 AND false", "false");
    add("score BETWEEN 75 AND 75", "true");
    add("geo", "name BETWEEN 'A' AND 'C'", 1, "true");
    add("geo", "budget BETWEEN -3 AND 0", 3, "true");
    // LIKE over characters (not bytes), case-sensitive; ILIKE folds case; \ escapes
    add("name LIKE 'Niz%'", "true");
    add("name LIKE 'niz%'", "false");
    add("name ILIKE 'niz%'", "true");
    add("name ILIKE 'NIZWA'", "true");
    add("geo", "name LIKE 'B_hla'", 1, "true");
    add("geo", "name LIKE '_lan caf_'", 2, "true");
    add("geo", "name LIKE 'Élan%'", 2, "true");
    add("geo", "name ILIKE 'élan CAFÉ'", 2, "true");
    add("geo", "name LIKE 'élan%'", 2, "false");
    add("geo", "name ILIKE 'école%'", 4, "true");
    add("geo", "name LIKE '%100\\%'", 4, "true");
    add("name LIKE '%100\\%'", "false");
    add("geo", "name LIKE '%100_'", 4, "true");
    add("name_ar LIKE 'نز%'", "true");
    add("geo", "name_ar LIKE '_هلاء'", 1, "true");
    add("name_ar LIKE '___'", "false");
    add("name_ar LIKE '____'", "true");
    add("name_ar ILIKE 'نزوى'", "true");
    add("geo", "\"wilayat name\" LIKE 'a\\_b'", 5, "true");
    add("'axb' LIKE 'a\\_b'", "false");
    add("'axb' LIKE 'a_b'", "true");
    add("geo", "name NOT LIKE 'N%'", 1, "true");
    add("geo", "name LIKE '%'", 5, kNull);
    add("'' LIKE '%'", "true");
    add("'abc' LIKE ''", "false");
    add("'ab' LIKE 'a'", "false");
    add("'aXbXc' LIKE '%X%X%'", "true");
    add("'mississippi' LIKE '%iss%ppi'", "true");
    add("'abc' LIKE 'a%c%'", "true");
    add("'ab' LIKE 'a%b%c'", "false");
    add("name LIKE name", "true");
    add("geo", "name LIKE 'Bah' || '%'", 1, "true");
    add("'100%' LIKE '100\\%'", "true");
    add("'a\\b' LIKE 'a\\\\b'", "true");
    add("'ΣΊΣΥΦΟΣ' ILIKE 'σίσυφοσ'", "true");
    add("'МОСКВА' ILIKE 'москва'", "true");
    // CASE
    add("CASE WHEN score >= 70 THEN 'high' WHEN score >= 40 THEN 'mid' ELSE 'low' END", "high");
    add("geo", "CASE WHEN score >= 70 THEN 'high' WHEN score >= 40 THEN 'mid' ELSE 'low' END", 1, "mid");
    add("geo", "CASE WHEN score >= 70 THEN 'high' WHEN score >= 40 THEN 'mid' ELSE 'low' END", 3, "low");
    add("geo", "CASE WHEN score >= 70 THEN 'high' WHEN score >= 40 THEN 'mid' ELSE 'low' END", 2, "low");
    add("CASE WHEN score > 100 THEN 1 END", kNull);
    add("CASE WHEN active THEN 1 ELSE 2.5 END", "1");
    add("geo", "CASE WHEN active THEN 1 ELSE 2.5 END", 1, "2.5");
    add("case when true then 'lower-case keywords' end", "lower-case keywords");
    add("CASE WHEN null THEN 1 ELSE 2 END", "2");
    // Functions
    add("lower('ÉCOLE')", "école");
    add("upper('école')", "ÉCOLE");
    add("upper('straße')", "STRAßE");
    add("lower('İSTANBUL')", "istanbul");
    add("upper('ÿ')", "Ÿ");
    add("lower('ΣΊΣΥΦΟΣ')", "σίσυφοσ");
    add("upper('москва')", "МОСКВА");
    add("lower('نزوى')", "نزوى");
    add("upper('\u0111\u01B0\u1EDDng')", "\u0110\u01AF\u1EDCNG");
    add("geo", "lower(name)", 2, "élan café");
    add("lower(null)", kNull);
    add("LOWER(name)", "nizwa");
    add("length('نزوى')", "4");
    add("geo", "length(name)", 2, "9");
    add("length('')", "0");
    add("geo", "length(name)", 5, kNull);
    add("substr('نزوى', 2, 2)", "زو");
    add("substr('Nizwa', 2)", "izwa");
    add("substr('Nizwa', -3)", "zwa");
    add("substr('Nizwa', 2, 100)", "izwa");
    add("substr('Nizwa', 10)", "");
    add("substr('Nizwa', 1, 0)", "");
    add("substr('HELLO WORLD', 3, -6)", "LLO");
    add("geo", "substr(name, 1, 4)", 2, "Élan");
    add("substr(null, 1)", kNull);
    add("concat('a', null, 1, true)", "a1true");
    add("geo", "concat(name, ' - ', score)", 2, "Élan café - ");
    add("geo", "coalesce(score, 0)", 2, "0");
    add("coalesce(score, 0)", "75");
    add("coalesce(null, null)", kNull);
    add("geo", "coalesce(budget, score, 1)", 2, "1");
    add("coalesce(score, 1.5)", "75");
    add("round(2.5)", "3");
    add("round(-2.5)", "-3");
    add("round(2.675, 2)", "2.68");
    add("round(1.005, 2)", "1.01");
    add("round(0.5)", "1");
    add("round(0.49999)", "0");
    add("round(1234.5678, -2)", "1200");
    add("round(1250, -2)", "1300");
    add("round(-1250, -2)", "-1300");
    add("round(75)", "75");
    add("round(budget)", "1251");
    add("round(9.995, 2)", "10");
    add("round(-0.4)", "0");
    add("abs(-3)", "3");
    add("abs(-2.5)", "2.5");
    add("geo", "abs(budget)", 3, "2.5");
    add("min(3, 1, 2)", "1");
    add("max(3, 1.5)", "3");
    add("geo", "min(score, 50)", 2, "50");
    add("max(null, null)", kNull);
    add("min('b', 'a')", "a");
    add("max(score, budget)", "1250.5");
    add("year(now()) >= 2025", "true");
    add("now() = now()", "true");
    // Geometry: geodesic on the geographic layer, planar in CRS units on the UTM one
    add("geo", "$area > 1e6", 1, "true");
    add("$area", "0");
    add("geo", "$area", 3, kNull);
    add("geo", "$length", 1, "0");
    add("geo", "$length BETWEEN 9000 AND 11000", 4, "true");
    add("geo", "$perimeter BETWEEN 25000 AND 35000", 1, "true");
    add("round($x, 4)", "57.5301");
    add("round($y, 4)", "22.9333");
    add("geo", "round($x, 2)", 1, "57.53");
    add("geo", "round($y, 2)", 2, "22.81");
    add("geo", "$x", 3, kNull);
    add("geo", "$AREA > 0", 2, "true");
    add("plan", "$area", 0, "9600");
    add("plan", "$perimeter", 0, "480");
    add("plan", "$length", 0, "0");
    add("plan", "$x", 0, "500050");
    add("plan", "$y", 0, "2500050");
    add("plan", "$length", 1, "11");
    add("plan", "$area", 1, "0");
    add("plan", "$perimeter", 1, "0");
    add("plan", "$x", 1, "500001.5");
    add("plan", "$y", 1, "2500005");
    add("plan", "$x", 2, "500123.5");
    add("plan", "$y", 2, "2500456.25");
    add("plan", "$area", 3, kNull);
    add("plan", "$area / 10000", 0, "0.96");
    add("plan", "kind = 'parcel' AND $area > 9000", 0, "true");
}

void TestExpression::evaluate()
{
    QFETCH(QString, layer);
    QFETCH(QString, expression);
    QFETCH(int, row);
    QFETCH(QString, expected);
    const Layer& l = layer == "plan" ? *m_plan : *m_geo;
    try {
        const Expression e = Expression::compile(expression.toStdString(), l);
        const Value v = e.evaluate(static_cast<std::size_t>(row));
        if (expected == kNull) {
            QVERIFY2(v.isNull(), qPrintable("expected null, got " + QString::fromStdString(v.toString())));
        } else {
            QVERIFY(!v.isNull());
            QCOMPARE(QString::fromStdString(v.toString()), expected);
        }
        // matches() is evaluate() read as a condition, null as false.
        QCOMPARE(e.matches(static_cast<std::size_t>(row)), v.isTrue());
    } catch (const gis::Error& e) {
        QFAIL(e.what());
    }
}

void TestExpression::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("column");
    addError("popluation > 5", "unknown field \"popluation\" at column 1 — did you mean \"population\"?", 1);
    addError("score > 5 AND nmae = 'x'", "unknown field \"nmae\" at column 15 — did you mean \"name\"?", 15);
    addError("qwertyuiop = 1", "unknown field \"qwertyuiop\"", 1);
    addError("\"الحاله\" = 'x'", "did you mean \"الحالة\"?", 1);
    addError("NAME_ARR = 'x'", "did you mean \"name_ar\"?", 1);
    addError("(score > 5", "missing \")\"", 11);
    addError("((score) > 5", "missing \")\"", 13);
    addError("(score > 5 name", "missing \")\" instead of \"name\" at column 12 — to close \"(\" at column 1", 12);
    addError("lower(name", "missing \")\"", 11);
    addError("score > 5)", "unexpected \")\"", 10);
    addError("name = 'Nizwa", "unterminated text", 8);
    addError("name = 'it''s", "unterminated text", 8);
    addError("\"name = 1", "unterminated field name", 1);
    addError("lowr(name)", "unknown function \"lowr\" at column 1 — did you mean \"lower\"?", 1);
    addError("frobnicate(name)", "unknown function \"frobnicate\"", 1);
    addError("substr(name)", "substr() takes 2 or 3 arguments, not 1", 1);
    addError("lower('a', 'b')", "lower() takes 1 argument, not 2", 1);
    addError("now(1)", "now() takes 0 arguments, not 1", 1);
    addError("coalesce()", "coalesce() takes at least 1 argument, not 0", 1);
    addError("name = 5", "cannot compare text with a number", 6);
    addError("population = 'many'", "cannot compare a number with text at column 12", 12);
    addError("\"الحالة\" = 5", "cannot compare text with a number at column 10", 10);
    addError("opened = 5", "cannot compare a date with a number", 8);
    addError("opened < name", "cannot compare a date with text", 8);
    addError("opened = '2025-13-45'", "'2025-13-45' is not a date", 10);
    addError("score IN (1, 'two')", "cannot compare a number with text", 14);
    addError("score BETWEEN 'a' AND 9", "cannot compare a number with text", 15);
    addError("date '2025-02-30'", "invalid date", 6);
    addError("name + 1", "\"+\" needs numbers, not text", 6);
    addError("name + 1", "use || to join text", 6);
    addError("score * name", "\"*\" needs numbers, not text", 7);
    addError("true + 1", "\"+\" needs numbers, not a boolean", 6);
    addError("-name", "\"-\" needs a number, not text", 1);
    addError("name AND true", "AND needs a condition, not text", 6);
    addError("opened OR true", "OR needs a condition, not a date", 8);
    addError("NOT name", "NOT needs a condition, not text", 1);
    addError("CASE WHEN name THEN 1 END", "WHEN needs a condition, not text", 11);
    addError("score LIKE '5%'", "LIKE needs text, not a number", 1);
    addError("name ILIKE 5", "ILIKE needs text, not a number", 12);
    addError("lower(score)", "lower() needs text, not a number", 7);
    addError("year(name)", "year() needs a date, not text", 6);
    addError("round(name)", "round() needs a number, not text", 7);
    addError("substr(name, 1.5)", "substr() needs a whole number, not a decimal number", 14);
    addError("CASE WHEN true THEN 1 ELSE 'x' END", "cannot mix a number and text in the results of CASE", 28);
    addError("coalesce(score, 'x')", "cannot mix a number and text in coalesce()", 17);
    addError("min(score, opened)", "cannot mix a number and a date in min()", 12);
    addError("score > 5 name", "unexpected \"name\"", 11);
    addError("score > 5 5", "unexpected \"5\"", 11);
    addError("score = 5 = 6", "unexpected \"=\"", 11);
    addError("score >", "incomplete expression", 8);
    addError("", "empty expression", 1);
    addError("   ", "empty expression", 1);
    addError("score # 5", "unexpected character \"#\"", 7);
    addError("score | 5", "unexpected \"|\"", 7);
    addError("12abc = 1", "malformed number \"12abc\"", 1);
    addError("1e = 1", "malformed number \"1e\"", 1);
    addError("1e999 > 0", "is too large", 1);
    addError("$aera > 5", "unknown variable \"$aera\" at column 1 — did you mean \"$area\"?", 1);
    addError("$ > 5", "\"$\" must start a variable", 1);
    addError("score IN ()", "empty IN list", 11);
    addError("score IN 1, 2", "IN needs a list in parentheses", 10);
    addError("score BETWEEN 1 OR 2", "BETWEEN needs AND", 17);
    addError("score IS 5", "IS must be followed by NULL", 10);
    addError("CASE score END", "CASE needs WHEN", 6);
    addError("CASE WHEN true THEN 1", "missing END", 22);
    addError("CASE WHEN true 1 END", "missing THEN", 16);
    addError("score > AND", "unexpected \"AND\"", 9);
    addError("\"\" = 1", "empty field name", 1);
    addError("photo IS NULL", "holds binary data", 1);
    addError("'نزوى' = 'x' AND frob(1)", "unknown function \"frob\" at column 18", 18);
}

void TestExpression::errors()
{
    QFETCH(QString, expression);
    QFETCH(QString, fragment);
    QFETCH(int, column);
    const QString message = queryMessage(expression.toStdString(), *m_geo);
    QVERIFY2(message.contains(fragment), qPrintable(message));
    QVERIFY2(message.contains(QString("at column %1").arg(column)), qPrintable(message));
}

void TestExpression::suggestionsOnlyWhenClose()
{
    QCOMPARE(queryMessage("popluation > 5", *m_geo),
             QString::fromUtf8("unknown field \"popluation\" at column 1 \u2014 did you mean \"population\"?"));
    QCOMPARE(queryMessage("qwertyuiop = 1", *m_geo), QString("unknown field \"qwertyuiop\" at column 1"));
    QCOMPARE(queryMessage("zz = 1", *m_geo), QString("unknown field \"zz\" at column 1 \u2014 did you mean \"id\"?"));
}

void TestExpression::ambiguousField()
{
    gis::AttributeTable t;
    t.addColumn("Code", FieldType::String);
    t.addColumn("CODE", FieldType::String);
    t.column(std::size_t(0)).appendString("a");
    t.column(std::size_t(1)).appendString("b");
    GeometryColumn g;
    g.appendPoint(0, 0);
    const Layer layer("two", gis::Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
    QCOMPARE(Expression::compile("Code", layer).evaluate(0).toString(), std::string("a"));
    QCOMPARE(Expression::compile("CODE", layer).evaluate(0).toString(), std::string("b"));
    QVERIFY(queryMessage("code = 'a'", layer).contains("field \"code\" is ambiguous at column 1"));
}

void TestExpression::invalidUtf8()
{
    QVERIFY(queryMessage("name = '\xff'", *m_geo).contains("not valid UTF-8 at column 9"));
}

void TestExpression::injectionStaysData()
{
    const Expression e = Expression::compile("name = '''; DROP TABLE x; --'", *m_geo);
    QCOMPARE(e.filter(), std::vector<std::uint32_t>{3});
    QCOMPARE(Expression::compile("\"a\"\";DROP\" = 'x'", *m_geo).filter(), (std::vector<std::uint32_t>{0, 4}));
    // The comment marker and the semicolon are text inside the literal, nothing more.
    QCOMPARE(Expression::compile("'--' || ';' || 'DROP'", *m_geo).evaluate(0).toString(), std::string("--;DROP"));
    QVERIFY(queryMessage("name = 'x'; DROP TABLE x", *m_geo).contains("unexpected character \";\" at column 11"));
}

void TestExpression::matchesTreatsNullAsFalse()
{
    const Expression e = Expression::compile("score > 10", *m_geo);
    QVERIFY(e.evaluate(2).isNull());
    QVERIFY(!e.matches(2));
    const Expression negated = Expression::compile("NOT score > 10", *m_geo);
    QVERIFY(!negated.matches(2)); // neither a condition nor its negation holds for null
    QCOMPARE(e.filter(), (std::vector<std::uint32_t>{0, 1, 4, 5}));
    QCOMPARE(negated.filter(), (std::vector<std::uint32_t>{3}));
    QCOMPARE(Expression::compile("score IS NULL", *m_geo).filter(), std::vector<std::uint32_t>{2});
}

void TestExpression::nowIsFixedPerExpression()
{
    const Expression e = Expression::compile("now()", *m_geo);
    const Value first = e.evaluate(0);
    QCOMPARE(first.type, Value::Type::DateTime);
    QTest::qWait(5);
    QCOMPARE(e.evaluate(5).integer, first.integer);
    const auto systemNow = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    QVERIFY(first.integer <= systemNow && systemNow - first.integer < 60'000);
}

void TestExpression::caseMappingMatchesQt()
{
    // Every code point of the blocks the functions claim, against Qt's own Unicode tables.
    const std::pair<char32_t, char32_t> blocks[] = {{0x20, 0x24F}, {0x370, 0x52F}, {0x1E00, 0x1EFF}};
    for (const auto& [first, last] : blocks) {
        QString text, lower, upper;
        for (char32_t c = first; c <= last; ++c) {
            if (c == '\'' || c == 0x7F)
                continue;
            text += QString::fromUcs4(&c, 1);
            // Qt leaves U+0130 (İ) alone because its full lower-case form has two characters; Unicode's
            // simple mapping, which we follow (as ICU's u_tolower does), gives "i".
            const char32_t l = c == 0x130 ? U'i' : QChar::toLower(c), u = QChar::toUpper(c);
            lower += QString::fromUcs4(&l, 1);
            upper += QString::fromUcs4(&u, 1);
        }
        const std::string literal = '\'' + text.toStdString() + '\'';
        QCOMPARE(QString::fromStdString(Expression::compile("lower(" + literal + ")", *m_geo).evaluate(0).toString()), lower);
        QCOMPARE(QString::fromStdString(Expression::compile("upper(" + literal + ")", *m_geo).evaluate(0).toString()), upper);
        QString escaped = text; // the pattern matching the text itself: \, % and _ escaped
        escaped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        const std::string pattern = '\'' + escaped.toStdString() + '\'';
        QCOMPARE(Expression::compile(literal + " ILIKE " + pattern, *m_geo).evaluate(0).toString(), std::string("true"));
        QCOMPARE(Expression::compile(literal + " LIKE " + pattern, *m_geo).evaluate(0).toString(), std::string("true"));
    }
}

void TestExpression::filterMatchesBruteForce()
{
    // Enough rows for filter() to use its second thread; the oracle reads the columns directly.
    constexpr std::size_t n = 250'000;
    gis::AttributeTable t;
    t.addColumn("score", FieldType::Integer);
    t.addColumn("type", FieldType::String);
    auto& score = t.column(std::size_t(0));
    auto& type = t.column(std::size_t(1));
    GeometryColumn g;
    const char* types[] = {"health", "building", "school", "صحة"};
    std::uint64_t state = 42;
    for (std::size_t i = 0; i < n; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        if (i % 37 == 0)
            score.appendNull();
        else
            score.appendInteger(static_cast<std::int64_t>((state >> 33) % 100));
        type.appendString(types[(state >> 20) % 4]);
        g.appendPoint(static_cast<double>(i % 1000), static_cast<double>(i / 1000));
    }
    const Layer layer("big", gis::Crs::fromEpsg(32640), GeometryType::Point, std::move(g), std::move(t));
    const auto& s = layer.attributes().column(0);
    const auto& ty = layer.attributes().column(1);

    std::vector<std::uint32_t> expected, expectedOr, expectedArabic;
    for (std::size_t i = 0; i < n; ++i) {
        const bool low = !s.isNull(i) && s.integer(i) < 50;
        if (low && ty.string(i) == "health")
            expected.push_back(static_cast<std::uint32_t>(i));
        if (s.isNull(i) || ty.string(i) == "school")
            expectedOr.push_back(static_cast<std::uint32_t>(i));
        if (ty.string(i) == "صحة" && !s.isNull(i) && s.integer(i) >= 90)
            expectedArabic.push_back(static_cast<std::uint32_t>(i));
    }
    QCOMPARE(Expression::compile("score < 50 AND type = 'health'", layer).filter(), expected);
    QCOMPARE(Expression::compile("score IS NULL OR type = 'school'", layer).filter(), expectedOr);
    QCOMPARE(Expression::compile("type = 'صحة' AND score >= 90", layer).filter(), expectedArabic);

    // Candidates, given out of order and with repeats: the answer is ascending and unique.
    std::vector<std::uint32_t> candidates;
    for (std::size_t i = n; i-- > 0;)
        if (i % 3 == 0)
            candidates.push_back(static_cast<std::uint32_t>(i));
    candidates.push_back(0);
    std::vector<std::uint32_t> expectedSubset;
    for (std::uint32_t row : expected)
        if (row % 3 == 0)
            expectedSubset.push_back(row);
    QCOMPARE(Expression::compile("score < 50 AND type = 'health'", layer).filter(&candidates), expectedSubset);
}

void TestExpression::rowOutOfRange()
{
    const Expression e = Expression::compile("score", *m_geo);
    QVERIFY_THROWS_EXCEPTION(gis::Error, e.evaluate(6));
    QVERIFY_THROWS_EXCEPTION(gis::Error, e.matches(100));
    const std::vector<std::uint32_t> bad{1, 7};
    QVERIFY_THROWS_EXCEPTION(gis::Error, e.filter(&bad));
}

void TestExpression::moveAndText()
{
    Expression a = Expression::compile("score > 40", *m_geo);
    Expression b = std::move(a);
    QCOMPARE(b.text(), std::string("score > 40"));
    QCOMPARE(b.filter(), (std::vector<std::uint32_t>{0, 1, 4, 5}));
    b = Expression::compile("name_ar = 'منح'", *m_geo);
    QCOMPARE(b.filter(), std::vector<std::uint32_t>{4});
}

void TestExpression::townsGeoJson()
{
    const auto towns = gis::readLayer(GIS_SHARED_DATA_DIR "/oman/towns.geojson");
    const Expression e = Expression::compile("name_ar = 'نزوى'", *towns);
    const auto rows = e.filter();
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(towns->attributes().column("name_en").string(rows[0]), std::string_view("Nizwá"));
}

void TestExpression::sampleProjects()
{
    const QString path = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
    const auto projects = gis::readLayer(path.toStdString(), "projects");
    const auto english = Expression::compile("status = 'in_progress'", *projects).filter();
    const auto arabic = Expression::compile("status_ar = 'قيد التنفيذ'", *projects).filter();

    // Independent oracle: GDAL's SQL engine over the same file.
    QProcess ogrinfo;
    ogrinfo.start("ogrinfo", {"-ro", "-sql", "SELECT COUNT(*) FROM projects WHERE status='in_progress'", path});
    QVERIFY2(ogrinfo.waitForFinished(60000) && ogrinfo.exitCode() == 0, "ogrinfo failed (package gdal-bin)");
    const QByteArray out = ogrinfo.readAllStandardOutput();
    const qsizetype at = out.indexOf("COUNT(*) (Integer) = ");
    QVERIFY2(at >= 0, out.constData());
    const int count = out.mid(at + 21).split('\n').front().trimmed().toInt();

    QCOMPARE(count, 6);
    QCOMPARE(english.size(), std::size_t(count));
    QCOMPARE(arabic, english);
}

void TestExpression::governorateArea()
{
    const auto governorates = gis::readLayer(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "governorates");
    const auto rows = Expression::compile("code = 'OM-DA'", *governorates).filter();
    QCOMPARE(rows.size(), std::size_t(1));
    const double ours = Expression::compile("$area", *governorates).evaluate(rows[0]).real;
    QString error;
    const double expected = planimeterArea(governorates->geometries(), rows[0], &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(std::abs(ours - expected) <= 1e-4 * expected,
             qPrintable(QString("ours %1 m², Planimeter %2 m²").arg(ours, 0, 'f', 1).arg(expected, 0, 'f', 1)));
    QVERIFY(ours > 2.5e10 && ours < 4e10); // about 31,900 km²
    QVERIFY(Expression::compile("code = 'OM-DA' AND $area > 1e6", *governorates).matches(rows[0]));
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
