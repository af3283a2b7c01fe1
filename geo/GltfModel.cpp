// Any set of a layer's features as a glTF model: the scene's shapes (geo/MeshShapes.h) grouped by
// colour, moved from the scene frame into a local east-north-up frame at the set's centre (PROJ: scene
// → WGS 84 → ECEF → ENU, every vertex), with their feature ids and property table. One .glb
// (GltfExport.cpp) is the whole layer; a 3D Tiles tile (TilesetExport.cpp) is the features of its cell.
#include <proj.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include "geo/Errors.h"
#include "geo/Extrusion.h"
#include "geo/FeatureBases.h"
#include "geo/GltfInternal.h"
#include "geo/GroundHeights.h"
#include "geo/LabelPoint.h"
#include "geo/LayerDrawing.h"
#include "geo/Log.h"
#include "geo/MeshShapes.h"
#include "geo/ProjectData.h"

namespace geo {

namespace {

constexpr double kDegree = M_PI / 180.0;

// A pin in a file has no screen to be sized by: a pole this tall with its head (a point) on top.
constexpr float kPinPoleMetres = 20.0f;

/// Geodetic (degrees, metres above the WGS 84 ellipsoid) to ECEF metres through PROJ, in place.
class ToEcef {
public:
    ToEcef() {
        context_ = proj_context_create();
        PJ* raw = proj_create_crs_to_crs(context_, "EPSG:4979", "EPSG:4978", nullptr);
        operation_ = raw ? proj_normalize_for_visualization(context_, raw) : nullptr;   // lon, lat order
        if (raw) proj_destroy(raw);
        if (!operation_) {
            proj_context_destroy(context_);
            throw InputError("PROJ has no conversion from WGS 84 to geocentric coordinates (EPSG:4979 to EPSG:4978)");
        }
    }
    ~ToEcef() {
        proj_destroy(operation_);
        proj_context_destroy(context_);
    }
    ToEcef(const ToEcef&) = delete;
    ToEcef& operator=(const ToEcef&) = delete;
    void apply(std::vector<double>& x, std::vector<double>& y, std::vector<double>& z) const {
        const std::size_t n = x.size(), stride = sizeof(double);
        proj_trans_generic(operation_, PJ_FWD, x.data(), stride, n, y.data(), stride, n, z.data(), stride, n, nullptr, 0, 0);
    }

private:
    PJ_CONTEXT* context_ = nullptr;
    PJ* operation_ = nullptr;
};

/// The local frame: ECEF origin and the east, north, up unit vectors at (lon, lat) on the ellipsoid.
struct Enu {
    double origin[3], east[3], north[3], up[3];
    Enu(double lon, double lat, const ToEcef& toEcef) {
        std::vector<double> x{lon}, y{lat}, z{0};
        toEcef.apply(x, y, z);
        origin[0] = x[0], origin[1] = y[0], origin[2] = z[0];
        const double sl = std::sin(lon * kDegree), cl = std::cos(lon * kDegree);
        const double sp = std::sin(lat * kDegree), cp = std::cos(lat * kDegree);
        east[0] = -sl, east[1] = cl, east[2] = 0;
        north[0] = -sp * cl, north[1] = -sp * sl, north[2] = cp;
        up[0] = cp * cl, up[1] = cp * sl, up[2] = sp;
    }
    static double dot(const double a[3], const double b[3]) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
    void local(double X, double Y, double Z, double out[3]) const {
        const double d[3] = {X - origin[0], Y - origin[1], Z - origin[2]};
        out[0] = dot(d, east), out[1] = dot(d, north), out[2] = dot(d, up);
    }
};

/// A mesh as geo/MeshShapes.h writes it, in scene metres, with a list of indices drawn in `mode` and,
/// over the same vertices, line segments (a parcel's edges) and points (a pin's head).
struct GltfMesh {
    std::vector<float> positions, normals, featureIds;
    std::vector<std::uint32_t> indices, lines, points;

    std::uint32_t vertexCount() const { return static_cast<std::uint32_t>(featureIds.size()); }
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature) {
        positions.insert(positions.end(), {x, y, z});
        normals.insert(normals.end(), {nx, ny, nz});
        featureIds.push_back(static_cast<float>(feature));
        return vertexCount() - 1;
    }
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature, float) {
        return addVertex(x, y, z, nx, ny, nz, feature);
    }

