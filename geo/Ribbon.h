// A line drawn as a flat ribbon of a given width with mitred joints: the one shape both the line
// builder draws and picking tests, so a click hits exactly what is on screen.
#pragma once
#include <vector>
#include "geo/Vec.h"

namespace geo {

/// The ribbon's edge vertices, one pair per point of the line (consecutive points closer than 1 mm
/// dropped first): left[i] and right[i] sit on the bisector of the neighbouring segments' normals,
/// lengthened at most twice at sharp corners. Segment i is the quad right[i], right[i+1], left[i+1],
/// left[i] (wrapping round when `closed`). Empty when fewer than two distinct points remain.
struct RibbonEdges {
    std::vector<Vec2> left, right;
    bool closed = false;
    std::size_t segments() const { return left.size() < 2 ? 0 : (closed ? left.size() : left.size() - 1); }
};
RibbonEdges ribbonEdges(const std::vector<Vec2>& line, bool closed, double halfWidth);

/// A dashed line's dashes: pieces of `on` metres along the line, `off` metres apart, from its start
/// (the pattern carries on round corners). The whole line when either length is not positive.
std::vector<std::vector<Vec2>> dashPieces(const std::vector<Vec2>& line, double on, double off);

}  // namespace geo
