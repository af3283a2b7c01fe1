#include "geo/CompareOutput.h"
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include "geo/Errors.h"
#include "geo/ExportInternal.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace geo {

const std::vector<std::string>& changeColumns() {
    static const std::vector<std::string> columns = {"change", "key", "changed", "before", "after",
                                                     "area_before_m2", "area_after_m2", "shift_m"};
    return columns;
}

const std::vector<std::string>& indicatorColumns() {
    static const std::vector<std::string> columns = {"indicator", "category", "before", "after", "delta"};
    return columns;
}

std::string changedText(const FeatureChange& c) {
    std::string text;
    for (const AttributeChange& a : c.attributes) text += (text.empty() ? "" : "; ") + a.field;
    if (c.geometryChanged) text += text.empty() ? "geometry" : "; geometry";
    return text;
}

std::string changedValuesText(const FeatureChange& c, bool after) {
    std::string text;
    for (const AttributeChange& a : c.attributes) {
        const Value& v = after ? a.after : a.before;
        text += (text.empty() ? "" : "; ") + a.field + "=" + (std::holds_alternative<std::monostate>(v) ? "NULL" : toString(v));
    }
    return text;
}

namespace {

/// The feature's geometry in the output CRS (scene metres plus the origin), as a multi-geometry.
std::unique_ptr<OGRGeometry> outputGeometry(const Feature& f, GeometryKind kind, Vec2 origin) {
    auto point = [&](const Vec2& v, OGRSimpleCurve& curve) { curve.addPoint(v.x + origin.x, v.y + origin.y); };
    if (kind == GeometryKind::Polygon) {
        auto multi = std::make_unique<OGRMultiPolygon>();
        for (const Polygon& p : f.polygons) {
            OGRPolygon polygon;
            for (const Ring& ring : p.rings) {
                if (ring.empty()) continue;
                OGRLinearRing out;
                for (const Vec2& v : ring) point(v, out);
                point(ring[0], out);
                polygon.addRing(&out);
            }
            multi->addGeometry(&polygon);
        }
        return multi;
    }
    if (kind == GeometryKind::Line) {
        auto multi = std::make_unique<OGRMultiLineString>();
        for (const auto& line : f.lines) {
            OGRLineString out;
            for (const Vec2& v : line) point(v, out);
            multi->addGeometry(&out);
        }
        return multi;
    }
    auto multi = std::make_unique<OGRMultiPoint>();
    for (const Vec2& v : f.points) {
        OGRPoint p(v.x + origin.x, v.y + origin.y);
        multi->addGeometry(&p);
    }
    return multi;
}

OGRwkbGeometryType outputType(GeometryKind kind) {
    if (kind == GeometryKind::Polygon) return wkbMultiPolygon;
    if (kind == GeometryKind::Line) return wkbMultiLineString;
    if (kind == GeometryKind::Point) return wkbMultiPoint;
    return wkbNone;
}

void addFields(OGRLayer& layer, const std::vector<std::string>& names, const std::vector<std::string>& reals,
               const std::string& path) {
    for (const std::string& name : names) {
        const bool real = std::find(reals.begin(), reals.end(), name) != reals.end();
        OGRFieldDefn defn(name.c_str(), real ? OFTReal : OFTString);
        if (layer.CreateField(&defn) != OGRERR_NONE) throw OutputError(path + ": cannot add the field " + name);
    }
}

void setNumber(OGRFeature& f, const char* field, double v, bool known = true) {
    if (known && std::isfinite(v)) f.SetField(field, v);
    else f.SetFieldNull(f.GetFieldIndex(field));
}

}  // namespace

void writeCompareGpkg(const std::string& path, const CompareReport& report, const std::vector<IndicatorRow>& indicators,
                      const ComparedLayers& layers, Vec2 origin, const OGRSpatialReference& srs, bool overwrite) {
    initGdal();
    const GeometryKind kind = layers.before->kind;
    exporting::GpkgReplacement replacement(path, overwrite);
    {
        std::unique_ptr<GDALDataset> gpkg = replacement.create();
        const OGRwkbGeometryType type = outputType(kind);
        OGRLayer* changes = gpkg->CreateLayer("changes", type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(&srs),
                                              type, nullptr);
        OGRLayer* table = changes ? gpkg->CreateLayer("indicators", nullptr, wkbNone, nullptr) : nullptr;
        if (!changes || !table) throw OutputError(path + ": cannot create the layers: " + lastGdalError());
        addFields(*changes, changeColumns(), {"area_before_m2", "area_after_m2", "shift_m"}, path);
        addFields(*table, indicatorColumns(), {"before", "after", "delta"}, path);
        if (gpkg->StartTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        for (const FeatureChange& c : report.changes) {
            OGRFeature feature(changes->GetLayerDefn());
            feature.SetField("change", changeKindName(c.kind));
            feature.SetField("key", c.key.c_str());
            feature.SetField("changed", changedText(c).c_str());
            feature.SetField("before", changedValuesText(c, false).c_str());
            feature.SetField("after", changedValuesText(c, true).c_str());
            setNumber(feature, "area_before_m2", c.areaBeforeM2, c.before >= 0);
            setNumber(feature, "area_after_m2", c.areaAfterM2, c.after >= 0);
            setNumber(feature, "shift_m", c.shiftM, c.before >= 0 && c.after >= 0);
            const Feature& shape = c.after >= 0 ? layers.after->features.at(static_cast<std::size_t>(c.after))
                                                : layers.before->features.at(static_cast<std::size_t>(c.before));
            if (type != wkbNone) feature.SetGeometryDirectly(outputGeometry(shape, kind, origin).release());
            if (changes->CreateFeature(&feature) != OGRERR_NONE) throw OutputError(path + ": cannot write a row: " + lastGdalError());
        }
        for (const IndicatorRow& r : indicators) {
            OGRFeature feature(table->GetLayerDefn());
            feature.SetField("indicator", r.indicator.c_str());
            feature.SetField("category", r.category.c_str());
            setNumber(feature, "before", r.before);
            setNumber(feature, "after", r.after);
            setNumber(feature, "delta", r.delta());
            if (table->CreateFeature(&feature) != OGRERR_NONE) throw OutputError(path + ": cannot write a row: " + lastGdalError());
        }
        if (gpkg->CommitTransaction() != OGRERR_NONE) throw OutputError(path + ": cannot be written: " + lastGdalError());
        if (type != wkbNone) {
            ExportOptions style;
            style.output = path;
            style.title = "changes";
            style.style.by = "change";
            style.style.prefixMatch = false;
            for (ChangeKind k : {ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed, ChangeKind::Unchanged})
                style.style.colors[changeKindName(k)] = changeKindColor(k);
            exporting::addLayerStyles(*gpkg, "changes", changes->GetGeometryColumn(), exporting::geometryName(type), style,
                                      {"added", "removed", "changed", "unchanged"});
        }
        gpkg->FlushCache();
        if (CPLGetLastErrorType() >= CE_Failure) throw OutputError(path + ": cannot be written: " + lastGdalError());
    }
    replacement.commit();
}

}  // namespace geo
