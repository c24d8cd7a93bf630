#pragma once

// What the servemap tests share: the sample project loaded once, its vector layers published to LiveLayers, a
// MapService on a Router, and requests dispatched straight to it (no sockets).

#include <QImage>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>

#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"
#include "gis/servemap/mapservice.h"

namespace gis::testing {

struct MapFixture {
    Project project;
    serve::LiveLayers live;
    std::unique_ptr<servemap::MapService> service;
    serve::Router router;

    explicit MapFixture(servemap::MapServiceOptions options = {})
    {
        project = Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        project.loadData();
        for (const auto& pl : project.layers)
            if (pl.available && pl.map.vector)
                live.publish(pl.map.name, pl.map.vector);
        service = std::make_unique<servemap::MapService>(project, live, options);
        service->addRoutes(router);
    }

    /// GET `target` ("/wms?SERVICE=WMS&..."), parsed as the server would.
    serve::HttpResponse get(const std::string& target, const CancellationToken& cancel = {},
        std::vector<std::pair<std::string, std::string>> headers = {}) const
    {
        serve::HttpRequest r;
        r.method = "GET";
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) {
            std::string rest = target.substr(q + 1);
            std::size_t start = 0;
            while (start <= rest.size()) {
                const auto amp = rest.find('&', start);
                const std::string part = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
                const auto eq = part.find('=');
                if (!part.empty())
                    r.query.emplace_back(serve::percentDecode(part.substr(0, eq), true),
                        eq == std::string::npos ? std::string() : serve::percentDecode(part.substr(eq + 1), true));
                if (amp == std::string::npos)
                    break;
                start = amp + 1;
            }
        }
        r.headers = std::move(headers);
        r.cancel = cancel;
        r.baseUrl = "http://127.0.0.1:8080";
        return router.dispatch(r);
    }

    static QImage image(const serve::HttpResponse& r)
    {
        return QImage::fromData(QByteArray::fromStdString(r.body)).convertToFormat(QImage::Format_ARGB32);
    }
};

/// The share of pixels whose channels differ by more than `tolerance` (0..255), 1 when the sizes differ.
inline double differingShare(const QImage& a, const QImage& b, int tolerance)
{
    if (a.size() != b.size())
        return 1;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
    long long differ = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            if (std::abs(qRed(p[col]) - qRed(q[col])) > tolerance || std::abs(qGreen(p[col]) - qGreen(q[col])) > tolerance
                || std::abs(qBlue(p[col]) - qBlue(q[col])) > tolerance || std::abs(qAlpha(p[col]) - qAlpha(q[col])) > tolerance)
                ++differ;
    }
    return double(differ) / (double(x.width()) * x.height());
}

/// Runs a program, returns its stdout (fails the test's QVERIFY on the caller's side when it exits non-zero: the
/// exit code is in `ok`).
inline QString run(const QString& program, const QStringList& args, bool* ok = nullptr, const QByteArray& input = {})
{
    QProcess p;
    p.start(program, args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    if (ok)
        *ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromUtf8(p.readAllStandardOutput()) + (ok && !*ok ? QString::fromUtf8(p.readAllStandardError()) : QString());
}

} // namespace gis::testing
