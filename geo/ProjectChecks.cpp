#include "geo/ProjectChecks.h"
#include "geo/Errors.h"

namespace geo {

ProjectChecks runProjectChecks(const ProjectData& data) {
    const CheckSettings& settings = data.project.checks;
    auto find = [&](const std::string& name, const char* what) {
        for (std::size_t i = 0; i < data.layers.size(); ++i) {
            const LoadedLayer& l = data.layers[i];
            if (l.spec.name != name && l.spec.layer != name) continue;
            if (!l.available()) throw InputError(std::string(what) + " '" + name + "' is unavailable: " + l.error);
            if (l.streamed()) throw InputError(std::string(what) + " '" + name + "' is streamed: its features are only read near the camera");
            return i;
        }
        throw InputError(std::string(what) + " '" + name + "' is not a layer of the project");
    };
    auto layer = [&](const std::string& name, const char* what) {
        if (name.empty()) return CheckLayer{};
        const LoadedLayer& l = data.layers[find(name, what)];
        return CheckLayer{&l.spec, &l.data};
    };
    ProjectChecks out;
    bool found = false;
    if (!settings.layer.empty()) {
        out.layer = find(settings.layer, "[check] layer");
        found = true;
    }
    for (std::size_t i = 0; i < data.layers.size() && !found; ++i)
        if (data.layers[i].spec.kind == LayerKind::Parcels && data.layers[i].available() && !data.layers[i].streamed()) {
            out.layer = i;
            found = true;
        }
    if (!found) throw InputError("the project has no parcels layer to check");
    const LoadedLayer& parcels = data.layers[out.layer];
    const CheckInput input{{&parcels.spec, &parcels.data}, layer(settings.buildings, "[check] buildings"),
                           layer(settings.green, "[check] green"), layer(settings.zones, "[check] zones")};
    out.report = runChecks(input, settings, &data.frame);
    return out;
}

EnvelopeView envelopeViewOf(const ProjectData& data, const ProjectChecks& checks) {
    EnvelopeView view;
    view.layer = static_cast<int>(checks.layer);
    view.boxes = heightEnvelopes(checks.report, data.layers[checks.layer].data);
    return view;
}

EnvelopeView projectEnvelopeView(const ProjectData& data) { return envelopeViewOf(data, runProjectChecks(data)); }

}  // namespace geo
