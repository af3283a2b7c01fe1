// readLayer and the layer-level reading around it: a layer's CRS and extent, its attribute filter,
// reading features one by one (or by columns) in read order, counting, and keeping the layer's
// dominant geometry kind. The geometry of each feature is shaped in FeatureShape.cpp, on the threads
// of FeatureReadPipeline.cpp; GeoPackage columns are read in FeatureColumns.cpp.
#include "geo/FeatureReader.h"
#include <ogrsf_frmts.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include "geo/Errors.h"
#include "geo/FeatureReaderInternal.h"
#include "geo/Log.h"
#include "geo/OgrValues.h"
#include "geo/Reprojection.h"
#include "geo/Source.h"

namespace geo {

OGRSpatialReference layerCrs(OGRLayer& layer, const std::string& what) {
    if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        OGRSpatialReference copy(*srs);
        copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return copy;
    }
    OGREnvelope env;
    const bool hasCoordinates = layer.GetGeomType() != wkbNone && layer.GetFeatureCount(FALSE) != 0 &&
                                layer.GetExtent(&env, TRUE) == OGRERR_NONE;
    if (hasCoordinates) {
        bool lonLat = env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
        if (!lonLat)
            throw InputError(what + ": has no CRS and its coordinates are not longitude/latitude; "
                                    "give it a .prj or convert it with a CRS");
        // Said once per layer, however many times the layer is opened.
        static std::mutex mutex;
        static std::set<std::string> warned;
        std::lock_guard<std::mutex> lock(mutex);
        if (warned.insert(what).second)
            log().warn("{}: has no CRS; its coordinates look like longitude/latitude, reading them as EPSG:4326", what);
    }
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return wgs84;
}

namespace {

/// What is wrong with a filter, from GDAL's message. SQLite-backed drivers (GeoPackage, SQLite) say
/// only "failed to prepare SQL: SELECT <every column> FROM … WHERE <expr>", without SQLite's reason:
/// then OGR SQL's own parser is asked about the expression on the layer's fields (it names an unknown
/// field or the syntax error), and the statement is never repeated.
std::string filterCause(OGRLayer& layer, const std::string& where, const std::string& message) {
    const std::size_t statement = message.find("SELECT ");
    if (statement == std::string::npos) return message;
    OGRFeatureQuery query;
    CPLErrorReset();
    const OGRErr compiled = query.Compile(layer.GetLayerDefn(), where.c_str(), TRUE, nullptr);
    std::string ogrMessage = compiled != OGRERR_NONE ? std::string(CPLGetLastErrorMsg()) : "";
    CPLErrorReset();
    std::string oneLine;   // GDAL's parser points at the error on a second line: one line, single spaces
    for (char c : ogrMessage) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && (oneLine.empty() || oneLine.back() == ' '))) oneLine += c;
    }
    while (!oneLine.empty() && oneLine.back() == ' ') oneLine.pop_back();
    if (!oneLine.empty()) return oneLine;
    std::string before = message.substr(0, statement);
    while (!before.empty() && (before.back() == ' ' || before.back() == ':')) before.pop_back();
    return (before.empty() ? std::string("the data source rejects it") : before) + " (the expression is valid OGR SQL, "
           "but this source evaluates filters in its own SQL dialect)";
}

}  // namespace

void applyAttributeFilter(OGRLayer& layer, const std::string& where, const std::string& what) {
    checkServerFilter(layer, where, what);  // a database layer's filter runs on the server: plain predicates only
    CPLErrorReset();
    lastGdalError();
    bool ok = layer.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) == OGRERR_NONE;
    if (ok && !where.empty()) {
        layer.ResetReading();
        OGRFeatureUniquePtr first(layer.GetNextFeature());
        ok = first || CPLGetLastErrorType() != CE_Failure;
    }
    layer.ResetReading();
    if (!ok) {
        const std::string cause = filterCause(layer, where, lastGdalError());
        layer.SetAttributeFilter(nullptr);
        throw InputError(what + ": bad filter '" + where + "': " + cause);
    }
}

