#include "gis/project/classify.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "gis/core/error.h"

// Colour ramps. The ColorBrewer schemes are Cynthia A. Brewer's (ColorBrewer 2.0, Pennsylvania State
// University, Apache License 2.0): for a count the scheme has natively, its own colours are returned, because a
// sequential 5-class scheme is not 5 samples of the 9-class one. Viridis is matplotlib's (CC0), 256 samples.

namespace gis {

namespace {

struct BrewerScheme {
    enum class Kind { Sequential, Diverging, Qualitative };
    const char* name;
    Kind kind;
    std::vector<const char*> byCount; // sequential/diverging: 3, 4, ... classes; qualitative: one list, the largest
};
using Kind = BrewerScheme::Kind;

// Sequential and diverging: the scheme for 3, 4, ... classes, each a run of RRGGBB.
const std::vector<BrewerScheme>& brewerSchemes()
{
    static const std::vector<BrewerScheme> schemes = {
        {"YlOrRd", Kind::Sequential, {
            "ffeda0feb24cf03b20",
            "ffffb2fecc5cfd8d3ce31a1c",
            "ffffb2fecc5cfd8d3cf03b20bd0026",
            "ffffb2fed976feb24cfd8d3cf03b20bd0026",
            "ffffb2fed976feb24cfd8d3cfc4e2ae31a1cb10026",
            "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cb10026",
            "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cbd0026800026",
        }},
        {"YlGnBu", Kind::Sequential, {
            "edf8b17fcdbb2c7fb8",
            "ffffcca1dab441b6c4225ea8",
            "ffffcca1dab441b6c42c7fb8253494",
            "ffffccc7e9b47fcdbb41b6c42c7fb8253494",
            "ffffccc7e9b47fcdbb41b6c41d91c0225ea80c2c84",
            "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea80c2c84",
            "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea8253494081d58",
        }},
        {"Blues", Kind::Sequential, {
            "deebf79ecae13182bd",
            "eff3ffbdd7e76baed62171b5",
            "eff3ffbdd7e76baed63182bd08519c",
            "eff3ffc6dbef9ecae16baed63182bd08519c",
            "eff3ffc6dbef9ecae16baed64292c62171b5084594",
            "f7fbffdeebf7c6dbef9ecae16baed64292c62171b5084594",
            "f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b",
        }},
        {"Greens", Kind::Sequential, {
            "e5f5e0a1d99b31a354",
            "edf8e9bae4b374c476238b45",
            "edf8e9bae4b374c47631a354006d2c",
            "edf8e9c7e9c0a1d99b74c47631a354006d2c",
            "edf8e9c7e9c0a1d99b74c47641ab5d238b45005a32",
            "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45005a32",
            "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45006d2c00441b",
        }},
        {"Reds", Kind::Sequential, {
            "fee0d2fc9272de2d26",
            "fee5d9fcae91fb6a4acb181d",
            "fee5d9fcae91fb6a4ade2d26a50f15",
            "fee5d9fcbba1fc9272fb6a4ade2d26a50f15",
            "fee5d9fcbba1fc9272fb6a4aef3b2ccb181d99000d",
            "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181d99000d",
            "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181da50f1567000d",
        }},
        {"Oranges", Kind::Sequential, {
            "fee6cefdae6be6550d",
            "feeddefdbe85fd8d3cd94701",
            "feeddefdbe85fd8d3ce6550da63603",
            "feeddefdd0a2fdae6bfd8d3ce6550da63603",
            "feeddefdd0a2fdae6bfd8d3cf16913d948018c2d04",
            "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d948018c2d04",
            "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d94801a636037f2704",
        }},
        {"Purples", Kind::Sequential, {
            "efedf5bcbddc756bb1",
            "f2f0f7cbc9e29e9ac86a51a3",
            "f2f0f7cbc9e29e9ac8756bb154278f",
            "f2f0f7dadaebbcbddc9e9ac8756bb154278f",
            "f2f0f7dadaebbcbddc9e9ac8807dba6a51a34a1486",
            "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a34a1486",
            "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a354278f3f007d",
        }},
        {"RdYlGn", Kind::Diverging, {
            "fc8d59ffffbf91cf60",
            "d7191cfdae61a6d96a1a9641",
            "d7191cfdae61ffffbfa6d96a1a9641",
            "d73027fc8d59fee08bd9ef8b91cf601a9850",
            "d73027fc8d59fee08bffffbfd9ef8b91cf601a9850",
            "d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850",
            "d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850",
            "a50026d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850006837",
            "a50026d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850006837",
        }},
        {"Spectral", Kind::Diverging, {
            "fc8d59ffffbf99d594",
            "d7191cfdae61abdda42b83ba",
            "d7191cfdae61ffffbfabdda42b83ba",
            "d53e4ffc8d59fee08be6f59899d5943288bd",
            "d53e4ffc8d59fee08bffffbfe6f59899d5943288bd",
            "d53e4ff46d43fdae61fee08be6f598abdda466c2a53288bd",
            "d53e4ff46d43fdae61fee08bffffbfe6f598abdda466c2a53288bd",
            "9e0142d53e4ff46d43fdae61fee08be6f598abdda466c2a53288bd5e4fa2",
            "9e0142d53e4ff46d43fdae61fee08bffffbfe6f598abdda466c2a53288bd5e4fa2",
        }},
        {"RdBu", Kind::Diverging, {
            "ef8a62f7f7f767a9cf",
            "ca0020f4a58292c5de0571b0",
            "ca0020f4a582f7f7f792c5de0571b0",
            "b2182bef8a62fddbc7d1e5f067a9cf2166ac",
            "b2182bef8a62fddbc7f7f7f7d1e5f067a9cf2166ac",
            "b2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac",
            "b2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac",
            "67001fb2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac053061",
            "67001fb2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac053061",
        }},
        {"Set1", Kind::Qualitative, {"e41a1c377eb84daf4a984ea3ff7f00ffff33a65628f781bf999999"}},
        {"Set2", Kind::Qualitative, {"66c2a5fc8d628da0cbe78ac3a6d854ffd92fe5c494b3b3b3"}},
        {"Set3", Kind::Qualitative, {"8dd3c7ffffb3bebadafb807280b1d3fdb462b3de69fccde5d9d9d9bc80bdccebc5ffed6f"}},
        {"Paired", Kind::Qualitative, {"a6cee31f78b4b2df8a33a02cfb9a99e31a1cfdbf6fff7f00cab2d66a3d9affff99b15928"}},
        {"Dark2", Kind::Qualitative, {"1b9e77d95f027570b3e7298a66a61ee6ab02a6761d666666"}},
        {"Pastel1", Kind::Qualitative, {"fbb4aeb3cde3ccebc5decbe4fed9a6ffffcce5d8bdfddaecf2f2f2"}},
    };
    return schemes;
}

const char* const kViridis =
    "44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769"
    "48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a"
    "472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85"
    "4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b"
    "3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d"
    "33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e"
    "2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e"
    "26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d"
    "21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88"
    "1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81"
    "28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74"
    "3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863"
    "5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d"
    "84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32"
    "addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a"
    "d8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725";

Color parseHex(const char* sixDigits)
{
    const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    const auto byte = [&](int i) { return nibble(sixDigits[i]) * 16 + nibble(sixDigits[i + 1]); };
    return Color(byte(0), byte(2), byte(4));
}

std::vector<Color> parseRun(const char* run)
{
    std::vector<Color> colors;
    for (std::size_t i = 0; run[i] != 0; i += 6)
        colors.push_back(parseHex(run + i));
    return colors;
}

// `count` colours spread evenly over the stops, linearly interpolated in RGB (first and last stops kept).
std::vector<Color> interpolate(const std::vector<Color>& stops, int count)
{
    std::vector<Color> out;
    out.reserve(static_cast<std::size_t>(count));
    if (count == 1) {
        out.push_back(stops[stops.size() / 2]);
        return out;
    }
    for (int i = 0; i < count; ++i) {
        const double t = static_cast<double>(i) / (count - 1) * static_cast<double>(stops.size() - 1);
        const std::size_t lo = std::min(static_cast<std::size_t>(t), stops.size() - 1);
        const std::size_t hi = std::min(lo + 1, stops.size() - 1);
        const double f = t - static_cast<double>(lo);
        const auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
        out.emplace_back(mix(stops[lo].red, stops[hi].red), mix(stops[lo].green, stops[hi].green),
            mix(stops[lo].blue, stops[hi].blue));
    }
    return out;
}

std::vector<Color> brewer(const BrewerScheme& scheme, int count)
{
    if (scheme.kind == Kind::Qualitative) {
        const std::vector<Color> all = parseRun(scheme.byCount.front());
        if (count <= static_cast<int>(all.size()))
            return {all.begin(), all.begin() + count};
        return interpolate(all, count);
    }
    const int smallest = 3;
    const int largest = smallest + static_cast<int>(scheme.byCount.size()) - 1;
    if (count >= smallest && count <= largest)
        return parseRun(scheme.byCount[static_cast<std::size_t>(count - smallest)]);
    if (count < smallest) {
        // One or two classes: the ends (or the middle) of the 3-class scheme, which are made to be told apart.
        const std::vector<Color> three = parseRun(scheme.byCount.front());
        return count == 1 ? std::vector<Color>{three[1]} : std::vector<Color>{three[0], three[2]};
    }
    return interpolate(parseRun(scheme.byCount.back()), count);
}

bool sameName(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

std::vector<Color> colorRamp(std::string_view name, int count)
{
    if (count < 0)
        throw Error(ErrorCode::Argument, "colour ramp \"" + std::string(name) + "\": negative count");
    if (count == 0)
        return {};
    for (const BrewerScheme& scheme : brewerSchemes())
        if (sameName(name, scheme.name))
            return brewer(scheme, count);
    if (sameName(name, "Greys")) // black to white, as a single-band raster expects
        return interpolate({Color(0, 0, 0), Color(255, 255, 255)}, count);
    if (sameName(name, "Viridis"))
        return interpolate(parseRun(kViridis), count);
    if (sameName(name, "Terrain")) // lowlands green, then yellow, brown, snow
        return interpolate({Color(0x1a, 0x96, 0x41), Color(0x8c, 0xc8, 0x5a), Color(0xf0, 0xe6, 0x8c),
                               Color(0xc8, 0x96, 0x5a), Color(0x8c, 0x5a, 0x32), Color(0xff, 0xff, 0xff)},
            count);
    std::string known;
    for (const std::string& n : colorRampNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error(ErrorCode::Argument, "unknown colour ramp \"" + std::string(name) + "\" (known: " + known + ")");
}

std::vector<std::string> colorRampNames()
{
    std::vector<std::string> names;
    for (const BrewerScheme& scheme : brewerSchemes())
        names.emplace_back(scheme.name);
    names.insert(names.end(), {"Greys", "Viridis", "Terrain"});
    return names;
}

} // namespace gis
