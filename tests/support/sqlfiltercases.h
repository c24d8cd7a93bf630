#pragma once

// The expression table of the PostGIS filter tests, shared by tests/query/tst_sqlfilter.cpp (translateToSql
// against PostgreSQL) and tests/cli/tst_clipgfilter.cpp (gis query on PostGIS against gis query on the files):
// expressions over the sample geodatabase's projects, inspections and parcels and over a generated layer with
// NULLs, NaN, Arabic, quotes, injection attempts and names with quotes and spaces.

#include <QByteArray>
#include <QString>

#include <cmath>
#include <optional>
#include <vector>

namespace gis::test {

// The generated layer: one row per entry, fid 1..n. Text values are written as JSON strings (escaped here).
struct GenRow {
    const char* name; // nullptr: null
    const char* quoted;
    std::optional<long long> score;
    std::optional<double> ratio; // NaN allowed
    std::optional<bool> flag;
    const char* day;
    const char* stamp;
};

const double kNaN = std::nan("");

const GenRow kRows[] = {
    {"نزوى", "it's", 5, 0.25, true, "2025-03-01", "2025-03-01T08:30:00.250Z"},
    {nullptr, "'; DROP TABLE x; --", std::nullopt, std::nullopt, std::nullopt, nullptr, nullptr},
    {"'; DROP TABLE x; --", "a\"b", 42, kNaN, false, "2024-12-31", "2025-03-01T08:30:00Z"},
    {"100%", "", 100, 0.5, true, "0001-01-01", "1999-12-31T23:59:59.999Z"},
    {"100x", "x", -7, -0.5, false, "2025-02-28", "2025-03-02T00:00:00Z"},
    {"a_b", "%", 9007199254740993LL, 1.0, std::nullopt, "2025-03-02", nullptr},
    {"axb", "_", 9007199254740992LL, kNaN, true, nullptr, "2030-01-01T00:00:00Z"},
    {"a\\b", "\\", 0, 0.0, false, "2025-03-01", "2025-03-01T08:30:00.251Z"},
    {"x\\", "نزوى", 1, 2.5, true, "1970-01-01", "1970-01-01T00:00:00Z"},
    {"ÉCOLE", "École", 2, 1e300, false, "2099-12-31", "2025-03-01T08:00:00Z"},
    {"école", "ÉCOLE", 3, -1e300, true, "2025-03-01", nullptr},
    {"ΩMEGA", "ωmega", 4, 0.1, std::nullopt, "2025-03-01", "2025-03-01T08:30:00.250Z"},
    {"Աբ", "աբ", 5, 0.2, false, "2025-01-01", "2025-01-01T00:00:00Z"},
    {"straße", "STRASSE", 6, 0.3, true, "2025-01-02", "2025-01-02T00:00:00Z"},
    {"STRAßE", "strasse", 7, 0.4, false, "2025-01-03", "2025-01-03T00:00:00Z"},
    {"Nizwa", "nizwa", 8, kNaN, std::nullopt, "2025-01-04", nullptr},
    {"nizwa", "NIZWA", 9, 0.6, true, "2025-01-05", "2025-01-05T00:00:00Z"},
    {"Bahla", "bahla", 10, 0.7, false, nullptr, "2025-01-06T00:00:00Z"},
    {"bahla", "Bahla", 11, 0.8, true, "2025-01-07", "2025-01-07T00:00:00Z"},
    {"", "", 12, 0.9, false, "2025-01-08", "2025-01-08T00:00:00Z"},
    {"a", "a", 13, 1.1, true, "2025-01-09", "2025-01-09T00:00:00Z"},
    {"B", "b", 14, 1.2, false, "2025-01-10", "2025-01-10T00:00:00Z"},
    {"b", "B", std::nullopt, 1.3, true, "2025-01-11", "2025-01-11T00:00:00Z"},
    {"Z", "z", 16, std::nullopt, false, "2025-01-12", "2025-01-12T00:00:00Z"},
    {"z", "Z", 17, 1.5, std::nullopt, "2025-01-13", "2025-01-13T00:00:00Z"},
    {"ن_وى", "نزوى", 18, 1.6, true, "2025-01-14", "2025-01-14T00:00:00Z"},
    {"أدم", "ادم", 19, 1.7, false, "2025-01-15", "2025-01-15T00:00:00Z"},
    {"ادم", "أدم", 20, 1.8, true, "2025-01-16", "2025-01-16T00:00:00Z"},
    {"it's", "\"", 21, 1.9, false, "2025-01-17", "2025-01-17T00:00:00Z"},
    {"Robert'); DROP TABLE gen;--", "$1", 22, 2.0, true, "2025-01-18", "2025-01-18T00:00:00Z"},
};

inline QByteArray jsonString(const char* s)
{
    if (!s)
        return "null";
    QByteArray out = "\"";
    for (const char* p = s; *p; ++p) {
        if (*p == '"' || *p == '\\')
            out += '\\';
        out += *p;
    }
    return out + "\"";
}

inline QByteArray generatedGeoJson()
{
    QByteArray out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    int id = 0;
    for (const GenRow& r : kRows) {
        ++id;
        QByteArray ratio = "null";
        if (r.ratio)
            ratio = std::isnan(*r.ratio) ? QByteArray("NaN") : QByteArray::number(*r.ratio, 'g', 17);
        out += QByteArray(id > 1 ? ",\n" : "") + "{\"type\":\"Feature\",\"id\":" + QByteArray::number(id) +
               ",\"properties\":{\"name\":" + jsonString(r.name) + ",\"na\\\"me\":" + jsonString(r.quoted) +
               ",\"wilayat name\":" + (id % 3 == 0 ? QByteArray("null") : jsonString(r.quoted)) +
               ",\"score\":" + (r.score ? QByteArray::number(*r.score) : QByteArray("null")) +
               ",\"ratio\":" + ratio + ",\"flag\":" + (r.flag ? QByteArray(*r.flag ? "true" : "false") : "null") +
               ",\"day\":" + jsonString(r.day) + ",\"stamp\":" + jsonString(r.stamp) +
               "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + QByteArray::number(57 + id * 0.01) +
               ",22.9]}}";
    }
    return out + "\n]}\n";
}

/// One case: the table (projects, inspections, parcels: the sample's layers; gen: generatedGeoJson()), the
/// expression, what translateToSql pushes ("all": no residual, `marker` in the SQL; "part": both halves;
/// "none": nothing) and a piece of the SQL expected.
struct SqlFilterCase {
    QString table;
    QString expression;
    QString kind;
    QString marker;
};

inline std::vector<SqlFilterCase> sqlFilterCases()
{
    std::vector<SqlFilterCase> cases;
    auto add = [&cases](const char* table, const char* expression, const char* kind, const char* marker) {
        cases.push_back({QString(table), QString::fromUtf8(expression), QString(kind), QString::fromUtf8(marker)});
    };
    // projects: the documented examples and every operator
    add("projects", "status = 'in_progress'", "all", " = $1::text");
    add("projects", "status_ar = 'قيد التنفيذ'", "all", "COLLATE \"C\"");
    add("projects", "category_ar IN ('صحة', 'تعليم') AND budget_omr > 500000", "all", " IN (");
    add("projects", "status <> 'completed' AND finish_date < date '2027-01-01'", "all", "::date");
    add("projects", "progress_pct BETWEEN 40 AND 60", "all", " >= ");
    add("projects", "progress_pct NOT BETWEEN 40 AND 60", "all", "(NOT ");
    add("projects", "budget_omr >= 1000000 OR contractor IS NULL", "all", " IS NULL");
    add("projects", "contractor IS NOT NULL", "all", " IS NOT NULL");
    add("projects", "name_en LIKE '%School%'", "all", " LIKE ");
    add("projects", "name_en NOT LIKE '%School%'", "all", " NOT LIKE ");
    add("projects", "name_en ILIKE '%school%'", "all", "translate(");
    add("projects", "name_en NOT ILIKE '%SCHOOL%'", "all", "translate(");
    add("projects", "lower(wilayat_en) = 'nizwa'", "all", "translate(");
    add("projects", "upper(wilayat_en) = 'BAHLA'", "all", "translate(");
    add("projects", "length(name_ar) > 20", "all", "length(");
    add("projects", "wilayat_en || ' ' || category = 'Nizwa health'", "all", " || ");
    add("projects", "start_date >= '2024-01-01'", "all", "::date");
    add("projects", "NOT (status = 'completed')", "all", "(NOT ");
    add("projects", "status NOT IN ('completed', 'planned')", "all", " NOT IN (");
    add("projects", "budget_omr < 250000.5", "all", "::double precision");
    add("projects", "progress_pct * 2 > 100", "none", "");
    add("projects", "round(budget_omr / 1e6, 1) > 1 AND status = 'in_progress'", "part", " = $1::text");
    add("projects", "$x > 57.5 AND status <> 'completed'", "part", " <> ");
    add("projects", "year(start_date) = 2025", "none", "");
    // inspections: 3000 rows
    add("inspections", "result = 'fail' AND year(inspection_date) = 2025 AND wilayat_en = 'Bahla'", "part", " AND ");
    add("inspections", "score < 50 AND type = 'health'", "all", "::bigint");
    add("inspections", "inspection_date >= '2025-03-01' AND score IS NOT NULL", "all", " IS NOT NULL");
    add("inspections", "result_ar = 'راسب' AND type_ar = 'صحي'", "all", "COLLATE");
    add("inspections", "score IN (40 + 2, 100)", "none", "");
    add("inspections", "score IN (42, 100, null)", "all", " IN (");
    add("inspections", "score NOT IN (42, null)", "all", " NOT IN (");
    add("inspections", "score BETWEEN 80 AND null", "all", "NULL");
    add("inspections", "score > 90 OR follow_up_date IS NULL", "all", " OR ");
    add("inspections", "follow_up_date - inspection_date > 30", "none", "");
    add("inspections", "hygiene + storage > 8 AND score > 50", "part", " > ");
    add("inspections", "score = 75.0", "all", "::double precision");
    add("inspections", "score > 74.5", "all", "::double precision");
    add("inspections", "inspector_en ILIKE 'a%'", "all", "translate(");
    add("inspections", "activity LIKE '_%'", "all", " LIKE ");
    add("inspections", "NOT (score > 50)", "all", "(NOT ");
    add("inspections", "score >= 50 AND NOT (result = 'pass') OR type = 'fire'", "all", " OR ");
    add("inspections", "5 < score", "all", " > ");
    add("inspections", "'Nizwa' = wilayat_en", "all", " = ");
    add("inspections", "inspection_date BETWEEN '2025-01-01' AND '2025-06-30'", "all", "::date");
    add("inspections", "inspection_date IN ('2025-03-01', '2025-03-02')", "all", " IN (");
    add("parcels", "land_use IN ('agricultural', 'mixed') AND area_m2 > 5000", "all", " IN (");
    add("parcels", "land_use_ar = 'زراعي' AND $area > 10000", "part", " = ");
    // the generated table: nulls, NaN, quotes, injection, collation, case folding, escapes
    add("gen", "name = '''; DROP TABLE x; --'", "all", " = ");
    add("gen", "name = 'Robert''); DROP TABLE gen;--'", "all", " = ");
    add("gen", "\"na\"\"me\" = 'it''s'", "all", "\"na\"\"me\"");
    add("gen", "\"na\"\"me\" = '$1'", "all", "\"na\"\"me\"");
    add("gen", "\"wilayat name\" IS NULL", "all", "\"wilayat name\"");
    add("gen", "name LIKE '100\\%'", "all", " LIKE ");
    add("gen", "name LIKE '100%'", "all", " LIKE ");
    add("gen", "name LIKE 'a\\_b'", "all", " LIKE ");
    add("gen", "name LIKE 'a_b'", "all", " LIKE ");
    add("gen", "name LIKE 'a\\\\b'", "all", " LIKE ");
    add("gen", "name LIKE 'x\\'", "all", " LIKE ");
    add("gen", "name LIKE '%''%'", "all", " LIKE ");
    add("gen", "name ILIKE 'école'", "all", "translate(");
    add("gen", "name ILIKE 'ωmega'", "all", "translate(");
    add("gen", "name ILIKE 'ա%'", "all", "translate(");
    add("gen", "name ILIKE 'STRASSE'", "all", "translate(");
    add("gen", "lower(name) = 'straße'", "all", "translate(");
    add("gen", "upper(name) = 'ÉCOLE'", "all", "translate(");
    add("gen", "upper(name) = 'ԱԲ'", "all", "translate(");
    add("gen", "lower(\"na\"\"me\") = lower(name)", "all", "translate(");
    add("gen", "name < 'b'", "all", " < ");
    add("gen", "name >= 'Z'", "all", " >= ");
    add("gen", "name BETWEEN 'B' AND 'a'", "all", " <= ");
    add("gen", "name = 'نزوى'", "all", " = ");
    add("gen", "name LIKE 'ن_وى'", "all", " LIKE ");
    add("gen", "name LIKE 'ن\\_وى'", "all", " LIKE ");
    add("gen", "name = 'ادم'", "all", " = ");
    add("gen", "length(name) = 4", "all", "length(");
    add("gen", "ratio > 0.5", "all", "CASE WHEN");
    add("gen", "ratio = 0.25", "all", "CASE WHEN");
    add("gen", "ratio <= 1", "all", "CASE WHEN");
    add("gen", "ratio <> 1", "all", "CASE WHEN");
    add("gen", "ratio BETWEEN 0 AND 1", "all", "CASE WHEN");
    add("gen", "ratio IN (0.25, 0.5)", "all", "CASE WHEN");
    add("gen", "ratio NOT IN (0.25)", "all", "CASE WHEN");
    add("gen", "NOT (ratio > 0.5)", "all", "CASE WHEN");
    add("gen", "ratio > 1e299 OR ratio < -1e299", "all", "CASE WHEN");
    add("gen", "ratio = score", "all", "CASE WHEN");
    add("gen", "flag", "all", "::integer");
    add("gen", "flag = true", "all", "::integer");
    add("gen", "NOT flag", "all", "::integer");
    add("gen", "flag IS NULL", "all", " IS NULL");
    add("gen", "day = '2025-03-01'", "all", "::date");
    add("gen", "day < '1000-01-01'", "all", "::date");
    add("gen", "stamp > '2025-03-01 08:30:00Z'", "all", "::timestamptz");
    add("gen", "stamp = '2025-03-01T08:30:00.250Z'", "all", "::timestamptz");
    add("gen", "stamp = '2025-03-01 12:30+04:00'", "all", "::timestamptz");
    add("gen", "day < stamp", "none", "");
    add("gen", "score > 9007199254740992", "all", "::bigint");
    add("gen", "score = 9007199254740993", "all", "::bigint");
    add("gen", "score % 2 = 0", "none", "");
    add("gen", "score / 0 IS NULL", "none", "");
    add("gen", "(name = 'a' AND score > 1)", "all", " AND ");
    add("gen", "(name = 'a' OR score * 2 > 1) AND ratio > 0", "part", "CASE WHEN");
    add("gen", "(score * 2 > 20 AND name <> 'a')", "part", " <> ");
    add("gen", "name || \"na\"\"me\" = 'نزوىit''s'", "all", " || ");
    add("gen", "name || null IS NULL", "all", "NULL::text");
    add("gen", "null IS NULL", "all", "IS NULL");
    add("gen", "name = null", "all", "NULL::boolean");
    add("gen", "'x' = null", "all", "NULL::boolean");
    add("gen", "lower(name) LIKE null", "all", "NULL::boolean");
    add("gen", "\"na\"\"me\" LIKE '%DROP%'", "all", " LIKE ");
    add("gen", "coalesce(score, 0) = 0", "none", "");
    add("gen", "score IS NULL AND ratio IS NULL", "all", " IS NULL");
    add("gen", "name IN ('نزوى', '''; DROP TABLE x; --', 'a')", "all", " IN (");
    add("gen", "'nizwa' = lower(name)", "all", "translate(");
    add("gen", "score", "all", "<> 0");
    add("gen", "name LIKE \"na\"\"me\"", "none", "");
    return cases;
}

} // namespace gis::test
