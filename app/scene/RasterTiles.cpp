#include "app/scene/RasterTiles.h"
#include <algorithm>
#include <osg/AlphaFunc>
#include <osg/Depth>
#include <osg/PolygonOffset>
#include "app/scene/LayerBuilders.h"
#include "app/scene/SunLighting.h"
#include <cmath>
#include <cstdio>
#include <mutex>
#include <osg/Geometry>
#include <osg/PagedLOD>
#include <osg/Texture2D>
#include <osgDB/FileNameUtils>
#include <osgDB/Registry>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/TerrainTint.h"

namespace planview {

namespace {

constexpr int kMeshCells = 32;            // a draped tile's mesh: 33 × 33 vertices
constexpr const char* kTileExtension = "pvraster";

geo::Extent tileExtent(const geo::Extent& root, int level, int x, int y) {
    const double size = root.width() / std::ldexp(1.0, level);
    geo::Extent e;
    e.add(root.minX + x * size, root.minY + y * size);
    e.add(root.minX + (x + 1) * size, root.minY + (y + 1) * size);
    return e;
}

bool overlaps(const geo::Extent& a, const geo::Extent& b) {
    return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/// The terrain's tint at `height` metres (geo/TerrainTint.h), as OSG's colour.
osg::Vec3f tintAt(float height) {
    const geo::Color c = geo::terrainTint(height);
    return {c.r, c.g, c.b};
}

/// The terrain's own colours over `rect`: the tint under a hillshade (light from the north-west,
/// 45° up, as maps are shaded), from heights one texel beyond the tile so that its edges shade alike.
geo::RgbaImage shadedRelief(const RasterTileSource& source, const geo::Extent& rect) {
    const int n = kRasterTilePixels;
    const double texel = rect.width() / n;
    const geo::HeightGrid g = source.terrain->readHeights(source.frame, rect.grown(texel), n + 2, n + 2);
    geo::RgbaImage image{n, n, std::vector<std::uint8_t>(static_cast<std::size_t>(n) * n * 4)};
    const osg::Vec3f light(-0.5f, 0.5f, 0.70710678f);
    const osg::Vec3f noData(0.85f, 0.85f, 0.82f);
    const float e = static_cast<float>(source.exaggeration);
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            auto h = [&](int dc, int dr) {
                float v = g.at(col + 1 + dc, row + 1 + dr);
                return std::isnan(v) ? g.at(col + 1, row + 1) : v;
            };
            const float centre = g.at(col + 1, row + 1);
            osg::Vec3f colour = noData;
            if (!std::isnan(centre)) {
                const float dzdx = (h(1, 0) - h(-1, 0)) * e / static_cast<float>(2 * texel);
                const float dzdy = (h(0, -1) - h(0, 1)) * e / static_cast<float>(2 * texel);   // rows run south
                osg::Vec3f normal(-dzdx, -dzdy, 1);
                normal.normalize();
                const float shade = std::clamp(0.45f + 0.55f * std::max(0.0f, normal * light) / light.z(), 0.0f, 1.15f);
                colour = tintAt(centre) * shade;
            }
            std::uint8_t* px = &image.pixels[(static_cast<std::size_t>(row) * n + col) * 4];
            for (int c = 0; c < 3; ++c) px[c] = static_cast<std::uint8_t>(std::clamp(colour[c], 0.0f, 1.0f) * 255 + 0.5f);
            px[3] = 255;
        }
    return image;
}

osg::ref_ptr<osg::Texture2D> textureOf(geo::RgbaImage&& rgba) {
    osg::ref_ptr<osg::Image> image = new osg::Image;
    auto* data = new unsigned char[rgba.pixels.size()];
    std::copy(rgba.pixels.begin(), rgba.pixels.end(), data);
    image->setImage(rgba.width, rgba.height, 1, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, data, osg::Image::USE_NEW_DELETE);
    osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(image);
    texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR_MIPMAP_LINEAR);
    texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
    texture->setResizeNonPowerOfTwoHint(false);
    texture->setUnRefImageDataAfterApply(true);   // once on the GPU, the tile's pixels leave the heap
    return texture;
}

/// The tile's surface: a mesh over the terrain's heights (with skirts hanging from its edges so that
/// neighbours of another level leave no cracks), or a flat square at 0. Sets `zMin`, `zMax`.
osg::ref_ptr<osg::Geometry> tileSurface(const RasterTileSource& source, const geo::Extent& rect, float& zMin, float& zMax) {
    const int n = source.terrain ? kMeshCells : 1;
    const double cell = rect.width() / n;
    std::vector<float> z(static_cast<std::size_t>(n + 1) * (n + 1), 0.0f);
    if (source.terrain) {
        // Pixel centres on the vertices: the window reaches half a cell beyond the tile.
        const geo::HeightGrid g = source.terrain->readHeights(source.frame, rect.grown(cell / 2), n + 1, n + 1);
        for (std::size_t i = 0; i < z.size(); ++i)
            z[i] = std::isnan(g.heights[i]) ? 0.0f : g.heights[i] * static_cast<float>(source.exaggeration);
    }
    zMin = *std::min_element(z.begin(), z.end());
    zMax = *std::max_element(z.begin(), z.end());
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec2Array> texcoords = new osg::Vec2Array;
    for (int row = 0; row <= n; ++row)   // row 0 north
        for (int col = 0; col <= n; ++col) {
            vertices->push_back(osg::Vec3(static_cast<float>(rect.minX + col * cell), static_cast<float>(rect.maxY - row * cell),
                                          z[static_cast<std::size_t>(row) * (n + 1) + col]));
            texcoords->push_back(osg::Vec2(static_cast<float>(col) / n, static_cast<float>(row) / n));   // image row 0 north
        }
    osg::ref_ptr<osg::DrawElementsUInt> triangles = new osg::DrawElementsUInt(GL_TRIANGLES);
    auto at = [n](int col, int row) { return static_cast<unsigned>(row * (n + 1) + col); };
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const unsigned a = at(col, row), b = at(col + 1, row), c = at(col, row + 1), d = at(col + 1, row + 1);
            for (unsigned v : {c, b, a, c, d, b}) triangles->push_back(v);
        }
    if (source.terrain) {
        std::vector<unsigned> border;
        for (int col = 0; col < n; ++col) border.push_back(at(col, 0));
        for (int row = 0; row < n; ++row) border.push_back(at(n, row));
        for (int col = n; col > 0; --col) border.push_back(at(col, n));
        for (int row = n; row > 0; --row) border.push_back(at(0, row));
        const float drop = static_cast<float>(rect.width() * 0.02) + 1.0f;
        const unsigned first = static_cast<unsigned>(vertices->size());
        for (unsigned v : border) {
            vertices->push_back((*vertices)[v] - osg::Vec3(0, 0, drop));
            texcoords->push_back((*texcoords)[v]);
        }
        for (std::size_t i = 0; i < border.size(); ++i) {
            const unsigned a = border[i], b = border[(i + 1) % border.size()];
            const unsigned a2 = first + static_cast<unsigned>(i), b2 = first + static_cast<unsigned>((i + 1) % border.size());
            for (unsigned v : {a, a2, b, b, a2, b2}) triangles->push_back(v);
        }
        zMin -= drop;
    }
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(vertices);
    geometry->setTexCoordArray(0, texcoords);
    osg::ref_ptr<osg::Vec4Array> white = new osg::Vec4Array(1);
    (*white)[0].set(1, 1, 1, 1);
    geometry->setColorArray(white, osg::Array::BIND_OVERALL);
    geometry->addPrimitiveSet(triangles);
    return geometry;
}

