#include "geo/Statistics.h"
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include "geo/Errors.h"
#include "geo/Geodesic.h"
#include "geo/Geometry.h"
#include "geo/MeasuredArea.h"
#include "geo/SceneFrame.h"

namespace geo {

namespace {

int findField(const FeatureLayer& layer, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (std::size_t i = 0; i < layer.fields.size(); ++i)
            if (EQUAL(layer.fields[i].name.c_str(), n)) return static_cast<int>(i);
    return -1;
}

struct Zone {
    std::string name;
    Extent bounds;
    std::unique_ptr<OGRMultiPolygon> geometry;
    OGRPreparedGeometryUniquePtr prepared{nullptr};
};

bool overlaps(const Extent& a, const Extent& b) {
    return !(a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY);
}

}  // namespace

StatsTable computeStatistics(const FeatureLayer& layer, const StatsOptions& options, const FeatureLayer* zonesLayer,
                             const SceneFrame* frame) {
    StatsTable table;
    table.by = options.by;
    table.sumFields = options.sums;
    table.zoned = zonesLayer != nullptr;
    const int byField = static_cast<int>(layer.requireField(options.by));
    std::vector<int> sumFields;
    for (const auto& s : options.sums) sumFields.push_back(static_cast<int>(layer.requireField(s)));
    const int farField = findField(layer, {"far", "plot_ratio", "容积率"});
    const int heightField = findField(layer, {"height_m", "height", "高度", "建筑高度"});

    std::vector<Zone> zones;
    if (zonesLayer) {
        if (zonesLayer->kind != GeometryKind::Polygon)
            throw InputError("zone layer '" + zonesLayer->name + "' is not a polygon layer");
        int nameField = options.zoneNameField.empty() ? findField(*zonesLayer, {"name_zh", "name", "名称"})
                                                      : static_cast<int>(zonesLayer->requireField(options.zoneNameField));
        if (nameField < 0)
            for (std::size_t i = 0; i < zonesLayer->fields.size() && nameField < 0; ++i)
                if (zonesLayer->fields[i].type == FieldType::String) nameField = static_cast<int>(i);
        for (const Feature& z : zonesLayer->features) {
            Zone zone;
            zone.name = nameField >= 0 ? toString(z.values[static_cast<std::size_t>(nameField)]) : std::to_string(z.fid);
            zone.bounds = z.bounds;
            zone.geometry = toOgr(z);
            zone.prepared = OGRPreparedGeometryUniquePtr(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(zone.geometry.get())));
            zones.push_back(std::move(zone));
        }
    }

    // (zone index, category) -> row; zone index -1 without zones.
    std::map<std::pair<int, std::string>, StatsRow> rows;
    auto add = [&](int zone, const Feature& f, double areaM2) {
        std::string category = toString(f.values[static_cast<std::size_t>(byField)]);
        StatsRow& row = rows[{zone, category}];
        if (row.sums.empty()) {
            row.zone = zone >= 0 ? zones[static_cast<std::size_t>(zone)].name : "";
            row.category = category;
            row.sums.assign(sumFields.size(), 0.0);
        }
        ++row.count;
        row.areaM2 += areaM2;
        double far = farField >= 0 ? toNumber(f.values[static_cast<std::size_t>(farField)], NAN) : NAN;
        double height = heightField >= 0 ? toNumber(f.values[static_cast<std::size_t>(heightField)], NAN) : NAN;
        if (std::isfinite(far)) {
            row.floorAreaM2 += areaM2 * far;
            row.floorAreaKnown = true;
        } else if (std::isfinite(height) && height > 0) {
            row.floorAreaM2 += areaM2 * std::max(1.0, std::round(height / 3.0));  // ~3 m a storey
            row.floorAreaKnown = true;
        }
        // Sums are of whole features (a project's investment is not split by area), so a feature
        // overlapping two zones adds to both.
        for (std::size_t i = 0; i < sumFields.size(); ++i)
            row.sums[i] += toNumber(f.values[static_cast<std::size_t>(sumFields[i])], 0.0);
    };

    for (const Feature& f : layer.features) {
        if (zones.empty()) {
            add(-1, f, featureArea(f, frame));
            continue;
        }
        std::unique_ptr<OGRGeometry> geometry;
        for (std::size_t z = 0; z < zones.size(); ++z) {
            const Zone& zone = zones[z];
            if (!overlaps(f.bounds, zone.bounds)) continue;
            if (!geometry) {
                if (!f.polygons.empty()) geometry = toOgr(f);
                else if (!f.points.empty()) geometry = std::make_unique<OGRPoint>(f.points[0].x, f.points[0].y);
                else {
                    auto line = std::make_unique<OGRLineString>();
                    for (const auto& p : f.lines.at(0)) line->addPoint(p.x, p.y);
                    geometry = std::move(line);
                }
            }
            OGRGeometryH handle = OGRGeometry::ToHandle(geometry.get());
            if (!OGRPreparedGeometryIntersects(zone.prepared.get(), handle)) continue;
            if (f.polygons.empty()) {
                add(static_cast<int>(z), f, 0);
            } else if (OGRPreparedGeometryContains(zone.prepared.get(), handle)) {
                add(static_cast<int>(z), f, featureArea(f, frame));
            } else {
                std::unique_ptr<OGRGeometry> part(geometry->Intersection(zone.geometry.get()));
                double a = 0;
                if (part) {
                    OGRwkbGeometryType t = wkbFlatten(part->getGeometryType());
                    if (t == wkbPolygon || t == wkbMultiPolygon || t == wkbGeometryCollection)
                        a = partArea(*part, frame);
                }
                if (a > 0) add(static_cast<int>(z), f, a);
            }
        }
    }

    // Zones in their layer's order, then the largest categories first.
    std::vector<std::pair<int, StatsRow>> ordered;
    for (auto& [key, row] : rows) ordered.emplace_back(key.first, std::move(row));
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        if (a.second.areaM2 != b.second.areaM2) return a.second.areaM2 > b.second.areaM2;
        return a.second.count > b.second.count;
    });
    std::map<int, double> zoneArea;   // counted area per zone (-1: the whole layer)
    for (const auto& [zone, row] : ordered) zoneArea[zone] += row.areaM2;
    for (auto& [zone, row] : ordered) {
        row.share = zoneArea[zone] > 0 ? row.areaM2 / zoneArea[zone] : 0.0;
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace geo
