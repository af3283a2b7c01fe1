#include "app/scene/TileStreamer.h"
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <osg/Switch>
#include "app/scene/LayerStyling.h"
#include "geo/Errors.h"
#include "geo/Extrusion.h"
#include "geo/FeatureBases.h"
#include "geo/Log.h"
#include "geo/PickIndex.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"

namespace planview {

namespace {

/// A tile is drawn in full while the eye is within this many tile sizes of it (and dropped from
/// full detail beyond kDropRange): near the ground that is the ground a screen shows, with parcels
/// a few pixels wide at its far side.
constexpr double kFullRange = 1.5;
constexpr double kDropRange = 2.5;
/// At most this many features at full detail: the memory bound (about 1 GB of meshes and data).
constexpr std::size_t kMaxFullFeatures = 160000;
/// A tile's coarse massing in three levels: cells a side, and up to how many tile sizes away each
/// is drawn (cells of a few pixels on screen; the last level beyond).
constexpr int kCoarseCells[] = {16, 8, 4};
constexpr double kCoarseRange[] = {4, 10};
constexpr int kWorkers = 2;

double distanceTo(const geo::Extent& box, double top, const osg::Vec3d& eye) {
    const double dx = std::max({box.minX - eye.x(), 0.0, eye.x() - box.maxX});
    const double dy = std::max({box.minY - eye.y(), 0.0, eye.y() - box.maxY});
    const double dz = std::max({0.0 - eye.z(), 0.0, eye.z() - top});
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}

std::uint32_t colorKey(const geo::Color& c) {
    auto byte = [](float v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); };
    return byte(c.r) << 24 | byte(c.g) << 16 | byte(c.b) << 8 | byte(c.a);
}

/// The tile's features summed per cell: a square covering the cell's built-up share, centred on its
/// features' centre of area, at their mean height, in the colour covering most of the cell.
/// Returned as a layer of one feature per cell (field "height") and the cells' colours.
std::pair<geo::LoadedLayer, std::vector<geo::Color>> coarseCells(const geo::LayerSpec& spec, const geo::FeatureLayer& tile,
                                                                 const geo::Extent& bounds, int side) {
    struct Cell {
        double area = 0, areaHeight = 0, areaX = 0, areaY = 0;
        std::unordered_map<std::uint32_t, std::pair<double, geo::Color>> byColor;
    };
    std::vector<Cell> cells(side * side);
    const double cw = std::max(bounds.width(), 1e-6) / side, ch = std::max(bounds.height(), 1e-6) / side;
    const std::vector<double> heights = geo::extrusionHeights(spec, tile);
    const std::vector<geo::Color> colors = featureColors(spec.style, tile);
    for (std::size_t i = 0; i < tile.features.size(); ++i) {
        const geo::Feature& f = tile.features[i];
        double a = 0;
        for (const geo::Polygon& p : f.polygons) a += geo::area(p);
        if (!(a > 0)) continue;
        const geo::Vec2 c = f.bounds.center();
        const int cx = std::clamp(static_cast<int>((c.x - bounds.minX) / cw), 0, side - 1);
        const int cy = std::clamp(static_cast<int>((c.y - bounds.minY) / ch), 0, side - 1);
        Cell& cell = cells[static_cast<std::size_t>(cy * side + cx)];
        cell.area += a;
        cell.areaHeight += a * heights[i];
        cell.areaX += a * c.x;
        cell.areaY += a * c.y;
        auto& share = cell.byColor[colorKey(colors[i])];
        share.first += a;
        share.second = colors[i];
    }

    geo::LoadedLayer out;
    out.spec = spec;
    out.spec.kind = geo::LayerKind::Polygons;   // no parcel edges on the massing
    out.spec.extrudeField = "height";
    out.data.name = tile.name;
    out.data.kind = geo::GeometryKind::Polygon;
    out.data.fields = {{"height", geo::FieldType::Real}};
    std::vector<geo::Color> cellColors;
    for (int cy = 0; cy < side; ++cy) {
        for (int cx = 0; cx < side; ++cx) {
            const Cell& cell = cells[static_cast<std::size_t>(cy * side + cx)];
            if (cell.area <= 0) continue;
            const double x0 = bounds.minX + cx * cw, y0 = bounds.minY + cy * ch;
            const double block = std::sqrt(std::min(cell.area, cw * ch));
            const double x = std::clamp(cell.areaX / cell.area, x0 + block / 2, x0 + cw - block / 2);
            const double y = std::clamp(cell.areaY / cell.area, y0 + block / 2, y0 + ch - block / 2);
            geo::Feature square;
            square.values = {geo::Value(cell.areaHeight / cell.area)};
            square.polygons.push_back({{{{x - block / 2, y - block / 2}, {x + block / 2, y - block / 2},
                                         {x + block / 2, y + block / 2}, {x - block / 2, y + block / 2}}}});
            square.bounds.add(x - block / 2, y - block / 2);
            square.bounds.add(x + block / 2, y + block / 2);
            out.data.bounds.add(square.bounds);
            out.data.features.push_back(std::move(square));
            const auto dominant = std::max_element(cell.byColor.begin(), cell.byColor.end(),
                                                   [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
            cellColors.push_back(dominant->second.second);
        }
    }
    return {std::move(out), std::move(cellColors)};
}

/// Gives a tile's groups their own feature table (its features are numbered from 0 in the tile) and
/// their own selection; returns the selection's uniform.
osg::ref_ptr<osg::Uniform> attachTable(const LayerParts& parts, FeatureTable& table) {
    osg::ref_ptr<osg::Uniform> selected = new osg::Uniform("u_selectedId", -1);
    for (osg::Group* part : {parts.flat.get(), parts.solid.get(), parts.translucent.get()}) {
        if (!part) continue;
        osg::StateSet* s = part->getOrCreateStateSet();
        s->setTextureAttribute(0, table.texture());
        s->addUniform(selected.get());
    }
    return selected;
}

/// The one group of a polygon layer's parts (flat or solid, by whether it is extruded).
osg::ref_ptr<osg::Group> onlyGroup(const LayerParts& parts) {
    osg::ref_ptr<osg::Group> group = new osg::Group;
    for (osg::Group* part : {parts.flat.get(), parts.solid.get(), parts.translucent.get()})
        if (part) group->addChild(part);
    return group;
}

}  // namespace

struct TileStreamer::Built {
    Job job;
    osg::ref_ptr<osg::Switch> coarse;   // one child per level of kCoarseCells
    osg::ref_ptr<osg::Group> full;
    std::shared_ptr<const geo::FeatureLayer> features;
    std::shared_ptr<geo::PickIndex> pick;
    osg::ref_ptr<osg::Uniform> selected;
    ValueCounts values;
    std::size_t featureCount = 0;
    std::string error;
};

TileStreamer::TileStreamer(const geo::ProjectData& data, ShaderLibrary& shaders, const SceneOptions& options,
                           const geo::GroundHeights* ground)
    : data_(data), ground_(ground), shaders_(shaders), options_(options), fullFeatureBudget_(kMaxFullFeatures) {}

TileStreamer::~TileStreamer() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    for (std::thread& w : workers_) w.join();
}

void TileStreamer::addLayer(std::size_t index, const LayerParts& parts) {
    const geo::LoadedLayer& loaded = data_.layers.at(index);
    Layer layer;
    layer.index = index;
    layer.spec = loaded.spec;
    layer.stream = &*loaded.stream;
    layer.group = parts.solid ? parts.solid : parts.flat;
    layer.tiles.resize(static_cast<std::size_t>(loaded.stream->grid.count()));
    for (const geo::Extent& b : loaded.stream->tileBounds) layer.tileSize = std::max({layer.tileSize, b.width(), b.height()});
    layer.visible = loaded.spec.visible;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        specs_[index] = layer.spec;
    }
    layers_.push_back(std::move(layer));
    if (workers_.empty())
        for (int i = 0; i < kWorkers; ++i) workers_.emplace_back([this] { work(); });
}

