#include "app/tools/CheckTool.h"
#include "app/scene/LayerStyling.h"

namespace planview {

void CheckTool::runChecks() {
    ChecksUiState& s = map_.state().checks;
    s.error.clear();
    s.computed = false;
    const geo::ProjectData& data = map_.data();
    const geo::CheckSettings& settings = data.project.checks;
    auto find = [&](const std::string& name, const char* what) -> int {
        for (std::size_t i = 0; i < data.layers.size(); ++i) {
            const geo::LoadedLayer& l = data.layers[i];
            if (l.spec.name != name && l.spec.layer != name) continue;
            if (!l.available()) throw geo::InputError(std::string(what) + " '" + name + "' is unavailable: " + l.error);
            if (l.streamed()) throw geo::InputError(std::string(what) + " '" + name + "' is streamed: its features are only read near the camera");
            return static_cast<int>(i);
        }
        throw geo::InputError(std::string(what) + " '" + name + "' is not a layer of the project");
    };
    try {
        int parcels = -1;
        if (!settings.layer.empty()) parcels = find(settings.layer, "[check] layer");
        for (std::size_t i = 0; i < data.layers.size() && parcels < 0; ++i)
            if (data.layers[i].spec.kind == geo::LayerKind::Parcels && data.layers[i].available() && !data.layers[i].streamed())
                parcels = static_cast<int>(i);
        if (parcels < 0) throw geo::InputError("the project has no parcels layer to check");
        auto layer = [&](const std::string& name, const char* what) {
            if (name.empty()) return geo::CheckLayer{};
            const auto& l = data.layers[static_cast<std::size_t>(find(name, what))];
            return geo::CheckLayer{&l.spec, &l.data};
        };
        const auto& p = data.layers[static_cast<std::size_t>(parcels)];
        const geo::CheckInput input{{&p.spec, &p.data}, layer(settings.buildings, "[check] buildings"),
                                    layer(settings.green, "[check] green"), layer(settings.zones, "[check] zones")};
        s.report = geo::runChecks(input, settings, &data.frame);
        s.layer = parcels;
        s.computed = true;
    } catch (const geo::InputError& e) {
        s.error = e.what();
    }
    setTint(s.tint);
}

void CheckTool::setTint(bool on) {
    ChecksUiState& s = map_.state().checks;
    s.tint = on;
    std::optional<geo::FeatureTint> tint;
    if (on && s.computed && s.layer >= 0) {
        const auto index = static_cast<std::size_t>(s.layer);
        const geo::FeatureLayer& parcels = map_.data().layers[index].data;
        tint = geo::FeatureTint{s.layer, geo::checkResultColors(s.report, parcels.features.size(),
                                                                 featureColors(map_.scene().layerStyle(index), parcels))};
    }
    if (tint == map_.view().tint) return;
    map_.view().tint = tint;
    map_.show();
}

}  // namespace planview
