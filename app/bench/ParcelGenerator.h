// Synthetic parcels for `planview bench`: a GeoPackage of N small parcels around Hangzhou, as a
// district's cadastre looks to PlanView (4–7 vertices each, one in ten with a hole, land-use codes,
// heights, Chinese names), in WGS84 longitude/latitude so that loading reprojects them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace planview::bench {

struct GeneratedParcels {
    std::size_t parcels = 0;
    std::size_t withHoles = 0;
    std::size_t vertices = 0;       ///< ring vertices, closing points not counted
};

/// Writes `count` parcels to a new GeoPackage at `path`, layer "parcels" (EPSG:4326), fields
/// name_zh, landuse, height_m. Parcels sit on a 50 m grid, each a star-shaped polygon of 4–7 vertices
/// 18–23 m from its cell's centre (valid, never touching its neighbours); every tenth has a 10 m
/// square hole. Deterministic for a `seed`. Throws geo::OutputError when the file cannot be written.
GeneratedParcels generateParcels(const std::string& path, std::size_t count, std::uint32_t seed = 1);

/// The GeoPackage of `count` generated parcels in `folder` (parcels-COUNT.gpkg), written unless one
/// kept from an earlier run (`--keep`) is there. `generateMs`: the milliseconds writing it took, 0
/// when it was reused.
std::string keptParcels(const std::string& folder, std::size_t count, double& generateMs);

}  // namespace planview::bench
