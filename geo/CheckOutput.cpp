#include "geo/CheckOutput.h"
#include <ogrsf_frmts.h>
#include <memory>
#include "geo/Errors.h"
#include "geo/ExportInternal.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace geo {

const std::vector<std::string>& checkColumns() {
    static const std::vector<std::string> columns = {"id", "name", "landuse", "limit", "indicator", "limit_value",
                                                     "measured", "result", "by", "source"};
    return columns;
}

void writeChecksGpkg(const std::string& path, const CheckReport& report, const FeatureLayer& parcels, Vec2 origin,
                     const OGRSpatialReference& srs, bool overwrite) {
    initGdal();
    exporting::GpkgReplacement replacement(path, overwrite);
    {
        std::unique_ptr<GDALDataset> gpkg = replacement.create();
        OGRLayer* layer = gpkg->CreateLayer("checks", const_cast<OGRSpatialReference*>(&srs), wkbMultiPolygon, nullptr);
        if (!layer) throw OutputError(path + ": cannot create the layer: " + lastGdalError());
        for (const std::string& name : checkColumns()) {
            const bool real = name == "limit_value" || name == "measured" || name == "by";
            OGRFieldDefn defn(name.c_str(), real ? OFTReal : OFTString);
            if (layer->CreateField(&defn) != OGRERR_NONE) throw OutputError(path + ": cannot add the field " + name);
        }
        if (gpkg->StartTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        for (const CheckRow& r : report.rows) {
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField("id", r.id.c_str());
            feature.SetField("name", r.name.c_str());
            feature.SetField("landuse", r.landuse.c_str());
            feature.SetField("limit", limitKey(r.kind));
            feature.SetField("indicator", limitNameZh(r.kind));
            feature.SetField("limit_value", r.limit);
            if (std::isfinite(r.measured)) feature.SetField("measured", r.measured);
            else feature.SetFieldNull(feature.GetFieldIndex("measured"));
            feature.SetField("result", checkOutcomeName(r.outcome, r.kind));
            if (r.outcome == CheckOutcome::Violation) feature.SetField("by", r.by);
            else feature.SetFieldNull(feature.GetFieldIndex("by"));
            feature.SetField("source", r.source.c_str());
            OGRMultiPolygon multi;
            for (const Polygon& p : parcels.features.at(r.feature).polygons) {
                OGRPolygon polygon;
                for (const Ring& ring : p.rings) {
                    if (ring.empty()) continue;
                    OGRLinearRing out;
                    for (const Vec2& v : ring) out.addPoint(v.x + origin.x, v.y + origin.y);
                    out.addPoint(ring[0].x + origin.x, ring[0].y + origin.y);
                    polygon.addRing(&out);
                }
                multi.addGeometry(&polygon);
            }
            feature.SetGeometry(&multi);
            if (layer->CreateFeature(&feature) != OGRERR_NONE) throw OutputError(path + ": cannot write a row: " + lastGdalError());
        }
        if (gpkg->CommitTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        ExportOptions style;
        style.output = path;
        style.title = "checks";
        style.style.by = "result";
        style.style.colors = {{"pass", Color{0.10f, 0.65f, 0.25f, 1}}, {"exceeds", Color{0.85f, 0.12f, 0.10f, 1}},
                              {"short", Color{0.90f, 0.45f, 0.05f, 1}}, {"no data", Color{0.6f, 0.6f, 0.6f, 1}}};
        exporting::addLayerStyles(*gpkg, "checks", layer->GetGeometryColumn(), "polygon", style, {"pass", "exceeds", "short", "no data"});
        gpkg->FlushCache();
        if (CPLGetLastErrorType() >= CE_Failure) throw OutputError(path + ": cannot be written: " + lastGdalError());
    }
    replacement.commit();
}

}  // namespace geo
