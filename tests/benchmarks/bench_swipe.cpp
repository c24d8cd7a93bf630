// The swipe between two drone flights (issue #16 §5: "Swipe between two 40,000×40,000 flights at 60 fps"): the
// viewer's own FlightPanel and SwipeView on a 1920x1080 canvas. Both flights are rendered once (the canvas and the
// swipe's worker); then each drag step moves the divider and repaints the canvas synchronously (QWidget::repaint),
// which is what a mouse move costs: the two images composited at the divider, no render. Prints the first render of
// both flights and the median, 95th percentile and maximum of a step, and the frame rate the median allows.
//
//   QT_QPA_PLATFORM=offscreen bench_swipe PROJECT [STEPS]     (PROJECT: bench_swipe.sh makes it)

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "drone/flightpanel.h"
#include "drone/swipeview.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

using namespace viewer;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_swipe PROJECT [STEPS]\n");
        return 2;
    }
    const int steps = argc > 2 ? std::max(10, std::atoi(argv[2])) : 600;
    MapDocument doc;
    doc.loadProject(QString::fromLocal8Bit(argv[1]));
    MapCanvas canvas(&doc);
    canvas.resize(1920, 1080);
    canvas.show();
    if (!QTest::qWaitForWindowExposed(&canvas))
        return 1;
    FlightPanel panel(&doc, &canvas);
    panel.chooseSource(0); // as showing the panel does
    if (panel.stack()->flights().size() < 2) {
        std::fprintf(stderr, "the project needs a drone_flights layer with two flights\n");
        return 1;
    }
    QElapsedTimer first;
    first.start();
    panel.setSwipe(true);
    SwipeView* swipe = panel.swipe();
    const bool rendered = QTest::qWaitFor([&] {
        return canvas.hasFrame() && !canvas.isRendering() && !swipe->worker().isBusy()
            && !swipe->worker().lastFrame().image.isNull();
    }, 120000);
    if (!rendered)
        return 1;
    std::printf("first render of both flights   %8.1f ms (canvas %.1f ms, swipe %.1f ms on their workers)\n",
        static_cast<double>(first.nsecsElapsed()) / 1e6, canvas.worker().lastFrame().milliseconds,
        swipe->worker().lastFrame().milliseconds);

    const auto canvasGeneration = canvas.worker().latestGeneration();
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) {
        // Back and forth across the map, 7 px a step (a quick drag at 60 Hz).
        const int x = 100 + (i * 7) % 1720;
        QElapsedTimer t;
        t.start();
        swipe->setDividerX(x);
        canvas.repaint();
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    if (canvas.worker().latestGeneration() != canvasGeneration) {
        std::fprintf(stderr, "a drag step rendered again\n");
        return 1;
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2], p95 = ms[ms.size() * 95 / 100], max = ms.back();
    std::printf("swipe step (composite, 1920x1080) median %.2f ms  p95 %.2f ms  max %.2f ms  -> %.0f fps (median)\n",
        median, p95, max, 1000.0 / median);
    return 0;
}
