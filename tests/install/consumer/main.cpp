// The smallest service: read a layer, reproject one point to UTM 40N, search the index; and, given a project
// file (and a folder to trust), load it and its layers' data and styles, as a service that serves a project does.
// No Qt anywhere.
#include <cstdio>

#include <gis/core/error.h>
#include <gis/crs/transformer.h>
#include <gis/data/datasource.h>
#include <gis/project/project.h>

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 4)
        return 2;
    try {
        const auto layer = gis::readLayer(argv[1]);
        gis::Transformer toUtm(layer->crs(), gis::Crs::fromEpsg(32640));
        const gis::Coord nizwa = toUtm.transform(gis::Coord{57.5301, 22.9333});
        const auto near = layer->index().neighbors(57.5301, 22.9333, 1);
        std::printf("%s: %zu features, Nizwa at E %.0f N %.0f, nearest feature %u\n", layer->name().c_str(),
            layer->size(), nizwa.x, nizwa.y, near.empty() ? 0u : near[0].first);
        if (argc >= 3) {
            gis::ProjectLoadOptions options; // the folder of the project's style files, trusted as a user would
            if (argc == 4)
                options.trustedFolders = {argv[3]};
            gis::Project project = gis::Project::load(argv[2], options);
            project.loadData();
            std::size_t available = 0;
            for (const gis::ProjectLayer& l : project.layers)
                available += l.available ? 1 : 0;
            std::printf("project %s: %zu layers, %zu available, background %s\n", project.title.c_str(),
                project.layers.size(), available, gis::colorToJson(project.background).c_str());
        }
        return 0;
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "consumer: %s\n", e.what());
        return 1;
    }
}