TileStreamer::Layer* TileStreamer::layerOf(std::size_t index) {
    for (Layer& l : layers_)
        if (l.index == index) return &l;
    return nullptr;
}

const TileStreamer::Layer* TileStreamer::layerOf(std::size_t index) const {
    for (const Layer& l : layers_)
        if (l.index == index) return &l;
    return nullptr;
}

void TileStreamer::work() {
    std::map<std::string, std::unique_ptr<geo::Source>> sources;   // this thread's own connections
    unsigned epoch = sourceEpoch_;
    for (;;) {
        Job job;
        geo::LayerSpec spec;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = queue_.front();
            queue_.pop_front();
            spec = specs_[job.layer];
            ++running_;
        }
        if (epoch != sourceEpoch_) {
            sources.clear();
            epoch = sourceEpoch_;
        }
        std::unique_ptr<Built> built = build(job, spec, sources);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --running_;
            finished_.push_back(std::move(built));
        }
        finishedSignal_.notify_all();
    }
}

std::unique_ptr<TileStreamer::Built> TileStreamer::build(const Job& job, const geo::LayerSpec& spec,
                                                         std::map<std::string, std::unique_ptr<geo::Source>>& sources) {
    auto built = std::make_unique<Built>();
    built->job = job;
    const geo::LoadedLayer& loaded = data_.layers[job.layer];
    try {
        auto& source = sources[spec.source];
        if (!source) source = std::make_unique<geo::Source>(geo::Source::open(spec.source));
        auto features = std::make_shared<geo::FeatureLayer>(geo::readTile(*source, spec, *loaded.stream, job.tile, data_.frame));
        BuildContext context{static_cast<int>(job.layer), &shaders_, options_};
        // On terrain each feature (and coarse cell) stands on the ground at its label point, as the
        // Scene's own layers do.
        context.ground = ground_;
        auto basesOf = [&](const geo::FeatureLayer& layer) { return ground_ ? geo::featureBases(*ground_, layer) : std::vector<double>{}; };
        // The scene's shaders (and their parent lists) are shared by every tile: one thread at a time
        // makes or unmakes state that refers to them.
        std::lock_guard<std::mutex> shared(sharedState_);

        built->featureCount = features->features.size();
        built->values = planview::valueCounts(*features, spec.style.by);   // for the legend
        osg::ref_ptr<osg::Switch> levels = new osg::Switch;
        for (int side : kCoarseCells) {
            auto [cells, cellColors] = coarseCells(spec, *features, loaded.stream->tileBounds[static_cast<std::size_t>(job.tile)], side);
            const std::vector<double> cellBases = basesOf(cells.data);
            context.bases = &cellBases;
            LayerParts parts = buildLayer(cells, context);
            FeatureTable table(cells.data.features.size());   // its texture stays with the parts' state
            table.setColors(cellColors);
            attachTable(parts, table);
            levels->addChild(onlyGroup(parts), levels->getNumChildren() == 0);
        }
        built->coarse = levels;

        if (job.full) {
            geo::LoadedLayer tile{spec, *features, "", std::nullopt, nullptr, nullptr};
            std::vector<double> bases = basesOf(*features);
            context.bases = &bases;
            LayerParts fullParts = buildLayer(tile, context);
            FeatureTable table(features->features.size());
            table.setColors(featureColors(spec.style, *features));
            built->selected = attachTable(fullParts, table);
            built->full = onlyGroup(fullParts);
            // Picked as drawn: prisms up to each feature's height, or flat on the ground.
            std::vector<double> heights = geo::extrusionHeights(spec, *features);
            const bool extruded = std::any_of(heights.begin(), heights.end(), [](double h) { return h > 0; });
            built->pick = std::make_shared<geo::PickIndex>();
            built->pick->addLayer(job.layer, *features, std::move(heights),
                                  {geo::PickIndex::Surface::Prisms,
                                   extruded ? geo::PickIndex::Pass::Solid : geo::PickIndex::Pass::Flat, 0},
                                  std::move(bases));
            built->features = std::move(features);
        }
    } catch (const std::exception& e) {
        // The source went away, or a tile cannot be read: the layer stops streaming until reconnected.
        std::lock_guard<std::mutex> shared(sharedState_);
        built->coarse = nullptr;   // any part made before the failure goes under the lock
        built->full = nullptr;
        built->selected = nullptr;
        built->error = e.what();
        sources.erase(spec.source);
    }
    return built;
}

