#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis {
class Layer;
struct RasterData;
enum class GeometryType : std::uint8_t;
}

/// The analysis toolbox (docs/analysis.md): geoprocessing algorithms over in-memory layers, each described by a
/// stable id and a parameter schema, so that the CLI (`gis analyse`), the viewer's toolbox and a service run the same
/// code with the same checks. No Qt, no files: inputs and outputs are Layers (writing them is the caller's, through
/// data's writers).
namespace gis::analysis {

/// What a parameter holds. On the command line every value is text (`--distance 500`); the schema says how it is
/// read and checked.
enum class ParameterType : std::uint8_t {
    Number,     ///< a real number within [minimum, maximum]
    Integer,    ///< a whole number within [minimum, maximum]
    Boolean,    ///< true/false, yes/no, 1/0 (a flag on the command line)
    Text,       ///< any text
    Choice,     ///< one of `choices`
    Choices,    ///< a comma-separated list of `choices` (for instance statistics: "mean,max")
    Field,      ///< a field of the layer `fieldOf` names
    Fields,     ///< a comma-separated list of fields of that layer (empty allowed unless required)
    Expression, ///< an expression over that layer's features (docs/expressions.md)
    Raster,     ///< the path of a raster file (a GeoTIFF, a DEM: anything gis::Raster::open reads); bind() opens it
    Point,      ///< a position "x,y" in the input layer's CRS ("lon,lat" on a longitude/latitude layer)
};

/// Which input a Field, Fields or Expression parameter refers to.
enum class FieldSource : std::uint8_t { Input, Overlay };

/// One parameter of an algorithm: what the CLI shows in `--help`, the viewer builds a form from, and bind() checks.
struct Parameter {
    std::string name;          ///< stable, kebab-case: `--name` on the command line, the key in provenance records
    ParameterType type = ParameterType::Text;
    std::string titleEn;       ///< a short label in English
    std::string titleAr;       ///< and in Arabic
    std::string helpEn;        ///< one sentence: what it does, its unit
    std::string helpAr;
    bool required = false;
    std::string defaultValue;  ///< as on the command line; empty: no default
    std::vector<std::string> choices; ///< Choice and Choices
    /// What a user interface shows for each of `choices`, in the same order: {English, Arabic}. The ids stay what
    /// the command line, bind() and provenance take; a choice without a title is shown as its id.
    std::vector<std::pair<std::string, std::string>> choiceTitles{};
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    std::string unit;          ///< "m" for metres, "px", "" for none: shown in help and forms
    FieldSource fieldOf = FieldSource::Input;

    /// A parameter with its name, type and texts; the other members are set on the result.
    static Parameter make(std::string name, ParameterType type, std::string titleEn, std::string titleAr,
        std::string helpEn, std::string helpAr)
    {
        Parameter p;
        p.name = std::move(name);
        p.type = type;
        p.titleEn = std::move(titleEn);
        p.titleAr = std::move(titleAr);
        p.helpEn = std::move(helpEn);
        p.helpAr = std::move(helpAr);
        return p;
    }
};

/// What an algorithm reads and makes. VectorAndLayers: the input and one or more further layers
/// (RunInputs::more; `--overlay` repeated on the command line), for merge. Raster: no layer at all, the input is
/// a raster file (RunInputs::inputRaster; a DEM for slope); such an algorithm declares no Field, Fields or
/// Expression parameter and is bound with the bind() overload that takes no layer.
enum class InputKind : std::uint8_t { Vector, VectorAndOverlay, VectorAndLayers, Raster };
/// The geometry kinds (single or multi alike) a layer an algorithm reads may have, as bits of
/// AlgorithmInfo::inputGeometry and overlayGeometry: what a user interface offers in its layer pickers (a network's
/// roads are Lines, heatmap's input Points, zonal statistics' zones Polygons). run() keeps its own checks.
struct GeometryKinds {
    static constexpr std::uint8_t Points = 1;
    static constexpr std::uint8_t Lines = 2;
    static constexpr std::uint8_t Polygons = 4;
    static constexpr std::uint8_t Any = Points | Lines | Polygons;
};

/// Whether a layer of geometry type `type` fits `kinds` (GeometryKinds bits): Point and MultiPoint are Points and
/// so on; a layer of Unknown type or of collections fits only Any.
bool acceptsGeometry(std::uint8_t kinds, GeometryType type);

/// Vector: RunResult::layer; Raster: RunResult::raster (written as a GeoTIFF by gis::writeGeoTiff, data module).
enum class OutputKind : std::uint8_t { Vector, Raster };

/// The description of an algorithm: everything a user interface needs, in Arabic and English.
struct AlgorithmInfo {
    std::string id;       ///< stable: "centroid", "buffer", "dissolve" (never renamed: project histories keep it)
    std::string group;    ///< "geometry", "overlay", "aggregate", "raster", "network"
    std::string titleEn;
    std::string titleAr;
    std::string descriptionEn;
    std::string descriptionAr;
    InputKind input = InputKind::Vector;
    OutputKind output = OutputKind::Vector;
    std::uint8_t inputGeometry = GeometryKinds::Any;   ///< GeometryKinds the input layer may have
    std::uint8_t overlayGeometry = GeometryKinds::Any; ///< and the overlay (or merge's further layers)
    std::vector<Parameter> parameters;
    /// A Vector algorithm that also makes a raster beside its layer (RunResult::raster): what that raster is
    /// ("Difference (later − earlier)"), for the CLI's --raster-out and the viewer's second output. Empty: none.
    std::string rasterBesideEn;
    std::string rasterBesideAr;