OGRFeatureUniquePtr nextFeature(OGRLayer& layer, const std::string& what) {
    CPLErrorReset();
    OGRFeatureUniquePtr f(layer.GetNextFeature());
    if (!f && CPLGetLastErrorType() == CE_Failure)
        throw InputError(what + (isDatabaseLayer(layer) ? ": reading stopped; the database connection failed: "
                                                        : ": cannot be read to its end (truncated or corrupt?): ") +
                         lastGdalError());
    return f;
}

Extent layerLonLatExtent(OGRLayer& layer, const std::string& what) {
    Extent extent;
    if (layer.GetGeomType() == wkbNone || layer.GetFeatureCount(FALSE) == 0) return extent;  // (Shapefile says 0,0,0,0)
    OGREnvelope env;
    if (layer.GetExtent(&env, TRUE) != OGRERR_NONE) return extent;
    OGRSpatialReference source = layerCrs(layer, what);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!t) throw InputError(what + ": its CRS cannot be transformed to WGS84: " + lastGdalError());
    double minX, minY, maxX, maxY;
    if (!t->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &minX, &minY, &maxX, &maxY, 21))
        throw InputError(what + ": its extent lies outside what its CRS can express in longitude/latitude");
    extent.add(minX, minY);
    extent.add(maxX, maxY);
    return extent;
}

namespace {

/// The envelopes of a geometry's parts (a collection's members, else the whole).
void addPartEnvelopes(const OGRGeometry& g, std::vector<OGREnvelope>& out) {
    if (OGR_GT_IsSubClassOf(g.getGeometryType(), wkbGeometryCollection)) {
        for (const OGRGeometry* part : *g.toGeometryCollection()) addPartEnvelopes(*part, out);
        return;
    }
    if (g.IsEmpty()) return;
    OGREnvelope e;
    g.getEnvelope(&e);
    // A ring or line written across the antimeridian (179 then -179) spans the world by its
    // envelope: its longitudes made continuous say where it lies (the reader draws it so).
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    const OGRLineString* line = type == wkbPolygon ? g.toPolygon()->getExteriorRing()
                                : type == wkbLineString ? g.toLineString() : nullptr;
    if (e.MaxX - e.MinX > 180 && line && line->getNumPoints() > 1) {
        double lon = line->getX(0), west = lon, east = lon;
        for (int i = 1; i < line->getNumPoints(); ++i) {
            double next = line->getX(i);
            next -= 360.0 * std::round((next - lon) / 360.0);
            lon = next;
            west = std::min(west, lon);
            east = std::max(east, lon);
        }
        if (east - west < e.MaxX - e.MinX) {
            e.MinX = west;
            e.MaxX = east;
        }
    }
    out.push_back(e);
}

}  // namespace