bool TileStreamer::takeFinished() {
    std::vector<std::unique_ptr<Built>> finished;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        finished.swap(finished_);
    }
    if (finished.empty()) return false;
    std::lock_guard<std::mutex> shared(sharedState_);   // what is not taken is destroyed here
    bool changed = false;
    for (auto& built : finished) {
        Layer* layer = layerOf(built->job.layer);
        if (!layer || built->job.generation != layer->generation) continue;   // restyled or reconnected since
        Tile& tile = layer->tiles[static_cast<std::size_t>(built->job.tile)];
        (built->job.full ? tile.fullRequested : tile.coarseRequested) = false;
        if (!built->error.empty()) {
            if (layer->error.empty()) geo::log().error("layer '{}' is unavailable: {}", layer->spec.name, built->error);
            layer->error = built->error;
            changed = true;
            continue;
        }
        tile.featureCount = std::max<std::size_t>(built->featureCount, 1);
        if (built->coarse && !tile.coarse) {
            tile.values = std::move(built->values);
            tile.coarse = built->coarse;
            layer->group->addChild(tile.coarse);
            changed = true;
        }
        if (built->full && !tile.full) {
            tile.full = built->full;
            tile.features = built->features;
            tile.pick = std::move(built->pick);
            tile.selected = built->selected;
            if (std::get<0>(selection_) == layer->index && std::get<1>(selection_) == built->job.tile)
                tile.selected->set(std::get<2>(selection_));
            layer->group->addChild(tile.full);
            changed = true;
        }
    }
    return changed;
}

