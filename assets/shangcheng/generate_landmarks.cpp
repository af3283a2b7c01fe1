// Writes the Shangcheng sample's landmark models: illustrative massing (not surveyed buildings) of
// 城隍阁 on 吴山, 杭州站 and 鼓楼, as a small oblique-photography style tile set in the common layout
// (ContextCapture/Smart3D): metadata.xml (SRS EPSG:4549 and an SRSOrigin) and
// Data/Tile_±XXX_±YYY/Tile_±XXX_±YYY.osgb, each top tile a PagedLOD whose coarse level (plain
// blocks) gives way to a finer file (tiers, roofs, windows) as the camera comes near; and one
// single model, 河坊街's gateway (an OBJ text file), placed by the project's position and heading.
//
//   generate_landmarks OUTPUT_FOLDER        (assets/shangcheng/landmarks in the source tree)
//
// Deterministic: coordinates are rounded to centimetres after PROJ, files are written in a fixed
// order with OSG's binary writer, so the same program writes the same bytes (tests/assets checks
// this against the committed copy).
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/PagedLOD>
#include <osgDB/WriteFile>
#include <gdal_priv.h>
#include <proj.h>

namespace fs = std::filesystem;

namespace {

// The tile set's origin (EPSG:4549 metres) and its tiles' side: local coordinates are metres from here.
constexpr double kOriginX = 516000, kOriginY = 3345000;
constexpr double kTileSide = 1000;

struct Colour {
    float r, g, b;
};

// A mesh of triangles with a colour a vertex, shaded as if lit from the south-west above (the
// scene draws models unlit, as oblique photographs are).
class Mesh {
public:
    void quad(osg::Vec3 a, osg::Vec3 b, osg::Vec3 c, osg::Vec3 d, Colour colour) {
        osg::Vec3 n = (b - a) ^ (c - a);
        n.normalize();
        const osg::Vec3 light(-0.45f, -0.75f, 0.6f);
        const float lit = 0.62f + 0.38f * std::max(0.0f, n * (light / light.length()));
        const osg::Vec4 c4(colour.r * lit, colour.g * lit, colour.b * lit, 1);
        for (const osg::Vec3& v : {a, b, c, a, c, d}) {
            vertices_->push_back(v);
            colours_->push_back(c4);
        }
    }
    // An axis-aligned block from (x0, y0, z0) to (x1, y1, z1), its floor left open.
    void block(float x0, float y0, float z0, float x1, float y1, float z1, Colour colour) {
        frustum(x0, y0, x1, y1, z0, x0, y0, x1, y1, z1, colour, colour);
    }
    // A hipped roof or tapering tier: the rectangle at z0 rises to the smaller one at z1.
    void frustum(float ax0, float ay0, float ax1, float ay1, float z0, float bx0, float by0, float bx1, float by1,
                 float z1, Colour sides, Colour top) {
        const osg::Vec3 a0(ax0, ay0, z0), a1(ax1, ay0, z0), a2(ax1, ay1, z0), a3(ax0, ay1, z0);
        const osg::Vec3 b0(bx0, by0, z1), b1(bx1, by0, z1), b2(bx1, by1, z1), b3(bx0, by1, z1);
        quad(a0, a1, b1, b0, sides);
        quad(a1, a2, b2, b1, sides);
        quad(a2, a3, b3, b2, sides);
        quad(a3, a0, b0, b3, sides);
        if (bx1 > bx0 && by1 > by0) quad(b0, b1, b2, b3, top);
        // The eaves' underside, where the roof overhangs what is below.
        quad(a3, a2, a1, a0, sides);
    }
    osg::ref_ptr<osg::Geode> geode(const std::string& name) const {
        osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
        g->setVertexArray(vertices_.get());
        g->setColorArray(colours_.get(), osg::Array::BIND_PER_VERTEX);
        g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_->size())));
        g->setName(name);
        osg::ref_ptr<osg::Geode> geode = new osg::Geode;
        geode->addDrawable(g);
        geode->setName(name);
        return geode;
    }

private:
    osg::ref_ptr<osg::Vec3Array> vertices_ = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> colours_ = new osg::Vec4Array;
};

