#include "geo/Compare.h"
#include <ogr_api.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <tuple>
#include "geo/Errors.h"
#include "geo/MeasuredArea.h"
#include "geo/Style.h"

namespace geo {

const char* changeKindName(ChangeKind k) {
    switch (k) {
    case ChangeKind::Unchanged: return "unchanged";
    case ChangeKind::Added: return "added";
    case ChangeKind::Removed: return "removed";
    case ChangeKind::Changed: return "changed";
    }
    return "";
}

Color changeKindColor(ChangeKind k) {
    switch (k) {
    case ChangeKind::Added: return {0.17f, 0.63f, 0.17f, 1};
    case ChangeKind::Removed: return {0.84f, 0.15f, 0.16f, 1};
    case ChangeKind::Changed: return {1.0f, 0.50f, 0.05f, 1};
    case ChangeKind::Unchanged: break;
    }
    return {0.70f, 0.70f, 0.70f, 1};
}

void changeColors(const CompareReport& report, std::size_t beforeCount, std::size_t afterCount,
                  std::vector<Color>& before, std::vector<Color>& after) {
    before.assign(beforeCount, Color{0, 0, 0, 0});
    after.assign(afterCount, changeKindColor(ChangeKind::Unchanged));
    for (const FeatureChange& c : report.changes) {
        if (c.kind == ChangeKind::Removed && c.before >= 0 && static_cast<std::size_t>(c.before) < beforeCount)
            before[static_cast<std::size_t>(c.before)] = changeKindColor(c.kind);
        if (c.after >= 0 && static_cast<std::size_t>(c.after) < afterCount)
            after[static_cast<std::size_t>(c.after)] = changeKindColor(c.kind);
    }
}

namespace {

/// A number held as text, when the whole text is one ("30", " 2.5 "); NaN otherwise.
double numericText(const std::string& s) {
    const char* begin = s.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin) return NAN;
    while (*end == ' ') ++end;
    return *end == '\0' ? v : NAN;
}

double asNumber(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return NAN;
}

bool isNumber(const Value& v) { return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v); }

struct Segment {
    Vec2 a, b;
};

double pointSegmentDistance(Vec2 p, const Segment& s) {
    const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
    const double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (s.a.x + t * dx), p.y - (s.a.y + t * dy));
}

/// The feature's outline as segments (points as segments of no length) and its vertices.
void outline(const Feature& f, std::vector<Segment>& segments, std::vector<Vec2>& vertices) {
    for (const Polygon& p : f.polygons)
        for (const Ring& r : p.rings)
            for (std::size_t i = 0; i < r.size(); ++i) {
                segments.push_back({r[i], r[(i + 1) % r.size()]});
                vertices.push_back(r[i]);
            }
    for (const auto& line : f.lines) {
        for (std::size_t i = 0; i + 1 < line.size(); ++i) segments.push_back({line[i], line[i + 1]});
        if (line.size() == 1) segments.push_back({line[0], line[0]});
        vertices.insert(vertices.end(), line.begin(), line.end());
    }
    for (const Vec2& p : f.points) {
        segments.push_back({p, p});
        vertices.push_back(p);
    }
}

double directedDistance(const std::vector<Vec2>& vertices, const std::vector<Segment>& segments) {
    double farthest = 0;
    for (const Vec2& v : vertices) {
        double nearest = INFINITY;
        for (const Segment& s : segments) nearest = std::min(nearest, pointSegmentDistance(v, s));
        if (std::isfinite(nearest)) farthest = std::max(farthest, nearest);
    }
    return farthest;
}

bool sameVertices(const Feature& a, const Feature& b) {
    auto same = [](const std::vector<Vec2>& x, const std::vector<Vec2>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].x != y[i].x || x[i].y != y[i].y) return false;
        return true;
    };
    if (a.polygons.size() != b.polygons.size() || a.lines.size() != b.lines.size() || !same(a.points, b.points)) return false;
    for (std::size_t i = 0; i < a.polygons.size(); ++i) {
        if (a.polygons[i].rings.size() != b.polygons[i].rings.size()) return false;
        for (std::size_t r = 0; r < a.polygons[i].rings.size(); ++r)
            if (!same(a.polygons[i].rings[r], b.polygons[i].rings[r])) return false;
    }
    for (std::size_t i = 0; i < a.lines.size(); ++i)
        if (!same(a.lines[i], b.lines[i])) return false;
    return true;
}

double overlapArea(const Extent& a, const Extent& b) {
    const double w = std::min(a.maxX, b.maxX) - std::max(a.minX, b.minX);
    const double h = std::min(a.maxY, b.maxY) - std::max(a.minY, b.minY);
    return w > 0 && h > 0 ? w * h : 0;
}

/// A candidate pair and how strongly it matches (overlap area, or minus the distance for points).
struct Candidate {
    double strength;
    std::size_t before, after;
};

