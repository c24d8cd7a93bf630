#pragma once

// The real `gis serve` binary for a test: started on 127.0.0.1 with port 0, its port read from the "listening on"
// line it prints (a bounded wait on that condition, never a sleep), killed when the object goes, also when the test
// fails. (tst_serve, tst_servewrite, tst_oapifclients, tst_wmsclients and tst_serveaccess use it.)

#include <QByteArray>
#include <QDebug>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace gis::testing {

struct ServeProcess {
    QProcess process;
    int port = 0;

    /// `gis serve PROJECT --port 0 ARGS...`; false (with the server's output in a warning) when it did not start.
    bool start(const QString& project, const QStringList& args = {})
    {
        process.start(GIS_BINARY_DIR "/bin/gis", QStringList{"serve", project, "--port", "0", "--threads", "2",
                                                     "--access-log", "/dev/null"} + args);
        if (!process.waitForStarted(10000))
            return false;
        QByteArray out;
        const QRegularExpression listening("listening on http://127\\.0\\.0\\.1:(\\d+)\n");
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000 && process.state() == QProcess::Running) {
            process.waitForReadyRead(1000);
            out += process.readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch()) {
                port = m.captured(1).toInt();
                return true;
            }
        }
        qWarning() << "gis serve did not start:" << out << process.readAllStandardError();
        return false;
    }

    QString url(const QString& path) const { return "http://127.0.0.1:" + QString::number(port) + path; }

    ~ServeProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }
};

} // namespace gis::testing
