#include "reclasstable.h"

#include <charconv>
#include <cmath>
#include <string>

#include "gis/core/error.h"

namespace gis::analysis::detail {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// A whole finite number, or nullopt.
std::optional<double> number(std::string_view s)
{
    s = trim(s);
    if (s.empty())
        return std::nullopt;
    if (s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

[[noreturn]] void bad(std::size_t index, std::string_view rule, const std::string& why)
{
    std::string shown(rule.substr(0, 40));
    if (rule.size() > 40)
        shown += "...";
    throw Error(ErrorCode::Argument, "--table: rule " + std::to_string(index + 1) + " \"" + shown + "\": " + why);
}

ReclassRule parseRule(std::size_t index, std::string_view rule)
{
    const std::size_t colon = rule.rfind(':');
    if (colon == std::string_view::npos)
        bad(index, rule, "no ':' between the values and what they become (\"0-500:1\")");
    const std::string_view lhs = trim(rule.substr(0, colon));
    const std::string_view rhs = trim(rule.substr(colon + 1));
    ReclassRule r;
    if (rhs == "nodata") {
        r.value = std::nullopt;
    } else if (const auto v = number(rhs)) {
        r.value = *v;
    } else {
        bad(index, rule, "\"" + std::string(rhs.substr(0, 40)) + "\" is not a number or nodata");
    }
    if (lhs.empty())
        bad(index, rule, "no value or range before ':'");

    std::string_view lowText, highText;
    if (lhs.front() == '=') { // "=-5": exactly this value, whatever its sign
        const auto v = number(lhs.substr(1));
        if (!v)
            bad(index, rule, "\"" + std::string(lhs.substr(1, 40)) + "\" is not a number");
        r.exact = true;
        r.low = *v;
        return r;
    }
    if (const std::size_t dots = lhs.find(".."); dots != std::string_view::npos) { // "-100..-50": signed ends
        lowText = lhs.substr(0, dots);
        highText = lhs.substr(dots + 2);
    } else if (const std::size_t dash = lhs.find('-'); dash != std::string_view::npos) { // "0-500", "1000-", "-500"
        lowText = lhs.substr(0, dash);
        highText = lhs.substr(dash + 1);
    } else { // "5": exactly this value
        const auto v = number(lhs);
        if (!v)
            bad(index, rule, "\"" + std::string(lhs.substr(0, 40)) + "\" is not a number");
        r.exact = true;
        r.low = *v;
        return r;
    }
    r.lowOpen = trim(lowText).empty();
    r.highOpen = trim(highText).empty();
    if (r.lowOpen && r.highOpen)
        bad(index, rule, "a range needs at least one end");
    if (!r.lowOpen) {
        const auto v = number(lowText);
        if (!v)
            bad(index, rule, "\"" + std::string(trim(lowText).substr(0, 40)) + "\" is not a number");
        r.low = *v;
    }
    if (!r.highOpen) {
        const auto v = number(highText);
        if (!v)
            bad(index, rule, "\"" + std::string(trim(highText).substr(0, 40)) + "\" is not a number");
        r.high = *v;
    }
    if (!r.lowOpen && !r.highOpen && !(r.low < r.high))
        bad(index, rule, "the low end is not below the high end (a range is [low, high))");
    return r;
}

} // namespace

std::vector<ReclassRule> parseReclassTable(std::string_view text)
{
    if (text.size() > kMaxReclassTableLength)
        throw Error(ErrorCode::Argument, "--table: " + std::to_string(text.size()) + " characters, more than "
                + std::to_string(kMaxReclassTableLength));
    std::vector<ReclassRule> rules;
    if (trim(text).empty())
        throw Error(ErrorCode::Argument, "--table: empty (rules such as \"0-500:1,500-1000:2,1000-:3\")");
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string_view rule = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (rules.size() == kMaxReclassRules)
            throw Error(ErrorCode::Argument, "--table: more than " + std::to_string(kMaxReclassRules) + " rules");
        if (rule.empty())
            bad(rules.size(), rule, "empty (two commas in a row, or one at an end)");
        rules.push_back(parseRule(rules.size(), rule));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return rules;
}

const ReclassRule* matchReclass(const std::vector<ReclassRule>& rules, double v)
{
    for (const auto& r : rules)
        if (r.matches(v))
            return &r;
    return nullptr;
}

} // namespace gis::analysis::detail