/// Reads "L_X_Y.pvraster" (the four children of tile L/X/Y) for the DatabasePager's threads; the
/// layer's RasterTileSource travels in the request's options as their user data.
class RasterTileReader : public osgDB::ReaderWriter {
public:
    RasterTileReader() { supportsExtension(kTileExtension, "PlanView raster tiles"); }
    const char* className() const override { return "PlanView raster tiles"; }
    ReadResult readNode(const std::string& file, const osgDB::Options* options) const override {
        if (osgDB::getLowerCaseFileExtension(file) != kTileExtension) return ReadResult::FILE_NOT_HANDLED;
        const auto* source = options ? dynamic_cast<const RasterTileSource*>(options->getUserData()) : nullptr;
        int level = 0, x = 0, y = 0;
        if (!source || std::sscanf(osgDB::getSimpleFileName(file).c_str(), "%d_%d_%d", &level, &x, &y) != 3)
            return ReadResult::FILE_NOT_HANDLED;
        try {
            osg::ref_ptr<osg::Group> children = new osg::Group;
            for (int dy = 0; dy < 2; ++dy)
                for (int dx = 0; dx < 2; ++dx)
                    if (overlaps(tileExtent(source->root, level + 1, 2 * x + dx, 2 * y + dy), source->covered))
                        children->addChild(buildRasterTile(*source, level + 1, 2 * x + dx, 2 * y + dy));
            return children.release();
        } catch (const geo::InputError& e) {
            geo::log().warn("layer '{}': tile {}/{}/{}: {}", source->name, level, x, y, e.what());
            return ReadResult::ERROR_IN_READING_FILE;
        }
    }
};

