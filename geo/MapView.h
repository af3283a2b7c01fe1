// What a map shows, as one plain value: per layer whether it is drawn, how opaque, the field that
// colours it and the filter on it; the timeline's date; the selected feature; the camera. The
// viewer, offscreen renders, stills, tour frames, map exports and bookmarks all hold or draw a
// MapView (see Scene::apply), so a new kind of state (the sun's date and hour, a compared version, a
// raster layer) is one more field here, not another copy of the state in every tool.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>
#include "geo/FeatureFilter.h"
#include "geo/HeightEnvelopes.h"
#include "geo/Project.h"
#include "geo/SunView.h"
#include "geo/Timeline.h"

namespace geo {

struct ProjectData;

struct LayerView {
    bool visible = true;
    float opacity = 1.0f;          ///< 0..1, on top of the style's own opacity
    std::string styleField;        ///< the field colouring the layer ("" = one colour)
    FilterSpec filter;             ///< which of its features are shown
    bool operator==(const LayerView& o) const {
        return visible == o.visible && opacity == o.opacity && styleField == o.styleField && filter == o.filter;
    }
    bool operator!=(const LayerView& o) const { return !(*this == o); }
};

/// A feature of a loaded layer: indices into ProjectData::layers and FeatureLayer::features.
struct FeatureRef {
    int layer = -1;
    std::size_t feature = 0;
    /// A streamed layer's feature: the tile it was picked in, `feature` indexing the tile's features;
    /// -1 for the others.
    int tile = -1;
    bool operator==(const FeatureRef& o) const { return layer == o.layer && feature == o.feature && tile == o.tile; }
    bool operator!=(const FeatureRef& o) const { return !(*this == o); }
};

/// Features of one layer coloured by a result instead of their style (控规检查: pass, exceeds, no data).
struct FeatureTint {
    int layer = -1;                ///< index into ProjectData::layers
    std::vector<Color> colors;     ///< parallel to the layer's features
    bool operator==(const FeatureTint& o) const { return layer == o.layer && colors == o.colors; }
    bool operator!=(const FeatureTint& o) const { return !(*this == o); }
};

/// Two versions of a plan shown together (方案比选, the project's [compare] layers): a swipe (卷帘)
/// draws the before layer left of a vertical line across the image and the after layer right of it;
/// changes draws the after layer coloured by kind of change, with the removed features of the before;
/// split draws two views side by side from one camera, the before layer in the left half and the
/// after layer in the right (a swipe whose line stays in the middle, each half a copy of the view).
enum class CompareMode { Swipe, Changes, Split };
/// The mode's name in a bookmark and on the command line: "swipe", "changes", "split".
const char* compareModeName(CompareMode mode);
/// The mode of that name; nullopt for any other word.
std::optional<CompareMode> compareModeNamed(const std::string& name);
struct CompareView {
    int before = -1, after = -1;   ///< indices into ProjectData::layers
    CompareMode mode = CompareMode::Swipe;
    float swipe = 0.5f;            ///< the line, as a share of the image's width from its left edge
    /// Changes: each feature's colour (geo::changeColors), parallel to each layer's features.
    std::vector<Color> beforeColors, afterColors;
    bool operator==(const CompareView& o) const {
        return before == o.before && after == o.after && mode == o.mode && swipe == o.swipe &&
               beforeColors == o.beforeColors && afterColors == o.afterColors;
    }
    bool operator!=(const CompareView& o) const { return !(*this == o); }
};

/// Height-limit envelopes (控规盒子) over the checked parcels (geo/HeightEnvelopes.h): translucent
/// boxes at each parcel's height limit, standing on the parcel's base, its setback applied.
struct EnvelopeView {
    int layer = -1;                      ///< the checked parcels: an index into ProjectData::layers
    std::vector<HeightEnvelope> boxes;   ///< one a parcel with a height limit
    bool operator==(const EnvelopeView& o) const { return layer == o.layer && boxes == o.boxes; }
    bool operator!=(const EnvelopeView& o) const { return !(*this == o); }
};

struct MapView {
    std::vector<LayerView> layers;           ///< parallel to ProjectData::layers
    std::optional<Date> date;                ///< the timeline colours its layer by status on this date
    std::optional<FeatureRef> selection;     ///< highlighted
    std::optional<View> camera;              ///< where it is seen from; none = the drawer's own (home)
    /// The sun lighting the scene, with cast shadows; none = the everyday lighting without shadows.
    std::optional<SunTime> sun;
    /// A layer coloured by a result, over its style and the timeline's status colours.
    std::optional<FeatureTint> tint;
    /// Two versions compared (both layers drawn, whatever their visibility says); none = not comparing.
    std::optional<CompareView> compare;
    /// The height-limit envelopes drawn; none = not shown.
    std::optional<EnvelopeView> envelopes;
    bool operator==(const MapView& o) const {
        return layers == o.layers && date == o.date && selection == o.selection && sameCamera(camera, o.camera) &&
               sun == o.sun && tint == o.tint && compare == o.compare && envelopes == o.envelopes;
    }
    bool operator!=(const MapView& o) const { return !(*this == o); }

private:
    static bool sameCamera(const std::optional<View>& a, const std::optional<View>& b) {
        if (!a || !b) return !a && !b;
        return a->lon == b->lon && a->lat == b->lat && a->distance == b->distance && a->heading == b->heading &&
               a->pitch == b->pitch;
    }
};

/// The map as the project file describes it: its layers' visibility and style fields, each filter
/// listing the style field's categories, no date, nothing selected, no camera.
MapView projectMapView(const ProjectData& data);

/// The layer whose features have start and finish dates (the first such available layer), and the
/// range they span: what the timeline plays. None when no layer has dates.
struct ProjectTimeline {
    std::size_t layer = 0;
    TimelineFields fields;
    DateRange range;
};
std::optional<ProjectTimeline> findProjectTimeline(const ProjectData& data);

/// `view` as it is at bookmark `b`: its camera; the layers it names shown and the others hidden
/// (when it names any); the timeline at its date, or off when it was saved with layers but no date.
/// The date is clamped to `timeline`'s range and ignored without a timeline. The sun is the
/// bookmark's (its zone defaulting to the project's, projectUtcOffset), or none when it was saved
/// with layers but no sun. Its `compare` and `envelopes` likewise (the envelopes from the project's
/// checks, run here unless the view shows them already). Throws InputError naming the bookmark for a
/// sun it cannot read, a comparison or checks that cannot be made.
void showBookmark(MapView& view, const Bookmark& b, const ProjectData& data, const std::optional<ProjectTimeline>& timeline);

/// A bookmark named `name` of `view`: its camera (which it must have), its visible layers, its date,
/// its sun (the zone written only when it is not the project's), its comparison and envelopes.
Bookmark bookmarkOf(const MapView& view, const std::string& name, const ProjectData& data);

}  // namespace geo