const Colour kRoof{0.30f, 0.31f, 0.33f}, kWall{0.86f, 0.84f, 0.78f}, kRed{0.62f, 0.20f, 0.16f},
    kStone{0.72f, 0.70f, 0.66f}, kGlass{0.45f, 0.60f, 0.72f}, kCanopy{0.80f, 0.82f, 0.84f}, kCoarse{0.78f, 0.76f, 0.72f};

struct Landmark {
    std::string name;
    double lon, lat;
    double x = 0, y = 0;   // local metres from the origin, centimetres
    double z = 0;          // the ground under it: the sample DEM's height, centimetres
    // The two levels, drawn around (0, 0) in the landmark's own metres (x east, y north).
    void (*coarse)(Mesh&);
    void (*fine)(Mesh&);
};

// 城隍阁: placed on the sample's 吴山 (its illustrative hill lies about 250 m east of the real one's
// 120.163 E, 30.241 N). A seven-eaved pavilion on a stone platform, 40 m tall (the real one is 41.6 m).
void chenghuangCoarse(Mesh& m) {
    m.block(-20, -20, 0, 20, 20, 4, kCoarse);
    m.frustum(-14, -14, 14, 14, 4, -6, -6, 6, 6, 34, kCoarse, kCoarse);
    m.frustum(-6, -6, 6, 6, 34, 0, 0, 0, 0, 40, kCoarse, kCoarse);
}
void chenghuangFine(Mesh& m) {
    m.block(-20, -20, 0, 20, 20, 4, kStone);
    float z = 4;
    const float bodies[] = {13, 10.5f, 8.5f, 6.5f};
    const float storeys[] = {6, 5, 5, 4};
    for (int i = 0; i < 4; ++i) {
        const float b = bodies[i];
        m.block(-b, -b, z, b, b, z + storeys[i], kRed);
        z += storeys[i];
        const float eave = b + 4;
        const bool last = i == 3;
        m.frustum(-eave, -eave, eave, eave, z, last ? 0 : -b + 1.5f, last ? 0 : -b + 1.5f, last ? 0 : b - 1.5f,
                  last ? 0 : b - 1.5f, z + (last ? 8.0f : 2.5f), kRoof, kRoof);
        z += last ? 8.0f : 2.5f;
    }
}

// 杭州站: on the sample's station parcel (drawn 25 m tall), so exaggerated to rise above it: the
// station hall facing west, its raised central hall and the platform canopies east of it.
void stationCoarse(Mesh& m) {
    m.block(-20, -75, 0, 20, 75, 29, kCoarse);
    m.block(-25, -30, 0, 25, 30, 38, kCoarse);
    for (int i = 0; i < 3; ++i) m.block(40 + 25.0f * i, -150, 7, 55 + 25.0f * i, 150, 8, kCoarse);
}
void stationFine(Mesh& m) {
    m.block(-20, -75, 0, 20, 75, 27, kWall);
    m.frustum(-21, -76, 21, 76, 27, -17, -72, 17, 72, 29, kRoof, kRoof);
    m.block(-25, -30, 0, 25, 30, 35, kGlass);
    m.frustum(-26, -31, 26, 31, 35, -20, -25, 20, 25, 38, kRoof, kRoof);
    for (float y : {-70.0f, 62.0f}) m.block(-24, y, 0, -16, y + 8, 44, kWall);   // the clock towers
    for (int i = 0; i < 3; ++i) m.block(40 + 25.0f * i, -150, 7, 55 + 25.0f * i, 150, 8, kCanopy);
}

// 鼓楼: the drum tower over its city-gate base on 中山南路.
void drumCoarse(Mesh& m) {
    m.block(-20, -10, 0, 20, 10, 10, kCoarse);
    m.frustum(-18, -8, 18, 8, 10, -10, -1, 10, 1, 24, kCoarse, kCoarse);
}
void drumFine(Mesh& m) {
    m.block(-20, -10, 0, 20, 10, 10, kStone);
    m.block(-15, -7, 10, 15, 7, 18, kRed);
    m.frustum(-18, -10, 18, 10, 18, -10, -1, 10, 1, 24, kRoof, kRoof);
}

std::string tileName(int i, int j) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "Tile_%+04d_%+04d", i, j);
    return buffer;
}

