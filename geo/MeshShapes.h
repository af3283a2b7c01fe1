// The shapes PlanView draws a layer's features with, as triangles and lines in a mesh: an extruded
// polygon (roof from geo::triangulate, walls, edges), a line's ribbon (geo::ribbonEdges) and a
// boundary's curtain. One definition for every output: the scene's OSG meshes (app/scene) and the
// glTF export (geo/GltfExport) write the same vertices and triangles. Coordinates are scene metres
// (x east, y north of the frame's origin, z up); no graphics type is involved.
//
// A mesh here is any type with:
//   std::uint32_t vertexCount() const;
//   std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature);
//   std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature, float param);
//   std::vector<std::uint32_t> indices;
// where addVertex returns the new vertex's index and `param` is a free per-vertex value (0 at a
// curtain's foot, 1 at its top).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>
#include "geo/Feature.h"
#include "geo/GroundHeights.h"
#include "geo/Ribbon.h"
#include "geo/Triangulate.h"

namespace geo {

/// Where a shape stands: the ground under each of its points (geo::GroundHeights; flat at 0 without
/// terrain) and the base an extruded roof rises from (the ground at the feature's label point, so
/// that a building on a slope keeps a level roof its height above the ground at its middle).
struct Footing {
    const GroundHeights* ground = nullptr;
    double base = 0;
    float at(const Vec2& p) const { return ground ? static_cast<float>(ground->at(p)) : 0.0f; }
    /// Adds a vertex lying on the ground at `p`: at its height, with its slope's normal.
    template <class Mesh>
    std::uint32_t addGroundVertex(Mesh& mesh, const Vec2& p, std::size_t feature) const {
        float n[3] = {0.0f, 0.0f, 1.0f};
        if (ground) ground->normalAt(p.x, p.y, n);
        return mesh.addVertex(static_cast<float>(p.x), static_cast<float>(p.y), at(p), n[0], n[1], n[2], feature);
    }
};

/// Walls along one ring, over the roof's vertices of that ring (`firstTop` + k at the top of ring
/// point k) and a foot vertex a ring point added here. Walls are meant to be flat-shaded with the
/// normal of each triangle's LAST vertex (the scene's parcels.vert: `flat`; geo/GltfExport gives each
/// triangle its last vertex's normal), so a wall's two triangles both end on the foot of the point it
/// starts from, which carries that wall's outward normal: two vertices a ring point, roof included.
/// Front faces counter-clockwise seen from outside; `reversed` walks a ring wound against the
/// convention (exterior counter-clockwise, holes clockwise) backwards.
template <class Mesh>
void appendWalls(Mesh& mesh, const Ring& ring, std::uint32_t firstTop, bool reversed, std::size_t feature,
                 const Footing& footing = {}) {
    const std::size_t n = ring.size();
    const std::uint32_t firstFoot = mesh.vertexCount();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = reversed ? (i + n - 1) % n : (i + 1) % n;
        const Vec2& a = ring[i];
        const Vec2& b = ring[j];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double length = std::sqrt(dx * dx + dy * dy);   // (std::hypot is several times slower)
        const float fx = static_cast<float>(a.x), fy = static_cast<float>(a.y), fz = footing.at(a);
        if (length < 1e-6) {
            mesh.addVertex(fx, fy, fz, 0.0f, 0.0f, 1.0f, feature);   // no wall starts here: never a last vertex
            continue;
        }
        // Right of the direction of travel is outside for a counter-clockwise exterior and for a
        // clockwise hole alike.
        mesh.addVertex(fx, fy, fz, static_cast<float>(dy / length), static_cast<float>(-dx / length), 0.0f, feature);
        const std::uint32_t footA = firstFoot + static_cast<std::uint32_t>(i), footB = firstFoot + static_cast<std::uint32_t>(j);
        const std::uint32_t topA = firstTop + static_cast<std::uint32_t>(i), topB = firstTop + static_cast<std::uint32_t>(j);
        for (const std::uint32_t index : {footB, topB, footA, topB, topA, footA}) mesh.indices.push_back(index);
    }
}

