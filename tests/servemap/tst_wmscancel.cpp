// A client that leaves stops its render (issue 15 §2): the real `gis serve`, a 4096×4096 GetMap of every layer
// drawn once to the end (how long a whole render takes here), then the same map asked again and its client (curl)
// killed once the server has spent CPU on it — the render is under way, not queued. The server must be idle again
// (only the /metrics request itself in flight) well before a whole render would have ended, and answer the next
// request. Conditions are polled (the server's CPU time, its in-flight gauge), never slept on.

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "support/serveprocess.h"

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

QString getMapUrl(const gis::testing::ServeProcess& s)
{
    return s.url("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=countries,governorates,wilayat,parcels,roads,"
                 "inspections,building_inspections,projects,towns&STYLES=&CRS=EPSG:4326&BBOX=21.5,56.0,23.8,59.0"
                 "&WIDTH=4096&HEIGHT=4096&FORMAT=image/png");
}

/// The server's CPU time (user + system) in clock ticks, from /proc.
long cpuTicks(qint64 pid)
{
    QFile stat("/proc/" + QString::number(pid) + "/stat");
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QString text = QString::fromLatin1(stat.readAll());
    const QStringList fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields[11].toLong() + fields[12].toLong() : -1; // utime, stime (fields 14, 15)
}

int inFlight(const gis::testing::ServeProcess& s)
{
    QProcess curl;
    curl.start("curl", {"-sS", s.url("/metrics")});
    curl.waitForFinished(30000);
    const auto m = QRegularExpression("gis_http_requests_in_flight (\\d+)").match(QString::fromUtf8(curl.readAllStandardOutput()));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestWmsCancel : public QObject {
    Q_OBJECT

private slots:
    void clientLeavingStopsTheRender()
    {
        gis::testing::ServeProcess s;
        QVERIFY(s.start(kProject));
        const qint64 pid = s.process.processId();

        // A whole render, to the end: its duration is the yardstick.
        QElapsedTimer whole;
        whole.start();
        QProcess full;
        full.start("curl", {"-sS", "-o", "/dev/null", "-w", "%{http_code}", getMapUrl(s)});
        QVERIFY(full.waitForFinished(300000));
        QCOMPARE(full.readAllStandardOutput(), QByteArray("200"));
        const qint64 wholeMs = whole.elapsed();
        QVERIFY(cpuTicks(pid) > 0);

        // The same map again (the server caches no GetMap image), its client killed mid-render.
        const long before = cpuTicks(pid);
        QProcess leaving;
        leaving.start("curl", {"-sS", "-o", "/dev/null", getMapUrl(s)});
        QVERIFY(leaving.waitForStarted());
        QElapsedTimer busy;
        busy.start();
        // Under way: the server has spent at least 10 ticks (100 ms) of CPU on it.
        while (cpuTicks(pid) - before < 10 && busy.elapsed() < wholeMs * 4)
            QTest::qWait(20); // event loop turn between /proc reads; the condition is the CPU time
        QVERIFY2(cpuTicks(pid) - before >= 10, "the render never started");
        leaving.kill();
        leaving.waitForFinished();
        QElapsedTimer stopping;
        stopping.start();
        int n = inFlight(s);
        while (n > 1 && stopping.elapsed() < wholeMs * 4)
            n = inFlight(s); // each poll is one HTTP round trip: the gauge counts that request itself
        const qint64 stoppedMs = stopping.elapsed();
        QCOMPARE(n, 1);
        qInfo("whole render %lld ms; after its client left, the render stopped in %lld ms", wholeMs, stoppedMs);
        QVERIFY2(stoppedMs < wholeMs / 2, "the render went on after its client had left");

        // And the server still answers.
        QProcess health;
        health.start("curl", {"-sS", s.url("/health")});
        QVERIFY(health.waitForFinished(30000));
        QCOMPARE(health.readAllStandardOutput(), QByteArray("{\"status\":\"ok\"}"));
    }
};

QTEST_GUILESS_MAIN(TestWmsCancel)
#include "tst_wmscancel.moc"
