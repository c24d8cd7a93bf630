// Fuzz target: project JSON (render: gis::Project::load). The input is the project file, written to a scratch
// folder first (load reads a file: relative style files resolve against its folder, where there is nothing else).
#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QJsonDocument>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/project/project.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gis::fuzz::ensureGuiApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = gis::fuzz::writeScratchFile("project.json", data, size);
    try {
        (void)gis::Project::load(path);
    } catch (const gis::Error&) {
    }
    return 0;
}
