#include "app/tools/MapController.h"
#include <imgui.h>
#include "app/ui/BookmarkPanel.h"
#include "app/ui/DockedPanel.h"
#include "app/ui/GlyphSet.h"
#include "app/ui/LayerPanel.h"
#include "app/ui/LegendPanel.h"
#include "app/ui/NorthArrow.h"
#include "app/ui/StatusBar.h"
#include "app/ui/ToolPanels.h"

namespace planview {

MapController::MapController(Scene& scene)
    : model_(scene),
      layers(model_),
      inspector(model_),
      filter(model_, inspector),
      timeline(model_),
      sun(model_),
      bookmarks(model_),
      presentation(model_, bookmarks),
      exporting(model_, filter, inspector),
      measure(model_),
      search(model_),
      statistics(model_),
      checks(model_),
      compare(model_),
      sunlight(model_, inspector) {}

geo::MapView MapController::mapView(std::optional<geo::View> camera) const {
    geo::MapView view = model_.scene().shown();
    view.camera = camera;
    return view;
}

void MapController::show(const geo::MapView& view) {
    UiState& state = model_.state();
    state.view = view;
    if (view.date) state.timeline.date = *view.date;
    model_.show();
    // The panels describe the selection as the map now has it.
    if (state.view.selection != std::nullopt || state.inspector) inspector.select(state.view.selection);
}

UiCommands MapController::commands() {
    return UiCommands{layers, bookmarks, presentation, exporting, inspector, filter, timeline, sun, search, measure, statistics, *this, checks, compare, sunlight};
}

void MapController::drawUi(bool panels) {
    UiState& state = model_.state();
    UiContext context{model_.data(), state, commands()};
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (state.presenting || !panels) state.layout = screenLayout(display.x, display.y, 0, false, false, false);
    if (state.presenting) {
        drawPresentationOverlay(presentation.content(), static_cast<float>(state.camera.height > 0 ? state.camera.height : 1080));
        state.viewInsets = {};   // the overlay's text lies over the map: it frames the whole image
        return;
    }
    if (panels) {
        layOutPanels(state);
        drawToolBar(context);
        drawLayerPanel(context);
        drawLegendPanel(context);
        drawBookmarkPanel(context);
        drawInspectorPanel(context);
        drawFilterPanel(context);
        drawTimelinePanel(context);
        drawSunPanel(context);
        drawSearchPanel(context);
        drawMeasurePanel(context);
        drawStatisticsPanel(context);
        drawChecksPanel(context);
        drawComparePanel(context);
        drawExportPanel(context);
        drawStatusBar(context);
    }
    state.viewInsets = viewInsetsOf(state.layout, display.x, display.y);
    drawCompareSwipe(context);
    drawMeasureOverlay(context);
    drawTimelineDate(context);
    drawScaleAndNorth(context);
}

std::string MapController::glyphText() const {
    const geo::ProjectData& data = model_.data();
    GlyphSet glyphs;
    const geo::Project& project = data.project;
    glyphs.add(project.title + project.attribution + geo::dataAttribution(project, true) + geo::dataAttribution(project, false));
    for (const geo::Bookmark& b : project.bookmarks) glyphs.add(b.name);
    for (const geo::Tour& t : project.tours) {
        glyphs.add(t.name);
        for (const geo::TourStop& stop : t.stops) glyphs.add(stop.caption);
    }
    for (const geo::LandUseClass& c : geo::landUseClasses()) glyphs.add(c.code + c.nameZh + c.nameEn);
    for (const geo::CheckRule& rule : project.checks.rules) glyphs.add(rule.name + rule.zone + rule.landuse + rule.describe());
    for (geo::LimitKind k : geo::kAllLimitKinds) glyphs.add(geo::limitNameZh(k));
    glyphs.add("限值实测地块指标结果符合超出不足");   // the checks panel's own words (ChecksPanel.cpp)
    glyphs.add("编号变化内容形状要素数用地面积建筑控规无数据违规→");   // the compare panel's (ComparePanel.cpp)
    glyphs.add("建筑层日照最少点数时分");   // the 日照分析's own words (SunlightPanel.cpp)
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

bool MapController::tick(double seconds) {
    const bool tour = presentation.tick(seconds);
    const bool sunPlays = sun.tick(seconds);
    const bool counting = sunlight.tick();
    return timeline.tick(seconds) || sunPlays || tour || counting;
}

void MapController::layerReconnected(std::size_t layer) {
    if (layers.layerReconnected(layer)) search.forgetIndex();   // made again with the layer on the next search
}

void MapController::setLanguage(Language language) {
    setUiLanguage(language);
    presentation.forgetContent();   // made again in the new language when next shown
    // Legends hold translated words (timeline statuses), the inspector the style's labels.
    for (std::size_t i = 0; i < model_.state().layers.size(); ++i) model_.refreshLegend(i);
    inspector.describeAgain();
}

}  // namespace planview
