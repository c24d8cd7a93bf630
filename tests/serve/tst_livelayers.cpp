// LiveLayers: versions count publications, listeners hear every change but the first publication, readers keep the
// snapshot they got while newer ones are published from other threads.

#include <QtTest>

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "gis/data/layer.h"
#include "gis/serve/livelayers.h"

using namespace gis;
using namespace gis::serve;

namespace {
std::shared_ptr<const Layer> emptyLayer()
{
    return std::make_shared<const Layer>("a", Crs{}, GeometryType::Point, GeometryColumn{}, AttributeTable{});
}
} // namespace

class TestLiveLayers : public QObject {
    Q_OBJECT

private slots:
    void versionsAndListeners()
    {
        LiveLayers live;
        std::vector<std::pair<std::string, std::uint64_t>> heard;
        live.addListener([&](const std::string& id, std::uint64_t version) { heard.emplace_back(id, version); });
        QCOMPARE(live.version("towns"), std::uint64_t(0));
        QVERIFY(!live.get("towns"));
        auto first = emptyLayer();
        live.publish("towns", first);
        live.publish("roads", emptyLayer());
        QVERIFY(heard.empty()); // first publications are not changes
        QCOMPARE(live.version("towns"), std::uint64_t(1));
        auto second = emptyLayer();
        live.publish("towns", second);
        QCOMPARE(live.version("towns"), std::uint64_t(2));
        QCOMPARE(live.get("towns").get(), second.get());
        QCOMPARE(heard.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(heard[0].first), QString("towns"));
        QCOMPARE(heard[0].second, std::uint64_t(2));
        QCOMPARE(live.ids(), (std::vector<std::string>{"towns", "roads"}));
    }

    void readersKeepTheirSnapshotWhileWritersPublish()
    {
        LiveLayers live;
        live.publish("a", emptyLayer());
        std::atomic<bool> stop = false;
        std::atomic<long> reads = 0;
        std::atomic<int> started = 0;
        std::vector<std::thread> readers;
        for (int i = 0; i < 3; ++i)
            readers.emplace_back([&] {
                bool first = true;
                while (!stop) {
                    const std::shared_ptr<const Layer> held = live.get("a");
                    QVERIFY(held);
                    QVERIFY(live.version("a") >= 1);
                    ++reads;
                    if (std::exchange(first, false))
                        ++started;
                }
            });
        // Publish only once every reader has read: the readers then overlap the writes whatever the scheduling.
        while (started < 3)
            std::this_thread::yield();
        for (int i = 0; i < 2000; ++i)
            live.publish("a", emptyLayer());
        stop = true;
        for (std::thread& t : readers)
            t.join();
        QCOMPARE(live.version("a"), std::uint64_t(2001));
        QVERIFY(reads > 0);
    }
};

QTEST_APPLESS_MAIN(TestLiveLayers)
#include "tst_livelayers.moc"