/// One-to-one matching by overlap (polygons) or nearness (points); returns after index by before index.
std::vector<long> matchByGeometry(const FeatureLayer& before, const FeatureLayer& after, double toleranceM) {
    std::vector<std::size_t> byMinX(after.features.size());
    for (std::size_t j = 0; j < byMinX.size(); ++j) byMinX[j] = j;
    std::sort(byMinX.begin(), byMinX.end(),
              [&](std::size_t a, std::size_t b) { return after.features[a].bounds.minX < after.features[b].bounds.minX; });
    const bool points = before.kind == GeometryKind::Point;
    // Planar areas: the matching rule is a ratio of areas, which the frame's plane keeps.
    std::vector<double> areaAfter(after.features.size(), 0);
    if (!points)
        for (std::size_t j = 0; j < after.features.size(); ++j) areaAfter[j] = featureArea(after.features[j], nullptr);
    std::vector<std::unique_ptr<OGRMultiPolygon>> afterGeometry(after.features.size());

    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < before.features.size(); ++i) {
        const Feature& b = before.features[i];
        Extent reach = b.bounds;
        if (points) { reach.minX -= toleranceM; reach.maxX += toleranceM; reach.minY -= toleranceM; reach.maxY += toleranceM; }
        const double areaBefore = points ? 0 : featureArea(b, nullptr);
        std::unique_ptr<OGRMultiPolygon> beforeGeometry;
        for (std::size_t j : byMinX) {
            const Feature& a = after.features[j];
            if (a.bounds.minX > reach.maxX) break;
            if (a.bounds.maxX < reach.minX || a.bounds.maxY < reach.minY || a.bounds.minY > reach.maxY) continue;
            if (points) {
                if (b.points.empty() || a.points.empty()) continue;
                const double d = std::hypot(a.points[0].x - b.points[0].x, a.points[0].y - b.points[0].y);
                if (d <= toleranceM) candidates.push_back({-d, i, j});
                continue;
            }
            // The intersection is at most the bounds' overlap: most neighbours need no GEOS.
            const double needed = 0.5 * std::max(areaBefore, areaAfter[j]);
            if (needed <= 0 || overlapArea(b.bounds, a.bounds) < needed) continue;
            double shared;
            if (sameVertices(b, a)) {
                shared = std::min(areaBefore, areaAfter[j]);
            } else {
                if (!beforeGeometry) beforeGeometry = toOgr(b);
                if (!afterGeometry[j]) afterGeometry[j] = toOgr(a);
                std::unique_ptr<OGRGeometry> part(beforeGeometry->Intersection(afterGeometry[j].get()));
                shared = part ? partArea(*part, nullptr) : 0;
            }
            if (shared >= needed * (1 - 1e-9)) candidates.push_back({shared, i, j});
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
        return std::tie(y.strength, x.before, x.after) < std::tie(x.strength, y.before, y.after);
    });
    std::vector<long> match(before.features.size(), -1);
    std::vector<bool> taken(after.features.size(), false);
    for (const Candidate& c : candidates) {
        if (match[c.before] >= 0 || taken[c.after]) continue;
        match[c.before] = static_cast<long>(c.after);
        taken[c.after] = true;
    }
    return match;
}

/// One-to-one matching by key; duplicates pair in layer order and are reported.
std::vector<long> matchByKey(const FeatureLayer& before, const FeatureLayer& after, std::size_t beforeKey,
                             std::size_t afterKey, CompareReport& report) {
    auto index = [&](const FeatureLayer& layer, std::size_t field, const char* version) {
        std::map<std::string, std::vector<std::size_t>> byKey;
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const std::string key = toString(layer.features[i].values[field]);
            if (key.empty()) ++report.emptyKeys;
            else byKey[key].push_back(i);
        }
        for (const auto& [key, features] : byKey)
            if (features.size() > 1)
                report.duplicateKeys.push_back(std::string(version) + ": '" + key + "' ×" + std::to_string(features.size()));
        return byKey;
    };
    const auto beforeByKey = index(before, beforeKey, "before");
    const auto afterByKey = index(after, afterKey, "after");
    std::vector<long> match(before.features.size(), -1);
    for (const auto& [key, features] : beforeByKey) {
        auto found = afterByKey.find(key);
        if (found == afterByKey.end()) continue;
        for (std::size_t n = 0; n < features.size() && n < found->second.size(); ++n)
            match[features[n]] = static_cast<long>(found->second[n]);
    }
    return match;
}

int idField(const FeatureLayer& layer) {
    for (const char* name : {"plot_code", "地块编码", "地块编号", "id", "code"}) {
        const int i = layer.fieldIndex(name);
        if (i >= 0) return i;
    }
    return -1;
}

}  // namespace

