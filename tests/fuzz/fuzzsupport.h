#pragma once

// Shared by the fuzz targets: a per-process scratch folder for parsers that read files, a QGuiApplication for the
// render module, and the small fixed layer the expression and style targets bind against.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::fuzz {

/// A folder of this process's own (in /dev/shm when it exists: the parsers that need a file then read RAM),
/// removed at exit.
inline const std::string& scratchDir()
{
    static const std::string dir = [] {
        std::string pattern = (std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp") + std::string("/gis-fuzz-XXXXXX");
        if (!mkdtemp(pattern.data())) {
            std::perror("gis fuzz: cannot create a scratch folder");
            std::abort();
        }
        static std::string removeAtExit;
        removeAtExit = pattern;
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(removeAtExit, ec);
        });
        return pattern;
    }();
    return dir;
}

/// Writes `data` to `name` in the scratch folder; returns its path.
inline std::string writeScratchFile(const std::string& name, const std::uint8_t* data, std::size_t size)
{
    const std::string path = scratchDir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::perror(path.c_str());
        std::abort();
    }
    return path;
}

/// One offscreen QGuiApplication for the process (fonts, colours and images in the render module).
inline void ensureGuiApplication()
{
    if (QGuiApplication::instance())
        return;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "gis-fuzz";
    static char* argv[] = {name, nullptr};
    static QGuiApplication app(argc, argv);
}

/// Six features in EPSG:4326 with every field type, nulls, Arabic text and a field name with a space: points, a
/// polygon with a hole, a multipolygon, a null geometry and a line (after tests/query/tst_expression.cpp).
inline std::unique_ptr<Layer> makeFuzzLayer()
{
    AttributeTable t;
    auto& id = t.addColumn("id", FieldType::Integer);
    (void)id;
    t.addColumn("name", FieldType::String);
    t.addColumn("name_ar", FieldType::String);
    t.addColumn("budget", FieldType::Real);
    t.addColumn("opened", FieldType::Date);
    t.addColumn("updated", FieldType::DateTime);
    t.addColumn("active", FieldType::Boolean);
    t.addColumn("wilayat name", FieldType::String);
    t.addColumn("photo", FieldType::Binary);
    const char* names[] = {"Nizwa", "Bahla", nullptr, "'; DROP", "ÉCOLE 100%", "Izki"};
    const char* arabic[] = {"نزوى", "بهلاء", "إزكي", "", nullptr, "أدم"};
    const double budgets[] = {1250.5, 300, -2.5, 0, 1e300, -0.0};
    for (int r = 0; r < 6; ++r) {
        t.column(std::size_t(0)).appendInteger(r == 2 ? INT64_MIN : r + 1);
        names[r] ? t.column(std::size_t(1)).appendString(names[r]) : t.column(std::size_t(1)).appendNull();
        arabic[r] ? t.column(std::size_t(2)).appendString(arabic[r]) : t.column(std::size_t(2)).appendNull();
        r == 3 ? t.column(std::size_t(3)).appendNull() : t.column(std::size_t(3)).appendReal(budgets[r]);
        t.column(std::size_t(4)).appendInteger(20000 + r * 400 - 1000);
        r == 1 ? t.column(std::size_t(5)).appendNull() : t.column(std::size_t(5)).appendInteger(1735689600000LL * r);
        t.column(std::size_t(6)).appendInteger(r % 2);
        t.column(std::size_t(7)).appendString(r % 2 ? "Nizwa Wilayat" : "a_b");
        r ? t.column(std::size_t(8)).appendNull() : t.column(std::size_t(8)).appendString(std::string("\x01\x00\x02", 3));
    }
    GeometryColumn g;
    auto ring = [&](double x0, double y0, double x1, double y1) {
        g.beginRing();
        g.addCoord(x0, y0);
        g.addCoord(x1, y0);
        g.addCoord(x1, y1);
        g.addCoord(x0, y1);
        g.addCoord(x0, y0);
    };
    g.appendPoint(57.5301, 22.9333);
    g.beginGeometry(GeometryType::Polygon);
    g.beginPart(GeometryType::Polygon);
    ring(57.50, 22.90, 57.56, 22.96);
    ring(57.52, 22.92, 57.53, 22.93);
    g.endGeometry();
    g.beginGeometry(GeometryType::MultiPolygon);
    g.beginPart(GeometryType::Polygon);
    ring(57.60, 22.80, 57.62, 22.82);
    g.beginPart(GeometryType::Polygon);
    ring(57.70, 22.80, 57.71, 22.81);
    g.endGeometry();
    g.appendNull();
    g.beginGeometry(GeometryType::LineString);
    g.beginPart(GeometryType::LineString);
    g.beginRing();
    g.addCoord(57.53, 22.93);
    g.addCoord(57.60, 22.99);
    g.endGeometry();
    g.appendPoint(57.3, 23.1);
    return std::make_unique<Layer>("sites", Crs::fromEpsg(4326), GeometryType::Unknown, std::move(g), std::move(t));
}

} // namespace gis::fuzz
