// The access guard on a router: the 401/403 matrix of reads and writes by collection and token, through
// Router::dispatch (the guard runs before the handler, which only answers 200 here).

#include <QtTest>

#include <memory>
#include <string>

#include "gis/serve/accessguard.h"
#include "gis/serve/config.h"
#include "gis/serve/http.h"

using namespace gis;
using namespace gis::serve;

namespace {

ServerConfig config()
{
    ServerConfig c;
    c.tokens = {{"field-app", sha256Hex("field-token")}, {"viewer-app", sha256Hex("viewer-token")}};
    c.collections["inspections"] = {CollectionAccess::Read::Public, true, {"field-app"}};
    c.collections["parcels"] = {CollectionAccess::Read::Token, true, {}}; // any token writes
    c.collections["secret"] = {CollectionAccess::Read::Token, false, {}};
    return c; // default: public, not writable
}

} // namespace

class TestAccessGuard : public QObject {
    Q_OBJECT

private slots:
    void matrix_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("collection");
        QTest::addColumn<QString>("authorization");
        QTest::addColumn<int>("status");
        const QString field = "Bearer field-token", viewer = "Bearer viewer-token";
        QTest::newRow("public read, no token") << "GET" << "inspections" << "" << 200;
        QTest::newRow("public read, bad token ignored") << "GET" << "inspections" << "Bearer nope" << 200;
        QTest::newRow("token read, none") << "GET" << "secret" << "" << 401;
        QTest::newRow("token read, unknown") << "GET" << "secret" << "Bearer nope" << 401;
        QTest::newRow("token read, HEAD, none") << "HEAD" << "secret" << "" << 401;
        QTest::newRow("token read, viewer") << "GET" << "secret" << viewer << 200;
        QTest::newRow("token read, scheme any case") << "GET" << "secret" << "bearer viewer-token" << 200;
        QTest::newRow("token read, Basic scheme") << "GET" << "secret" << "Basic dmlld2VyLXRva2Vu" << 401;
        QTest::newRow("write, no token") << "POST" << "inspections" << "" << 401;
        QTest::newRow("write, unknown token") << "POST" << "inspections" << "Bearer field-token2" << 401;
        QTest::newRow("write, empty bearer") << "POST" << "inspections" << "Bearer " << 401;
        QTest::newRow("write, not a writer") << "POST" << "inspections" << viewer << 403;
        QTest::newRow("write, the writer") << "POST" << "inspections" << field << 200;
        QTest::newRow("PUT, not a writer") << "PUT" << "inspections" << viewer << 403;
        QTest::newRow("PATCH, the writer") << "PATCH" << "inspections" << field << 200;
        QTest::newRow("DELETE, no token") << "DELETE" << "inspections" << "" << 401;
        QTest::newRow("write, any token may (no writers listed)") << "POST" << "parcels" << viewer << 200;
        QTest::newRow("write, read-only collection") << "DELETE" << "secret" << field << 403;
        QTest::newRow("write, default collection") << "POST" << "roads" << field << 403;
        QTest::newRow("default read") << "GET" << "roads" << "" << 200;
    }
    void matrix()
    {
        QFETCH(QString, method);
        QFETCH(QString, collection);
        QFETCH(QString, authorization);
        QFETCH(int, status);
        Router router;
        const auto ok = [](HttpRequest&) { return HttpResponse::json("{}"); };
        for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE"})
            router.add(m, "/collections/{collectionId}/items", ok);
        router.setGuard(AccessGuard::guard(config()));
        HttpRequest request;
        request.method = method.toStdString();
        request.path = "/collections/" + collection.toStdString() + "/items";
        request.target = request.path;
        if (!authorization.isEmpty())
            request.headers.emplace_back("authorization", authorization.toStdString());
        const HttpResponse response = router.dispatch(request);
        QCOMPARE(response.status, status);
        bool challenge = false;
        for (const auto& [name, value] : response.headers)
            challenge |= name == "WWW-Authenticate" && QString::fromStdString(value).startsWith("Bearer");
        QCOMPARE(challenge, status == 401);
        if (status >= 400) // the one error shape, and never the token or its hash
            QVERIFY(response.body.find("\"code\"") != std::string::npos);
        QVERIFY(response.body.find(sha256Hex("field-token")) == std::string::npos);
    }

    void tokenName()
    {
        const AccessGuard guard(config());
        HttpRequest request;
        QVERIFY(!guard.tokenName(request));
        request.headers.emplace_back("authorization", "Bearer   field-token");
        QCOMPARE(QString::fromStdString(guard.tokenName(request).value_or("")), QString("field-app"));
    }

    void mayReadIsTheRuleOfTheGuard()
    {
        // mayRead (what the services ask for listings, WMS and tiles) agrees with check() on a {collectionId}
        // route for every collection and every kind of client; readAccess() is the same answer.
        const auto guard = std::make_shared<const AccessGuard>(config());
        const ReadAccess access = AccessGuard::readAccess(guard);
        for (const char* authorization : {"", "Bearer nope", "Bearer viewer-token", "Basic dmlld2VyLXRva2Vu"})
            for (const char* id : {"inspections", "parcels", "secret", "roads", "no-such-layer"}) {
                HttpRequest request;
                request.method = "GET";
                request.pathParams = {{"collectionId", id}};
                if (*authorization)
                    request.headers.emplace_back("authorization", authorization);
                const bool expected = !guard->check(request).has_value();
                QCOMPARE(guard->mayRead(request, id), expected);
                QCOMPARE(access(request, id), expected);
                QCOMPARE(mayRead(access, request, id), expected);
            }
        QVERIFY(mayRead(ReadAccess{}, HttpRequest{}, "secret")); // no config: everything readable
        HttpRequest anonymous;
        QVERIFY(!guard->mayRead(anonymous, "secret"));
        QVERIFY(guard->mayRead(anonymous, "inspections"));
    }
};

QTEST_GUILESS_MAIN(TestAccessGuard)
#include "tst_accessguard.moc"
