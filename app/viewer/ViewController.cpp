#include "app/viewer/ViewController.h"
#include "app/ui/GlyphSet.h"
#include <algorithm>
#include <filesystem>
#include <set>
#include "app/scene/CameraViews.h"
#include "app/scene/LayerStyling.h"
#include "app/ui/BookmarkPanel.h"
#include "app/ui/DockedPanel.h"
#include "app/ui/LayerPanel.h"
#include "app/ui/LegendPanel.h"
#include "app/ui/NorthArrow.h"
#include "app/ui/StatusBar.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/ViewInsets.h"
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/Source.h"
#include "geo/Log.h"

namespace planview {

namespace {

// Seconds the timeline takes to play its whole range.
constexpr double kPlaySeconds = 12.0;
// Seconds of flight to a bookmark chosen in the panel or by its key.
constexpr double kBookmarkFlightSeconds = 1.5;

bool isZoneLayer(const geo::LoadedLayer& layer) {
    return layer.available() && layer.spec.kind == geo::LayerKind::Boundary && layer.data.kind == geo::GeometryKind::Polygon;
}

// The text naming a feature: its label field, else name_zh, name, name_en or its plot code.
std::string featureName(const geo::LayerSpec& spec, const geo::FeatureLayer& data, const geo::Feature& f) {
    for (const std::string& field : {spec.label, std::string("name_zh"), std::string("name"), std::string("name_en"),
                                     std::string("plot_code")}) {
        if (field.empty()) continue;
        std::string name = geo::toString(data.value(f, field));
        if (!name.empty()) return name;
    }
    return "fid " + std::to_string(f.fid);
}

std::size_t firstLayerOfKind(const geo::ProjectData& data, geo::LayerKind kind, std::size_t fallback) {
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        // Streamed layers hold no features to filter, count or export: their tiles come and go.
        if (data.layers[i].available() && !data.layers[i].streamed() && data.layers[i].spec.kind == kind) return i;
    return fallback;
}

}  // namespace

bool ViewController::initLayer(std::size_t i) {
    const geo::ProjectData& data = scene_.data();
    LayerUiState& layer = state_.layers[i];
    layer.visible = scene_.layerVisible(i);
    layer.styleField = data.layers[i].spec.style.by;
    layer.error = data.layers[i].error;
    layer.streamed = data.layers[i].streamed();
    if (!data.layers[i].available()) return false;
    layer.legend = legendEntries(scene_.layerStyle(i), data.layers[i].data);
    // Expressions mean what `ogrinfo -where` makes of them on this kind of source.
    auto filter = std::make_shared<geo::LayerFilter>(data.layers[i].data, geo::filterDialectFor(data.layers[i].spec.source));
    if (!layer.styleField.empty() && data.layers[i].data.fieldIndex(layer.styleField) >= 0)
        filter->setCategoryField(layer.styleField);
    state_.filters[i] = filter;
    if (state_.timeline.layer < 0) {
        geo::TimelineFields fields = geo::findTimelineFields(data.layers[i].data);
        auto range = fields.usable() ? geo::timelineRange(data.layers[i].data, fields) : std::nullopt;
        if (range) {
            state_.timeline.layer = static_cast<int>(i);
            state_.timeline.fields = fields;
            state_.timeline.range = *range;
            state_.timeline.date = range->first;
        }
    }
    return true;
}

ViewController::ViewController(Scene& scene) : scene_(scene) {
    const geo::ProjectData& data = scene.data();
    state_.layers.resize(data.layers.size());
    state_.filters.resize(data.layers.size());
    std::size_t firstAvailable = data.layers.size();
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        if (initLayer(i)) firstAvailable = std::min(firstAvailable, i);
    for (std::size_t i = 0; i < data.project.bookmarks.size(); ++i) state_.bookmarks.push_back({data.project.bookmarks[i], i});
    state_.tours = data.project.tours;
    const std::string& path = data.project.path;
    state_.bookmarksSaveToFile = path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0;
    if (firstAvailable == data.layers.size()) return;

    state_.filter.layer = firstLayerOfKind(data, geo::LayerKind::Parcels, firstAvailable);
    state_.exporting.layer = state_.filter.layer;
    StatsUiState& stats = state_.statistics;
    stats.layer = static_cast<int>(state_.filter.layer);
    stats.by = state_.layers[state_.filter.layer].styleField;
    // Zones: the platforms when a boundary layer is named so, else the first boundary layer.
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        if (!isZoneLayer(data.layers[i])) continue;
        bool platforms = data.layers[i].data.name.find("platform") != std::string::npos;
        if (stats.zoneLayer < 0 || platforms) stats.zoneLayer = static_cast<int>(i);
        if (platforms) break;
    }
}

