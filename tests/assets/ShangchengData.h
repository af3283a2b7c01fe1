// The Shangcheng sample GeoPackage as the asset tests read it: every layer's features with their fields
// as text and numbers and their geometry in EPSG:4549 metres (CGCS2000 / 3-degree Gauss-Kruger CM 120E),
// read with the GDAL C++ API. Shared by the tests of tests/assets (one executable, test_shangcheng).
#pragma once

#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#ifndef PLANVIEW_SOURCE_DIR
#error "PLANVIEW_SOURCE_DIR must be defined as the repository root"
#endif

namespace shangcheng_test {

const char* const kGpkg = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

struct Feature {
    std::map<std::string, std::string> text;  // every non-null field as text
    std::map<std::string, double> number;     // non-null numeric fields
    std::unique_ptr<OGRGeometry> geom;        // in EPSG:4549 metres (nullptr for tables)

    bool has(const std::string& f) const { return text.count(f) > 0; }
    std::string str(const std::string& f) const {
        auto it = text.find(f);
        return it == text.end() ? std::string() : it->second;
    }
};

class Data {
public:
    static Data& get() {
        static Data data;
        return data;
    }
    GDALDataset* ds() { return ds_.get(); }
    const std::vector<Feature>& layer(const std::string& name) {
        auto it = cache_.find(name);
        if (it != cache_.end()) return it->second;
        return cache_[name] = read(name);
    }

private:
    Data() {
        GDALAllRegister();
        ds_.reset(GDALDataset::Open(kGpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY));
        gk_.importFromEPSG(4549);
        gk_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    std::vector<Feature> read(const std::string& name) {
        std::vector<Feature> out;
        if (!ds_) return out;
        OGRLayer* lyr = ds_->GetLayerByName(name.c_str());
        if (!lyr) return out;
        std::unique_ptr<OGRCoordinateTransformation> ct;
        if (const OGRSpatialReference* srs = lyr->GetSpatialRef()) {
            OGRSpatialReference src(*srs);
            src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            ct.reset(OGRCreateCoordinateTransformation(&src, &gk_));
        }
        lyr->ResetReading();
        for (auto& f : *lyr) {
            Feature out1;
            OGRFeatureDefn* defn = f->GetDefnRef();
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                if (!f->IsFieldSetAndNotNull(i)) continue;
                const std::string fname = defn->GetFieldDefn(i)->GetNameRef();
                out1.text[fname] = f->GetFieldAsString(i);
                const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
                if (t == OFTReal || t == OFTInteger || t == OFTInteger64) out1.number[fname] = f->GetFieldAsDouble(i);
            }
            if (const OGRGeometry* g = f->GetGeometryRef()) {
                out1.geom.reset(g->clone());
                if (ct) out1.geom->transform(ct.get());
            }
            out.push_back(std::move(out1));
        }
        return out;
    }

    GDALDatasetUniquePtr ds_;
    OGRSpatialReference gk_;
    std::map<std::string, std::vector<Feature>> cache_;
};

inline std::set<std::string> names(const std::string& layer) {
    std::set<std::string> out;
    for (const Feature& f : Data::get().layer(layer))
        if (f.has("name_zh")) out.insert(f.str("name_zh"));
    return out;
}

inline const Feature* byName(const std::string& layer, const std::string& name) {
    for (const Feature& f : Data::get().layer(layer))
        if (f.str("name_zh") == name) return &f;
    return nullptr;
}

// Area of the polygonal part of any geometry (an intersection may come back as a collection with lines).
inline double surfaceArea(const OGRGeometry* g) {
    if (!g || g->IsEmpty()) return 0.0;
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: return g->toPolygon()->get_Area();
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        double a = 0.0;
        for (const OGRGeometry* part : *g->toGeometryCollection()) a += surfaceArea(part);
        return a;
    }
    default: return 0.0;
    }
}

}  // namespace shangcheng_test
