#include "geo/SunlightOutput.h"
#include <ogrsf_frmts.h>
#include <memory>
#include "geo/Errors.h"
#include "geo/ExportInternal.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace geo {

void writePointTableGpkg(const std::string& path, const std::string& layerName, const PointTable& table,
                         const OGRSpatialReference& srs, const std::string& passField, bool overwrite) {
    initGdal();
    exporting::GpkgReplacement replacement(path, overwrite);
    {
        std::unique_ptr<GDALDataset> gpkg = replacement.create();
        OGRLayer* layer = gpkg->CreateLayer(layerName.c_str(), const_cast<OGRSpatialReference*>(&srs), wkbPoint25D, nullptr);
        if (!layer) throw OutputError(path + ": cannot create the layer: " + lastGdalError());
        for (const auto& f : table.fields) {
            OGRFieldType type = f.type == FieldType::Integer ? OFTInteger64 : f.type == FieldType::Real ? OFTReal : OFTString;
            OGRFieldDefn defn(f.name.c_str(), type);
            if (layer->CreateField(&defn) != OGRERR_NONE) throw OutputError(path + ": cannot add the field " + f.name);
        }
        if (gpkg->StartTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        std::vector<Value> values;
        SunVec3 p;
        for (std::size_t r = 0; r < table.count; ++r) {
            values.clear();
            table.row(r, values, p);
            OGRFeature feature(layer->GetLayerDefn());
            for (std::size_t i = 0; i < table.fields.size() && i < values.size(); ++i) {
                const Value& v = values[i];
                if (std::holds_alternative<std::int64_t>(v)) feature.SetField(static_cast<int>(i), static_cast<GIntBig>(std::get<std::int64_t>(v)));
                else if (std::holds_alternative<double>(v)) feature.SetField(static_cast<int>(i), std::get<double>(v));
                else if (std::holds_alternative<std::string>(v)) feature.SetField(static_cast<int>(i), std::get<std::string>(v).c_str());
                else feature.SetFieldNull(static_cast<int>(i));
            }
            feature.SetGeometry(std::make_unique<OGRPoint>(p.x, p.y, p.z).get());
            if (layer->CreateFeature(&feature) != OGRERR_NONE) throw OutputError(path + ": cannot write a point: " + lastGdalError());
        }
        if (gpkg->CommitTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        ExportOptions style;
        style.output = path;
        style.title = layerName;
        style.style.by = passField;
        style.style.colors = {{"yes", Color{0.10f, 0.65f, 0.25f, 1}}, {"no", Color{0.85f, 0.12f, 0.10f, 1}}};
        exporting::addLayerStyles(*gpkg, layerName, layer->GetGeometryColumn(), "point", style, {"yes", "no"});
        gpkg->FlushCache();
        if (CPLGetLastErrorType() >= CE_Failure) throw OutputError(path + ": cannot be written: " + lastGdalError());
    }
    replacement.commit();
}

}  // namespace geo