void ViewController::drawUi(bool panels) {
    UiContext context{scene_.data(), state_, *this};
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (state_.presenting || !panels) state_.layout = screenLayout(display.x, display.y, 0, false, false, false);
    if (state_.presenting) {
        drawPresentationOverlay(presentationContent(), static_cast<float>(state_.height > 0 ? state_.height : 1080));
        state_.viewInsets = {};   // the overlay's text lies over the map: it frames the whole image
        return;
    }
    if (panels) {
        layOutPanels(state_);
        drawToolBar(context);
        drawLayerPanel(context);
        drawLegendPanel(context);
        drawBookmarkPanel(context);
        drawInspectorPanel(context);
        drawFilterPanel(context);
        drawTimelinePanel(context);
        drawSearchPanel(context);
        drawMeasurePanel(context);
        drawStatisticsPanel(context);
        drawExportPanel(context);
        drawStatusBar(context);
    }
    state_.viewInsets = viewInsetsOf(state_.layout, display.x, display.y);
    drawMeasureOverlay(context);
    drawTimelineDate(context);
    drawScaleAndNorth(context);
}

std::string ViewController::glyphText() const {
    const geo::ProjectData& data = scene_.data();
    GlyphSet glyphs;
    const geo::Project& project = data.project;
    glyphs.add(project.title + project.attribution + geo::dataAttribution(project, true) + geo::dataAttribution(project, false));
    for (const geo::Bookmark& b : project.bookmarks) glyphs.add(b.name);
    for (const geo::Tour& t : project.tours) {
        glyphs.add(t.name);
        for (const geo::TourStop& stop : t.stops) glyphs.add(stop.caption);
    }
    for (const geo::LandUseClass& c : geo::landUseClasses()) glyphs.add(c.code + c.nameZh + c.nameEn);
    for (const geo::LoadedLayer& layer : data.layers) {
        glyphs.add(layer.spec.name + layer.error);
        for (const auto& [value, colour] : layer.spec.style.colors) glyphs.add(value);
        for (const auto& [value, label] : layer.spec.style.labels) glyphs.add(label);
        for (const auto& [value, label] : layer.spec.style.labelsEn) glyphs.add(label);
        for (const geo::FieldDef& f : layer.data.fields) glyphs.add(f.name);
        // Every text value, however long (the inspector shows a project's whole `targets`): the
        // characters are collected, not the values, so 200,000 parcels add only what is new.
        for (const geo::Feature& f : layer.data.features)
            for (const geo::Value& v : f.values)
                if (const auto* text = std::get_if<std::string>(&v)) glyphs.add(*text);
    }
    return glyphs.text();
}

void ViewController::select(std::optional<FeatureRef> feature) {
    scene_.setSelection(feature);
    state_.selection.clear();
    state_.inspector.reset();
    if (!feature) return;
    const geo::ProjectData& data = scene_.data();
    const std::size_t layerIndex = static_cast<std::size_t>(feature->layer);
    const geo::LoadedLayer& layer = data.layers[layerIndex];
    // A streamed layer's feature lives in its tile, kept here while it is selected.
    selectedTile_ = feature->tile >= 0 && scene_.streamer() ? scene_.streamer()->tileFeatures(layerIndex, feature->tile) : nullptr;
    if (feature->tile >= 0 && (!selectedTile_ || feature->feature >= selectedTile_->features.size())) {
        scene_.setSelection(std::nullopt);
        return;
    }
    const geo::FeatureLayer& features = selectedTile_ ? *selectedTile_ : layer.data;
    const geo::Feature& f = features.features[feature->feature];
    state_.selection = layer.spec.name;
    if (!layer.spec.label.empty()) {
        std::string name = geo::toString(features.value(f, layer.spec.label));
        if (!name.empty()) state_.selection += " · " + name;
    }
    const bool chinese = uiLanguage() == Language::Chinese;
    const geo::LayerStyle& style = scene_.layerStyle(layerIndex);
    if (!style.by.empty())
        state_.selection += " · " + style.by + " " + attributeText(style, style.by, geo::toString(features.value(f, style.by)), chinese);
    state_.selection += " · fid " + std::to_string(f.fid);

    InspectorInfo info;
    info.layer = layerIndex;
    info.feature = feature->feature;
    info.layerName = layer.spec.name;
    info.title = featureName(layer.spec, features, f);
    info.attributes.emplace_back("fid", std::to_string(f.fid));
    for (std::size_t i = 0; i < features.fields.size(); ++i)
        info.attributes.emplace_back(features.fields[i].name,
                                     attributeText(layer.spec.style, features.fields[i].name,
                                                   i < f.values.size() ? geo::toString(f.values[i]) : "", chinese));
    info.measures = geo::measureFeature(f);
    if (auto point = geo::representativePoint(f)) {
        for (std::size_t z = 0; z < data.layers.size(); ++z) {
            const geo::LoadedLayer& zones = data.layers[z];
            if (z == layerIndex || !isZoneLayer(zones)) continue;
            auto inside = geo::containingFeature(zones.data, *point);
            info.zones.emplace_back(zones.spec.name, inside ? featureName(zones.spec, zones.data, zones.data.features[*inside]) : "");
        }
    }
    state_.inspector = std::move(info);
    state_.showInspector = true;
}

