// Owns the UI state of a view of a project and carries out the panels' commands on the scene and the
// camera. Shared by the interactive viewer and the offscreen renderer (which draws the same panels),
// and driven directly by the tests: nothing here needs a display.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "app/scene/Scene.h"
#include "app/ui/PresentationOverlay.h"
#include "app/ui/UiModel.h"

namespace planview {

class ViewController : public UiCommands {
public:
    explicit ViewController(Scene& scene);

    UiState& state() { return state_; }
    const UiState& state() const { return state_; }
    Scene& scene() { return scene_; }

    /// Draws the panels (when `panels`), the status line and the north arrow: call inside a UI frame.
    void drawUi(bool panels);

    /// Every string the panels may show from the data (layer names, fields, values, class names,
    /// bookmarks, the title): the glyphs the UI font atlas must hold.
    std::string glyphText() const;

    /// Selects a feature (nullopt clears): highlights it, describes it in the status line and fills
    /// the inspector (attributes, area, perimeter, the zones it lies in).
    void select(std::optional<FeatureRef> feature);

    /// Advances what moves by itself (the timeline playing) by `seconds`; true while something does.
    bool tick(double seconds);
    /// Makes `other` (an offscreen renderer's controller on the same data) show the map as this one
    /// does: layer visibility, opacity and style field, filters, the timeline's date.
    void showSameMapIn(ViewController& other) const;

    /// What the presentation overlay shows now (title, caption, legend, scale, date, attribution).
    /// Not const: the overlay's fixed part is remade after a language switch.
    PresentationContent presentationContent();

    /// Adds a measuring point (scene metres on the ground) when a measuring mode is on.
    bool addMeasurePoint(geo::Vec2 point);

    /// Where the camera commands go (the viewer flies, the renderer ignores them).
    std::function<void()> onHome;
    /// Fly the camera to a view (bookmarks, tour stops) in this many seconds.
    std::function<void(const geo::View&, double)> onFlyToView;
    /// Exports the map (GeoTIFF or PDF) to a path; returns a line saying what was written.
    std::function<std::string(const std::string& path, const std::string& driver, bool overwrite)> onExportMap;
    /// Renders the current view to a still image; returns its path (throws geo errors).
    std::function<std::string()> onRenderStill;
    /// Presentation mode entered or left: the viewer goes full screen and back.
    std::function<void(bool)> onPresentingChanged;
    /// The camera's current view, for saving it as a bookmark (none in offscreen renders).
    std::function<std::optional<geo::View>()> currentView;
    /// Frame these bounds (scene metres) up to this height.
    std::function<void(const geo::Extent&, double)> onFlyTo;
    /// Read again a layer that was unavailable when the project loaded (the viewer does it in the
    /// background, then calls layerReconnected). Streamed layers reconnect by themselves.
    std::function<void(std::size_t)> onReconnectLayer;

    /// A layer read again after onReconnectLayer: the scene and the panels take it up (or show the
    /// error it still has).
    void layerReconnected(std::size_t layer);
    /// Takes in the streamed layers' state (tiles, errors) for the panels: call every frame.
    void refreshStreaming();

    // UiCommands
    void setLayerVisible(std::size_t layer, bool visible) override;
    void setLayerOpacity(std::size_t layer, float opacity) override;
    void setLayerStyleField(std::size_t layer, const std::string& field) override;
    void reconnectLayer(std::size_t layer) override;
    void goHome() override;
    void goToBookmark(std::size_t bookmark) override;
    void setLanguage(Language language) override;
    void setPresenting(bool presenting) override;
    void startTour(std::size_t tour) override;
    void nextStop() override;
    void previousStop() override;
    void setTourPlaying(bool playing) override;
    void saveCurrentView() override;
    void renameBookmark(std::size_t bookmark, const std::string& name) override;
    void moveBookmark(std::size_t bookmark, int delta) override;
    void deleteBookmark(std::size_t bookmark) override;
    void renderStill() override;
    void prepareExport() override;
    void exportData() override;
    /// The OGR SQL expression selecting what the filter shows of `layer` (with the layer's own
    /// `where`), "" when everything is shown: what an export of the filtered layer passes to GDAL.
    std::string filterExpression(std::size_t layer) const;
    void clearSelection() override { select(std::nullopt); }
    void flyToFeature(std::size_t layer, std::size_t feature) override;
    void setFilterLayer(std::size_t layer) override;
    void setFilterCategoryField(std::size_t layer, const std::string& field) override;
    void setCategoryShown(std::size_t layer, const std::string& value, bool shown) override;
    void setAllCategoriesShown(std::size_t layer, bool shown) override;
    void applyWhere(std::size_t layer, const std::string& where) override;
    void setFilterMode(std::size_t layer, geo::FilterMode mode) override;
    void setTimelineActive(bool active) override;
    void setTimelineDate(geo::Date date) override;
    void setTimelinePlaying(bool playing) override;
    void search(const std::string& query) override;
    void setMeasureMode(MeasureMode mode) override;
    void removeLastMeasurePoint() override;
    void clearMeasure() override;
    void computeStatistics() override;

    /// The colour the timeline gives a status on `layer`: the layer's own style colour for the status
    /// key when it has one, else a fixed one.
    geo::Color statusColor(std::size_t layer, geo::ProjectStatus status) const;

private:
    /// The panels' state of one layer from the scene; false when the layer is unavailable.
    bool initLayer(std::size_t layer);
    void applyFilter(std::size_t layer);
    /// Shows the bookmark's layers and timeline date (the camera is the viewer's business).
    void applyBookmarkState(const geo::Bookmark& bookmark);
    void persistBookmarks();
    void goToStop(int stop);
    void applyTimeline();
    void refreshLegend(std::size_t layer);

    Scene& scene_;
    UiState state_;
    std::shared_ptr<const geo::FeatureLayer> selectedTile_;   // the tile of a selected streamed feature
    std::unique_ptr<geo::SearchIndex> searchIndex_;   // built on the first search
    std::optional<PresentationContent> presentation_;  // made once (its attribution opens the sources)
};

}  // namespace planview