void TileStreamer::dropTile(Layer& layer, Tile& tile, bool full) {
    std::lock_guard<std::mutex> shared(sharedState_);
    if (full) {
        if (tile.full) layer.group->removeChild(tile.full.get());
        tile.full = nullptr;
        tile.features.reset();
        tile.pick.reset();
        tile.selected = nullptr;
    } else {
        if (tile.coarse) layer.group->removeChild(tile.coarse.get());
        tile.coarse = nullptr;
    }
}

bool TileStreamer::update(const osg::Vec3d& eye) {
    bool changed = takeFinished();
    {
        // Jobs asked for at an earlier eye and not started yet are weighed again from this one.
        std::lock_guard<std::mutex> lock(mutex_);
        for (const Job& old : queue_) {
            Layer* layer = layerOf(old.layer);
            if (!layer || old.generation != layer->generation) continue;
            Tile& tile = layer->tiles[static_cast<std::size_t>(old.tile)];
            (old.full ? tile.fullRequested : tile.coarseRequested) = false;
        }
        queue_.clear();
    }
    std::vector<Job> jobs;
    for (Layer& layer : layers_) {
        if (!layer.visible || !layer.error.empty()) continue;
        const geo::StreamedLayer& stream = *layer.stream;
        // Nearest tiles first; full detail for those in range, as long as the budget lasts.
        std::vector<std::pair<double, int>> byDistance;
        const double top = 200;   // tiles are judged as boxes this tall: taller than most parcels
        for (int t = 0; t < stream.grid.count(); ++t)
            byDistance.emplace_back(distanceTo(stream.tileBounds[static_cast<std::size_t>(t)], top, eye), t);
        std::sort(byDistance.begin(), byDistance.end());
        const double perTile = static_cast<double>(stream.featureCount) / std::max(stream.grid.count(), 1);
        double budget = static_cast<double>(fullFeatureBudget_);
        for (auto [distance, t] : byDistance) {
            Tile& tile = layer.tiles[static_cast<std::size_t>(t)];
            // Its own count once read (so that a tile over the budget is not read and dropped in turn).
            const double features = tile.featureCount ? static_cast<double>(tile.featureCount) : perTile;
            const bool inBudget = budget >= features;
            const bool wantFull = distance < kFullRange * layer.tileSize && inBudget;
            const bool keepFull = distance < kDropRange * layer.tileSize && inBudget;
            if (wantFull || (keepFull && tile.full)) budget -= features;
            if (tile.full && !keepFull) {
                dropTile(layer, tile, true);
                changed = true;
            }
            if (wantFull && !tile.full && !tile.fullRequested) {
                jobs.push_back({layer.index, t, true, layer.generation, distance});
            } else if (!tile.coarse && !tile.coarseRequested && !tile.fullRequested) {
                jobs.push_back({layer.index, t, false, layer.generation, distance});
            }
            // A full tile hides its coarse massing; otherwise the level of the massing by distance.
            if (tile.coarse) {
                const unsigned level = distance < kCoarseRange[0] * layer.tileSize ? 0 : distance < kCoarseRange[1] * layer.tileSize ? 1 : 2;
                for (unsigned i = 0; i < tile.coarse->getNumChildren(); ++i) {
                    const bool on = !tile.full && i == level;
                    if (tile.coarse->getValue(i) != on) {
                        tile.coarse->setValue(i, on);
                        changed = true;
                    }
                }
            }
        }
    }
    if (!jobs.empty()) {
        std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
            // Full detail before coarse, each nearest first.
            if (a.full != b.full) return a.full;
            return a.distance < b.distance;
        });
        std::lock_guard<std::mutex> lock(mutex_);
        for (const Job& job : jobs) {
            Tile& tile = layerOf(job.layer)->tiles[static_cast<std::size_t>(job.tile)];
            (job.full ? tile.fullRequested : tile.coarseRequested) = true;
            queue_.push_back(job);
        }
    }
    wake_.notify_all();
    return changed;
}

