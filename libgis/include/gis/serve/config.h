#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis::serve {

/// A token the server accepts: its name (what the config's "writers" lists and logs show) and the SHA-256 of the
/// token's bytes in lower-case hex. The file holds hashes only, never a token.
struct TokenEntry {
    std::string name;
    std::string sha256;
};

/// Who may read and write one collection.
struct CollectionAccess {
    enum class Read : std::uint8_t {
        Public, ///< anyone
        Token,  ///< any token of the config
    };
    Read read = Read::Public;
    bool write = false;
    /// Token names that may write when `write`; empty: every token of the config may.
    std::vector<std::string> writers;
};

/// The server's config file (docs/serve.md, "Writing: tokens and transactions"):
///     {"public_url": "https://gis.example.om", "tokens": [{"name": "inspections-app", "sha256": "<64 hex>"}],
///      "collections": {"inspections": {"read": "public", "write": true, "writers": ["inspections-app"]}},
///      "default": {"read": "public", "write": false}}
/// A default-constructed config is the server without a config file: everything readable, nothing writable.
/// A plain value: any thread may read it.
struct ServerConfig {
    std::string publicUrl;
    std::vector<TokenEntry> tokens;
    std::map<std::string, CollectionAccess> collections;
    CollectionAccess defaults;

    /// The collection's entry, or `defaults` for a collection the file does not name.
    const CollectionAccess& access(const std::string& collectionId) const;
    /// The name of the token whose hash is SHA-256(`token`), or nothing. Compares every entry in constant time.
    std::optional<std::string> tokenName(std::string_view token) const;
};

/// Limits of the config file, answered with an error naming the file.
struct ServerConfigLimits {
    static constexpr std::size_t kMaxFileBytes = 1 << 20;
    static constexpr std::size_t kMaxTokens = 1000;
    static constexpr std::size_t kMaxCollections = 10000;
};

/// Reads and checks a config file. Throws Error(Io) for a missing or too large file, Error(Format) naming the file
/// and the JSON path ("serve.json: tokens[1].sha256: expected 64 hex digits") for anything wrong in it: unknown
/// keys, a writer that names no token, a duplicate token name.
ServerConfig loadServerConfig(const std::string& path);
/// The same from text; `where` names it in errors.
ServerConfig parseServerConfig(std::string_view text, const std::string& where);

/// SHA-256 of `bytes` as 64 lower-case hex digits (FIPS 180-4). Any thread.
std::string sha256Hex(std::string_view bytes);
/// True when `a` and `b` are equal, in a time that depends on their lengths only (comparing token hashes without
/// telling an attacker how many leading bytes matched).
bool constantTimeEqual(std::string_view a, std::string_view b);

} // namespace gis::serve

GIS_API_END
