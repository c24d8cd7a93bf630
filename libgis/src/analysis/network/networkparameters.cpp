// The parameters every network algorithm takes (cost, speeds, default speed, class and one-way fields, snap), their
// schema in English and Arabic, and how their values are read.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "gis/core/error.h"

#include "graph.h"

namespace gis::analysis::detail {

namespace {

std::string trim(const std::string& s)
{
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos)
        return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

std::map<std::string, double> parseSpeeds(const std::string& text, const std::string& algorithmId)
{
    std::map<std::string, double> out;
    if (text.size() > kMaxListText || static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) >= kMaxListItems)
        throw Error(ErrorCode::Argument, algorithmId + ": --speeds: more than " + std::to_string(kMaxListItems)
                + " classes or " + std::to_string(kMaxListText) + " characters");
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = trim(text.substr(start, comma - start));
        start = comma + 1;
        if (item.empty())
            continue;
        const std::size_t colon = item.rfind(':');
        const auto bad = [&](const std::string& why) {
            return Error(ErrorCode::Argument, algorithmId + ": --speeds \"" + text + "\": \"" + item + "\" " + why
                    + " (expected class:km/h pairs, e.g. \"motorway:100,primary:80\")");
        };
        if (colon == std::string::npos)
            throw bad("has no speed");
        const std::string name = trim(item.substr(0, colon));
        const std::string number = trim(item.substr(colon + 1));
        char* end = nullptr;
        const double v = std::strtod(number.c_str(), &end);
        if (name.empty() || number.empty() || end != number.c_str() + number.size() || !std::isfinite(v) || v <= 0)
            throw bad("is not a class and a speed above 0 km/h");
        out[name] = v;
    }
    return out;
}

int onewayDirection(const std::string& value)
{
    const std::string v = lower(trim(value));
    if (v == "yes" || v == "1" || v == "true")
        return 1;
    if (v == "-1")
        return -1;
    return 0;
}

void addNetworkParameters(AlgorithmInfo& info)
{
    Parameter cost = Parameter::make("cost", ParameterType::Choice, "Cost", "الكلفة",
        "length (metres) or time (minutes at the speed of each road's class)",
        "length (بالأمتار) أو time (بالدقائق حسب سرعة فئة كل طريق)");
    cost.defaultValue = "length";
    cost.choices = {"length", "time"};
    cost.choiceTitles = {{"Length", "الطول"}, {"Travel time", "زمن السفر"}};
    Parameter speeds = Parameter::make("speeds", ParameterType::Text, "Speeds by class", "السرعات حسب الفئة",
        "class:km/h pairs for cost time, e.g. motorway:100,primary:80",
        "أزواج الفئة:كم/س لكلفة الزمن، مثل motorway:100,primary:80");
    speeds.defaultValue = "motorway:100,trunk:90,primary:80,secondary:60,tertiary:50,residential:30,track:20";
    Parameter defaultSpeed = Parameter::make("default-speed", ParameterType::Number, "Default speed", "السرعة الافتراضية",
        "km/h of a road whose class is not in --speeds", "السرعة (كم/س) لطريق فئته ليست في --speeds");
    defaultSpeed.defaultValue = "50";
    defaultSpeed.minimum = 0.1;
    defaultSpeed.maximum = 1000;
    defaultSpeed.unit = "km/h";
    Parameter classField = Parameter::make("class-field", ParameterType::Field, "Class field", "حقل الفئة",
        "the field holding each road's class (default: \"class\" when the layer has it)",
        "الحقل الذي يحمل فئة كل طريق (افتراضياً \"class\" إن وُجد)");
    Parameter oneway = Parameter::make("oneway-field", ParameterType::Field, "One-way field", "حقل الاتجاه الواحد",
        "yes/1/true: one way in the line's direction; -1: against it; anything else: both ways",
        "yes/1/true: اتجاه واحد باتجاه الخط؛ ‎-1: عكسه؛ غير ذلك: الاتجاهان");
    Parameter snap = Parameter::make("snap", ParameterType::Number, "Snap tolerance", "مسافة الالتقاط",
        "vertices of different lines closer than this are joined into one node, in metres",
        "رؤوس الخطوط المختلفة الأقرب من هذه المسافة تُدمج في عقدة واحدة، بالأمتار");
    snap.defaultValue = "1";
    snap.minimum = 0;
    snap.maximum = 100;
    snap.unit = "m";
    for (Parameter* p : {&cost, &speeds, &defaultSpeed, &classField, &oneway, &snap})
        info.parameters.push_back(std::move(*p));
}

NetworkOptions networkOptions(const AlgorithmInfo& info, const ParameterValues& values, const Layer& roads)
{
    NetworkOptions o;
    o.snapMetres = values.number("snap");
    o.cost = values.text("cost") == "time" ? NetworkCost::Time : NetworkCost::Length;
    o.speeds = parseSpeeds(values.text("speeds"), info.id);
    o.defaultSpeed = values.number("default-speed");
    o.classField = values.text("class-field");
    if (o.classField.empty() && roads.attributes().indexOf("class") >= 0)
        o.classField = "class";
    o.onewayField = values.text("oneway-field");
    return o;
}

} // namespace gis::analysis::detail
