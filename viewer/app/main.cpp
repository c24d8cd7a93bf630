// interior-explorer: the desktop viewer of the Ad Dakhiliyah geographic database.

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <iostream>

#include "app/benchmark.h"
#include "app/language.h"
#include "app/mainwindow.h"
#include "drone/flightpanel.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace {

/// True for GeoJSON given a .json name (data to add as a layer); a project, or text that is not JSON at all, is not.
bool looksLikeGeoJson(const QString& path)
{
    if (path.endsWith(".geojson", Qt::CaseInsensitive))
        return true;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > 64 * 1024 * 1024)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    return o.contains("type") && !o.contains("layers");
}

} // namespace

int main(int argc, char* argv[])
{
    bool benchmark = false;
    for (int i = 1; i < argc; ++i)
        benchmark = benchmark || std::string(argv[i]).rfind("--benchmark-pan", 0) == 0;
    if (benchmark && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // the benchmark needs no screen

    QApplication app(argc, argv);
    QApplication::setOrganizationName("InteriorExplorer");
    QApplication::setApplicationName("interior-explorer");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("Interior Explorer — مستكشف الداخلية: maps of Ad Dakhiliyah Governorate");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption lang("lang", "User interface language: ar (default) or en.", "ar|en");
    const QCommandLineOption screenshot("screenshot", "Save the window to OUT.png after the first map frame, then quit.", "OUT.png");
    const QCommandLineOption size("size", "Window size for --screenshot (default 1440x900).", "WxH", "1440x900");
    const QCommandLineOption bench("benchmark-pan", "Time a scripted pan/zoom sequence at 1920x1080 and quit.", "PROJECT");
    const QCommandLineOption points("add-points", "With --benchmark-pan: add N deterministic random points.", "N", "0");
    const QCommandLineOption flights("flights", "Open the Drone flights panel: slider, swipe or side (side by side).",
        "slider|swipe|side");
    parser.addOptions({lang, screenshot, size, bench, points, flights});
    parser.addPositionalArgument("files", "A project (.json) and/or data files to add as layers.", "[FILES...]");
    parser.process(app);

    QString language = parser.value(lang);
    if (language.isEmpty())
        language = QSettings().value("ui/language", "ar").toString();
    if (language != "ar" && language != "en") {
        std::cerr << "interior-explorer: --lang must be ar or en\n";
        return 2;
    }
    viewer::applyLanguage(language);

    if (parser.isSet(bench)) {
        bool ok = false;
        const qulonglong n = parser.value(points).toULongLong(&ok);
        if (!ok) {
            std::cerr << "interior-explorer: --add-points expects a number\n";
            return 2;
        }
        return viewer::runPanBenchmark(parser.value(bench), n, std::cout);
    }

    const QString shot = parser.value(screenshot);
    const bool interactive = shot.isEmpty();
    viewer::MainWindow::Options options;
    options.useSettings = interactive; // a screenshot shows the default layout, not the last session's
    // Nobody answers a dialog for --screenshot: an error goes to stderr and the program exits non-zero.
    options.dialogs = interactive;
    viewer::MainWindow window(options);
    bool failed = false;
    if (!interactive)
        QObject::connect(&window, &viewer::MainWindow::errorReported, &app, [&failed](const QString& message) {
            std::cerr << "interior-explorer: " << message.toStdString() << std::endl;
            failed = true;
            QCoreApplication::exit(1); // once the event loop runs; before, `failed` ends main
        });
    const QStringList files = parser.positionalArguments();
    QStringList data;
    for (const QString& f : files) {
        if (f.endsWith(".json", Qt::CaseInsensitive) && window.document()->layers().empty() && QFileInfo(f).isFile()
            && !looksLikeGeoJson(f)) {
            // A project, or a damaged one: its error is the one message (not a second one reading it as data).
            window.openProject(f);
            continue;
        }
        data << f;
    }
    if (!data.isEmpty())
        window.addFiles(data);
    if (failed)
        return 1;

    if (parser.isSet(flights)) {
        window.showFlightPanel();
        if (parser.value(flights) == "swipe")
            window.flightPanel()->setSwipe(true);
        else if (parser.value(flights) == "side")
            window.flightPanel()->setSideBySide(true);
    }
    if (!shot.isEmpty()) {
        const QStringList wh = parser.value(size).split('x');
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
        QTimer::singleShot(120000, &app, [] {
            std::cerr << "interior-explorer: no map frame within 120 s\n";
            QCoreApplication::exit(1);
        });
    }
    bool first = true;
    QObject::connect(window.canvas(), &viewer::MapCanvas::frameShown, &app, [&] {
        if (!first || window.canvas()->isRendering())
            return;
        first = false;
        std::cout << "first-frame" << std::endl;
        if (!shot.isEmpty()) {
            // A moment for the overview and the docks to paint, then the whole window as the user sees it.
            QTimer::singleShot(800, &app, [&] {
                const bool saved = window.grab().save(shot, "png");
                if (saved)
                    std::cout << "screenshot: " << QFileInfo(shot).absoluteFilePath().toStdString() << std::endl;
                else
                    std::cerr << "interior-explorer: cannot write " << shot.toStdString() << "\n";
                QCoreApplication::exit(saved ? 0 : 1);
            });
        }
    });
    window.show();
    return app.exec();
}