/// Splits the ground-lying triangles mesh.indices[firstIndex..] (vertex first + k at positions[k],
/// the last vertices added) at their longest edge's midpoint, each new vertex at the ground's height,
/// while the ground under a triangle strays from its plane by more than kDrapeTolerance (at its
/// edges' midpoints or its centroid) and its longest edge is longer than twice the ground's spacing:
/// a flat polygon on terrain follows the hills instead of cutting through them, and stays as it was
/// triangulated where the ground is level. At most about kMaxDrapedTriangles a polygon (coarser on a
/// vast one).
constexpr double kMaxDrapedTriangles = 100000;
constexpr double kDrapeTolerance = 0.25;   // metres
template <class Mesh>
void drapeOnGround(Mesh& mesh, std::size_t firstIndex, std::uint32_t first, std::vector<Vec2> positions, std::size_t feature,
                   const Footing& footing) {
    struct Triangle {
        std::uint32_t v[3];
    };
    auto at = [&](std::uint32_t v) -> const Vec2& { return positions[v - first]; };
    std::vector<double> heights;   // parallel to positions
    heights.reserve(positions.size());
    for (const Vec2& p : positions) heights.push_back(footing.at(p));
    auto z = [&](std::uint32_t v) { return heights[v - first]; };
    // Whether the ground under the triangle strays from its plane.
    auto bent = [&](const Triangle& t) {
        double worst = 0;
        for (int e = 0; e < 3; ++e) {
            const std::uint32_t a = t.v[e], b = t.v[(e + 1) % 3];
            worst = std::max(worst, std::abs(footing.at(Vec2{(at(a).x + at(b).x) / 2, (at(a).y + at(b).y) / 2}) - (z(a) + z(b)) / 2));
        }
        const Vec2 centroid{(at(t.v[0]).x + at(t.v[1]).x + at(t.v[2]).x) / 3, (at(t.v[0]).y + at(t.v[1]).y + at(t.v[2]).y) / 3};
        worst = std::max(worst, std::abs(footing.at(centroid) - (z(t.v[0]) + z(t.v[1]) + z(t.v[2])) / 3));
        return worst > kDrapeTolerance;
    };
    std::vector<Triangle> pending;
    double area = 0;
    for (std::size_t k = firstIndex; k + 2 < mesh.indices.size(); k += 3) {
        const Triangle t{{mesh.indices[k], mesh.indices[k + 1], mesh.indices[k + 2]}};
        const Vec2 &a = at(t.v[0]), &b = at(t.v[1]), &c = at(t.v[2]);
        area += std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
        pending.push_back(t);
    }
    const double maxEdge = std::max(2 * footing.ground->spacing(), 2 * std::sqrt(area / kMaxDrapedTriangles));
    if (!(maxEdge > 0)) return;
    mesh.indices.resize(firstIndex);
    while (!pending.empty()) {
        const Triangle t = pending.back();
        pending.pop_back();
        int longest = 0;
        double length = 0;
        for (int e = 0; e < 3; ++e) {
            const Vec2 &a = at(t.v[e]), &b = at(t.v[(e + 1) % 3]);
            const double d = std::hypot(b.x - a.x, b.y - a.y);
            if (d > length) length = d, longest = e;
        }
        if (length <= maxEdge || !bent(t)) {
            mesh.indices.insert(mesh.indices.end(), {t.v[0], t.v[1], t.v[2]});
            continue;
        }
        const std::uint32_t a = t.v[longest], b = t.v[(longest + 1) % 3], c = t.v[(longest + 2) % 3];
        const Vec2 m{(at(a).x + at(b).x) / 2, (at(a).y + at(b).y) / 2};
        const std::uint32_t middle = footing.addGroundVertex(mesh, m, feature);
        positions.push_back(m);
        heights.push_back(footing.at(m));
        pending.push_back(Triangle{{a, middle, c}});
        pending.push_back(Triangle{{middle, b, c}});
    }
}

/// One polygon as PlanView draws a parcel: its roof (geo::triangulate) `height` metres above the
/// footing's base with an upward normal and walls down to the ground when `height` > 0, else lying
/// on the ground (each vertex at the ground's height, its triangles split to follow terrain:
/// drapeOnGround); with `edges`, each ring's outline as line
/// segments (index pairs) over the roof's vertices. `flat` is scratch space reused between calls.
/// Returns false, adding nothing, when the polygon cannot be triangulated.
template <class Mesh>
bool appendPrism(Mesh& mesh, const Polygon& polygon, float height, std::size_t feature, std::vector<Vec2>& flat,
                 std::vector<std::uint32_t>* edges, const Footing& footing = {}) {
    flat.clear();
    const std::uint32_t first = mesh.vertexCount();
    const std::size_t firstIndex = mesh.indices.size();
    // The roof's triangles, indexed from the mesh's next vertex.
    if (!triangulate(polygon, flat, mesh.indices)) return false;
    for (std::size_t k = firstIndex; k < mesh.indices.size(); ++k) mesh.indices[k] += first;
    const float roof = static_cast<float>(footing.base) + height;
    for (const Vec2& v : flat) {
        if (height > 0) mesh.addVertex(static_cast<float>(v.x), static_cast<float>(v.y), roof, 0.0f, 0.0f, 1.0f, feature);
        else footing.addGroundVertex(mesh, v, feature);
    }
    if (height <= 0 && footing.ground && !footing.ground->flat()) drapeOnGround(mesh, firstIndex, first, flat, feature, footing);
    std::uint32_t ringTop = first;
    for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
        const Ring& ring = polygon.rings[r];
        const auto points = static_cast<std::uint32_t>(ring.size());
        if (points >= 3) {
            if (height > 0) {
                // Rings should be CCW outside, CW holes; trust the winding we see, not the index.
                const bool clockwise = signedArea(ring) < 0;
                const bool expectClockwise = r > 0;
                appendWalls(mesh, ring, ringTop, clockwise != expectClockwise, feature, footing);
            }
            if (edges)
                for (std::uint32_t k = 0; k < points; ++k) {
                    edges->push_back(ringTop + k);
                    edges->push_back(ringTop + (k + 1) % points);
                }
        }
        ringTop += points;
    }
    return true;
}

