// Fuzz target: the edit journal's parser (data: gis::detail::parseJournal). Any bytes parse without a crash, within
// the documented bounds; what parses re-encodes (encodeRecord, frameRecord) to a journal that parses to the same
// records, and a good journal cut anywhere parses to a prefix of its records (a torn tail is dropped, never misread).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "edit/editjournal.h"

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fuzz_editjournal: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis::detail;
    const JournalContents parsed = parseJournal(data, size);
    if (parsed.validBytes > size || parsed.records.size() != parsed.ends.size())
        fail("validBytes or ends out of range");
    if (parsed.tornTail != (parsed.validBytes < size))
        fail("tornTail disagrees with validBytes");
    std::string again(kJournalMagic, 8);
    for (const auto& r : parsed.records)
        again += frameRecord(r);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(again.data());
    const JournalContents reparsed = parseJournal(bytes, again.size());
    if (reparsed.tornTail || reparsed.records.size() != parsed.records.size())
        fail("a re-encoded journal does not parse whole");
    for (std::size_t i = 0; i < parsed.records.size(); ++i)
        if (encodeRecord(parsed.records[i]) != encodeRecord(reparsed.records[i]))
            fail("a record changed in a round trip");
    // Cut the re-encoded journal in the middle of its last record: every earlier record, nothing more.
    if (!reparsed.records.empty()) {
        const std::size_t cut = again.size() - 1;
        const JournalContents torn = parseJournal(bytes, cut);
        if (torn.records.size() != reparsed.records.size() - 1 || !torn.tornTail)
            fail("a torn last record was not dropped");
    }
    return 0;
}
