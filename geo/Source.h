// Opening GDAL vector sources: files (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV with WKT …)
// and connection strings (e.g. "PG:dbname=…", later PostGIS). Read-only.
#pragma once
#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRLayer;

namespace geo {

/// An open, read-only GDAL vector dataset. Movable, not copyable; closes the dataset when destroyed.
class Source {
public:
    /// Opens `location` (a path or a GDAL connection string).
    /// Throws InputError naming `location` when it is missing, a directory without vector data,
    /// unreadable, corrupt or not a vector source GDAL knows.
    static Source open(const std::string& location);

    /// Wraps a dataset made in memory (tests, fuzzers, in-memory conversions); `name` names it in messages.
    static Source fromDataset(const std::string& name, GDALDataset* dataset);

    Source(Source&&) noexcept;
    Source& operator=(Source&&) noexcept;
    ~Source();

    const std::string& location() const { return location_; }
    /// The names of the layers in the order GDAL lists them (tables without geometry included).
    std::vector<std::string> layerNames() const;
    /// The named layer; an empty name picks the only layer, or the first one with geometry when there
    /// are several. Throws InputError naming the source and the available layers when not found.
    OGRLayer& layer(const std::string& name) const;
    GDALDataset& dataset() const { return *dataset_; }

private:
    Source(std::string location, GDALDataset* dataset);
    std::string location_;
    struct Closer { void operator()(GDALDataset*) const; };
    std::unique_ptr<GDALDataset, Closer> dataset_;
};

/// GDAL's once-per-process set-up: registers the drivers, routes messages to the log.
/// Called by Source::open; harmless to call again.
void initGdal();

}  // namespace geo
