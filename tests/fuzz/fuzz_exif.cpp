// Fuzz target: the EXIF date-time reader that fills a photo's taken time when it is attached
// (gis::detail::readExifTimeTags / readExifTime, data/edit/exif.h). Any bytes: never a crash or a read outside them;
// the tags read are no longer than the input; a time read is what the tags say (DateTimeOriginal, else DateTime,
// each with its offset), its offset within ±14 h, and reading twice gives the same answer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "edit/exif.h"

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fuzz_exif: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis::detail;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto tags = readExifTimeTags(bytes);
    const auto time = readExifTime(bytes);
    if (!tags) {
        if (time)
            fail("a time without tags");
        return 0;
    }
    for (const auto* tag : {&tags->dateTimeOriginal, &tags->offsetTimeOriginal, &tags->dateTime, &tags->offsetTime})
        if (tag->size() >= size || tag->find('\0') != std::string::npos)
            fail("a tag longer than the input or holding a NUL");
    const auto original = parseExifDateTime(tags->dateTimeOriginal);
    const auto fallback = parseExifDateTime(tags->dateTime);
    if (time.has_value() != (original || fallback))
        fail("a time when the tags hold none, or none when they hold one");
    if (!time)
        return 0;
    const auto wall = original ? *original : *fallback;
    const auto offset = parseExifOffset(original ? tags->offsetTimeOriginal : tags->offsetTime);
    if (time->original != original.has_value() || time->offsetMinutes != offset)
        fail("the time does not come from the tag it should");
    if (offset && (*offset < -14 * 60 || *offset > 14 * 60))
        fail("an offset past 14 hours");
    if (time->ms != wall - std::int64_t(offset.value_or(0)) * 60'000)
        fail("the instant is not the wall-clock time minus its offset");
    const auto again = readExifTime(bytes);
    if (!again || again->ms != time->ms || again->offsetMinutes != time->offsetMinutes)
        fail("a second reading differs");
    return 0;
}
