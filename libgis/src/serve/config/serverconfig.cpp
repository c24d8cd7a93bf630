// The server config file: tokens (hashes only) and each collection's read and write access. Strict: unknown keys
// and writers that name no token are refused, since a typo in an access rule would silently open or close a
// collection.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/project/json.h"
#include "gis/serve/config.h"

namespace gis::serve {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& path, const std::string& what)
{
    throw Error(ErrorCode::Format, where + ": " + path + ": " + what);
}

void allowKeys(const Json& object, std::initializer_list<std::string_view> keys, const std::string& where,
    const std::string& path)
{
    for (const auto& [key, value] : object.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string list;
            for (const std::string_view k : keys)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(where, path.empty() ? key : path + "." + key, "unknown key (expected " + list + ")");
        }
}

bool isHex64(const std::string& text)
{
    return text.size() == 64
        && std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

CollectionAccess readAccess(const Json& node, const std::set<std::string>& tokenNames, const std::string& where,
    const std::string& path)
{
    if (!node.is_object())
        fail(where, path, "expected {\"read\": \"public\" or \"token\", \"write\": true or false, \"writers\": [...]}");
    allowKeys(node, {"read", "write", "writers"}, where, path);
    CollectionAccess access;
    if (node.contains("read")) {
        const Json& read = node["read"];
        if (read == "public")
            access.read = CollectionAccess::Read::Public;
        else if (read == "token")
            access.read = CollectionAccess::Read::Token;
        else
            fail(where, path + ".read", "expected \"public\" or \"token\"");
    }
    if (node.contains("write")) {
        if (!node["write"].is_boolean())
            fail(where, path + ".write", "expected true or false");
        access.write = node["write"].get<bool>();
    }
    if (node.contains("writers")) {
        const Json& writers = node["writers"];
        if (!writers.is_array())
            fail(where, path + ".writers", "expected an array of token names");
        for (std::size_t i = 0; i < writers.size(); ++i) {
            const std::string at = path + ".writers[" + std::to_string(i) + "]";
            if (!writers[i].is_string())
                fail(where, at, "expected a token name");
            const std::string name = writers[i].get<std::string>();
            if (!tokenNames.count(name))
                fail(where, at, "no token is named \"" + name + "\" in \"tokens\"");
            access.writers.push_back(name);
        }
    }
    return access;
}

} // namespace

const CollectionAccess& ServerConfig::access(const std::string& collectionId) const
{
    const auto it = collections.find(collectionId);
    return it != collections.end() ? it->second : defaults;
}

std::optional<std::string> ServerConfig::tokenName(std::string_view token) const
{
    const std::string hash = sha256Hex(token);
    std::optional<std::string> found;
    for (const TokenEntry& entry : tokens) // no early exit: the time does not tell which entry matched
        if (constantTimeEqual(hash, entry.sha256) && !found)
            found = entry.name;
    return found;
}

ServerConfig parseServerConfig(std::string_view text, const std::string& where)
{
    if (text.size() > ServerConfigLimits::kMaxFileBytes)
        throw Error(ErrorCode::Format, where + ": larger than the limit of "
                + std::to_string(ServerConfigLimits::kMaxFileBytes) + " bytes");
    const Json doc = parseJson(text, where);
    if (!doc.is_object())
        throw Error(ErrorCode::Format, where + ": expected a JSON object");
    allowKeys(doc, {"public_url", "tokens", "collections", "default"}, where, "");
    ServerConfig config;
    if (doc.contains("public_url")) {
        if (!doc["public_url"].is_string())
            fail(where, "public_url", "expected text such as \"https://gis.example.om\"");
        config.publicUrl = doc["public_url"].get<std::string>();
        if (config.publicUrl.rfind("http://", 0) != 0 && config.publicUrl.rfind("https://", 0) != 0)
            fail(where, "public_url", "expected an http:// or https:// URL");
        while (!config.publicUrl.empty() && config.publicUrl.back() == '/')
            config.publicUrl.pop_back();
    }
    std::set<std::string> names;
    if (doc.contains("tokens")) {
        const Json& tokens = doc["tokens"];
        if (!tokens.is_array())
            fail(where, "tokens", "expected an array of {\"name\": ..., \"sha256\": ...}");
        if (tokens.size() > ServerConfigLimits::kMaxTokens)
            fail(where, "tokens", "more than " + std::to_string(ServerConfigLimits::kMaxTokens) + " tokens");
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const std::string at = "tokens[" + std::to_string(i) + "]";
            const Json& t = tokens[i];
            if (!t.is_object())
                fail(where, at, "expected {\"name\": ..., \"sha256\": ...}");
            allowKeys(t, {"name", "sha256"}, where, at);
            if (!t.contains("name") || !t["name"].is_string() || t["name"].get<std::string>().empty())
                fail(where, at + ".name", "expected the token's name");
            if (!t.contains("sha256") || !t["sha256"].is_string() || !isHex64(t["sha256"].get<std::string>()))
                fail(where, at + ".sha256",
                    "expected 64 lower-case hex digits (the SHA-256 of the token: gis serve-token prints it)");
            TokenEntry entry{t["name"].get<std::string>(), t["sha256"].get<std::string>()};
            if (!names.insert(entry.name).second)
                fail(where, at + ".name", "another token is named \"" + entry.name + "\"");
            config.tokens.push_back(std::move(entry));
        }
    }
    if (doc.contains("default"))
        config.defaults = readAccess(doc["default"], names, where, "default");
    if (doc.contains("collections")) {
        const Json& collections = doc["collections"];
        if (!collections.is_object())
            fail(where, "collections", "expected {\"<collection id>\": {...}, ...}");
        if (collections.size() > ServerConfigLimits::kMaxCollections)
            fail(where, "collections",
                "more than " + std::to_string(ServerConfigLimits::kMaxCollections) + " collections");
        for (const auto& [id, node] : collections.items())
            config.collections[id] = readAccess(node, names, where, "collections." + id);
    }
    return config;
}

ServerConfig loadServerConfig(const std::string& path)
{
    return parseServerConfig(readSmallFile(path, ServerConfigLimits::kMaxFileBytes, "server config"), path);
}

} // namespace gis::serve
