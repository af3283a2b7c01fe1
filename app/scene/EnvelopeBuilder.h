// The height-limit envelopes (控规盒子, geo::EnvelopeView) as scene nodes: each box's walls and lid,
// translucent, and its edges (the lid's outline and the walls' corners) as thin lines, wider and red
// on the boxes their buildings break.
#pragma once
#include <vector>
#include <osg/Group>
#include "app/scene/ShaderLibrary.h"
#include "geo/GroundHeights.h"
#include "geo/HeightEnvelopes.h"
#include "geo/Style.h"

namespace planview {

/// The envelopes' colours: the boxes' faces, their edges, and the edges of a box its building breaks.
/// shaders/envelopes.frag draws in them and the presentation legend names them.
inline const geo::Color kEnvelopeFill{0.62f, 0.80f, 1.00f}, kEnvelopeEdge{0.20f, 0.42f, 0.78f},
    kEnvelopeExceeded{0.86f, 0.14f, 0.12f};

/// The boxes, each standing where its parcel stands: walls from the ground (`ground`; null: flat at
/// 0) up to its lid, `height` above the parcel's base (`bases`, parallel to the parcels; null or
/// empty: 0), the base the parcel's own extrusion rises from. Meant for the scene's translucent pass
/// (blended, depth-tested, not depth-writing): the faces are pulled towards the eye by a polygon
/// offset, so a roof or a wall exactly at the limit is covered by the box rather than flickering
/// through it, and a taller building stands out of the lid. Casts no shadow, is not picked.
osg::ref_ptr<osg::Group> buildEnvelopes(ShaderLibrary& shaders, const std::vector<geo::HeightEnvelope>& boxes,
                                        const geo::GroundHeights* ground, const std::vector<double>* bases);

}  // namespace planview
