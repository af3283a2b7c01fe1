#include "geo/Source.h"
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <mutex>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

void initGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        routeLibraryMessagesToLog();
        GDALAllRegister();
    });
}

void Source::Closer::operator()(GDALDataset* d) const { GDALClose(d); }

Source::Source(std::string location, GDALDataset* dataset) : location_(std::move(location)), dataset_(dataset) {}
Source::Source(Source&&) noexcept = default;
Source& Source::operator=(Source&&) noexcept = default;
Source::~Source() = default;

namespace {

bool looksLikeConnectionString(const std::string& s) {
    auto colon = s.find(':');
    return colon != std::string::npos && colon > 1 && s.find('/') > colon;  // "PG:…", "WFS:…", not "/a:b"
}

}  // namespace

Source Source::open(const std::string& location) {
    initGdal();
    if (location.empty()) throw InputError("no source given");
    // GDAL's virtual paths (/vsizip/, /vsimem/ …) are not in the file system: GDAL itself says.
    if (!looksLikeConnectionString(location) && location.rfind("/vsi", 0) != 0) {
        struct stat st{};
        if (stat(location.c_str(), &st) != 0) throw InputError(location + ": no such file or directory");
        if (S_ISREG(st.st_mode) && st.st_size == 0) throw InputError(location + ": the file is empty");
    }
    CPLErrorReset();
    lastGdalError();
    auto* dataset = static_cast<GDALDataset*>(
        GDALOpenEx(location.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        std::string cause = lastGdalError();
        if (cause.empty()) cause = "not a vector data source GDAL can read";
        throw InputError(location + ": " + cause);
    }
    if (dataset->GetLayerCount() == 0) {
        GDALClose(dataset);
        throw InputError(location + ": holds no vector layer");
    }
    return Source(location, dataset);
}

Source Source::fromDataset(const std::string& name, GDALDataset* dataset) {
    if (!dataset) throw InputError(name + ": no dataset");
    return Source(name, dataset);
}

std::vector<std::string> Source::layerNames() const {
    std::vector<std::string> names;
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) names.emplace_back(dataset_->GetLayer(i)->GetName());
    return names;
}

OGRLayer& Source::layer(const std::string& name) const {
    if (name.empty()) {
        for (int i = 0; i < dataset_->GetLayerCount(); ++i)
            if (dataset_->GetLayer(i)->GetGeomType() != wkbNone) return *dataset_->GetLayer(i);
        return *dataset_->GetLayer(0);
    }
    if (OGRLayer* l = dataset_->GetLayerByName(name.c_str())) return *l;
    std::string available;
    for (const auto& n : layerNames()) available += (available.empty() ? "" : ", ") + n;
    throw InputError(location_ + ": no layer named '" + name + "' (layers: " + available + ")");
}

}  // namespace geo