bool TileStreamer::busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return !queue_.empty() || running_ > 0 || !finished_.empty();
}

void TileStreamer::settle(const osg::Vec3d& eye) {
    update(eye);
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            finishedSignal_.wait(lock, [this] { return (queue_.empty() && running_ == 0) || !finished_.empty(); });
        }
        update(eye);
        if (!busy()) return;
    }
}

void TileStreamer::setLayerVisible(std::size_t index, bool visible) {
    if (Layer* layer = layerOf(index)) layer->visible = visible;
}

void TileStreamer::setLayerStyle(std::size_t index, const geo::LayerStyle& style) {
    Layer* layer = layerOf(index);
    if (!layer) return;
    layer->spec.style = style;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        specs_[index] = layer->spec;
    }
    ++layer->generation;
    // Colours live in each tile's table, made with the tile: the tiles are read again.
    for (Tile& tile : layer->tiles) {
        dropTile(*layer, tile, true);
        dropTile(*layer, tile, false);
        tile.fullRequested = tile.coarseRequested = false;
    }
}

std::string TileStreamer::layerError(std::size_t index) const {
    const Layer* layer = layerOf(index);
    return layer ? layer->error : std::string();
}

void TileStreamer::reconnect(std::size_t index) {
    Layer* layer = layerOf(index);
    if (!layer) return;
    layer->error.clear();
    ++layer->generation;
    ++sourceEpoch_;
    for (Tile& tile : layer->tiles) tile.fullRequested = tile.coarseRequested = false;
}

TileStreamer::Counts TileStreamer::counts() const {
    Counts all;
    for (const Layer& layer : layers_) {
        const Counts c = layerCounts(layer.index);
        all.tiles += c.tiles;
        all.full += c.full;
        all.coarse += c.coarse;
        all.pending += c.pending;
        all.fullFeatures += c.fullFeatures;
    }
    return all;
}

