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
#include <cmath>
#include <cstdint>
#include <vector>
#include "geo/Feature.h"
#include "geo/Ribbon.h"
#include "geo/Triangulate.h"

namespace geo {

/// Walls along one ring, over the roof's vertices of that ring (`firstTop` + k at the top of ring
/// point k) and a foot vertex a ring point added here. Walls are meant to be flat-shaded with the
/// normal of each triangle's LAST vertex (the scene's parcels.vert: `flat`; geo/GltfExport gives each
/// triangle its last vertex's normal), so a wall's two triangles both end on the foot of the point it
/// starts from, which carries that wall's outward normal: two vertices a ring point, roof included.
/// Front faces counter-clockwise seen from outside; `reversed` walks a ring wound against the
/// convention (exterior counter-clockwise, holes clockwise) backwards.
template <class Mesh>
void appendWalls(Mesh& mesh, const Ring& ring, std::uint32_t firstTop, bool reversed, std::size_t feature) {
    const std::size_t n = ring.size();
    const std::uint32_t firstFoot = mesh.vertexCount();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = reversed ? (i + n - 1) % n : (i + 1) % n;
        const Vec2& a = ring[i];
        const Vec2& b = ring[j];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double length = std::sqrt(dx * dx + dy * dy);   // (std::hypot is several times slower)
        const float fx = static_cast<float>(a.x), fy = static_cast<float>(a.y);
        if (length < 1e-6) {
            mesh.addVertex(fx, fy, 0.0f, 0.0f, 0.0f, 1.0f, feature);   // no wall starts here: never a last vertex
            continue;
        }
        // Right of the direction of travel is outside for a counter-clockwise exterior and for a
        // clockwise hole alike.
        mesh.addVertex(fx, fy, 0.0f, static_cast<float>(dy / length), static_cast<float>(-dx / length), 0.0f, feature);
        const std::uint32_t footA = firstFoot + static_cast<std::uint32_t>(i), footB = firstFoot + static_cast<std::uint32_t>(j);
        const std::uint32_t topA = firstTop + static_cast<std::uint32_t>(i), topB = firstTop + static_cast<std::uint32_t>(j);
        for (const std::uint32_t index : {footB, topB, footA, topB, topA, footA}) mesh.indices.push_back(index);
    }
}

/// One polygon as PlanView draws a parcel: its roof (geo::triangulate) at `height` metres with an
/// upward normal, walls down to the ground when `height` > 0, and, with `edges`, each ring's outline
/// as line segments (index pairs) over the roof's vertices. `flat` is scratch space reused between
/// calls. Returns false, adding nothing, when the polygon cannot be triangulated.
template <class Mesh>
bool appendPrism(Mesh& mesh, const Polygon& polygon, float height, std::size_t feature, std::vector<Vec2>& flat,
                 std::vector<std::uint32_t>* edges) {
    flat.clear();
    const std::uint32_t first = mesh.vertexCount();
    const std::size_t firstIndex = mesh.indices.size();
    // The roof's triangles, indexed from the mesh's next vertex.
    if (!triangulate(polygon, flat, mesh.indices)) return false;
    for (std::size_t k = firstIndex; k < mesh.indices.size(); ++k) mesh.indices[k] += first;
    for (const Vec2& v : flat) mesh.addVertex(static_cast<float>(v.x), static_cast<float>(v.y), height, 0.0f, 0.0f, 1.0f, feature);
    std::uint32_t ringTop = first;
    for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
        const Ring& ring = polygon.rings[r];
        const auto points = static_cast<std::uint32_t>(ring.size());
        if (points >= 3) {
            if (height > 0) {
                // Rings should be CCW outside, CW holes; trust the winding we see, not the index.
                const bool clockwise = signedArea(ring) < 0;
                const bool expectClockwise = r > 0;
                appendWalls(mesh, ring, ringTop, clockwise != expectClockwise, feature);
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
/// triangles a segment, normals up.
template <class Mesh>
void appendRibbon(Mesh& mesh, const std::vector<Vec2>& line, bool closed, double halfWidth, std::size_t feature) {
    const RibbonEdges ribbon = ribbonEdges(line, closed, halfWidth);
    const std::uint32_t first = mesh.vertexCount();
    for (std::size_t i = 0; i < ribbon.left.size(); ++i) {
        const Vec2 &l = ribbon.left[i], &r = ribbon.right[i];
        mesh.addVertex(static_cast<float>(l.x), static_cast<float>(l.y), 0.0f, 0.0f, 0.0f, 1.0f, feature);
        mesh.addVertex(static_cast<float>(r.x), static_cast<float>(r.y), 0.0f, 0.0f, 0.0f, 1.0f, feature);
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
/// the foot and at the top of the wall as line segments into `outline` (normals up).
template <class Mesh>
void appendCurtain(Mesh& walls, Mesh& outline, const Ring& ring, float height, std::size_t feature) {
    const std::size_t n = ring.size();
    if (n < 2) return;
    for (std::size_t k = 0; k < n; ++k) {
        const Vec2& a = ring[k];
        const Vec2& b = ring[(k + 1) % n];
        const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
        if (length < 1e-6) continue;
        const float nx = static_cast<float>(dy / length), ny = static_cast<float>(-dx / length);
        const float ax = static_cast<float>(a.x), ay = static_cast<float>(a.y), bx = static_cast<float>(b.x), by = static_cast<float>(b.y);
        const std::uint32_t i0 = walls.addVertex(ax, ay, 0.0f, nx, ny, 0.0f, feature, 0.0f);
        const std::uint32_t i1 = walls.addVertex(bx, by, 0.0f, nx, ny, 0.0f, feature, 0.0f);
        const std::uint32_t i2 = walls.addVertex(bx, by, height, nx, ny, 0.0f, feature, 1.0f);
        const std::uint32_t i3 = walls.addVertex(ax, ay, height, nx, ny, 0.0f, feature, 1.0f);
        walls.indices.insert(walls.indices.end(), {i0, i1, i2, i0, i2, i3});
    }
    const std::uint32_t firstLine = outline.vertexCount();
    for (const Vec2& p : ring) {
        const float x = static_cast<float>(p.x), y = static_cast<float>(p.y);
        outline.addVertex(x, y, 0.0f, 0.0f, 0.0f, 1.0f, feature, 0.0f);
        outline.addVertex(x, y, height, 0.0f, 0.0f, 1.0f, feature, 1.0f);
    }
    auto at = [&](std::size_t index, std::uint32_t top) { return firstLine + static_cast<std::uint32_t>(2 * (index % n)) + top; };
    for (std::size_t k = 0; k < n; ++k) outline.indices.insert(outline.indices.end(), {at(k, 0), at(k + 1, 0), at(k, 1), at(k + 1, 1)});
}

}  // namespace geo