    /// The scene shades each triangle flat with its last vertex's normal (parcels.vert): here each
    /// triangle's vertices get that normal, a vertex whose own normal differs copied for it.
    void flattenByLastVertex() {
        std::unordered_map<std::uint64_t, std::uint32_t> copies;
        for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
            const std::uint32_t last = indices[t + 2];
            for (std::size_t k = t; k < t + 2; ++k) {
                const std::uint32_t v = indices[k];
                if (normals[3 * v] == normals[3 * last] && normals[3 * v + 1] == normals[3 * last + 1] &&
                    normals[3 * v + 2] == normals[3 * last + 2])
                    continue;
                const std::uint64_t key = (static_cast<std::uint64_t>(v) << 32) | last;
                auto found = copies.find(key);
                if (found == copies.end()) {
                    found = copies.emplace(key, addVertex(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2], normals[3 * last],
                                                          normals[3 * last + 1], normals[3 * last + 2], static_cast<std::size_t>(featureIds[v])))
                                .first;
                }
                indices[k] = found->second;
            }
        }
    }
};

/// What one primitive group draws: its shapes' part of the layer, in one colour.
enum class PartKind { Surface, Ribbon, Curtain, Outline, Pin };

struct Part {
    GltfMesh mesh;
    Color color, lineColor;
};

std::uint32_t colorKey(const Color& c) {
    auto byte = [](float v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); };
    return byte(c.r) << 24 | byte(c.g) << 16 | byte(c.b) << 8 | byte(c.a);
}

double linear(float srgb) {
    return srgb <= 0.04045f ? srgb / 12.92 : std::pow((srgb + 0.055) / 1.055, 2.4);
}

/// A material of one flat colour (sRGB in, glTF's linear factors out), blended when translucent.
int addMaterial(tinygltf::Model& model, const Color& c, const std::string& name, bool doubleSided) {
    tinygltf::Material m;
    m.name = name;
    m.pbrMetallicRoughness.baseColorFactor = {linear(c.r), linear(c.g), linear(c.b), std::clamp(static_cast<double>(c.a), 0.0, 1.0)};
    m.pbrMetallicRoughness.metallicFactor = 0;
    m.pbrMetallicRoughness.roughnessFactor = 1;
    m.alphaMode = c.a < 1 ? "BLEND" : "OPAQUE";
    m.doubleSided = doubleSided;
    model.materials.push_back(m);
    return static_cast<int>(model.materials.size()) - 1;
}

/// The 4×4 matrix (column-major) taking `enu`'s local metres (z up) to ECEF metres.
void enuMatrix(const Enu& enu, double m[16]) {
    for (int r = 0; r < 3; ++r) {
        m[0 + r] = enu.east[r];
        m[4 + r] = enu.north[r];
        m[8 + r] = enu.up[r];
        m[12 + r] = enu.origin[r];
    }
    m[3] = m[7] = m[11] = 0;
    m[15] = 1;
}

/// gltfRootMatrix for `enu`.
void yUpMatrix(const Enu& enu, double m[16]) {
    double e[16];
    enuMatrix(enu, e);
    // M = C · E · C⁻¹ with C (x, y, z) → (x, z, −y): rows of E reordered by C, columns by C⁻¹.
    auto at = [&](int row, int column) { return e[column * 4 + row]; };
    const int rowFrom[3] = {0, 2, 1};
    const double rowSign[3] = {1, 1, -1};
    const int columnFrom[3] = {0, 2, 1};
    const double columnSign[3] = {1, 1, -1};
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
            const double v = at(r < 3 ? rowFrom[r] : 3, c < 3 ? columnFrom[c] : 3);
            m[c * 4 + r] = v * (r < 3 ? rowSign[r] : 1) * (c < 3 ? columnSign[c] : 1);
        }
}

}  // namespace

void enuToEcef(double lon, double lat, double m[16]) {
    const ToEcef toEcef;
    enuMatrix(Enu(lon, lat, toEcef), m);
}

void gltfRootMatrix(double lon, double lat, double m[16]) {
    const ToEcef toEcef;
    yUpMatrix(Enu(lon, lat, toEcef), m);
}