bool ViewController::tick(double seconds) {
    // A stop's time runs whether the tour plays or not (paused, ended, or stepped to by hand): its
    // caption fades in as the camera arrives however the stop was reached.
    bool captionFading = false;
    TourPlayState& tour = state_.tourPlay;
    if (tour.tour >= 0 && tour.stop >= 0) {
        tour.elapsed += seconds;
        const auto& stops = state_.tours[static_cast<std::size_t>(tour.tour)].stops;
        const geo::TourStop& stop = stops[static_cast<std::size_t>(tour.stop)];
        captionFading = tour.elapsed < stop.flight + seconds;
        if (tour.playing && tour.elapsed >= stop.flight + stop.dwell) {
            if (tour.stop + 1 < static_cast<int>(stops.size())) goToStop(tour.stop + 1);
            else tour.playing = false;   // the last stop stays on screen
        }
    }
    TimelineUiState& t = state_.timeline;
    if (!t.playing || !t.active) return captionFading;
    const double span = std::max(1, t.range.last.days - t.range.first.days);
    int step = std::max(1, static_cast<int>(span * seconds / kPlaySeconds));
    geo::Date next{t.date.days + step};
    if (t.range.last < next) {
        next = t.range.last;
        t.playing = false;
    }
    setTimelineDate(next);
    return t.playing || captionFading;
}

void ViewController::reconnectLayer(std::size_t layer) {
    LayerUiState& state = state_.layers.at(layer);
    if (TileStreamer* streamer = scene_.streamer(); streamer && state.streamed) {
        streamer->reconnect(layer);
        state.error.clear();
    } else if (onReconnectLayer && !state.reconnecting) {
        state.reconnecting = true;
        onReconnectLayer(layer);
    }
}

void ViewController::layerReconnected(std::size_t layer) {
    state_.layers.at(layer).reconnecting = false;
    if (!scene_.data().layers[layer].available()) {
        state_.layers[layer].error = scene_.data().layers[layer].error;
        return;
    }
    scene_.attachLayer(layer);
    initLayer(layer);
    searchIndex_.reset();   // rebuilt with the layer on the next search
}

void ViewController::refreshStreaming() {
    TileStreamer* streamer = scene_.streamer();
    if (!streamer) return;
    for (std::size_t i = 0; i < state_.layers.size(); ++i) {
        LayerUiState& layer = state_.layers[i];
        if (!layer.streamed) continue;
        layer.error = streamer->layerError(i);
        const TileStreamer::Counts c = streamer->layerCounts(i);
        // The legend counts what the tiles read so far hold (the whole layer once all have been
        // seen), made again only when another tile has been read (every tile read has its massing).
        const std::size_t read = c.coarse + c.full;
        if (read != layer.legendTiles) {
            layer.legend = legendEntries(scene_.layerStyle(i), streamer->valueCounts(i));
            layer.legendTiles = read;
        }
        layer.streamStatus = std::to_string(c.full) + " / " + std::to_string(c.tiles) + " " + tr(text::kTilesInFull) +
                             (c.pending ? ", " + std::to_string(c.pending) + " " + tr(text::kTilesLoading) : std::string());
    }
}

bool ViewController::addMeasurePoint(geo::Vec2 point) {
    if (state_.measure.mode == MeasureMode::Off) return false;
    state_.measure.points.push_back(point);
    return true;
}

void ViewController::setLayerVisible(std::size_t layer, bool visible) {
    scene_.setLayerVisible(layer, visible);
    state_.layers[layer].visible = visible;
}

void ViewController::setLayerOpacity(std::size_t layer, float opacity) {
    scene_.setLayerOpacity(layer, opacity);
    state_.layers[layer].opacity = opacity;
}

void ViewController::setLayerStyleField(std::size_t layer, const std::string& field) {
    const geo::LoadedLayer& loaded = scene_.data().layers[layer];
    geo::LayerStyle style = field.empty() ? loaded.spec.style : styleForField(loaded, field);
    if (field.empty()) style.by.clear();
    scene_.setLayerStyle(layer, style);
    state_.layers[layer].styleField = style.by;
    refreshLegend(layer);
}