Extent layerFrameExtent(OGRLayer& layer, const std::string& what) {
    Extent plain = layerLonLatExtent(layer, what);
    if (plain.empty() || plain.width() <= 180 || !layerCrs(layer, what).IsGeographic()) return plain;
    // Which half-degree steps of longitude the features' parts cover.
    constexpr int kSteps = 720;
    std::vector<bool> covered(kSteps, false);
    auto step = [](double lon) { return std::clamp(static_cast<int>(std::floor((lon + 180.0) * 2)), 0, kSteps - 1); };
    layer.ResetReading();
    std::vector<OGREnvelope> parts;
    std::size_t looked = 0;
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        if (++looked > 200000) {
            layer.ResetReading();
            return plain;
        }
        parts.clear();
        if (const OGRGeometry* g = f->GetGeometryRef()) addPartEnvelopes(*g, parts);
        for (const OGREnvelope& e : parts) {
            if (e.MaxX - e.MinX >= 360) {
                layer.ResetReading();
                return plain;
            }
            // A part written past ±180 (170..190) covers both ends.
            for (double lon = e.MinX; lon <= e.MaxX + 0.5; lon += 0.5)
                covered[static_cast<std::size_t>(step(std::remainder(std::min(lon, e.MaxX), 360.0)))] = true;
        }
    }
    layer.ResetReading();
    // The widest run of uncovered steps, going round.
    int bestStart = -1, bestLength = 0;
    for (int start = 0; start < kSteps; ++start) {
        if (covered[start] || !covered[(start + kSteps - 1) % kSteps]) continue;   // runs start after a covered step
        int length = 0;
        while (length < kSteps && !covered[(start + length) % kSteps]) ++length;
        if (length > bestLength) {
            bestLength = length;
            bestStart = start;
        }
    }
    const double wrappedWidth = 360.0 - bestLength * 0.5;
    if (bestStart < 0 || wrappedWidth >= plain.width()) return plain;
    // East of the gap to the gap's start, one turn on.
    Extent wrapped;
    const double west = -180.0 + ((bestStart + bestLength) % kSteps) * 0.5;
    wrapped.add(west, plain.minY);
    wrapped.add(west + wrappedWidth, plain.maxY);
    if (wrapped.minX >= 180) {
        wrapped.minX -= 360;
        wrapped.maxX -= 360;
    }
    return wrapped;
}

void addLonLatExtent(Extent& into, const Extent& e) {
    if (e.empty()) return;
    if (into.empty()) {
        into = e;
        return;
    }
    Extent best;
    for (double turn : {0.0, 360.0, -360.0}) {
        Extent candidate = into;
        candidate.add(e.minX + turn, e.minY);
        candidate.add(e.maxX + turn, e.maxY);
        if (best.empty() || candidate.width() < best.width()) best = candidate;
    }
    into = best;
}

std::string featureSummary(std::size_t read, std::size_t repaired, std::size_t skipped) {
    return std::to_string(read) + " features read, " + std::to_string(repaired) + " repaired, " + std::to_string(skipped) +
           " skipped";
}

namespace reading {

void LayerReader::warn(FeatureLayer& out, std::int64_t fid, const std::string& cause) {
    std::string line = "feature " + std::to_string(fid) + ": " + cause;
    if (out.report.warnings.size() < 1000) out.report.warnings.push_back(line);
    if (++warnings_ <= 20) log().warn("{}: {}", what_, line);
}

void LayerReader::finish(FeatureLayer& out) {
    if (warnings_ > 20) log().warn("{}: {} more features repaired or skipped", what_, warnings_ - 20);
    if (out.report.repaired || out.report.skipped)
        log().warn("{}: {}", what_, featureSummary(out.report.read, out.report.repaired, out.report.skipped));
}

}  // namespace reading

namespace {

using reading::ColumnReader;
using reading::LayerReader;
using reading::PendingFeature;
using reading::ShapingPipeline;

GeometryKind kindOf(OGRwkbGeometryType t) {
    switch (wkbFlatten(OGR_GT_GetLinear(t))) {
    case wkbPolygon:
    case wkbMultiPolygon: return GeometryKind::Polygon;
    case wkbLineString:
    case wkbMultiLineString: return GeometryKind::Line;
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::Point;
    default: return GeometryKind::None;
    }
}

}  // namespace

FeatureLayer describeLayer(OGRLayer& layer) {
    FeatureLayer out;
    out.name = layer.GetName();
    out.kind = layer.GetGeomType() == wkbNone ? GeometryKind::None : kindOf(layer.GetGeomType());
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        OGRFieldDefn* fd = defn->GetFieldDefn(i);
        out.fields.push_back({toUtf8(fd->GetNameRef()), toFieldType(fd->GetType())});
    }
    return out;
}

