// Fuzz target: the text naming a PostgreSQL source (data: gis/data/postgis.h) — what a project file, the command line
// or a server's configuration hands to the connection layer before anything connects. Any text is recognised or not,
// parsed or refused with gis::Error; displayName shows what libpq parses keyword by keyword, the password as "***";
// a source a project may name has exactly one keyword, service. Nothing here connects.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "gis/core/error.h"
#include "gis/data/postgis.h"

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fuzz_pgsource: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const bool isPg = gis::pg::isPostgresSource(text);
    const std::string conninfo = gis::pg::connectionString(text);
    const std::string shown = gis::pg::displayName(text);
    std::map<std::string, std::string> keywords;
    bool parsed = false;
    try {
        keywords = gis::pg::connectionKeywords(conninfo);
        parsed = true;
    } catch (const gis::Error&) {
    }
    if (parsed && isPg) {
        // What parses is shown keyword by keyword as libpq read it, the password (if any) as "***".
        std::map<std::string, std::string> shownKeywords;
        try {
            shownKeywords = gis::pg::connectionKeywords(gis::pg::connectionString(shown));
        } catch (const gis::Error&) {
            fail("displayName of a source libpq parses does not parse");
        }
        auto expected = keywords;
        if (expected.count("password"))
            expected["password"] = "***";
        if (shownKeywords != expected)
            fail("displayName changed a keyword other than the password, or kept the password");
    }
    const std::string problem = gis::pg::projectSourceProblem(text);
    if (problem.empty()) {
        if (!isPg || !parsed || keywords.size() != 1 || keywords.count("service") != 1)
            fail("a project may name this source although it is more than a service");
    }
    try {
        gis::pg::quoteIdentifier(text);
    } catch (const gis::Error&) {
    }
    return 0;
}
