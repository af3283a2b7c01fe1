// The project's regulatory checks (its [check] settings and [[rule]] tables, geo/CheckRules.h) run on
// its loaded layers: what the viewer's checks panel lists and tints, and the height-limit envelopes
// (geo/HeightEnvelopes.h) the viewer, `render --envelopes`, bookmarks and tours draw.
#pragma once
#include <cstddef>
#include "geo/Checks.h"
#include "geo/MapView.h"
#include "geo/ProjectData.h"

namespace geo {

struct ProjectChecks {
    std::size_t layer = 0;   ///< the checked parcels: an index into ProjectData::layers
    CheckReport report;
};

/// Checks the [check] layer (named by its project name or its source's layer name; else the first
/// parcels layer read whole) with the buildings, green and zones layers [check] names. Throws
/// InputError when there is no such layer, one is unavailable or streamed, or a rule cannot be
/// applied (as runChecks).
ProjectChecks runProjectChecks(const ProjectData& data);

/// The map view's envelopes of a check's parcels (heightEnvelopes).
EnvelopeView envelopeViewOf(const ProjectData& data, const ProjectChecks& checks);
/// The same for the project's checks, run here. Throws InputError as runProjectChecks.
EnvelopeView projectEnvelopeView(const ProjectData& data);

}  // namespace geo