void ViewController::refreshLegend(std::size_t layer) {
    const geo::LoadedLayer& loaded = scene_.data().layers[layer];
    if (!loaded.available()) return;
    if (loaded.streamed()) {
        state_.layers[layer].legendTiles = static_cast<std::size_t>(-1);   // remade from its tiles (refreshStreaming)
        return;
    }
    const TimelineUiState& t = state_.timeline;
    if (!t.active || t.layer != static_cast<int>(layer)) {
        state_.layers[layer].legend = legendEntries(scene_.layerStyle(layer), loaded.data);
        return;
    }
    std::vector<LegendEntry> legend;
    auto add = [&](const Phrase& name, geo::ProjectStatus status, std::size_t count) {
        if (count == 0) return;
        LegendEntry e;
        e.value = tr(name);
        e.color = statusColor(layer, status);
        e.count = count;
        legend.push_back(e);
    };
    add(text::kPlanned, geo::ProjectStatus::Planned, t.planned);
    add(text::kUnderConstruction, geo::ProjectStatus::UnderConstruction, t.underConstruction);
    add(text::kCompleted, geo::ProjectStatus::Completed, t.completed);
    if (t.unknown) {
        LegendEntry e;
        e.value = tr(text::kUnknownStatus);
        e.color = loaded.spec.style.defaultColor;
        e.count = t.unknown;
        legend.push_back(e);
    }
    state_.layers[layer].legend = std::move(legend);
}

void ViewController::goHome() {
    if (onHome) onHome();
}

void ViewController::goToBookmark(std::size_t bookmark) {
    if (bookmark >= state_.bookmarks.size()) return;
    const geo::Bookmark& b = state_.bookmarks[bookmark].bookmark;
    TourPlayState& tour = state_.tourPlay;
    if (tour.tour >= 0) {
        // During a tour a bookmark that is one of its stops is that stop, caption and all; any other
        // view pauses the tour and shows no stop's caption.
        const auto& stops = state_.tours[static_cast<std::size_t>(tour.tour)].stops;
        for (std::size_t i = 0; i < stops.size(); ++i)
            if (stops[i].bookmark == b.name) {
                goToStop(static_cast<int>(i));
                return;
            }
        tour.playing = false;
        tour.stop = -1;
    }
    applyBookmarkState(b);
    if (onFlyToView) onFlyToView(b.view, kBookmarkFlightSeconds);
}

void ViewController::applyBookmarkState(const geo::Bookmark& b) {
    const geo::ProjectData& data = scene_.data();
    if (b.layers)
        for (std::size_t i = 0; i < data.layers.size(); ++i)
            setLayerVisible(i, std::find(b.layers->begin(), b.layers->end(), data.layers[i].spec.name) != b.layers->end());
    if (state_.timeline.layer < 0) return;
    auto date = b.date.empty() ? std::nullopt : geo::parseDate(b.date);
    if (date) {
        setTimelineActive(true);
        setTimelineDate(*date);
    } else if (!b.date.empty() || b.layers) {
        // A bookmark saved without a date shows the plain styles (one saved with layers says how
        // the whole map should look).
        setTimelineActive(false);
    }
}

void ViewController::setPresenting(bool presenting) {
    if (presenting == state_.presenting) return;
    state_.presenting = presenting;
    if (!presenting) {
        state_.tourPlay.playing = false;
        state_.tourPlay.tour = -1;
    }
    if (onPresentingChanged) onPresentingChanged(presenting);
}

void ViewController::startTour(std::size_t tour) {
    if (tour >= state_.tours.size() || state_.tours[tour].stops.empty()) return;
    setPresenting(true);
    state_.tourPlay.tour = static_cast<int>(tour);
    state_.tourPlay.playing = true;
    goToStop(0);
}

void ViewController::nextStop() {
    const TourPlayState& t = state_.tourPlay;
    if (t.tour < 0) return;
    if (t.stop + 1 < static_cast<int>(state_.tours[static_cast<std::size_t>(t.tour)].stops.size())) goToStop(t.stop + 1);
}

void ViewController::previousStop() {
    const TourPlayState& t = state_.tourPlay;
    if (t.tour < 0) return;
    // Off the tour (a bookmark that is no stop): back to its first stop.
    if (t.stop != 0) goToStop(std::max(t.stop - 1, 0));
}

void ViewController::setTourPlaying(bool playing) {
    TourPlayState& t = state_.tourPlay;
    if (t.tour < 0) return;
    // Playing on from the last stop (or from a view off the tour) starts the tour again.
    const auto& stops = state_.tours[static_cast<std::size_t>(t.tour)].stops;
    if (playing && !t.playing && (t.stop < 0 || t.stop + 1 == static_cast<int>(stops.size()))) {
        t.playing = true;
        goToStop(0);
        return;
    }
    t.playing = playing;
}

void ViewController::goToStop(int stop) {
    TourPlayState& t = state_.tourPlay;
    const geo::Tour& tour = state_.tours[static_cast<std::size_t>(t.tour)];
    t.stop = stop;
    t.elapsed = 0;
    const geo::TourStop& s = tour.stops[static_cast<std::size_t>(stop)];
    for (const auto& e : state_.bookmarks)
        if (e.bookmark.name == s.bookmark) {
            applyBookmarkState(e.bookmark);
            if (onFlyToView) onFlyToView(e.bookmark.view, s.flight);
            return;
        }
}

