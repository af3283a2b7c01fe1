// A coordinate operation from one CRS into another, made by PROJ and applied to arrays of points, for
// reading: a layer's every vertex goes through one of these into the scene frame, and projecting was a
// third of a large layer's load. This is PROJ's own choice of operation, normalised to the order the
// data has (x = longitude or easting), with PROJ's "auto" transverse Mercator: PROJ takes its faster
// Evenden/Snyder series wherever it knows it within 0.1 mm of the exact one (near the central meridian:
// a district's data, in its Gauss-Krüger zone), where GDAL's transformation always takes the exact one.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

class OGRSpatialReference;
struct PJconsts;
struct pj_ctx;

namespace geo {

class Reprojection {
public:
    /// The operation PROJ chooses from `from` to `to`; throws InputError naming both when PROJ has none.
    static std::unique_ptr<Reprojection> between(const OGRSpatialReference& from, const OGRSpatialReference& to);

    Reprojection(const Reprojection&) = delete;
    Reprojection& operator=(const Reprojection&) = delete;
    ~Reprojection();

    /// A copy for another thread (a PROJ operation belongs to one thread's context).
    std::unique_ptr<Reprojection> clone() const;

    /// The same operation applied the other way (from `to` back to `from`), without a second search
    /// of PROJ's database: choosing an operation costs 30-45 ms, a third of a large layer's read.
    std::unique_ptr<Reprojection> inverse() const;

    /// Transforms n points in place (x = longitude or easting); false if any point fails. `stride` is the
    /// distance in bytes from one point's x (or y) to the next one's: sizeof(Vec2) for an array of points.
    bool transform(std::size_t n, double* xs, double* ys, std::size_t stride = sizeof(double)) const;

    /// What PROJ applies: its pipeline, or a description when the operation has several candidates.
    const std::string& definition() const { return definition_; }

private:
    Reprojection() = default;
    static std::unique_ptr<Reprojection> choose(const OGRSpatialReference& from, const OGRSpatialReference& to);
    pj_ctx* context_ = nullptr;
    PJconsts* operation_ = nullptr;
    bool inverse_ = false;   // applied backward
    // PROJ's operation from lon/lat degrees is a pipeline whose first step converts them to radians,
    // and stepping through a pipeline costs PROJ as much a point as the projection itself (99 against
    // 55 ns a point for Hangzhou's transverse Mercator). When the pipeline is that conversion and one
    // projection, operation_ is the projection alone and transform() converts, the same bits.
    bool fromDegrees_ = false;
    std::string definition_;
};

}  // namespace geo