namespace gltf {

struct LayerModels::State {
    const LoadedLayer& layer;
    const SceneFrame& frame;
    const GltfOptions& options;
    LayerDrawing drawing;
    std::vector<Color> colors;
    std::vector<double> heights;
    bool edges = false;
    const GroundHeights* ground = nullptr;   // null: flat at 0
    ToEcef toEcef;
    State(const LoadedLayer& l, const SceneFrame& f, const GltfOptions& o) : layer(l), frame(f), options(o) {}
};

LayerModels::LayerModels(const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& options)
    : state_(std::make_unique<State>(layer, frame, options)) {
    State& s = *state_;
    const std::string& name = layer.spec.name;
    s.drawing = layerDrawing(layer);
    if (s.drawing == LayerDrawing::Models)
        throw InputError("layer '" + name + "' holds 3D models, which the glTF export does not write");
    if (s.drawing == LayerDrawing::Raster)
        throw InputError("layer '" + name + "' is a raster (imagery or terrain), which the glTF export does not write");
    if (s.drawing == LayerDrawing::None || layer.data.features.empty())
        throw InputError("layer '" + name + "': no features to draw");
    s.colors = featureColors(options.style, layer.data);
    s.heights = extrusionHeights(layer.spec, layer.data);
    if (s.drawing == LayerDrawing::Curtains) s.heights = curtainHeights(std::move(s.heights));
    const bool extruded = std::any_of(s.heights.begin(), s.heights.end(), [](double h) { return h > 0; });
    s.edges = s.drawing == LayerDrawing::Prisms && layerHasEdges(layer.spec, extruded);
    // On terrain, as the scene: roofs above the ground at the label point, the rest on the ground.
    s.ground = options.ground && !options.ground->flat() ? options.ground : nullptr;
}

LayerModels::~LayerModels() = default;

tinygltf::Model LayerModels::model(const std::vector<std::size_t>& features, GltfReport& report, GlobeBox& box) const {
    const State& s = *state_;
    const std::string& name = s.layer.spec.name;
    const FeatureLayer& data = s.layer.data;
    const LayerDrawing drawing = s.drawing;
    const LayerStyle& style = s.options.style;
    const GroundHeights* ground = s.ground;
    const ToEcef& toEcef = s.toEcef;
    const SceneFrame& frame = s.frame;
    // The scene's shapes, one part per kind and colour.
    const std::vector<Color>& colors = s.colors;
    const std::vector<double>& heights = s.heights;
    const bool edges = s.edges;
    std::map<std::pair<PartKind, std::uint32_t>, Part> parts;
    auto part = [&](PartKind kind, const Color& c) -> Part& {
        Part& p = parts[{kind, colorKey(c)}];
        p.color = c;
        return p;
    };
    const double halfWidth = std::max(style.lineWidth, 0.1) / 2;
    std::vector<Vec2> scratch;
    std::size_t failed = 0;
    auto draped = [&](const std::vector<Vec2>& line, bool closed) { return ground ? densified(line, closed, ground->spacing()) : line; };
    Extent extent;   // of these features, in scene metres
    for (std::size_t id = 0; id < features.size(); ++id) {
        const std::size_t i = features[id];
        const Feature& f = data.features[i];
        extent.add(f.bounds);
        const Color& c = colors[i];
        const Footing footing{ground, ground ? featureBase(*ground, f) : 0.0};
        switch (drawing) {
        case LayerDrawing::Prisms: {
            Part& p = part(PartKind::Surface, c);
            // The scene's edges: the style's outline colour, else a darker shade of the fill (parcels.frag).
            p.lineColor = style.outlineColor ? *style.outlineColor : Color{c.r * 0.55f, c.g * 0.55f, c.b * 0.55f, c.a};
            for (const Polygon& polygon : f.polygons)
                if (!appendPrism(p.mesh, polygon, static_cast<float>(heights[i]), id, scratch, edges ? &p.mesh.lines : nullptr, footing))
                    ++failed;
            break;
        }
        case LayerDrawing::Ribbons: {
            GltfMesh& mesh = part(PartKind::Ribbon, c).mesh;
            for (const auto& line : f.lines) {
                if (!style.dashed) appendRibbon(mesh, draped(line, false), false, halfWidth, id, footing);
                else
                    for (const auto& dash : dashPieces(line, 8 * halfWidth, 4 * halfWidth))
                        appendRibbon(mesh, draped(dash, false), false, halfWidth, id, footing);
            }
            for (const auto& polygon : f.polygons)
                for (const auto& ring : polygon.rings) appendRibbon(mesh, draped(ring, true), true, halfWidth, id, footing);
            break;
        }
        case LayerDrawing::Curtains: {
            if (heights[i] <= 0) break;
            // walls.frag: translucent curtains fading upwards (here half of the colour's alpha), an opaque outline.
            GltfMesh& walls = part(PartKind::Curtain, Color{c.r, c.g, c.b, c.a * 0.5f}).mesh;
            GltfMesh& outline = part(PartKind::Outline, c).mesh;
            for (const Polygon& polygon : f.polygons)
                for (const Ring& ring : polygon.rings)
                    appendCurtain(walls, outline, draped(ring, true), static_cast<float>(heights[i]), id, footing);
            break;
        }
        case LayerDrawing::Pins: {
            GltfMesh& mesh = part(PartKind::Pin, c).mesh;
            std::vector<Vec2> points = f.points;
            if (points.empty() && (!f.polygons.empty() || !f.lines.empty())) points.push_back(labelPoint(f));
            for (const Vec2& at : points) {
                const float x = static_cast<float>(at.x), y = static_cast<float>(at.y);
                const float z = footing.at(at);
                const std::uint32_t foot = mesh.addVertex(x, y, z, 0.0f, 0.0f, 1.0f, id);
                const std::uint32_t top = mesh.addVertex(x, y, z + kPinPoleMetres, 0.0f, 0.0f, 1.0f, id);
                mesh.indices.insert(mesh.indices.end(), {foot, top});
                mesh.points.push_back(top);
            }
            break;
        }
        case LayerDrawing::Models:
        case LayerDrawing::Raster:
        case LayerDrawing::None: break;
        }
    }
    if (failed > 0) log().warn("layer {}: {} polygon part(s) could not be triangulated and are not written", name, failed);

    // The local frame at these features' centre, and the grid's north there (the meridian convergence),
    // which turns the scene's normals into the local frame's.
    const Vec2 centre = extent.center();
    const Vec2 centreLonLat = frame.toLonLat(centre);
    if (!std::isfinite(centreLonLat.x) || !std::isfinite(centreLonLat.y))
        throw InputError("layer '" + name + "': its centre has no WGS 84 position");
    const Enu enu(centreLonLat.x, centreLonLat.y, toEcef);
    report.originLon = centreLonLat.x;
    report.originLat = centreLonLat.y;
    report.features += features.size();
    double gridNorth = 0;
    {
        const Vec2 a = frame.toLonLat(centre), b = frame.toLonLat({centre.x, centre.y + 100});
        std::vector<double> x{a.x, b.x}, y{a.y, b.y}, z{0, 0};
        toEcef.apply(x, y, z);
        double la[3], lb[3];
        enu.local(x[0], y[0], z[0], la);
        enu.local(x[1], y[1], z[1], lb);
        gridNorth = std::atan2(lb[0] - la[0], lb[1] - la[1]);   // the grid's north, clockwise from true north
    }
    const double cg = std::cos(gridNorth), sg = std::sin(gridNorth);

    tinygltf::Model model;
    model.asset.version = "2.0";
    model.asset.generator = "PlanView";
    gltf::Bin bin(model);
    const int table = gltf::addPropertyTable(model, bin, data, features, name, s.options.fieldTypes);
    tinygltf::Mesh mesh;
    mesh.name = name;
    for (auto& [key, p] : parts) {
        GltfMesh& m = p.mesh;
        if (m.indices.empty() && m.lines.empty() && m.points.empty()) continue;
        const PartKind kind = key.first;
        const int mode = kind == PartKind::Outline || kind == PartKind::Pin ? TINYGLTF_MODE_LINE : TINYGLTF_MODE_TRIANGLES;
        if (mode == TINYGLTF_MODE_TRIANGLES) m.flattenByLastVertex();
        // Scene metres → WGS 84 → ECEF → local ENU → glTF's y-up (east, up, −north).
        const std::size_t n = m.vertexCount();
        std::vector<double> x(n), y(n), z(n);
        for (std::size_t v = 0; v < n; ++v) {
            const Vec2 lonLat = frame.toLonLat({m.positions[3 * v], m.positions[3 * v + 1]});
            x[v] = lonLat.x, y[v] = lonLat.y, z[v] = m.positions[3 * v + 2];
            box.add(x[v], y[v], z[v]);
        }
        toEcef.apply(x, y, z);
        std::vector<float> positions(3 * n), normals(3 * n);
        std::vector<double> low(3, INFINITY), high(3, -INFINITY);
        for (std::size_t v = 0; v < n; ++v) {
            double l[3];
            enu.local(x[v], y[v], z[v], l);
            const float out[3] = {static_cast<float>(l[0]), static_cast<float>(l[2]), static_cast<float>(-l[1])};
            for (int k = 0; k < 3; ++k) {
                positions[3 * v + k] = out[k];
                low[k] = std::min(low[k], static_cast<double>(out[k]));
                high[k] = std::max(high[k], static_cast<double>(out[k]));
            }
            const double nx = m.normals[3 * v], ny = m.normals[3 * v + 1], nz = m.normals[3 * v + 2];
            const double e = nx * cg + ny * sg, north = -nx * sg + ny * cg;
            const double length = std::sqrt(e * e + north * north + nz * nz);
            normals[3 * v] = static_cast<float>(e / length);
            normals[3 * v + 1] = static_cast<float>(nz / length);
            normals[3 * v + 2] = static_cast<float>(-north / length);
        }
        tinygltf::Primitive primitive;
        primitive.attributes["POSITION"] = bin.accessor(bin.view(positions.data(), positions.size() * sizeof(float), TINYGLTF_TARGET_ARRAY_BUFFER),
                                                        TINYGLTF_COMPONENT_TYPE_FLOAT, TINYGLTF_TYPE_VEC3, n, low, high);
        primitive.attributes["NORMAL"] = bin.accessor(bin.view(normals.data(), normals.size() * sizeof(float), TINYGLTF_TARGET_ARRAY_BUFFER),
                                                      TINYGLTF_COMPONENT_TYPE_FLOAT, TINYGLTF_TYPE_VEC3, n);
        primitive.attributes["_FEATURE_ID_0"] = bin.accessor(
            bin.view(m.featureIds.data(), m.featureIds.size() * sizeof(float), TINYGLTF_TARGET_ARRAY_BUFFER),
            TINYGLTF_COMPONENT_TYPE_FLOAT, TINYGLTF_TYPE_SCALAR, n);
        std::set<float> distinct(m.featureIds.begin(), m.featureIds.end());
        tinygltf::Value::Object featureId;
        featureId["featureCount"] = tinygltf::Value(static_cast<int>(distinct.size()));
        featureId["attribute"] = tinygltf::Value(0);
        featureId["propertyTable"] = tinygltf::Value(table);
        tinygltf::Value::Object features;
        features["featureIds"] = tinygltf::Value(tinygltf::Value::Array{tinygltf::Value(std::move(featureId))});
        primitive.extensions["EXT_mesh_features"] = tinygltf::Value(std::move(features));
        const std::string hex = colorHex(p.color);
        auto addIndices = [&](const std::vector<std::uint32_t>& indices, int drawMode, const Color& c, const std::string& what) {
            if (indices.empty()) return;
            tinygltf::Primitive drawn = primitive;
            drawn.mode = drawMode;
            drawn.indices = bin.accessor(bin.view(indices.data(), indices.size() * sizeof(std::uint32_t), TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER),
                                         TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT, TINYGLTF_TYPE_SCALAR, indices.size());
            drawn.material = addMaterial(model, c, hex + " " + what, kind == PartKind::Curtain || kind == PartKind::Ribbon);
            mesh.primitives.push_back(std::move(drawn));
        };
        static const char* const kindNames[] = {"surfaces", "ribbons", "curtains", "outlines", "pins"};
        addIndices(m.indices, mode, p.color, kindNames[static_cast<int>(kind)]);
        addIndices(m.lines, TINYGLTF_MODE_LINE, p.lineColor, "edges");
        addIndices(m.points, TINYGLTF_MODE_POINTS, p.color, "pin heads");
        report.vertices += n;
        (mode == TINYGLTF_MODE_TRIANGLES ? report.triangles : report.lineSegments) += m.indices.size() / (mode == TINYGLTF_MODE_TRIANGLES ? 3 : 2);
        report.lineSegments += m.lines.size() / 2;
        report.points += m.points.size();
        m = GltfMesh{};
    }
    if (mesh.primitives.empty()) throw InputError("layer '" + name + "': no features to draw");
    model.meshes.push_back(std::move(mesh));
    tinygltf::Node root;
    root.name = name;
    root.mesh = 0;
    root.matrix.resize(16);
    yUpMatrix(enu, root.matrix.data());
    model.nodes.push_back(std::move(root));
    tinygltf::Scene scene;
    scene.nodes = {0};
    model.scenes.push_back(scene);
    model.defaultScene = 0;
    model.extensionsUsed.push_back("EXT_mesh_features");
    return model;
}

}  // namespace gltf

}  // namespace geo
