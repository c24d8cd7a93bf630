#include "gis/query/aggregate.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "gis/core/error.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isNumericType(FieldType type)
{
    return type != FieldType::String && type != FieldType::Binary;
}

// One group while rows are collected: its key (what it sorts by) and the values of its rows.
struct Group {
    bool isNull = false;
    double real = 0;           // the key of a Real group field
    std::int64_t integer = 0;  // the key of the other numeric group fields (exact beyond 2^53)
    std::string_view text; // the key of a text field (a view into the column, which outlives the groups)
    std::size_t firstRow = 0;
    std::vector<double> values;
    std::size_t rows = 0;
};

// Groups rows by the key `keyOf(row)` returns (hashable), keeping the groups in first-seen order.
template <class Key, class KeyOf, class Fill>
std::vector<Group> collect(const std::vector<std::uint32_t>* rows, std::size_t rowCount, const AttributeColumn& groups,
    const AttributeColumn* values, KeyOf keyOf, Fill fill)
{
    std::vector<Group> out;
    std::unordered_map<Key, std::size_t> index;
    std::size_t nullGroup = std::numeric_limits<std::size_t>::max();
    const std::size_t n = rows ? rows->size() : rowCount;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t row = rows ? (*rows)[k] : k;
        std::size_t g = 0;
        if (groups.isNull(row)) {
            if (nullGroup == std::numeric_limits<std::size_t>::max()) {
                nullGroup = out.size();
                out.emplace_back().isNull = true;
                out.back().firstRow = row;
            }
            g = nullGroup;
        } else {
            const auto [it, inserted] = index.try_emplace(keyOf(row), out.size());
            if (inserted) {
                out.emplace_back().firstRow = row;
                fill(out.back(), row);
            }
            g = it->second;
        }
        ++out[g].rows;
        if (values)
            out[g].values.push_back(values->real(row));
    }
    return out;
}

} // namespace

Statistics computeStatistics(std::vector<double> values)
{
    Statistics s;
    s.count = values.size();
    const auto firstNull = std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); });
    s.nulls = static_cast<std::size_t>(values.end() - firstNull);
    values.erase(firstNull, values.end());
    const std::size_t n = values.size();
    if (n == 0) {
        s.mean = s.min = s.max = s.median = s.stddev = kNaN;
        return s;
    }
    // Neumaier's compensated sum: a mean of a million values keeps all its digits.
    double sum = 0, compensation = 0;
    for (double v : values) {
        const double t = sum + v;
        compensation += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
    s.sum = sum + compensation;
    s.mean = s.sum / static_cast<double>(n);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    s.min = *lo;
    s.max = *hi;
    // Two passes for the deviation: sum of squares minus square of sums cancels catastrophically.
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.stddev = n >= 2 ? std::sqrt(squares / static_cast<double>(n - 1)) : kNaN;

    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (n % 2) {
        s.median = *middle;
    } else {
        // The lower middle value is the largest of the lower half, which nth_element left before `middle`.
        const double lower = *std::max_element(values.begin(), middle);
        s.median = lower + (*middle - lower) / 2;
    }
    return s;
}

std::vector<GroupStatistics> aggregateByGroup(const Layer& layer, std::string_view groupField,
    std::string_view valueField, const std::vector<std::uint32_t>* rows)
{
    const AttributeTable& table = layer.attributes();
    auto findColumn = [&](std::string_view name) -> const AttributeColumn& {
        const int i = table.indexOf(name);
        if (i < 0)
            throw Error(ErrorCode::Query, "\"" + layer.name() + "\": unknown field \"" + std::string(name) + "\"");
        return table.column(static_cast<std::size_t>(i));
    };
    const AttributeColumn& groups = findColumn(groupField);
    const AttributeColumn* values = nullptr;
    if (!valueField.empty()) {
        values = &findColumn(valueField);
        if (!isNumericType(values->type()))
            throw Error(ErrorCode::Query, "\"" + layer.name() + "\": field \"" + values->name()
                + "\" is not numeric (it is " + std::string(fieldTypeName(values->type())) + ")");
    }
    if (rows)
        for (std::uint32_t row : *rows)
            if (row >= layer.size())
                throw Error(ErrorCode::Argument, "\"" + layer.name() + "\": row " + std::to_string(row)
                    + " out of range (the layer has " + std::to_string(layer.size()) + " rows)");

    std::vector<Group> found;
    const bool numeric = isNumericType(groups.type());
    if (groups.type() == FieldType::Real) {
        // Keyed by the bits of the value, with -0 folded into 0 and every NaN into one.
        found = collect<std::uint64_t>(rows, layer.size(), groups, values,
            [&](std::size_t row) {
                const double v = groups.real(row);
                return std::isnan(v) ? ~std::uint64_t(0) : std::bit_cast<std::uint64_t>(v == 0 ? 0.0 : v);
            },
            [&](Group& g, std::size_t row) { g.real = groups.real(row); });
    } else if (numeric) {
        found = collect<std::int64_t>(rows, layer.size(), groups, values,
            [&](std::size_t row) { return groups.integer(row); },
            [&](Group& g, std::size_t row) { g.integer = groups.integer(row); });
    } else {
        found = collect<std::string_view>(rows, layer.size(), groups, values,
            [&](std::size_t row) { return groups.string(row); },
            [&](Group& g, std::size_t row) { g.text = groups.string(row); });
    }

    // Nulls first, then numbers by value (NaN last) or text by bytes (char_traits<char> compares as unsigned).
    const bool real = groups.type() == FieldType::Real;
    std::sort(found.begin(), found.end(), [numeric, real](const Group& a, const Group& b) {
        if (a.isNull != b.isNull)
            return a.isNull;
        if (!numeric)
            return a.text < b.text;
        if (!real)
            return a.integer < b.integer;
        if (std::isnan(a.real) || std::isnan(b.real))
            return !std::isnan(a.real) && std::isnan(b.real);
        return a.real < b.real;
    });

    std::vector<GroupStatistics> out;
    out.reserve(found.size());
    for (Group& g : found) {
        GroupStatistics& result = out.emplace_back();
        result.key = g.isNull ? std::string() : groups.toString(g.firstRow);
        result.stats = computeStatistics(std::move(g.values)); // empty without a value field
        result.stats.count = g.rows;
    }
    return out;
}

} // namespace gis