PresentationContent ViewController::presentationContent() {
    if (!presentation_) presentation_ = planview::presentationContent(scene_.data(), state_);
    PresentationContent c = *presentation_;
    updatePresentationView(c, scene_.data(), state_);
    const TourPlayState& t = state_.tourPlay;
    if (t.tour >= 0 && t.stop >= 0) {
        const geo::Tour& tour = state_.tours[static_cast<std::size_t>(t.tour)];
        const geo::TourStop& stop = tour.stops[static_cast<std::size_t>(t.stop)];
        c.caption = stop.caption;
        c.progress = std::to_string(t.stop + 1) + " / " + std::to_string(tour.stops.size());
        // The caption fades in as the camera arrives.
        c.captionAlpha = static_cast<float>(std::clamp((t.elapsed - stop.flight * 0.6) / std::max(stop.flight * 0.4, 0.2), 0.0, 1.0));
    }
    return c;
}

void ViewController::saveCurrentView() {
    std::optional<geo::View> view = currentView ? currentView() : std::nullopt;
    if (!view) return;
    geo::Bookmark b;
    b.view = *view;
    // "视图 3" / "View 3": the first number not taken.
    for (int n = static_cast<int>(state_.bookmarks.size()) + 1;; ++n) {
        std::string name = std::string(tr(text::kViewName)) + " " + std::to_string(n);
        bool taken = false;
        for (const auto& e : state_.bookmarks) taken = taken || e.bookmark.name == name;
        if (!taken) {
            b.name = name;
            break;
        }
    }
    std::vector<std::string> visible;
    for (std::size_t i = 0; i < state_.layers.size(); ++i)
        if (state_.layers[i].visible) visible.push_back(scene_.data().layers[i].spec.name);
    b.layers = visible;
    if (state_.timeline.active) b.date = geo::formatDate(state_.timeline.date);
    state_.bookmarks.push_back({b, std::nullopt});
    persistBookmarks();
}

void ViewController::renameBookmark(std::size_t bookmark, const std::string& name) {
    if (bookmark >= state_.bookmarks.size() || name.empty() || state_.bookmarks[bookmark].bookmark.name == name) return;
    for (const auto& other : state_.bookmarks)
        if (other.bookmark.name == name) {
            state_.bookmarkMessage = std::string(tr(text::kNameTaken)) + ": " + name;
            return;
        }
    std::string& current = state_.bookmarks[bookmark].bookmark.name;
    for (geo::Tour& tour : state_.tours)
        for (geo::TourStop& stop : tour.stops)
            if (stop.bookmark == current) stop.bookmark = name;
    current = name;
    persistBookmarks();
}

void ViewController::moveBookmark(std::size_t bookmark, int delta) {
    const long long to = static_cast<long long>(bookmark) + delta;
    if (bookmark >= state_.bookmarks.size() || to < 0 || to >= static_cast<long long>(state_.bookmarks.size())) return;
    std::swap(state_.bookmarks[bookmark], state_.bookmarks[static_cast<std::size_t>(to)]);
    persistBookmarks();
}

void ViewController::deleteBookmark(std::size_t bookmark) {
    if (bookmark >= state_.bookmarks.size()) return;
    // A tour stop needs its bookmark: refuse rather than break the tour.
    for (const geo::Tour& tour : state_.tours)
        for (const geo::TourStop& stop : tour.stops)
            if (stop.bookmark == state_.bookmarks[bookmark].bookmark.name) {
                state_.bookmarkMessage = std::string(tr(text::kUsedByTour)) + " " + tour.name;
                return;
            }
    state_.bookmarks.erase(state_.bookmarks.begin() + static_cast<std::ptrdiff_t>(bookmark));
    persistBookmarks();
}

const std::vector<ExportFormat>& exportFormats() {
    static const std::vector<ExportFormat> formats = {
        {"GeoPackage", "GPKG", ".gpkg"},          {"Shapefile", "ESRI Shapefile", ".shp"}, {"GeoJSON", "GeoJSON", ".geojson"},
        {"KML (Google Earth)", "KML", ".kml"},    {"FlatGeobuf", "FlatGeobuf", ".fgb"},    {"CSV (WKT)", "CSV", ".csv"},
        {"DXF (CAD)", "DXF", ".dxf"},             {"GeoTIFF map", "GTiff", ".tif"},        {"PDF map (A3)", "PDF", ".pdf"}};
    return formats;
}

