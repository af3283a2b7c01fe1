#include "geo/ProjectData.h"
#include <map>
#include <memory>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace geo {

ProjectData loadProjectData(const Project& project) {
    // Open each source once, however many layers it serves.
    std::map<std::string, std::unique_ptr<Source>> sources;
    std::vector<std::string> errors(project.layers.size());
    Extent lonLat;
    for (std::size_t i = 0; i < project.layers.size(); ++i) {
        const LayerSpec& spec = project.layers[i];
        try {
            auto& source = sources[spec.source];
            if (!source) source = std::make_unique<Source>(Source::open(spec.source));
            OGRLayer& layer = source->layer(spec.layer);
            lonLat.add(layerLonLatExtent(layer, spec.source + " layer '" + spec.name + "'"));
        } catch (const InputError& e) {
            errors[i] = e.what();
        }
    }

    ProjectData data{project, SceneFrame::choose(lonLat, project.crs), {}, {}};
    for (std::size_t i = 0; i < project.layers.size(); ++i) {
        LoadedLayer loaded;
        loaded.spec = project.layers[i];
        loaded.error = errors[i];
        if (loaded.available()) {
            try {
                ReadOptions options;
                options.where = loaded.spec.where;
                loaded.data = readLayer(*sources[loaded.spec.source], loaded.spec.layer, data.frame, options);
                data.bounds.add(loaded.data.bounds);
            } catch (const InputError& e) {
                loaded.error = e.what();
            }
        }
        if (!loaded.available()) log().warn("layer '{}' is unavailable: {}", loaded.spec.name, loaded.error);
        data.layers.push_back(std::move(loaded));
    }
    bool any = false;
    for (const auto& l : data.layers) any = any || l.available();
    if (!any) throw InputError(data.layers.empty() ? project.path + ": no layers" : data.layers.front().error);
    return data;
}

}  // namespace geo
