#pragma once

// Helpers shared by the tests: running the command-line oracles (ogr2ogr, cs2cs, ...) and writing fixtures.

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QXmlStreamReader>

namespace gis::test {

struct ToolResult {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `args` (and `input` on stdin), waiting for it to finish.
inline ToolResult runTool(const QString& program, const QStringList& args, const QByteArray& input = {})
{
    ToolResult r;
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(30000)) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(300000);
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// True when `program` is on PATH; tests QFAIL (never skip) when an oracle is missing: it is in the
/// package list, so a missing one is a broken setup.
inline bool haveTool(const QString& program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

inline void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable("cannot write " + path));
    f.write(bytes);
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// The number of elements in an XML file (an SVG), or -1 with *error set when it cannot be read or parsed.
inline int xmlElementCount(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = "cannot read " + path;
        return -1;
    }
    QXmlStreamReader xml(&f);
    int elements = 0;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement)
            ++elements;
    if (xml.hasError()) {
        *error = path + ": " + xml.errorString();
        return -1;
    }
    return elements;
}

} // namespace gis::test