namespace {

// A value as an OGR SQL literal for a field of `type`.
std::string sqlLiteral(const std::string& value, geo::FieldType type) {
    if (type == geo::FieldType::Integer || type == geo::FieldType::Real) return value;
    std::string quoted = "'";
    for (char c : value) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

std::string sqlName(const std::string& field) {
    std::string quoted = "\"";
    for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::string ViewController::filterExpression(std::size_t layer) const {
    const geo::LoadedLayer& loaded = scene_.data().layers.at(layer);
    std::vector<std::string> parts;
    if (!loaded.spec.where.empty()) parts.push_back("(" + loaded.spec.where + ")");
    if (const auto& filter = state_.filters.at(layer); filter && filter->active()) {
        if (!filter->where().empty()) parts.push_back("(" + filter->where() + ")");
        const std::string& field = filter->categoryField();
        int index = loaded.data.fieldIndex(field);
        std::vector<std::string> hidden;
        bool nullHidden = false;
        for (const geo::CategoryCount& c : filter->categories()) {
            if (filter->categoryShown(c.value)) continue;
            if (c.value.empty()) nullHidden = true;
            else hidden.push_back(sqlLiteral(c.value, index >= 0 ? loaded.data.fields[static_cast<std::size_t>(index)].type : geo::FieldType::String));
        }
        if (!hidden.empty()) {
            std::string list;
            for (const std::string& h : hidden) list += (list.empty() ? "" : ", ") + h;
            std::string notHidden = sqlName(field) + " NOT IN (" + list + ")";
            parts.push_back(nullHidden ? notHidden : "(" + notHidden + " OR " + sqlName(field) + " IS NULL)");
        } else if (nullHidden) {
            parts.push_back(sqlName(field) + " IS NOT NULL");
        }
    }
    std::string expression;
    for (const std::string& p : parts) expression += (expression.empty() ? "" : " AND ") + p;
    return expression;
}

void ViewController::prepareExport() {
    ExportUiState& e = state_.exporting;
    const geo::ProjectData& data = scene_.data();
    if (auto selected = scene_.selection(); selected && data.layers.at(static_cast<std::size_t>(selected->layer)).available()) {
        e.layer = static_cast<std::size_t>(selected->layer);
        e.selectedOnly = true;
    } else {
        if (state_.filter.layer < data.layers.size() && data.layers[state_.filter.layer].available()) e.layer = state_.filter.layer;
        e.selectedOnly = false;
    }
    const auto& filter = state_.filters.at(e.layer);
    e.filtered = filter && filter->active();
    e.message.clear();
}

void ViewController::exportData() {
    ExportUiState& e = state_.exporting;
    const geo::ProjectData& data = scene_.data();
    const ExportFormat& format = exportFormats().at(static_cast<std::size_t>(e.format));
    const geo::LoadedLayer& layer = data.layers.at(e.layer);
    std::string output = e.output;
    if (output.empty()) {
        std::string name = std::string(format.driver) == "GTiff" || std::string(format.driver) == "PDF" ? "map" : layer.spec.layer;
        for (char& c : name)
            if (c == '/' || c == '\\' || c == ' ') c = '_';
        output = "planview-exports/" + name + format.extension;
    }
    try {
        std::error_code ec;
        if (auto parent = std::filesystem::path(output).parent_path(); !parent.empty()) std::filesystem::create_directories(parent, ec);
        if (std::string(format.driver) == "GTiff" || std::string(format.driver) == "PDF") {
            if (!onExportMap) return;
            e.message = onExportMap(output, format.driver, e.overwrite);
            return;
        }
        geo::ExportOptions options;
        options.layer = layer.spec.layer;
        options.output = output;
        options.format = format.driver;
        options.overwrite = e.overwrite;
        options.fromGcj02 = layer.spec.gcj02;
        options.title = layer.spec.name;
        options.style = scene_.layerStyle(e.layer);
        options.labelField = layer.spec.label;
        options.where = e.filtered ? filterExpression(e.layer) : layer.spec.where;
        if (auto selected = scene_.selection(); e.selectedOnly && selected && selected->layer == static_cast<int>(e.layer)) {
            const geo::FeatureLayer& features = selected->tile >= 0 && selectedTile_ ? *selectedTile_ : layer.data;
            std::string fid = "FID = " + std::to_string(features.features.at(selected->feature).fid);
            options.where = options.where.empty() ? fid : "(" + options.where + ") AND " + fid;
        }
        geo::Source source = geo::Source::open(layer.spec.source);
        geo::ExportReport report = geo::exportLayer(source, options);
        e.message = std::filesystem::absolute(report.output).string() + ": " + std::to_string(report.features) + " " +
                    tr(report.features == 1 ? text::kOneFeature : text::kFeatures) + " (" + report.format + ")";
        for (const auto& [from, to] : report.renamedFields) e.message += "\n  " + from + " -> " + to;
        for (const auto& t : report.truncatedFields)
            e.message += "\n  " + t.field + ": " + std::to_string(t.values) + " " + tr(text::kTextCut);
    } catch (const std::exception& error) {
        e.message = error.what();
    }
}

void ViewController::showSameMapIn(ViewController& other) const {
    const geo::ProjectData& data = scene_.data();
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        other.setLayerVisible(i, state_.layers[i].visible);
        if (!data.layers[i].available()) continue;
        other.setLayerOpacity(i, state_.layers[i].opacity);
        if (state_.layers[i].styleField != other.state().layers[i].styleField) other.setLayerStyleField(i, state_.layers[i].styleField);
        if (const auto& filter = state_.filters[i]; filter && filter->active())
            other.scene().setFeatureFilter(i, filter->shown(), filter->mode == geo::FilterMode::Grey);
    }
    if (state_.timeline.active) {
        other.setTimelineActive(true);
        other.setTimelineDate(state_.timeline.date);
    }
}

void ViewController::renderStill() {
    if (!onRenderStill) return;
    try {
        state_.stillMessage = std::string(tr(text::kStillSaved)) + " " + onRenderStill();
    } catch (const std::exception& e) {
        state_.stillMessage = e.what();
    }
}

void ViewController::persistBookmarks() {
    state_.bookmarkMessage.clear();
    if (!state_.bookmarksSaveToFile) {
        state_.bookmarkMessage = tr(text::kBookmarksNotSaved);
        return;
    }
    const std::string& path = scene_.data().project.path;
    try {
        geo::saveBookmarks(path, state_.bookmarks);
        // The file's tables are now these, in this order.
        for (std::size_t i = 0; i < state_.bookmarks.size(); ++i) state_.bookmarks[i].origin = i;
        state_.bookmarkMessage = std::string(tr(text::kBookmarksSaved)) + " " + path;
    } catch (const geo::OutputError& e) {
        state_.bookmarkMessage = e.what();
    }
}

void ViewController::setLanguage(Language language) {
    setUiLanguage(language);
    presentation_.reset();   // remade in the new language when next shown
    // Legends hold translated words (timeline statuses), the inspector the style's labels.
    for (std::size_t i = 0; i < state_.layers.size(); ++i) refreshLegend(i);
    if (state_.inspector) {
        const bool shown = state_.showInspector;
        select(scene_.selection());
        state_.showInspector = shown;
    }
}

void ViewController::flyToFeature(std::size_t layer, std::size_t feature) {
    const geo::LoadedLayer& loaded = scene_.data().layers.at(layer);
    if (!loaded.available() || feature >= loaded.data.features.size()) return;
    select(FeatureRef{static_cast<int>(layer), feature});
    geo::Extent bounds = loaded.data.features[feature].bounds;
    // Small features (a pin, a plot) are shown with their surroundings, not filling the screen.
    const double kMinimumSide = 600;
    const geo::Vec2 centre = bounds.center();
    const double halfWidth = std::max(bounds.width(), kMinimumSide) / 2, halfHeight = std::max(bounds.height(), kMinimumSide) / 2;
    geo::Extent framed;
    framed.add(centre.x - halfWidth, centre.y - halfHeight);
    framed.add(centre.x + halfWidth, centre.y + halfHeight);
    const std::vector<double>& heights = scene_.heights(layer);
    double height = feature < heights.size() ? heights[feature] : 0;
    if (onFlyTo) onFlyTo(framed, height);
}

void ViewController::setFilterLayer(std::size_t layer) {
    state_.filter.layer = layer;
    state_.filter.error.clear();
    const auto& filter = state_.filters.at(layer);
    state_.filter.whereText = filter ? filter->where() : "";
}

void ViewController::setFilterCategoryField(std::size_t layer, const std::string& field) {
    if (!state_.filters.at(layer)) return;
    state_.filters[layer]->setCategoryField(field);
    applyFilter(layer);
}

void ViewController::setCategoryShown(std::size_t layer, const std::string& value, bool shown) {
    if (!state_.filters.at(layer)) return;
    state_.filters[layer]->setCategoryShown(value, shown);
    applyFilter(layer);
}

void ViewController::setAllCategoriesShown(std::size_t layer, bool shown) {
    auto& filter = state_.filters.at(layer);
    if (!filter) return;
    if (shown) filter->showAllCategories();
    else
        for (const geo::CategoryCount& c : filter->categories()) filter->setCategoryShown(c.value, false);
    applyFilter(layer);
}

void ViewController::applyWhere(std::size_t layer, const std::string& where) {
    auto& filter = state_.filters.at(layer);
    if (!filter) return;
    state_.filter.error.clear();
    try {
        filter->setWhere(where);
    } catch (const geo::FilterError& e) {
        state_.filter.error = e.cause;   // the panel says it in a sentence of its language
        return;
    } catch (const geo::InputError& e) {
        state_.filter.error = e.what();
        return;
    }
    applyFilter(layer);
}

void ViewController::setFilterMode(std::size_t layer, geo::FilterMode mode) {
    if (!state_.filters.at(layer)) return;
    state_.filters[layer]->mode = mode;
    applyFilter(layer);
}

void ViewController::applyFilter(std::size_t layer) {
    const geo::LayerFilter& filter = *state_.filters[layer];
    scene_.setFeatureFilter(layer, filter.active() ? filter.shown() : std::vector<bool>{}, filter.mode == geo::FilterMode::Grey);
    // A selection the filter hides is no longer on screen: clear it.
    if (auto selected = scene_.selection())
        if (selected->layer == static_cast<int>(layer) && !scene_.featureShown(layer, selected->feature)) select(std::nullopt);
}

geo::Color ViewController::statusColor(std::size_t layer, geo::ProjectStatus status) const {
    const geo::LayerStyle& style = scene_.data().layers[layer].spec.style;
    auto own = style.colors.find(geo::statusKey(status));
    if (own != style.colors.end()) return own->second;
    switch (status) {
    case geo::ProjectStatus::Planned: return *geo::parseColor("#6A5ACD");
    case geo::ProjectStatus::UnderConstruction: return *geo::parseColor("#E53935");
    case geo::ProjectStatus::Completed: return *geo::parseColor("#2E7D32");
    default: return style.defaultColor;
    }
}

void ViewController::setTimelineActive(bool active) {
    if (state_.timeline.layer < 0) return;
    state_.timeline.active = active;
    if (!active) state_.timeline.playing = false;
    applyTimeline();
}

void ViewController::setTimelineDate(geo::Date date) {
    TimelineUiState& t = state_.timeline;
    if (t.layer < 0) return;
    t.date = geo::Date{std::clamp(date.days, t.range.first.days, t.range.last.days)};
    applyTimeline();
}

void ViewController::setTimelinePlaying(bool playing) {
    TimelineUiState& t = state_.timeline;
    if (t.layer < 0) return;
    if (playing && !t.active) setTimelineActive(true);
    // Playing from the end starts again from the beginning.
    if (playing && !(t.date < t.range.last)) setTimelineDate(t.range.first);
    t.playing = playing;
}

void ViewController::applyTimeline() {
    TimelineUiState& t = state_.timeline;
    if (t.layer < 0) return;
    const std::size_t layer = static_cast<std::size_t>(t.layer);
    if (!t.active) {
        scene_.setFeatureColors(layer, {});
        refreshLegend(layer);
        return;
    }
    const geo::FeatureLayer& features = scene_.data().layers[layer].data;
    const std::vector<geo::Color> styleColors = featureColors(scene_.layerStyle(layer), features);
    std::vector<geo::Color> colors(features.features.size());
    t.planned = t.underConstruction = t.completed = t.unknown = 0;
    for (std::size_t i = 0; i < features.features.size(); ++i) {
        geo::ProjectStatus status = geo::statusAt(features, features.features[i], t.fields, t.date);
        switch (status) {
        case geo::ProjectStatus::Planned: ++t.planned; break;
        case geo::ProjectStatus::UnderConstruction: ++t.underConstruction; break;
        case geo::ProjectStatus::Completed: ++t.completed; break;
        default: ++t.unknown; break;
        }
        colors[i] = status == geo::ProjectStatus::Unknown ? styleColors[i] : statusColor(layer, status);
    }
    scene_.setFeatureColors(layer, std::move(colors));
    refreshLegend(layer);
}

void ViewController::search(const std::string& query) {
    if (!searchIndex_) searchIndex_ = std::make_unique<geo::SearchIndex>(scene_.data());
    state_.search.query = query;
    state_.search.hits = searchIndex_->find(query);
    state_.search.chosen = 0;
}

void ViewController::setMeasureMode(MeasureMode mode) {
    if (mode != state_.measure.mode) state_.measure.points.clear();
    state_.measure.mode = mode;
}

void ViewController::removeLastMeasurePoint() {
    if (!state_.measure.points.empty()) state_.measure.points.pop_back();
}

void ViewController::clearMeasure() { state_.measure.points.clear(); }

void ViewController::computeStatistics() {
    StatsUiState& s = state_.statistics;
    s.error.clear();
    s.computed = false;
    const geo::ProjectData& data = scene_.data();
    if (s.layer < 0 || static_cast<std::size_t>(s.layer) >= data.layers.size() || !data.layers[s.layer].available()) return;
    geo::StatsOptions options;
    options.by = s.by;
    options.sums = s.sums;
    const geo::FeatureLayer* zones = nullptr;
    if (s.zoneLayer >= 0 && static_cast<std::size_t>(s.zoneLayer) < data.layers.size() && data.layers[s.zoneLayer].available())
        zones = &data.layers[s.zoneLayer].data;
    try {
        s.table = geo::computeStatistics(data.layers[s.layer].data, options, zones);
        s.computed = true;
    } catch (const geo::InputError& e) {
        s.error = e.what();
    }
}

}  // namespace planview
