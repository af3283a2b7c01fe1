// libFuzzer harness: arbitrary bytes as an OGR SQL filter on a GeoPackage layer, through the same path
// the CLI and viewer use (applyAttributeFilter, then readLayer). Only InputError may come out.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <cstdint>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace {

geo::Source& source() {
    static geo::Source s = [] {
        geo::initGdal();
        const char* path = "/vsimem/fuzz_filter.gpkg";
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDatasetUniquePtr ds(driver->Create(path, 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        OGRLayer* layer = ds->CreateLayer("parcels", &srs, wkbPolygon, nullptr);
        for (auto [name, type] : {std::pair{"landuse", OFTString}, {"height_m", OFTReal}, {"floors", OFTInteger}, {"名称", OFTString}}) {
            OGRFieldDefn f(name, type);
            layer->CreateField(&f);
        }
        for (int i = 0; i < 20; ++i) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField(0, i % 2 ? "R2" : "B1");
            f.SetField(1, 3.0 * i);
            f.SetField(2, i);
            f.SetField(3, "劝业里");
            std::string wkt = "POLYGON((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25))";
            OGRGeometry* g = nullptr;
            OGRGeometryFactory::createFromWkt(wkt.c_str(), &srs, &g);
            f.SetGeometryDirectly(g);
            layer->CreateFeature(&f);
        }
        ds.reset();
        return geo::Source::open(path);
    }();
    return s;
}

}  // namespace

// Warnings about each odd input are expected by the thousand; keep them out of the fuzzer's output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static geo::SceneFrame frame = [] {
        geo::Extent e;
        e.add(120.1, 30.2);
        e.add(120.2, 30.3);
        return geo::SceneFrame::choose(e);
    }();
    geo::ReadOptions options;
    options.where.assign(reinterpret_cast<const char*>(data), size);
    if (options.where.find('\0') != std::string::npos) return 0;  // not representable as a C string filter
    try {
        geo::readLayer(source(), "parcels", frame, options);
    } catch (const geo::InputError&) {
    }
    return 0;
}
