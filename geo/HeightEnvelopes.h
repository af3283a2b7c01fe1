// Height-limit envelopes (控规盒子): the space a parcel's regulatory limits leave for building on it,
// drawn as a translucent box a building that breaks its height limit pierces. Made from a check's
// report (geo/Checks.h), so the limits are the ones the check resolved (attribute, else the most
// specific rule): the box stands on the parcel's footprint shrunk inward by its setback limit
// (`min_setback_m`; GEOS's buffer through OGR, a negative distance) and reaches its height limit
// (`max_height_m`) above the parcel's base, the ground height its own extrusion rises from.
#pragma once
#include <cstddef>
#include <vector>
#include "geo/Checks.h"
#include "geo/Feature.h"

namespace geo {

struct HeightEnvelope {
    std::size_t feature = 0;          ///< index into the parcels layer's features
    std::vector<Polygon> footprint;   ///< scene metres: exteriors counter-clockwise, holes clockwise
    double height = 0;                ///< metres above the parcel's base: its height limit
    double setback = 0;               ///< metres the footprint was shrunk by (0 without a setback limit)
    bool exceeded = false;            ///< the parcel's height check found it taller than the limit
    bool operator==(const HeightEnvelope& o) const;
    bool operator!=(const HeightEnvelope& o) const { return !(*this == o); }
};

/// The inward segments of GEOS's buffer a quarter circle (the rounded inner corners of a shrunk
/// footprint; a convex corner stays sharp).
constexpr int kEnvelopeQuadrantSegments = 8;

/// One envelope a parcel of `parcels` that `report` (a check of that layer) gives a height limit, in
/// layer order. A parcel without a height limit gets none, nor one whose footprint vanishes inside
/// its setback (a 10 m wide parcel with a 5 m setback).
std::vector<HeightEnvelope> heightEnvelopes(const CheckReport& report, const FeatureLayer& parcels);

}  // namespace geo