void registerTileReader() {
    static std::once_flag once;
    std::call_once(once, [] { osgDB::Registry::instance()->addReaderWriter(new RasterTileReader); });
}

}  // namespace

geo::Extent rasterRootSquare(const geo::ProjectData& data) {
    geo::Extent joint;
    for (const geo::LoadedLayer& layer : data.layers)
        if (layer.raster) joint.add(layer.data.bounds);
    if (joint.empty()) return joint;
    const double half = std::max(joint.width(), joint.height()) / 2 * 1.0001 + 1;
    const geo::Vec2 c = joint.center();
    geo::Extent square;
    square.add(c.x - half, c.y - half);
    square.add(c.x + half, c.y + half);
    return square;
}

int rasterMaxLevel(const geo::RasterWindow& raster, const geo::Extent& sceneExtent, const geo::Extent& root) {
    const geo::RasterDescription& d = raster.description();
    const double pixel = std::max(sceneExtent.width() / d.size.width, sceneExtent.height() / d.size.height);
    if (!(pixel > 0)) return 0;
    const double levels = std::log2(root.width() / (kRasterTilePixels * pixel));
    return std::clamp(static_cast<int>(std::ceil(levels - 1e-9)), 0, 24);
}

osg::ref_ptr<osg::Node> buildRasterTile(const RasterTileSource& source, int level, int x, int y) {
    registerTileReader();
    const geo::Extent rect = tileExtent(source.root, level, x, y);
    float zMin = 0, zMax = 0;
    osg::ref_ptr<osg::Geometry> surface = tileSurface(source, rect, zMin, zMax);
    geo::RgbaImage colours = source.imagery ? source.imagery->readImagery(source.frame, rect, kRasterTilePixels, kRasterTilePixels)
                                            : shadedRelief(source, rect);
    // Only a tile with texels outside the raster (or transparent ones) needs the alpha test, which
    // costs a software renderer a good part of its frame: most tiles are opaque.
    bool opaque = true;
    for (std::size_t i = 3; i < colours.pixels.size() && opaque; i += 4) opaque = colours.pixels[i] == 255;
    osg::StateSet* state = surface->getOrCreateStateSet();
    if (!opaque) {
        static const osg::ref_ptr<osg::AlphaFunc> keepOut = new osg::AlphaFunc(osg::AlphaFunc::GREATER, 0.5f);
        state->setAttributeAndModes(keepOut.get());
    }
    state->setTextureAttributeAndModes(0, textureOf(std::move(colours)));
    surface->setName(std::to_string(level) + "/" + std::to_string(x) + "/" + std::to_string(y));
    if (level >= source.maxLevel) return surface;
    osg::ref_ptr<osg::PagedLOD> lod = new osg::PagedLOD;
    const geo::Vec2 c = rect.center();
    lod->setCenterMode(osg::LOD::USER_DEFINED_CENTER);
    lod->setCenter(osg::Vec3(static_cast<float>(c.x), static_cast<float>(c.y), (zMin + zMax) / 2));
    lod->setRadius(static_cast<float>(std::hypot(rect.width() / 2 * std::sqrt(2.0), (zMax - zMin) / 2)));
    lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
    // Split once the tile shows larger than its texels. OSG's pixel size on screen is the bounding
    // sphere's diameter, √2 × the tile's side (seen from above): the side passes 256 pixels.
    const float split = kRasterTilePixels * 1.42f;
    lod->addChild(surface, 0, split);
    lod->setFileName(1, std::to_string(level) + "_" + std::to_string(x) + "_" + std::to_string(y) + "." + kTileExtension);
    lod->setRange(1, split, 1e7f);
    lod->setPriorityOffset(1, static_cast<float>(-level));   // coarse tiles first, then the nearest
    lod->setPriorityScale(1, -1.0f);
    osg::ref_ptr<osgDB::Options> options = new osgDB::Options;
    options->setObjectCacheHint(osgDB::Options::CACHE_NONE);
    options->setUserData(const_cast<RasterTileSource*>(&source));
    lod->setDatabaseOptions(options);
    return lod;
}