namespace {

/// The scene frame once it is there: with `wait` false, null while it is still being chosen.
using FrameWhenReady = std::function<const SceneFrame*(bool wait)>;

FeatureLayer readLayerInto(const Source& source, const std::string& layerName, const FrameWhenReady& frameWhenReady,
                           const ReadOptions& options) {
    OGRLayer& layer = source.layer(layerName);
    const std::string what = source.location() + " layer '" + layer.GetName() + "'";
    FeatureLayer out = describeLayer(layer);

    applyAttributeFilter(layer, options.where, what);
    // A tile reads what its rectangle touches (through the spatial index; infinite bounds are
    // clamped, as drivers want finite numbers) and keeps what is anchored in it.
    if (options.tile) {
        auto finite = [](double v) { return std::clamp(v, -1e300, 1e300); };
        layer.SetSpatialFilterRect(finite(options.tile->minX), finite(options.tile->minY),
                                   finite(options.tile->maxX), finite(options.tile->maxY));
    }
    // `envelope`: the feature's geometry's, null for a feature without one.
    auto anchoredHere = [&](const OGREnvelope* envelope) {
        if (!options.tile) return true;
        if (!envelope) return options.tile->minX == -INFINITY && options.tile->minY == -INFINITY;
        const double x = (envelope->MinX + envelope->MaxX) / 2, y = (envelope->MinY + envelope->MaxY) / 2;
        return x >= options.tile->minX && x < options.tile->maxX && y >= options.tile->minY && y < options.tile->maxY;
    };
    auto geometryAnchoredHere = [&](const OGRGeometry* g) {
        if (!options.tile || !g || g->IsEmpty()) return anchoredHere(nullptr);
        OGREnvelope e;
        g->getEnvelope(&e);
        return anchoredHere(&e);
    };
    auto pendingAnchoredHere = [&](const PendingFeature& item) {
        if (!options.tile || item.geometry) return geometryAnchoredHere(item.geometry.get());
        OGREnvelope e;
        bool any = false;
        for (const Polygon& p : item.polygons)
            for (const Ring& ring : p.rings)
                for (const Vec2& v : ring) {
                    e.Merge(v.x, v.y);
                    any = true;
                }
        return anchoredHere(any ? &e : nullptr);
    };

    const bool hasGeometry = layer.GetGeomType() != wkbNone;
    LayerReader reader(what);
    OGRSpatialReference crs;
    if (hasGeometry) {
        crs = layerCrs(layer, what);
        if (options.fromGcj02 && !crs.IsGeographic())
            throw InputError(what + ": datum gcj02 applies to longitude/latitude, but the layer is in " + crsCode(crs));
    }
    // Features are shaped into the frame once it is known (PROJ may still be choosing it: reading
    // goes on meanwhile).
    auto prepare = [&](bool wait) {
        const SceneFrame* frame = frameWhenReady(wait);
        if (!frame) return false;
        reader.setTransform(*frame, Reprojection::between(crs, frame->srs()), options.fromGcj02);
        reader.setGeographicSource(hasGeometry && crs.IsGeographic());
        return true;
    };

    // Layers declared "Unknown" or "GeometryCollection" may mix kinds: keep the dominant one.
    GeometryKind declared = kindOf(layer.GetGeomType());
    // Shaped features go straight into out.features; what each kept, and why some were changed, wait
    // beside them for the layer's kind (a feature of another kind is taken out again at the end).
    std::vector<GeometryKind> kinds;                              // parallel to out.features
    std::vector<std::pair<std::size_t, std::string>> repairNotes;   // (index in out.features, why it was changed)

    const long long total = options.progress ? static_cast<long long>(layer.GetFeatureCount(FALSE)) : -1;
    if (hasGeometry && options.where.empty() && !options.tile) {
        // Room for every feature up front where the driver knows the count cheaply: growing
        // vectors of 200,000 features moved each of them several times.
        const long long known = layer.GetFeatureCount(FALSE);
        if (known > 0) {
            out.features.reserve(static_cast<std::size_t>(known));
            kinds.reserve(static_cast<std::size_t>(known));
        }
    }
    constexpr std::size_t kProgressEvery = 4096;
    // Consumed in read order: a skipped feature is said at once, the others wait for the layer's kind.
    ShapingPipeline pipeline(reader, what, prepare, [&](PendingFeature& item) {
        if (item.skipped) {
            ++out.report.skipped;
            reader.warn(out, item.feature.fid, item.warning);
            return;
        }
        if (!item.note.empty()) repairNotes.emplace_back(out.features.size(), std::move(item.note));
        kinds.push_back(item.kind);
        out.features.push_back(std::move(item.feature));
    });
    // Every feature read: counted, then its geometry shaped (a table's rows are kept as they are).
    auto add = [&](PendingFeature&& item) {
        if (options.progress && out.report.read % kProgressEvery == 0) options.progress(out.report.read, total);
        ++out.report.read;
        if (hasGeometry) pipeline.add(std::move(item));
        else out.features.push_back(std::move(item.feature));
    };
    {
        ColumnReader columns;
        if (hasGeometry && columns.open(source, layer)) {
            log().debug("{}: read through GDAL's column interface", what);
            columns.read(what, [&](std::int64_t fid, std::vector<Value>&& values, const unsigned char* wkb, std::size_t size) {
                PendingFeature item;
                item.takeWkb(wkb, size);
                if (!pendingAnchoredHere(item)) return;   // another tile's
                item.feature.fid = fid;
                item.feature.values = std::move(values);
                add(std::move(item));
            });
        } else {
            for (OGRFeatureUniquePtr f = nextFeature(layer, what); f; f = nextFeature(layer, what)) {
                if (!geometryAnchoredHere(f->GetGeometryRef())) continue;   // another tile's
                PendingFeature item;
                item.feature.fid = f->GetFID();
                item.feature.values.reserve(out.fields.size());
                for (int i = 0; i < static_cast<int>(out.fields.size()); ++i)
                    item.feature.values.push_back(readValue(*f, i));
                if (hasGeometry) item.geometry.reset(f->StealGeometry());
                add(std::move(item));
            }
        }
    }
    pipeline.finish();
    layer.SetAttributeFilter(nullptr);
    if (options.tile) layer.SetSpatialFilter(nullptr);

    if (hasGeometry) {
        // Dominant kind: the declared one, else polygon > line > point among what was read.
        GeometryKind kind = declared;
        if (kind == GeometryKind::None) {
            for (GeometryKind k : {GeometryKind::Point, GeometryKind::Line, GeometryKind::Polygon})
                if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) kind = k;
        }
        out.kind = kind;
        // In read order: features of another kind are skipped, the others' changes said; those kept
        // close up in place.
        auto note = repairNotes.begin();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < out.features.size(); ++i) {
            Feature& feature = out.features[i];
            const bool changed = note != repairNotes.end() && note->first == i;
            if (kinds[i] != kind) {
                ++out.report.skipped;
                reader.warn(out, feature.fid,
                            std::string("is a ") + geometryKindName(kinds[i]) + " in a " + geometryKindName(kind) +
                                " layer; skipped");
            } else {
                if (changed) {
                    ++out.report.repaired;
                    reader.warn(out, feature.fid, note->second);
                }
                out.bounds.add(feature.bounds);
                if (kept != i) out.features[kept] = std::move(feature);
                ++kept;
            }
            if (changed) ++note;
        }
        out.features.resize(kept);
    }
    reader.finish(out);
    if (options.progress) options.progress(out.report.read, total);
    return out;
}

}  // namespace

FeatureLayer readLayer(const Source& source, const std::string& layerName, const SceneFrame& frame,
                       const ReadOptions& options) {
    return readLayerInto(source, layerName, [&](bool) { return &frame; }, options);
}

FeatureLayer readLayer(const Source& source, const std::string& layerName, const std::shared_future<SceneFrame>& frame,
                       const ReadOptions& options) {
    return readLayerInto(source, layerName, [&](bool wait) -> const SceneFrame* {
        if (!wait && frame.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
        return &frame.get();   // throws what choosing it threw
    }, options);
}

}  // namespace geo