bool write(const osg::Node& node, const fs::path& file) {
    osg::ref_ptr<osgDB::Options> options = new osgDB::Options("Compressor=zlib");
    if (!osgDB::writeNodeFile(node, file.string(), options.get())) {
        std::cerr << "generate_landmarks: cannot write " << file << '\n';
        return false;
    }
    return true;
}

// 河坊街's gateway (牌坊): four posts, beams and a roof, 18 m wide, as OBJ text with its materials
// (y up, -z north: OBJ's convention, which OSG's reader turns to z up). Single models are lit.
std::string gatewayObj() {
    std::string out = "# 河坊街 gateway (illustrative), metres; y up, x along the gateway's width\nmtllib gateway.mtl\n"
                      "vn 0 0 -1\nvn 0 0 1\nvn 0 -1 0\nvn 0 1 0\nvn -1 0 0\nvn 1 0 0\n";
    int base = 1;
    std::string faces;
    auto box = [&](const char* material, double x0, double y0, double z0, double x1, double y1, double z1) {
        char line[128];
        for (int k = 0; k < 8; ++k) {
            std::snprintf(line, sizeof line, "v %.2f %.2f %.2f\n", (k & 1) ? x1 : x0, (k & 2) ? y1 : y0, (k & 4) ? z1 : z0);
            out += line;
        }
        faces += std::string("usemtl ") + material + "\n";
        static const int quads[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
        for (int q = 0; q < 6; ++q) {
            std::snprintf(line, sizeof line, "f %d//%d %d//%d %d//%d %d//%d\n", base + quads[q][0], q + 1, base + quads[q][1],
                          q + 1, base + quads[q][2], q + 1, base + quads[q][3], q + 1);
            faces += line;
        }
        base += 8;
    };
    for (double x : {-8.0, -3.5, 3.5, 8.0}) box("post", x - 0.6, 0, -0.6, x + 0.6, x == -8.0 || x == 8.0 ? 7 : 9, 0.6);
    box("beam", -9, 6.5, -0.8, 9, 7.5, 0.8);
    box("beam", -4.5, 8.5, -0.8, 4.5, 9.5, 0.8);
    box("roof", -5.5, 9.5, -1.5, 5.5, 10.5, 1.5);
    return out + faces;
}

std::string gatewayMtl() {
    return "newmtl post\nKa 0.35 0.08 0.06\nKd 0.70 0.16 0.12\n\n"
           "newmtl beam\nKa 0.30 0.24 0.10\nKd 0.62 0.48 0.22\n\n"
           "newmtl roof\nKa 0.12 0.12 0.13\nKd 0.28 0.29 0.31\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: generate_landmarks OUTPUT_FOLDER DEM (assets/shangcheng/terrain/dem.tif)\n";
        return 1;
    }
    const fs::path out = argv[1];
    // The landmarks stand on the sample's terrain: the DEM's pixel under each (EPSG:4490 lon/lat).
    GDALAllRegister();
    std::unique_ptr<GDALDataset> dem(GDALDataset::Open(argv[2], GDAL_OF_RASTER | GDAL_OF_READONLY));
    double demTransform[6];
    if (!dem || dem->GetGeoTransform(demTransform) != CE_None) {
        std::cerr << "generate_landmarks: " << argv[2] << ": cannot read it as a georeferenced DEM\n";
        return 2;
    }
    auto groundAt = [&](double lon, double lat) {
        const int col = static_cast<int>(std::floor((lon - demTransform[0]) / demTransform[1]));
        const int row = static_cast<int>(std::floor((lat - demTransform[3]) / demTransform[5]));
        float height = 0;
        if (dem->GetRasterBand(1)->RasterIO(GF_Read, col, row, 1, 1, &height, 1, 1, GDT_Float32, 0, 0) != CE_None) return -1.0;
        return std::round(height * 100.0) / 100;
    };
    std::vector<Landmark> landmarks = {
        {"城隍阁", 120.1650, 30.2400, 0, 0, 0, chenghuangCoarse, chenghuangFine},
        {"杭州站", 120.1820, 30.2440, 0, 0, 0, stationCoarse, stationFine},
        {"鼓楼", 120.1723, 30.2431, 0, 0, 0, drumCoarse, drumFine},   // 鼓楼南宋文化体验点, at 中山中路 × 河坊街
    };
    PJ_CONTEXT* context = proj_context_create();
    PJ* toGk = proj_create_crs_to_crs(context, "EPSG:4326", "EPSG:4549", nullptr);
    PJ* normalized = toGk ? proj_normalize_for_visualization(context, toGk) : nullptr;
    if (!normalized) {
        std::cerr << "generate_landmarks: PROJ has no EPSG:4326 -> EPSG:4549\n";
        return 2;
    }
    for (Landmark& l : landmarks) {
        PJ_COORD c = proj_trans(normalized, PJ_FWD, proj_coord(l.lon, l.lat, 0, 0));
        l.x = std::round((c.xy.x - kOriginX) * 100) / 100;
        l.y = std::round((c.xy.y - kOriginY) * 100) / 100;
        l.z = groundAt(l.lon, l.lat);
        if (l.z < 0) {
            std::cerr << "generate_landmarks: " << argv[2] << ": no height under " << l.name << '\n';
            return 2;
        }
    }
    proj_destroy(normalized);
    proj_destroy(toGk);
    proj_context_destroy(context);

    std::error_code ec;
    fs::remove_all(out / "Data", ec);
    fs::create_directories(out / "Data", ec);
    {
        std::ofstream meta(out / "metadata.xml", std::ios::binary);
        meta << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<ModelMetadata version=\"1\">\n"
                "\t<!--Spatial Reference System-->\n"
                "\t<SRS>EPSG:4549</SRS>\n"
                "\t<!--Origin in Spatial Reference System-->\n"
             << "\t<SRSOrigin>" << static_cast<long>(kOriginX) << "," << static_cast<long>(kOriginY) << ",0</SRSOrigin>\n"
             << "\t<Texture>\n\t\t<ColorSource>Visible</ColorSource>\n\t</Texture>\n"
                "</ModelMetadata>\n";
    }
    // One tile a kilometre square of local metres; each landmark in the tile it stands in.
    for (const Landmark& l : landmarks) {
        const int i = static_cast<int>(std::floor(l.x / kTileSide)), j = static_cast<int>(std::floor(l.y / kTileSide));
        const std::string name = tileName(i, j);
        const fs::path folder = out / "Data" / name;
        if (fs::exists(folder / (name + ".osgb"))) {
            std::cerr << "generate_landmarks: two landmarks in " << name << '\n';
            return 2;
        }
        fs::create_directories(folder, ec);
        const osg::Matrixd at = osg::Matrixd::translate(l.x, l.y, l.z);
        auto placed = [&](void (*draw)(Mesh&), const std::string& level) {
            Mesh mesh;
            draw(mesh);
            osg::ref_ptr<osg::Geode> geode = mesh.geode(l.name + " " + level);
            // Baked into the vertices: tiles hold local coordinates, no transform nodes.
            osg::Vec3Array* v = static_cast<osg::Vec3Array*>(geode->getDrawable(0)->asGeometry()->getVertexArray());
            for (osg::Vec3& p : *v) p = p * at;
            geode->getDrawable(0)->dirtyBound();
            return geode;
        };
        // The finer level: its own file, loaded when the tile covers more than 250 pixels.
        const std::string fineFile = name + "_L2_0.osgb";
        if (!write(*placed(l.fine, "L2"), folder / fineFile)) return 3;
        osg::ref_ptr<osg::PagedLOD> top = new osg::PagedLOD;
        top->setName(l.name);
        top->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
        top->addChild(placed(l.coarse, "L1"), 0, 250);
        top->setFileName(1, fineFile);
        top->setRange(1, 250, 1e30f);
        top->setCenterMode(osg::LOD::USE_BOUNDING_SPHERE_CENTER);
        if (!write(*top, folder / (name + ".osgb"))) return 3;
        std::cout << l.name << ": " << name << " at " << l.x << ", " << l.y << " m from the origin, on the ground at " << l.z << " m\n";
    }
    std::ofstream(out / "gateway.obj", std::ios::binary) << gatewayObj();
    std::ofstream(out / "gateway.mtl", std::ios::binary) << gatewayMtl();
    return 0;
}
