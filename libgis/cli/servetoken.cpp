// gis serve-token: the line of the server config file for a token read from stdin, so a token never has to appear
// on a command line (where ps and shell histories would keep it).
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "commands.h"
#include "gis/core/error.h"
#include "gis/serve/config.h"

namespace gis::cli {
namespace {

const char* kHelp = R"(usage: gis serve-token [--name NAME] < token.txt

Reads a bearer token from stdin (one final line break is not part of it) and prints the SHA-256 the server config
file holds for it:
  {"name": "NAME", "sha256": "<64 hex digits>"}
The token itself is never written to the config file (docs/serve.md, "Writing: tokens and transactions").
Exit status: 0, or 2 for an empty token or a usage error.
)";

constexpr std::size_t kMaxTokenBytes = 4096;

} // namespace

int runServeToken(int argc, char** argv)
{
    std::string name = "client";
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::cout << kHelp;
            return 0;
        }
        if (!std::strcmp(argv[i], "--name") && i + 1 < argc) {
            name = argv[++i];
            continue;
        }
        throw Error(ErrorCode::Argument, std::string("unknown option \"") + argv[i] + "\" (see --help)");
    }
    std::string token;
    char buf[1024];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
        token.append(buf, static_cast<std::size_t>(std::cin.gcount()));
        if (token.size() > kMaxTokenBytes)
            throw Error(ErrorCode::Argument, "the token is longer than " + std::to_string(kMaxTokenBytes) + " bytes");
    }
    if (!token.empty() && token.back() == '\n')
        token.pop_back();
    if (!token.empty() && token.back() == '\r')
        token.pop_back();
    if (token.empty())
        throw Error(ErrorCode::Argument, "no token on stdin");
    std::string quoted;
    for (const char c : name)
        quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    std::cout << "{\"name\": \"" << quoted << "\", \"sha256\": \"" << serve::sha256Hex(token) << "\"}\n";
    return 0;
}

} // namespace gis::cli
