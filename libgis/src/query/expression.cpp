#include "gis/query/expression.h"

#include <algorithm>
#include <chrono>

#include "exprbinder.h"
#include "exprevaluator.h"
#include "exprparser.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"

namespace gis {

namespace detail {

void throwAt(std::string_view text, std::size_t offset, const std::string& message, const std::string& hint)
{
    const std::size_t column = codePointCount(text.substr(0, std::min(offset, text.size()))) + 1;
    std::string full = message + " at column " + std::to_string(column);
    if (!hint.empty())
        full += " \u2014 " + hint;
    throw Error(ErrorCode::Query, full);
}

} // namespace detail

struct Expression::Impl {
    std::string text;
    const Layer* layer = nullptr;
    bool geodesic = false;
    std::unique_ptr<Node> root;
};

namespace {

// Below this many rows a second thread costs more to start than it saves.
constexpr std::size_t kParallelRows = 100'000;

void checkRow(const Layer& layer, std::size_t row)
{
    if (row >= layer.size())
        throw Error(ErrorCode::Argument, "row " + std::to_string(row) + " is out of range: layer \"" + layer.name() +
                                             "\" has " + std::to_string(layer.size()) + " rows");
}

} // namespace

Expression::Expression() : m_impl(std::make_unique<Impl>()) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Expression Expression::compile(std::string_view text, const Layer& layer)
{
    std::string owned(text);
    // Parse the owned copy: messages and literals refer to it, not to the caller's buffer.
    auto root = detail::parseExpression(owned);
    return detail::ExpressionAccess::compileTree(std::move(owned), std::move(root), layer);
}

Expression detail::ExpressionAccess::compileTree(std::string text, NodePtr root, const Layer& layer)
{
    Expression e;
    e.m_impl->text = std::move(text);
    e.m_impl->layer = &layer;
    e.m_impl->geodesic = layer.crs().isGeographic();
    e.m_impl->root = std::move(root);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    detail::Binder(e.m_impl->text, layer, now.count()).bind(*e.m_impl->root);
    return e;
}

const std::string& Expression::text() const
{
    return m_impl->text;
}

Value Expression::evaluate(std::size_t row) const
{
    checkRow(*m_impl->layer, row);
    detail::EvalContext ctx(*m_impl->layer, m_impl->geodesic, m_impl->text);
    return detail::toValue(detail::evaluate(*m_impl->root, row, ctx));
}

bool Expression::matches(std::size_t row) const
{
    checkRow(*m_impl->layer, row);
    detail::EvalContext ctx(*m_impl->layer, m_impl->geodesic, m_impl->text);
    return detail::test(*m_impl->root, row, ctx) == detail::Truth::True;
}

std::vector<std::uint32_t> Expression::filter(const std::vector<std::uint32_t>* candidates) const
{
    const Layer& layer = *m_impl->layer;
    std::vector<std::uint32_t> sorted;
    if (candidates) {
        for (const std::uint32_t row : *candidates)
            checkRow(layer, row);
        if (!std::is_sorted(candidates->begin(), candidates->end())) {
            sorted = *candidates;
            std::sort(sorted.begin(), sorted.end());
            sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
            candidates = &sorted;
        }
    }
    const std::size_t count = candidates ? candidates->size() : layer.size();
    // Each thread scans a contiguous half with its own context; concatenating the halves keeps rows ascending.
    auto scan = [&](std::size_t begin, std::size_t end, std::vector<std::uint32_t>& out) {
        detail::EvalContext ctx(layer, m_impl->geodesic, m_impl->text);
        const detail::Node& root = *m_impl->root;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = candidates ? (*candidates)[i] : i;
            if (detail::test(root, row, ctx) == detail::Truth::True)
                out.push_back(static_cast<std::uint32_t>(row));
            ctx.reset();
        }
    };
    std::vector<std::uint32_t> result;
    if (count < kParallelRows || usableCores() < 2) {
        scan(0, count, result);
        return result;
    }
    const std::size_t middle = count / 2;
    std::vector<std::uint32_t> second;
    runConcurrently([&] { scan(0, middle, result); }, [&] { scan(middle, count, second); });
    result.insert(result.end(), second.begin(), second.end());
    return result;
}

} // namespace gis
