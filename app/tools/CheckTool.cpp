#include "app/tools/CheckTool.h"
#include "app/scene/LayerStyling.h"
#include "geo/ProjectChecks.h"

namespace planview {

void CheckTool::runChecks() {
    ChecksUiState& s = map_.state().checks;
    s.error.clear();
    s.computed = false;
    try {
        geo::ProjectChecks checks = geo::runProjectChecks(map_.data());
        s.report = std::move(checks.report);
        s.layer = static_cast<int>(checks.layer);
        s.computed = true;
    } catch (const geo::InputError& e) {
        s.error = e.what();
    }
    setTint(s.tint);
    // Envelopes shown (a bookmark's) follow the limits as checked now.
    if (map_.view().envelopes) setEnvelopes(true);
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

void CheckTool::setEnvelopes(bool on) {
    const ChecksUiState& s = map_.state().checks;
    std::optional<geo::EnvelopeView> envelopes;
    if (on && s.computed && s.layer >= 0)
        envelopes = geo::envelopeViewOf(map_.data(), geo::ProjectChecks{static_cast<std::size_t>(s.layer), s.report});
    if (envelopes == map_.view().envelopes) return;
    map_.view().envelopes = std::move(envelopes);
    map_.show();
}

}  // namespace planview
