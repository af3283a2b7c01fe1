// A layer as one binary glTF file: the whole layer's model (GltfModel.cpp) written by tinygltf beside
// the target and renamed into place.
#include "geo/GltfExport.h"
#include <ogrsf_frmts.h>
#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include "geo/Errors.h"
#include "geo/GltfInternal.h"
#include "geo/GroundHeights.h"
#include "geo/Isolated.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"

namespace fs = std::filesystem;

namespace geo {

namespace gltf {

std::string stagingName(const std::string& suffix) {
    std::random_device seed;
    std::mt19937_64 random(seed());
    std::ostringstream s;
    s << ".planview-export-" << getpid() << "-" << std::hex << random() << suffix;
    return s.str();
}

void writeGlb(tinygltf::Model& model, const fs::path& path, const std::string& what) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw OutputError(what + ": cannot write in " + path.parent_path().string());
    tinygltf::TinyGLTF writer;
    if (!writer.WriteGltfSceneToStream(&model, out, false, true) || !out.flush())
        throw OutputError(what + ": cannot write the glTF file");
}

void withProjectLayer(const Project& project, const GltfOptions& options,
                      const std::function<void(const LoadedLayer&, const SceneFrame&, const GltfOptions&)>& write) {
    ProjectData data = loadProjectData(project);
    const auto exported = std::find_if(data.layers.begin(), data.layers.end(), [](const LoadedLayer& l) { return !isRasterKind(l.spec.kind); });
    if (exported == data.layers.end()) throw InputError("the project has no layer to export");
    const LoadedLayer& layer = *exported;
    if (!layer.available()) throw InputError(layer.spec.source + ": " + layer.error);
    GltfOptions o = options;
    // Standing on the project's terrain, as the scene draws it.
    const GroundHeights ground = projectGround(data);
    if (!ground.flat()) o.ground = &ground;
    // Each field's storage type from its OGR type (FieldType folds OFTInteger and OFTInteger64).
    if (layer.spec.kind != LayerKind::Models) {
        const Source source = Source::open(layer.spec.source);
        OGRFeatureDefn* defn = source.layer(layer.spec.layer).GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const OGRFieldDefn* field = defn->GetFieldDefn(i);
            GltfPropertyType type = GltfPropertyType::String;
            switch (field->GetType()) {
            case OFTInteger: type = GltfPropertyType::Int32; break;
            case OFTInteger64: type = GltfPropertyType::Int64; break;
            case OFTReal: type = GltfPropertyType::Float64; break;
            default: break;
            }
            o.fieldTypes.emplace(field->GetNameRef(), type);
        }
    }
    write(layer, data.frame, o);
}

}  // namespace gltf

GltfReport exportGltf(const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& options) {
    const gltf::LayerModels models(layer, frame, options);
    const fs::path target = fs::absolute(options.output);
    std::error_code ec;
    if (fs::exists(target, ec) && !options.overwrite)
        throw OutputError(options.output + ": already exists (use --overwrite to replace it)");
    if (fs::is_directory(target, ec)) throw OutputError(options.output + ": is a directory");
    if (!fs::is_directory(target.parent_path(), ec))
        throw OutputError(options.output + ": the folder " + target.parent_path().string() + " does not exist");

    std::vector<std::size_t> all(layer.data.features.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    GltfReport report;
    report.output = options.output;
    gltf::GlobeBox box;
    tinygltf::Model model = models.model(all, report, box);

    // Written beside the target, then renamed into place; a signal waits until the temporary is gone.
    InterruptGuard holdSignals;
    const fs::path temporary = target.parent_path() / gltf::stagingName(".glb");
    struct Cleanup {
        fs::path path;
        ~Cleanup() {
            std::error_code e;
            if (!path.empty()) fs::remove(path, e);
        }
    } cleanup{temporary};
    gltf::writeGlb(model, temporary, options.output);
    InterruptGuard::throwIfInterrupted(options.output);
    fs::rename(temporary, target, ec);
    if (ec) throw OutputError(options.output + ": cannot move the export into place: " + ec.message());
    cleanup.path.clear();
    report.bytes = fs::file_size(target, ec);
    return report;
}

GltfReport exportProjectLayerGltf(const Project& project, const GltfOptions& options) {
    GltfReport report;
    gltf::withProjectLayer(project, options, [&](const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& o) {
        report = exportGltf(layer, frame, o);
    });
    return report;
}

}  // namespace geo
