// gis serve PROJECT: the project's layers as web services over HTTP (docs/serve.md).

#include <QGuiApplication>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <iostream>
#include <memory>
#include <mutex>

#include "args.h"
#include "commands.h"
#include "gis/core/error.h"
#include "gis/project/project.h"
#include "gis/project/form.h"
#include "gis/serve/accessguard.h"
#include "gis/serve/config.h"
#include "gis/serve/featureeditor.h"
#include "gis/serve/features.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"
#include "gis/serve/server.h"
#include "gis/servemap/mapservice.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis serve PROJECT.json [--bind ADDR] [--port N] [--threads N] [--public-url URL]
                 [--access-log FILE] [--allow-path DIR]... [--config FILE]

Serves the project's layers over HTTP until SIGTERM or SIGINT, then stops gracefully (requests in flight finish,
at most 10 s) and exits 0. Prints "listening on http://ADDR:PORT" on stdout once it accepts connections.

  --bind ADDR        the address to listen on (default 127.0.0.1: this machine only)
  --port N           the port (default 8080; 0 picks a free one, printed on stdout)
  --threads N        worker threads that answer requests (default: the usable cores)
  --public-url URL   the base URL clients reach the server at, for links (default: from the Host header)
  --access-log FILE  append the access log (one JSON object per line) to FILE instead of stderr
  --allow-path DIR   a folder outside the project's own whose files it may read (repeatable)
  --config FILE      the server config (JSON: tokens as SHA-256 hashes, which collections need a token to read and
                     which may be written; docs/serve.md, "Writing"). Without it: all readable, none writable.

Endpoints: OGC API - Features (/, /conformance, /api, /collections/...), /wms (WMS 1.3.0), /tiles (XYZ and
OGC API - Tiles), /health (200 {"status":"ok"}), /metrics (Prometheus text); docs/serve.md. Limits: request
body 1 MiB, header 16 KiB, 256 connections, read timeout 10 s, idle keep-alive 30 s (docs/serve.md, "The server").
)";

int parsePort(const std::string& text, const char* option, int low, int high)
{
    std::size_t used = 0;
    int value = -1;
    try {
        value = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value < low || value > high)
        throw Error(ErrorCode::Argument, std::string(option) + " must be a whole number from " + std::to_string(low)
            + " to " + std::to_string(high) + ", not \"" + text + "\"");
    return value;
}

/// What the services share and keep for as long as the server runs: the current data of each layer (features
/// read it, writes publish to it, map tiles listen to it) and the services themselves.
struct Services {
    serve::LiveLayers live;
    std::unique_ptr<serve::FeatureService> features;
    std::unique_ptr<servemap::MapService> maps;
    std::vector<std::shared_ptr<serve::FeatureEditor>> editors;
};

/// The project layers the config lets clients write: GeoPackage layers only (the edit store that commits in place
/// in one transaction); another source named writable is refused with a message, not served read-only in silence.
void openEditors(const Project& project, const serve::ServerConfig& config, Services& services)
{
    for (const auto& layer : project.layers) {
        if (!layer.available || !layer.map.vector || !config.access(layer.map.name).write)
            continue;
        const std::string ext = std::filesystem::path(layer.sourcePath).extension().string();
        if (ext != ".gpkg" && ext != ".GPKG")
            throw Error(ErrorCode::Argument, "layer \"" + layer.map.name + "\" is writable in the server config, but "
                "only GeoPackage layers can be written through gis serve (its source is " + layer.source + ")");
        std::shared_ptr<const PreparedForm> form;
        if (layer.form)
            form = prepareProjectForm(project, layer);
        auto editor = serve::FeatureEditor::open(layer.map.name, layer.sourcePath,
            layer.layer.empty() ? layer.map.name : layer.layer, services.live, form);
        if (!editor->recoveryNote().empty())
            std::cerr << "gis serve: " << editor->recoveryNote() << "\n";
        services.editors.push_back(std::move(editor));
    }
}

