// Read protection of OGC API - Features beyond the {collectionId} routes: a collection whose config says
// "read": "token" is absent from /collections (JSON and HTML) and from /api for a client without a token, its own
// routes (the collection, items, queryables) answer 401, and with a token of the config all of it appears. The
// oracle for what "all of it" is: the project file read as plain JSON (its vector layers are the collections).

#include <QFile>
#include <QtTest>

#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "gis/project/project.h"
#include "gis/serve/accessguard.h"
#include "gis/serve/config.h"
#include "gis/serve/features.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"

using namespace gis;
using namespace gis::serve;
using json = nlohmann::json;

namespace {

const std::string kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const std::string kSecret = "towns"; // protected in the config below
const std::pair<std::string, std::string> kToken{"authorization", "Bearer viewer-token"};

ServerConfig config()
{
    ServerConfig c;
    c.tokens = {{"viewer", sha256Hex("viewer-token")}};
    c.collections[kSecret] = {CollectionAccess::Read::Token, false, {}};
    return c; // every other collection: public
}

/// The project's vector layer names, from the file itself (rasters are .tif sources).
std::set<std::string> projectVectorLayers()
{
    QFile file(QString::fromStdString(kProject));
    file.open(QIODevice::ReadOnly);
    const json project = json::parse(file.readAll().toStdString());
    std::set<std::string> names;
    for (const json& layer : project["layers"])
        if (!QString::fromStdString(layer["source"].get<std::string>()).endsWith(".tif"))
            names.insert(layer["name"].get<std::string>());
    return names;
}

} // namespace

class TestReadAccess : public QObject {
    Q_OBJECT

    std::unique_ptr<Project> m_project;
    std::unique_ptr<LiveLayers> m_live;
    std::unique_ptr<FeatureService> m_service;
    Router m_router;

    HttpResponse get(const std::string& target, bool withToken)
    {
        HttpRequest r;
        r.method = "GET";
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) {
            const std::string rest = target.substr(q + 1);
            const auto eq = rest.find('=');
            r.query.emplace_back(rest.substr(0, eq), rest.substr(eq + 1));
        }
        if (withToken)
            r.headers.push_back(kToken);
        r.baseUrl = "http://127.0.0.1:8080";
        return m_router.dispatch(r);
    }

    std::set<std::string> listed(bool withToken)
    {
        const HttpResponse r = get("/collections", withToken);
        if (r.status != 200)
            qWarning() << r.status << r.body.substr(0, 200).c_str();
        [&] { QCOMPARE(r.status, 200); }();
        std::set<std::string> ids;
        const json doc = json::parse(r.body); // kept: a range over a temporary's member would dangle
        for (const json& c : doc["collections"])
            ids.insert(c["id"].get<std::string>());
        return ids;
    }

private slots:
    void initTestCase()
    {
        m_project = std::make_unique<Project>(Project::load(kProject));
        m_project->loadData();
        m_live = std::make_unique<LiveLayers>();
        m_service = std::make_unique<FeatureService>(*m_project, *m_live);
        const auto guard = std::make_shared<const AccessGuard>(config());
        m_router.setGuard(AccessGuard::guard(guard));
        m_service->setReadAccess(AccessGuard::readAccess(guard));
        m_service->addRoutes(m_router);
    }

    void collectionsListOnlyWhatTheClientMayRead()
    {
        const std::set<std::string> all = projectVectorLayers();
        QVERIFY(all.count(kSecret));
        std::set<std::string> publicOnes = all;
        publicOnes.erase(kSecret);
        const auto toList = [](const std::set<std::string>& ids) {
            QStringList out;
            for (const std::string& id : ids)
                out << QString::fromStdString(id);
            return out;
        };
        QCOMPARE(toList(listed(true)), toList(all));
        QCOMPARE(toList(listed(false)), toList(publicOnes));
        // A token that is not in the config reads as anonymous.
        HttpRequest r;
        r.method = "GET";
        r.target = r.path = "/collections";
        r.headers.emplace_back("authorization", "Bearer not-a-token");
        QVERIFY(json::parse(m_router.dispatch(r).body).dump().find("\"towns\"") == std::string::npos);
    }

    void htmlPagesLeaveItOut()
    {
        // The collection's titles (English and Arabic) and its links appear on the token holder's page only.
        const std::string title = "Towns";
        const HttpResponse anonymous = get("/collections?f=html", false);
        const HttpResponse holder = get("/collections?f=html", true);
        QCOMPARE(anonymous.status, 200);
        QVERIFY(holder.body.find("/collections/towns") != std::string::npos);
        QVERIFY(holder.body.find(title) != std::string::npos);
        QVERIFY(anonymous.body.find("/collections/towns") == std::string::npos);
        QVERIFY(anonymous.body.find(title) == std::string::npos);
        QVERIFY(anonymous.body.find("/collections/roads") != std::string::npos);
    }

    void openApiDocumentLeavesOutItsPaths()
    {
        const json anonymous = json::parse(get("/api", false).body);
        const json holder = json::parse(get("/api", true).body);
        for (const char* suffix : {"", "/items", "/items/{featureId}", "/queryables"}) {
            const std::string path = "/collections/towns" + std::string(suffix);
            QVERIFY2(holder["paths"].contains(path), path.c_str());
            QVERIFY2(!anonymous["paths"].contains(path), path.c_str());
            QVERIFY(anonymous["paths"].contains("/collections/roads" + std::string(suffix)));
        }
        QVERIFY(anonymous.dump().find("towns") == std::string::npos);
        QVERIFY(get("/api?f=html", false).body.find("towns") == std::string::npos);
    }

    void itsOwnRoutesNeedTheToken()
    {
        for (const char* path : {"/collections/towns", "/collections/towns/items", "/collections/towns/items/1",
                 "/collections/towns/queryables", "/collections/towns/items?f=html"}) {
            const HttpResponse anonymous = get(path, false);
            QCOMPARE(anonymous.status, 401);
            QVERIFY(anonymous.body.find("Towns") == std::string::npos);
            QCOMPARE(get(path, true).status, 200);
        }
        QCOMPARE(get("/collections/roads/queryables", false).status, 200);
    }

    void withoutAGuardTheServiceStillHidesIt()
    {
        // The service's own check, for a route added without the router's guard: 404 as for an unknown id.
        Router bare;
        LiveLayers live;
        FeatureService service(*m_project, live);
        service.setReadAccess(AccessGuard::readAccess(std::make_shared<const AccessGuard>(config())));
        service.addRoutes(bare);
        HttpRequest r;
        r.method = "GET";
        r.target = r.path = "/collections/towns/items";
        QCOMPARE(bare.dispatch(r).status, 404);
        r.headers.push_back(kToken);
        QCOMPARE(bare.dispatch(r).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestReadAccess)
#include "tst_readaccess.moc"
