#pragma once

// Private: what a vector layer needs before it is drawn — its geometries in the map CRS, the visible rows, and
// each row's symbol — computed once per layer and render, then read by both band workers.

#include <cstdint>
#include <memory>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/data/layer.h"
#include "gis/render/maprenderer.h"
#include "rendercontext.h"

namespace gis::detail {

constexpr std::uint16_t kNoSymbol = 0xFFFF;

/// A layer ready to draw. Items are the visible rows in ascending order (drawing order is the layer's order);
/// item k is row(k). Read-only once made: any number of threads may draw from it.
struct PreparedLayer {
    std::shared_ptr<const Layer> layer;
    std::shared_ptr<const GeometryColumn> geometries; ///< in the map CRS
    std::shared_ptr<const std::vector<Box>> bounds;   ///< per row, in the map CRS; null for points-only layers
    std::vector<Symbol> symbols;                      ///< the distinct symbols items refer to
    bool allRows = true;                              ///< every row is an item (row(k) == k)
    std::vector<std::uint32_t> rows;                  ///< the items' rows when !allRows
    std::vector<std::uint16_t> symbolOf;              ///< per item, kNoSymbol: not drawn; empty: all symbol 0
    std::vector<float> sizeOf;                        ///< per item marker diameter in device pixels; empty: none
    bool pointsOnly = false;                          ///< every geometry is a Point or MultiPoint

    std::size_t count() const { return allRows ? geometries->size() : rows.size(); }
    std::uint32_t row(std::size_t k) const { return allRows ? static_cast<std::uint32_t>(k) : rows[k]; }
    std::uint16_t symbol(std::size_t k) const { return symbolOf.empty() ? 0 : symbolOf[k]; }
    /// Rows that get a symbol (what the label engine is told was drawn).
    std::vector<std::uint32_t> drawnRows() const;
    /// How many items get a symbol.
    std::size_t drawnCount() const;
};

/// Throws Error on failure: Query for an unknown field or a rule that does not compile, Crs when the layer
/// cannot be reprojected, Argument for edits (MapLayer::edits) that do not fit the layer, Cancelled.
/// With edits, the layer's part leaves out their hidden rows; `addedPart` prepares their added features instead
/// (mapLayer.edits->added must be set), with the same style (proportional sizes scaled over both parts).
PreparedLayer prepareLayer(const MapLayer& mapLayer, const RenderContext& context, const CancellationToken& cancel,
    bool addedPart = false);

/// Device pixels a symbol may reach beyond its geometry (half a line or marker plus casing), for culling.
double symbolReach(const Symbol& symbol, double dpi);

} // namespace gis::detail