/// THE place where the project's services join the router: access control (the config's tokens), OGC API -
/// Features (FeatureService: reads; FeatureEditor: Part 4 writes), the map endpoints (WMS, tiles; MapService);
/// /health and /metrics are added by the server (addServerRoutes) in runServe.
void registerServices(serve::Router& router, const Project& project, const serve::ServerConfig& config, Services& services)
{
    // One guard for everything: the router checks {collectionId} routes and writes with it; the services ask it
    // before they list, describe or draw a collection (a protected one shows nowhere to a client without a token).
    const auto guard = std::make_shared<const serve::AccessGuard>(config);
    router.setGuard(serve::AccessGuard::guard(guard));
    // FeatureService publishes every vector layer to LiveLayers first: the editors then publish what they commit,
    // and the map service draws what is published.
    services.features = std::make_unique<serve::FeatureService>(project, services.live);
    services.features->setReadAccess(serve::AccessGuard::readAccess(guard));
    openEditors(project, config, services);
    if (!services.editors.empty()) {
        services.features->addConformanceClass("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete");
        services.features->addConformanceClass("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update");
        services.features->addConformanceClass("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features");
    }
    services.features->addRoutes(router);
    serve::FeatureEditor::addWriteRoutes(router, services.editors);
    services.maps = std::make_unique<servemap::MapService>(project, services.live);
    services.maps->setReadAccess(serve::AccessGuard::readAccess(guard));
    services.maps->addRoutes(router);
}

/// Map text needs a Gui application (fonts); offscreen when there is no display, as gis render does.
std::unique_ptr<QGuiApplication> makeGuiApplication()
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY")
        && !qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) { // Qt warns without one; give it a private folder
        const std::string runtime = (std::filesystem::temp_directory_path() / ("runtime-" + std::to_string(getuid()))).string();
        std::error_code ec;
        std::filesystem::create_directories(runtime, ec);
        std::filesystem::permissions(runtime, std::filesystem::perms::owner_all, ec);
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(runtime));
    }
    static int qtArgc = 1;
    static char qtName[] = "gis";
    static char* qtArgv[] = {qtName, nullptr};
    return std::make_unique<QGuiApplication>(qtArgc, qtArgv);
}

} // namespace

int runServe(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"--bind", "--port", "--threads", "--public-url", "--access-log", "--allow-path", "--config"},
        {"--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT.json (see gis serve --help)");

    serve::ServerOptions options;
    options.bind = args.value("--bind").value_or("127.0.0.1");
    if (const auto port = args.value("--port"))
        options.port = parsePort(*port, "--port", 0, 65535);
    if (const auto threads = args.value("--threads"))
        options.workerThreads = parsePort(*threads, "--threads", 1, 256);
    // The config file (tokens, who may read and write which collection): without one every collection is readable
    // by anyone and none writable.
    const serve::ServerConfig config = args.value("--config") ? serve::loadServerConfig(*args.value("--config"))
                                                              : serve::ServerConfig{};
    options.publicUrl = args.value("--public-url").value_or(config.publicUrl);
    options.stopOnSignals = true;
    std::shared_ptr<std::ofstream> accessLog;
    if (const auto file = args.value("--access-log")) {
        accessLog = std::make_shared<std::ofstream>(*file, std::ios::app);
        if (!*accessLog)
            throw Error(ErrorCode::Io, *file + ": cannot open the access log for appending");
        options.log = [accessLog](const std::string& line) { *accessLog << line << '\n' << std::flush; };
    }

    const auto app = makeGuiApplication();
    Project project = Project::load(args.positionals()[0], ProjectLoadOptions{args.values("--allow-path")});
    project.loadData();
    for (const auto& layer : project.layers)
        if (!layer.available)
            std::cerr << "gis serve: warning: layer \"" << layer.map.name << "\" not served: " << layer.error << "\n";

    Services services; // outlives the router and the server, whose handlers use it
    serve::Router router;
    serve::HttpServer server(router, options);
    serve::addServerRoutes(router, server);
    registerServices(router, project, config, services);
    server.start();
    const std::string host = options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
    std::cout << "listening on http://" << host << ":" << server.port() << std::endl;
    server.waitForStop();
    return 0;
}

} // namespace gis::cli
