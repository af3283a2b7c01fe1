// libFuzzer harness: arbitrary rings through repair (MakeValid) and triangulation. The bytes become
// rings of coordinates near Hangzhou; after readLayer every polygon it keeps must triangulate to its
// own area. A crash, a hang or an area mismatch is a finding.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"

// Warnings about each odd input are expected by the thousand; keep them out of the fuzzer's output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static geo::SceneFrame frame = [] {
        geo::initGdal();
        geo::Extent e;
        e.add(120.1, 30.2);
        e.add(120.2, 30.3);
        return geo::SceneFrame::choose(e);
    }();
    // Layout: a byte giving the ring count (1..4), then per vertex two int16 offsets; a 0x7FFF x ends a ring.
    if (size < 1) return 0;
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
    // once per CRS pair) would otherwise cost more than the repair and triangulation fuzzed here.
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
    layer->CreateFeature(&feature);
    geo::Source source = geo::Source::fromDataset("fuzz", ds);

    try {
        geo::FeatureLayer out = geo::readLayer(source, "rings", frame);
        if (out.report.read != out.features.size() + out.report.skipped) std::abort();  // silently dropped
        for (const auto& f : out.features)
            for (const auto& p : f.polygons) {
                std::vector<geo::Vec2> v;
                std::vector<std::uint32_t> idx;
                double expected = geo::area(p);
                if (!geo::triangulate(p, v, idx)) {
                    if (expected > 1e-6) std::abort();  // a repaired polygon with area must draw
                    continue;
                }
                double total = 0;
                for (std::size_t k = 0; k + 2 < idx.size(); k += 3) {
                    const auto &a = v[idx[k]], &b = v[idx[k + 1]], &c = v[idx[k + 2]];
                    total += ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
                }
                if (std::fabs(total - expected) > 1e-6 * std::max(1.0, expected)) std::abort();
            }
    } catch (const geo::InputError&) {
    }
    return 0;
}