TileStreamer::Counts TileStreamer::layerCounts(std::size_t index) const {
    Counts c;
    const Layer* layer = layerOf(index);
    if (!layer) return c;
    c.tiles = layer->tiles.size();
    for (const Tile& tile : layer->tiles) {
        c.full += tile.full != nullptr;
        c.coarse += tile.coarse != nullptr && tile.full == nullptr;
        c.pending += tile.fullRequested || tile.coarseRequested;
        if (tile.features) c.fullFeatures += tile.features->features.size();
    }
    return c;
}

TileStreamer::Detail TileStreamer::detail(std::size_t index, int t) const {
    const Layer* layer = layerOf(index);
    if (!layer) return Detail::None;
    const Tile& tile = layer->tiles.at(static_cast<std::size_t>(t));
    return tile.full ? Detail::Full : tile.coarse ? Detail::Coarse : Detail::None;
}

std::vector<std::int64_t> TileStreamer::fullFeatureIds(std::size_t index, int t) const {
    std::vector<std::int64_t> ids;
    const Layer* layer = layerOf(index);
    if (!layer) return ids;
    const Tile& tile = layer->tiles.at(static_cast<std::size_t>(t));
    if (tile.features)
        for (const geo::Feature& f : tile.features->features) ids.push_back(f.fid);
    return ids;
}

const osg::Group* TileStreamer::tileNode(std::size_t index, int t, Detail detail) const {
    const Layer* layer = layerOf(index);
    if (!layer) return nullptr;
    const Tile& tile = layer->tiles.at(static_cast<std::size_t>(t));
    return detail == Detail::Full ? tile.full.get() : detail == Detail::Coarse ? tile.coarse.get() : nullptr;
}

std::optional<TileStreamer::Hit> TileStreamer::pick(const geo::PickRay& ray) const {
    std::optional<Hit> nearest;
    for (const Layer& layer : layers_) {
        if (!layer.visible) continue;
        for (std::size_t t = 0; t < layer.tiles.size(); ++t) {
            const Tile& tile = layer.tiles[t];
            if (!tile.pick) continue;
            std::optional<geo::PickHit> hit = tile.pick->pick(ray);
            if (hit && (!nearest || hit->distance < nearest->hit.distance)) nearest = Hit{static_cast<int>(t), *hit};
        }
    }
    return nearest;
}

double TileStreamer::heightNear(double x, double y, double radius) const {
    double top = 0;
    for (const Layer& layer : layers_) {
        if (!layer.visible) continue;
        for (const Tile& tile : layer.tiles)
            if (tile.pick) top = std::max(top, tile.pick->heightNear(x, y, radius));
    }
    return top;
}

std::shared_ptr<const geo::FeatureLayer> TileStreamer::tileFeatures(std::size_t index, int t) const {
    const Layer* layer = layerOf(index);
    if (!layer || t < 0 || static_cast<std::size_t>(t) >= layer->tiles.size()) return nullptr;
    return layer->tiles[static_cast<std::size_t>(t)].features;
}

void TileStreamer::setSelection(std::size_t index, int t, int feature) {
    for (Layer& layer : layers_)
        for (std::size_t i = 0; i < layer.tiles.size(); ++i)
            if (layer.tiles[i].selected)
                layer.tiles[i].selected->set(layer.index == index && static_cast<int>(i) == t ? feature : -1);
    selection_ = {index, t, feature};
}

ValueCounts TileStreamer::valueCounts(std::size_t index) const {
    std::unordered_map<std::string, std::size_t> sum;
    if (const Layer* layer = layerOf(index))
        for (const Tile& tile : layer->tiles)
            if (tile.coarse)   // read (every tile read has its massing)
                for (const auto& [value, count] : tile.values) sum[value] += count;
    return sortedCounts(sum);
}

int TileStreamer::tileCount(std::size_t index) const {
    const Layer* layer = layerOf(index);
    return layer ? static_cast<int>(layer->tiles.size()) : 0;
}

const geo::Extent& TileStreamer::tileBounds(std::size_t index, int t) const {
    return layerOf(index)->stream->tileBounds.at(static_cast<std::size_t>(t));
}

}  // namespace planview