    bool makesRasterBeside() const { return !rasterBesideEn.empty(); }

    /// The parameter named `name`, or nullptr.
    const Parameter* parameter(std::string_view name) const;
};

/// What a run does with a feature whose geometry is invalid (GEOS's validity): stop with an error naming the
/// layer, the feature and the reason; leave it out and report it; or repair it (gis::makeValid) and report it.
enum class InvalidPolicy : std::uint8_t { Stop, Skip, Repair };

/// "stop", "skip", "repair" → the policy; throws Error(Argument) naming the accepted words otherwise.
InvalidPolicy invalidPolicyFromName(std::string_view name);
std::string_view invalidPolicyName(InvalidPolicy policy);

/// One feature an InvalidPolicy acted on.
struct InvalidFeature {
    std::string layer;    ///< the layer's name
    std::int64_t fid = 0; ///< the source's feature id
    std::string reason;   ///< GEOS's reason ("Ring Self-intersection at 57.1 22.9", "null geometry")
    bool repaired = false; ///< repaired (Repair) or left out (Skip)
};

/// Checked parameter values: made by bind(), read by the algorithm. Every value the schema has is present, from
/// the caller or from the default; values are checked against the schema (and field names against the layers).
class ParameterValues {
public:
    ParameterValues() = default;

    /// Checks `given` (name → text, as on the command line) against `info`'s schema and the inputs' fields, and
    /// fills in defaults. Throws Error(Argument) for an unknown parameter (with "did you mean"), a missing required
    /// one, a value of the wrong type or out of range, a choice not among the choices; Error(Query) for an unknown
    /// field (with "did you mean") or an expression that does not parse. `overlay` may be null when the algorithm
    /// has none.
    static ParameterValues bind(const AlgorithmInfo& info, const std::map<std::string, std::string>& given,
        const Layer& input, const Layer* overlay = nullptr);
    /// The same checks for an algorithm whose input is a raster (InputKind::Raster): there is no layer, so a
    /// Field, Fields or Expression parameter is refused with Error(Argument).
    static ParameterValues bind(const AlgorithmInfo& info, const std::map<std::string, std::string>& given);

    bool has(std::string_view name) const;
    /// The text as given (or the default); empty when absent.
    const std::string& text(std::string_view name) const;
    double number(std::string_view name) const;
    std::int64_t integer(std::string_view name) const;
    bool boolean(std::string_view name) const;
    /// A Point value: x (longitude) and y (latitude) in the input layer's CRS. Throws Error(Argument) when absent.
    Coord point(std::string_view name) const;
    /// A Choices or Fields value split at commas, blanks trimmed; empty for an empty value.
    std::vector<std::string> list(std::string_view name) const;
    /// Every value, defaults included: what a provenance record keeps.
    const std::map<std::string, std::string>& values() const { return m_values; }

private:
    std::map<std::string, std::string> m_values;
};

/// How a run goes: what to do with invalid geometries, progress and cancel, threads.
struct RunOptions {
    InvalidPolicy invalid = InvalidPolicy::Stop;
    Feedback feedback;   ///< progress in [0, 1]; a cancelled run throws Error(Cancelled) and returns nothing
    unsigned threads = 0; ///< 0: one per usable core
};

/// The inputs of a run. The layers are read, never changed.
struct RunInputs {
    std::shared_ptr<const Layer> input;
    std::shared_ptr<const Layer> overlay; ///< for algorithms whose input is VectorAndOverlay
    std::vector<std::shared_ptr<const Layer>> more{}; ///< further layers, for algorithms whose input is VectorAndLayers (merge)
    /// The path of the input raster, for algorithms whose input is InputKind::Raster (input is then null). The
    /// algorithm opens it with gis::Raster::open, as it does Raster parameters.
    std::string inputRaster{};
};

/// What a run made.
struct RunResult {
    std::shared_ptr<const Layer> layer;    ///< the output layer (OutputKind::Vector)
    std::shared_ptr<const RasterData> raster; ///< the output raster (OutputKind::Raster; gis/data/rasterwriter.h)
    std::vector<InvalidFeature> invalid;   ///< features the invalid-geometry policy skipped or repaired, in input order
    std::vector<std::string> warnings;     ///< other things the user should know, as sentences
};

/// An algorithm: its description and its run. Implementations are stateless; run() may be called from any thread,
/// several at once.
class Algorithm {
public:
    virtual ~Algorithm() = default;
    virtual const AlgorithmInfo& info() const = 0;
    /// Runs on checked parameters (ParameterValues::bind with the same inputs). Throws Error(Geometry) naming the
    /// layer, the feature and the reason for an invalid geometry under InvalidPolicy::Stop, Error(Cancelled) when
    /// cancelled, Error(Argument) for inputs the algorithm cannot take (a point layer to dissolve by area...).
    virtual RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const = 0;
};

/// Every algorithm, sorted by id.
const std::vector<const Algorithm*>& algorithms();
/// The algorithm with this id, or nullptr.
const Algorithm* findAlgorithm(std::string_view id);
/// The algorithm with this id; throws Error(Argument) "unknown algorithm" with the closest ids otherwise.
const Algorithm& algorithm(std::string_view id);

/// Binds `parameters` and runs `id` in one step (what a service calls). Throws as bind() and run() do.
RunResult run(std::string_view id, const RunInputs& inputs, const std::map<std::string, std::string>& parameters,
    const RunOptions& options = {});

} // namespace gis::analysis

GIS_API_END
