#include "tests/fuzz/FuzzRings.h"
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"

namespace fuzz {

std::string checkRings(const std::uint8_t* data, std::size_t size) {
    static geo::SceneFrame frame = [] {
        geo::initGdal();
        geo::Extent e;
        e.add(120.1, 30.2);
        e.add(120.2, 30.3);
        return geo::SceneFrame::choose(e);
    }();
    if (size < 1) return "";
    const int rings = 1 + data[0] % 4;
    auto polygon = std::make_unique<OGRPolygon>();
    std::size_t i = 1;
    for (int r = 0; r < rings && i + 4 <= size; ++r) {
        auto ring = std::make_unique<OGRLinearRing>();
        while (i + 4 <= size && ring->getNumPoints() < 20000) {
            std::int16_t x, y;
            std::memcpy(&x, data + i, 2);
            std::memcpy(&y, data + i + 2, 2);
            i += 4;
            if (x == 0x7FFF) break;
            ring->addPoint(120.15 + x * 1e-6, 30.25 + y * 1e-6);  // within ±3.3 km, 0.1 m steps
        }
        if ((data[0] & 0x80) == 0) ring->closeRings();  // sometimes leave rings unclosed
        polygon->addRingDirectly(ring.release());
    }

    // Built once: PROJ's database lookups (importFromEPSG, and the transformation readLayer builds
    // once per CRS pair) would otherwise cost more than the repair and triangulation checked here.
    static GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("Memory");
    static OGRSpatialReference srs = [] {
        OGRSpatialReference s;
        s.importFromEPSG(4326);
        s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return s;
    }();
    GDALDataset* ds = driver->Create("", 0, 0, 0, GDT_Unknown, nullptr);
    OGRLayer* layer = ds->CreateLayer("rings", &srs, wkbPolygon, nullptr);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetGeometryDirectly(polygon.release());
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
        GDALClose(ds);
        return "";   // the Memory driver refused it: nothing of PlanView's was run
    }
    geo::Source source = geo::Source::fromDataset("fuzz", ds);

    try {
        geo::FeatureLayer out = geo::readLayer(source, "rings", frame);
        if (out.report.read != out.features.size() + out.report.skipped) return "a feature was dropped without being counted";
        for (const auto& f : out.features)
            for (const auto& p : f.polygons) {
                std::vector<geo::Vec2> v;
                std::vector<std::uint32_t> idx;
                const double expected = geo::area(p);
                if (!geo::triangulate(p, v, idx)) {
                    if (expected > 1e-6) return "a kept polygon of " + std::to_string(expected) + " m² did not triangulate";
                    continue;
                }
                double total = 0;
                for (std::size_t k = 0; k + 2 < idx.size(); k += 3) {
                    const auto &a = v[idx[k]], &b = v[idx[k + 1]], &c = v[idx[k + 2]];
                    total += ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
                }
                if (std::fabs(total - expected) > 1e-6 * std::max(1.0, expected))
                    return "triangles cover " + std::to_string(total) + " m² of a " + std::to_string(expected) + " m² polygon (" +
                           std::to_string(p.rings.size()) + " rings)";
            }
    } catch (const geo::InputError&) {
    }
    return "";
}

}  // namespace fuzz
