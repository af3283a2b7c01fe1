#include "geo/Describe.h"
#include <ogrsf_frmts.h>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/OgrValues.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace geo {

namespace {

LayerDescription describeLayer(const Source& source, OGRLayer& layer, int sampleCount) {
    const std::string what = source.location() + " layer '" + layer.GetName() + "'";
    LayerDescription d;
    d.name = layer.GetName();
    d.geometryType = OGRGeometryTypeToName(layer.GetGeomType());
    d.featureCount = layer.GetFeatureCount(TRUE);
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        d.fields.push_back({toUtf8(defn->GetFieldDefn(i)->GetNameRef()), toFieldType(defn->GetFieldDefn(i)->GetType())});

    const bool hasGeometry = layer.GetGeomType() != wkbNone;
    if (const OGRSpatialReference* srs = layer.GetSpatialRef()) d.crs = crsCode(*srs);
    OGREnvelope env;
    if (hasGeometry && d.featureCount != 0 && layer.GetExtent(&env, TRUE) == OGRERR_NONE) {
        d.nativeExtent.add(env.MinX, env.MinY);
        d.nativeExtent.add(env.MaxX, env.MaxY);
        d.lonLatExtent = layerLonLatExtent(layer, what);
    }

    if (sampleCount > 0) {
        std::unique_ptr<OGRCoordinateTransformation> toWgs84;
        if (hasGeometry) {
            OGRSpatialReference from = layerCrs(layer, what);
            OGRSpatialReference wgs84;
            wgs84.importFromEPSG(4326);
            wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            toWgs84.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
        }
        layer.ResetReading();
        for (int n = 0; n < sampleCount; ++n) {
            OGRFeatureUniquePtr f = nextFeature(layer, what);
            if (!f) break;
            FeatureSample s;
            s.fid = f->GetFID();
            for (int i = 0; i < defn->GetFieldCount(); ++i) s.values.push_back(readValue(*f, i));
            OGRGeometry* g = f->GetGeometryRef();
            OGRPoint centroid;
            if (g && !g->IsEmpty() && toWgs84 && g->Centroid(&centroid) == OGRERR_NONE) {
                double x = centroid.getX(), y = centroid.getY();
                if (toWgs84->Transform(1, &x, &y)) s.centroidLonLat = Vec2{x, y};
            }
            d.samples.push_back(std::move(s));
        }
    }
    return d;
}

}  // namespace

std::vector<LayerDescription> describe(const Source& source, const std::string& layerName, int sampleCount) {
    std::vector<LayerDescription> out;
    if (!layerName.empty()) {
        out.push_back(describeLayer(source, source.layer(layerName), sampleCount));
        return out;
    }
    for (int i = 0; i < source.dataset().GetLayerCount(); ++i)
        out.push_back(describeLayer(source, *source.dataset().GetLayer(i), sampleCount));
    return out;
}

}  // namespace geo