bool sameValue(const Value& a, const Value& b) {
    const bool nullA = std::holds_alternative<std::monostate>(a), nullB = std::holds_alternative<std::monostate>(b);
    if (nullA || nullB) return nullA && nullB;
    if (isNumber(a) || isNumber(b)) {
        const double x = isNumber(a) ? asNumber(a) : numericText(std::get<std::string>(a));
        const double y = isNumber(b) ? asNumber(b) : numericText(std::get<std::string>(b));
        if (!std::isfinite(x) || !std::isfinite(y)) return x == y;   // text that is no number differs
        return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)});
    }
    return std::get<std::string>(a) == std::get<std::string>(b);
}

double outlineDistance(const Feature& a, const Feature& b) {
    std::vector<Segment> segmentsA, segmentsB;
    std::vector<Vec2> verticesA, verticesB;
    outline(a, segmentsA, verticesA);
    outline(b, segmentsB, verticesB);
    if (verticesA.empty() || verticesB.empty()) return verticesA.empty() && verticesB.empty() ? 0 : INFINITY;
    return std::max(directedDistance(verticesA, segmentsB), directedDistance(verticesB, segmentsA));
}

CompareReport compareLayers(const FeatureLayer& before, const FeatureLayer& after, const CompareOptions& options,
                            const SceneFrame* frame) {
    if (before.kind != after.kind)
        throw InputError("the versions have different geometry types: '" + before.name + "' holds " +
                         geometryKindName(before.kind) + "s, '" + after.name + "' " + geometryKindName(after.kind) + "s");
    CompareReport report;
    report.byOverlap = options.key.empty();
    std::vector<long> match;
    int beforeKey = -1, afterKey = -1;
    if (!options.key.empty()) {
        beforeKey = static_cast<int>(before.requireField(options.key));
        afterKey = static_cast<int>(after.requireField(options.key));
        report.keyField = options.key;
        match = matchByKey(before, after, static_cast<std::size_t>(beforeKey), static_cast<std::size_t>(afterKey), report);
    } else {
        if (before.kind == GeometryKind::Line)
            throw InputError("lines cannot be matched by overlap: give --key FIELD ('" + before.name + "')");
        beforeKey = idField(before);
        if (beforeKey >= 0) {
            report.keyField = before.fields[static_cast<std::size_t>(beforeKey)].name;
            afterKey = after.fieldIndex(report.keyField);
        }
        match = matchByGeometry(before, after, options.toleranceM);
    }

    // The attributes both versions have, in the before layer's order; the rest are named, not compared.
    std::vector<std::pair<std::size_t, std::size_t>> shared;
    for (std::size_t i = 0; i < before.fields.size(); ++i) {
        const std::string& name = before.fields[i].name;
        if (name == kRuleField) continue;
        const int j = after.fieldIndex(name);
        if (j >= 0) shared.emplace_back(i, static_cast<std::size_t>(j));
        else report.onlyBefore.push_back(name);
    }
    for (const FieldDef& f : after.fields)
        if (f.name != kRuleField && before.fieldIndex(f.name) < 0) report.onlyAfter.push_back(f.name);

    auto keyOf = [](const Feature& f, int field) {
        return field >= 0 ? toString(f.values[static_cast<std::size_t>(field)]) : "fid " + std::to_string(f.fid);
    };
    std::vector<bool> matchedAfter(after.features.size(), false);
    for (std::size_t i = 0; i < before.features.size(); ++i) {
        const Feature& b = before.features[i];
        FeatureChange change;
        change.before = static_cast<long>(i);
        change.key = keyOf(b, beforeKey);
        change.areaBeforeM2 = featureArea(b, frame);
        if (match[i] < 0) {
            change.kind = ChangeKind::Removed;
            ++report.removed;
            report.changes.push_back(std::move(change));
            continue;
        }
        const Feature& a = after.features[static_cast<std::size_t>(match[i])];
        matchedAfter[static_cast<std::size_t>(match[i])] = true;
        change.after = match[i];
        change.areaAfterM2 = featureArea(a, frame);
        for (const auto& [bi, ai] : shared)
            if (!sameValue(b.values[bi], a.values[ai])) change.attributes.push_back({before.fields[bi].name, b.values[bi], a.values[ai]});
        change.shiftM = sameVertices(b, a) ? 0 : outlineDistance(b, a);
        change.geometryChanged = change.shiftM > options.toleranceM;
        const bool changed = change.geometryChanged || !change.attributes.empty();
        change.kind = changed ? ChangeKind::Changed : ChangeKind::Unchanged;
        ++(changed ? report.changed : report.unchanged);
        report.changes.push_back(std::move(change));
    }
    for (std::size_t j = 0; j < after.features.size(); ++j) {
        if (matchedAfter[j]) continue;
        FeatureChange change;
        change.kind = ChangeKind::Added;
        change.after = static_cast<long>(j);
        change.key = keyOf(after.features[j], afterKey);
        change.areaAfterM2 = featureArea(after.features[j], frame);
        ++report.added;
        report.changes.push_back(std::move(change));
    }
    return report;
}

}  // namespace geo