/// The flat ribbon along `line` on the ground (geo::ribbonEdges: the shape picking tests too), two
/// triangles a segment, normals up; each vertex at the footing's ground height (a line to drape on
/// terrain is geo::densified first).
template <class Mesh>
void appendRibbon(Mesh& mesh, const std::vector<Vec2>& line, bool closed, double halfWidth, std::size_t feature,
                  const Footing& footing = {}) {
    const RibbonEdges ribbon = ribbonEdges(line, closed, halfWidth);
    const std::uint32_t first = mesh.vertexCount();
    for (std::size_t i = 0; i < ribbon.left.size(); ++i) {
        const Vec2 &l = ribbon.left[i], &r = ribbon.right[i];
        footing.addGroundVertex(mesh, l, feature);
        footing.addGroundVertex(mesh, r, feature);
    }
    const std::size_t n = ribbon.left.size();
    for (std::size_t i = 0; i < ribbon.segments(); ++i) {
        std::uint32_t l0 = first + static_cast<std::uint32_t>(2 * i), r0 = l0 + 1;
        std::uint32_t l1 = first + static_cast<std::uint32_t>(2 * ((i + 1) % n)), r1 = l1 + 1;
        mesh.indices.insert(mesh.indices.end(), {r0, r1, l1, r0, l1, l0});
    }
}

/// A boundary's curtain along one ring: a wall `height` metres tall a segment (its own four vertices,
/// param 0 at the foot and 1 at the top, the segment's outward normal) into `walls`, and the ring at
/// the foot and at the top of the wall as line segments into `outline` (normals up). The foot follows
/// the footing's ground (a ring to drape on terrain is geo::densified first).
template <class Mesh>
void appendCurtain(Mesh& walls, Mesh& outline, const Ring& ring, float height, std::size_t feature, const Footing& footing = {}) {
    const std::size_t n = ring.size();
    if (n < 2) return;
    for (std::size_t k = 0; k < n; ++k) {
        const Vec2& a = ring[k];
        const Vec2& b = ring[(k + 1) % n];
        const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
        if (length < 1e-6) continue;
        const float nx = static_cast<float>(dy / length), ny = static_cast<float>(-dx / length);
        const float ax = static_cast<float>(a.x), ay = static_cast<float>(a.y), bx = static_cast<float>(b.x), by = static_cast<float>(b.y);
        const float az = footing.at(a), bz = footing.at(b);
        const std::uint32_t i0 = walls.addVertex(ax, ay, az, nx, ny, 0.0f, feature, 0.0f);
        const std::uint32_t i1 = walls.addVertex(bx, by, bz, nx, ny, 0.0f, feature, 0.0f);
        const std::uint32_t i2 = walls.addVertex(bx, by, bz + height, nx, ny, 0.0f, feature, 1.0f);
        const std::uint32_t i3 = walls.addVertex(ax, ay, az + height, nx, ny, 0.0f, feature, 1.0f);
        walls.indices.insert(walls.indices.end(), {i0, i1, i2, i0, i2, i3});
    }
    const std::uint32_t firstLine = outline.vertexCount();
    for (const Vec2& p : ring) {
        const float x = static_cast<float>(p.x), y = static_cast<float>(p.y), z = footing.at(p);
        outline.addVertex(x, y, z, 0.0f, 0.0f, 1.0f, feature, 0.0f);
        outline.addVertex(x, y, z + height, 0.0f, 0.0f, 1.0f, feature, 1.0f);
    }
    auto at = [&](std::size_t index, std::uint32_t top) { return firstLine + static_cast<std::uint32_t>(2 * (index % n)) + top; };
    for (std::size_t k = 0; k < n; ++k) outline.indices.insert(outline.indices.end(), {at(k, 0), at(k + 1, 0), at(k, 1), at(k + 1, 1)});
}

}  // namespace geo
