// The smallest service: read a layer, reproject one point to UTM 40N, search the index.
#include <cstdio>

#include <gis/core/error.h>
#include <gis/crs/transformer.h>
#include <gis/data/datasource.h>

int main(int argc, char** argv)
{
    if (argc != 2)
        return 2;
    try {
        const auto layer = gis::readLayer(argv[1]);
        gis::Transformer toUtm(layer->crs(), gis::Crs::fromEpsg(32640));
        const gis::Coord nizwa = toUtm.transform(gis::Coord{57.5301, 22.9333});
        const auto near = layer->index().neighbors(57.5301, 22.9333, 1);
        std::printf("%s: %zu features, Nizwa at E %.0f N %.0f, nearest feature %u\n", layer->name().c_str(),
            layer->size(), nizwa.x, nizwa.y, near.empty() ? 0u : near[0].first);
        return 0;
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "consumer: %s\n", e.what());
        return 1;
    }
}
