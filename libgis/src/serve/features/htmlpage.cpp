// The HTML pages: one renderer for every resource, walking its JSON document, so that the page and the JSON
// can never say different things. Every value passes through escape().
#include <cstdint>
#include <set>
#include <string>

#include "servicestate.h"

namespace gis::detail {
namespace {

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string text(const OJson& value)
{
    if (value.is_string())
        return escape(value.get<std::string>());
    if (value.is_null())
        return "";
    return escape(value.dump(-1, ' ', false, OJson::error_handler_t::replace));
}

// Only http(s) links become anchors: a document's hrefs are the server's own, but a value is never trusted.
std::string anchor(const OJson& href, const std::string& label)
{
    const std::string h = href.is_string() ? href.get<std::string>() : std::string();
    if (h.rfind("http://", 0) != 0 && h.rfind("https://", 0) != 0)
        return escape(label);
    return "<a href=\"" + escape(h) + "\">" + escape(label) + "</a>";
}

struct Words {
    const char* links;
    const char* collections;
    const char* features;
    const char* properties;
    const char* conformance;
    const char* matched;
    const char* geometry;
};

const Words& words(Language language)
{
    static const Words en{"Links", "Collections", "Features", "Properties", "Conformance classes",
        "Features matched", "Geometry"};
    static const Words ar{"الروابط", "المجموعات", "العناصر", "الخصائص", "فئات المطابقة", "عدد العناصر المطابقة",
        "الشكل الهندسي"};
    return language == Language::Ar ? ar : en;
}

void linksList(std::string& html, const OJson& links, const Words& w)
{
    if (!links.is_array() || links.empty())
        return;
    html += "<h2>" + std::string(w.links) + "</h2>\n<ul>\n";
    for (const OJson& l : links) {
        const std::string label = l.value("title", l.value("rel", std::string()));
        html += "<li>" + anchor(l.value("href", OJson()), label) + " <small>(" + text(l.value("rel", OJson())) + ", "
            + text(l.value("type", OJson())) + ")</small></li>\n";
    }
    html += "</ul>\n";
}

OJson hrefOf(const OJson& links, const std::string& rel)
{
    if (links.is_array())
        for (const OJson& l : links)
            if (l.value("rel", std::string()) == rel && l.value("type", std::string()) != "text/html")
                return l.value("href", OJson());
    return {};
}

void propertiesTable(std::string& html, const OJson& feature, const Words& w)
{
    html += "<table>\n<tr><th>id</th><td>" + text(feature.value("id", OJson())) + "</td></tr>\n";
    const OJson& geometry = feature.value("geometry", OJson());
    html += "<tr><th>" + std::string(w.geometry) + "</th><td>"
        + (geometry.is_object() ? text(geometry.value("type", OJson())) : std::string()) + "</td></tr>\n";
    if (feature.contains("properties") && feature["properties"].is_object())
        for (const auto& [name, value] : feature["properties"].items())
            html += "<tr><th>" + escape(name) + "</th><td>" + text(value) + "</td></tr>\n";
    html += "</table>\n";
}

// `itemsBase`: the collection's URL, for a link from each row to its feature's page ("" for none).
void featuresTable(std::string& html, const OJson& features, const Words& w, const std::string& itemsBase,
    const std::string& lang)
{
    html += "<h2>" + std::string(w.features) + "</h2>\n<table>\n<tr><th>id</th>";
    std::vector<std::string> names;
    if (!features.empty() && features[0].contains("properties"))
        for (const auto& [name, value] : features[0]["properties"].items())
            names.push_back(name);
    for (const std::string& name : names)
        html += "<th>" + escape(name) + "</th>";
    html += "</tr>\n";
    for (const OJson& f : features) {
        const OJson id = f.value("id", OJson());
        const std::string idText = id.is_number_integer() ? std::to_string(id.get<std::int64_t>()) : std::string();
        html += "<tr><td>"
            + (itemsBase.empty() || idText.empty()
                    ? text(id)
                    : anchor(OJson(itemsBase + "/items/" + idText + "?f=html&lang=" + lang), idText))
            + "</td>";
        for (const std::string& name : names)
            html += "<td>" + text(f["properties"].value(name, OJson())) + "</td>";
        html += "</tr>\n";
    }
    html += "</table>\n";
}

} // namespace

std::string htmlPage(const OJson& document, Language language, const std::string& title)
{
    const bool ar = language == Language::Ar;
    const Words& w = words(language);
    std::string html = std::string("<!DOCTYPE html>\n<html lang=\"") + (ar ? "ar" : "en") + "\" dir=\""
        + (ar ? "rtl" : "ltr") + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:start}</style>\n</head>\n<body>\n<h1>"
        + escape(title) + "</h1>\n";
    // Both titles, the page's language first.
    if (document.contains("title_en") && document.contains("title_ar")) {
        const OJson& first = document[ar ? "title_ar" : "title_en"];
        const OJson& second = document[ar ? "title_en" : "title_ar"];
        html += "<p lang=\"" + std::string(ar ? "ar" : "en") + "\">" + text(first) + "</p>\n<p lang=\""
            + (ar ? "en" : "ar") + "\" dir=\"" + (ar ? "ltr" : "rtl") + "\">" + text(second) + "</p>\n";
    }
    if (document.contains("description"))
        html += "<p>" + text(document["description"]) + "</p>\n";
    if (document.contains("numberMatched"))
        html += "<p>" + std::string(w.matched) + ": " + text(document["numberMatched"]) + "</p>\n";
    if (document.contains("conformsTo")) {
        html += "<h2>" + std::string(w.conformance) + "</h2>\n<ul>\n";
        for (const OJson& uri : document["conformsTo"])
            html += "<li>" + text(uri) + "</li>\n";
        html += "</ul>\n";
    }
    if (document.contains("collections")) {
        html += "<h2>" + std::string(w.collections) + "</h2>\n<ul>\n";
        for (const OJson& c : document["collections"]) {
            const OJson href = hrefOf(c.value("links", OJson()), "self");
            html += "<li>" + anchor(href.is_string() ? OJson(href.get<std::string>() + "?f=html&lang=" + (ar ? "ar" : "en")) : href,
                        c.value("title", std::string())) + " <small>(" + text(c.value("id", OJson())) + ")</small></li>\n";
        }
        html += "</ul>\n";
    }
    if (document.value("type", std::string()) == "Feature")
        propertiesTable(html, document, w);
    if (document.contains("features")) {
        const OJson collection = hrefOf(document.value("links", OJson()), "collection");
        featuresTable(html, document["features"], w, collection.is_string() ? collection.get<std::string>() : "",
            ar ? "ar" : "en");
    }
    if (document.contains("paths")) // the OpenAPI document: its paths
        for (const auto& [path, item] : document["paths"].items())
            html += "<p><code>GET " + escape(path) + "</code> " + text(item.value("get", OJson()).value("summary", OJson()))
                + "</p>\n";
    linksList(html, document.value("links", OJson()), w);
    return html + "</body>\n</html>\n";
}

} // namespace gis::detail
