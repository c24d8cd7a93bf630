// Router: patterns with placeholders, 404/405 with Allow, HEAD answered by GET (its body kept for the length), the one JSON error
// shape (escaped), handler exceptions, percent-decoding and encoding round trips.

#include <QtTest>

#include "gis/core/error.h"
#include "gis/serve/http.h"

using namespace gis;
using namespace gis::serve;

class TestRouter : public QObject {
    Q_OBJECT

    static HttpRequest request(const std::string& method, const std::string& path)
    {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.target = path;
        return r;
    }

    static Router router()
    {
        Router r;
        r.add("GET", "/", [](HttpRequest&) { return HttpResponse::json("{\"landing\":true}"); });
        r.add("GET", "/collections/{collectionId}/items/{featureId}", [](HttpRequest& q) {
            return HttpResponse::json(*q.pathParam("collectionId") + "/" + *q.pathParam("featureId"));
        });
        r.add("DELETE", "/collections/{collectionId}/items/{featureId}",
            [](HttpRequest&) { return HttpResponse::json("", 204); });
        r.add("GET", "/collections/{collectionId}/items", [](HttpRequest& q) { return HttpResponse::json(*q.pathParam("collectionId")); });
        r.add("GET", "/boom", [](HttpRequest&) -> HttpResponse { throw Error(ErrorCode::Io, "/secret/path.gpkg: broken"); });
        r.add("GET", "/cancelled", [](HttpRequest&) -> HttpResponse { throw Error(ErrorCode::Cancelled, "gone"); });
        return r;
    }

private slots:
    void placeholdersMatchOneSegment()
    {
        const Router r = router();
        HttpRequest q = request("GET", "/collections/towns/items/12");
        HttpResponse a = r.dispatch(q);
        QCOMPARE(a.status, 200);
        QCOMPARE(QString::fromStdString(a.body), QString("towns/12"));
        q = request("GET", "/collections/towns/items");
        QCOMPARE(QString::fromStdString(r.dispatch(q).body), QString("towns"));
        q = request("GET", "/collections//items");
        QCOMPARE(r.dispatch(q).status, 404);
        q = request("GET", "/collections/towns/items/12/extra");
        QCOMPARE(r.dispatch(q).status, 404);
        q = request("GET", "/");
        QCOMPARE(r.dispatch(q).status, 200);
    }

    void wrongMethodIs405WithAllow()
    {
        const Router r = router();
        HttpRequest q = request("PUT", "/collections/towns/items/3");
        const HttpResponse a = r.dispatch(q);
        QCOMPARE(a.status, 405);
        bool found = false;
        for (const auto& [name, value] : a.headers)
            if (name == "Allow") {
                found = true;
                QCOMPARE(QString::fromStdString(value), QString("GET, DELETE"));
            }
        QVERIFY(found);
    }

    void headUsesGetAndKeepsItsBodyForTheLength()
    {
        // The server sends a HEAD answer's Content-Length from this body and drops the body (tst_httpserver).
        const Router r = router();
        HttpRequest q = request("HEAD", "/");
        const HttpResponse a = r.dispatch(q);
        HttpRequest g = request("GET", "/");
        const HttpResponse b = r.dispatch(g);
        QCOMPARE(a.status, 200);
        QVERIFY(!b.body.empty());
        QCOMPARE(a.body, b.body);
    }

    void errorsAreEscapedJson()
    {
        const HttpResponse a = HttpResponse::error(400, "InvalidParameterValue", "bad \"limit\"\n\x01");
        QCOMPARE(a.status, 400);
        QCOMPARE(QString::fromStdString(a.contentType), QString("application/json"));
        QCOMPARE(QString::fromStdString(a.body),
            QString("{\"code\":\"InvalidParameterValue\",\"description\":\"bad \\\"limit\\\"\\n\\u0001\"}"));
    }

    void handlerErrorsPropagateButCancelIs499()
    {
        const Router r = router();
        HttpRequest q = request("GET", "/boom");
        QVERIFY_THROWS_EXCEPTION(Error, r.dispatch(q)); // the server turns it into a 500 without the message
        q = request("GET", "/cancelled");
        QCOMPARE(r.dispatch(q).status, 499);
    }

    void percentCoding()
    {
        QCOMPARE(QString::fromStdString(percentDecode("a%20b+c", true)), QString("a b c"));
        QCOMPARE(QString::fromStdString(percentDecode("a%20b+c", false)), QString("a b+c"));
        QVERIFY_THROWS_EXCEPTION(Error, percentDecode("%4", false));
        QVERIFY_THROWS_EXCEPTION(Error, percentDecode("%zz", false));
        const std::string arabic = "نزوى/١ ?&=";
        QCOMPARE(QString::fromStdString(percentDecode(percentEncode(arabic), false)), QString::fromStdString(arabic));
        QCOMPARE(QString::fromStdString(percentEncode("a-b_c.d~e f")), QString("a-b_c.d~e%20f"));
    }

    void guardRunsAfterMatchingWithPathParams()
    {
        Router r = router();
        std::string seen;
        r.setGuard([&](const HttpRequest& q) -> std::optional<HttpResponse> {
            seen = q.pathParam("collectionId") ? *q.pathParam("collectionId") : "-";
            if (q.method == "DELETE")
                return HttpResponse::error(401, "Unauthorized", "a bearer token is needed to write");
            return std::nullopt;
        });
        HttpRequest q = request("DELETE", "/collections/towns/items/3");
        QCOMPARE(r.dispatch(q).status, 401);
        QCOMPARE(QString::fromStdString(seen), QString("towns"));
        q = request("GET", "/collections/roads/items/3");
        QCOMPARE(r.dispatch(q).status, 200);
        QCOMPARE(QString::fromStdString(seen), QString("roads"));
        seen.clear();
        q = request("GET", "/nowhere");
        QCOMPARE(r.dispatch(q).status, 404); // unmatched paths never reach the guard
        QVERIFY(seen.empty());
    }

    void patternsMustBeAbsolute()
    {
        Router r;
        QVERIFY_THROWS_EXCEPTION(Error, r.add("GET", "collections", [](HttpRequest&) { return HttpResponse{}; }));
    }
};

QTEST_APPLESS_MAIN(TestRouter)
#include "tst_router.moc"