LayerParts buildRasterLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    LayerParts parts;
    if (!layer.raster || !context.data) return parts;
    const geo::ProjectData& data = *context.data;
    osg::ref_ptr<RasterTileSource> source = new RasterTileSource(data.frame);
    source->name = layer.spec.name;
    if (layer.spec.kind == geo::LayerKind::Imagery) {
        source->imagery = layer.raster;
        for (const geo::LoadedLayer& other : data.layers)
            if (other.spec.kind == geo::LayerKind::Terrain && other.raster) {
                source->terrain = other.raster;
                source->exaggeration = other.spec.exaggeration;
                break;
            }
    } else {
        source->terrain = layer.raster;
        source->exaggeration = layer.spec.exaggeration;
    }
    source->root = rasterRootSquare(data);
    source->covered = layer.data.bounds;
    source->maxLevel = rasterMaxLevel(*layer.raster, source->covered, source->root);
    parts.flat = new osg::Group;
    parts.flat->setName(layer.spec.name + " (" + geo::layerKindName(layer.spec.kind) + ")");
    parts.flat->setUserData(source.get());   // the tiles' options point at it
    parts.flat->addChild(buildRasterTile(*source, 0, 0, 0));
    osg::StateSet* s = parts.flat->getOrCreateStateSet();
    // Over the flat pass's painting: the ground's shape hides what is behind a hill. The terrain's
    // depth is pushed back a little, so that low roofs and walls standing on it are not cut by a
    // coarse tile's mesh; imagery on terrain draws onto that identical mesh (in front of its pushed
    // depth) without writing depth of its own, and keeps out of it where it has no pixels (the alpha
    // test of the tiles that have such texels).
    const bool onTerrain = source->imagery && source->terrain;
    s->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
    s->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0, 1, !onTerrain));
    s->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    if (source->terrain && !source->imagery) s->setAttributeAndModes(new osg::PolygonOffset(2, 8));
    // Fixed-function drawing would multiply the tiles by the raw shadow map (as for models).
    s->setTextureMode(kShadowTextureUnit, GL_TEXTURE_2D, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
    geo::log().debug("layer '{}': raster tiles down to level {} over {:.0f} m", layer.spec.name, source->maxLevel,
                     source->root.width());
    return parts;
}

}  // namespace planview
