// Ear clipping with hole elimination, after the approach of Mapbox's earcut: holes are joined to the
// outer ring by bridges, ears are cut from a doubly linked ring, and a z-order curve index speeds up
// the "is any vertex inside this ear" test on large rings. Polygons here come repaired (GEOS MakeValid),
// so the simple case is the common one; the later passes handle what repair leaves (collinear runs),
// and where ear clipping still misses the polygon's area (rings touching at a point, near-degenerate
// spikes) GEOS's constrained Delaunay triangulation takes over.
#include "geo/Triangulate.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <deque>
#include <geos_c.h>
#include <map>

namespace geo {

namespace {

struct Node {
    std::uint32_t index;    // into the output vertex array
    double x, y;
    Node* prev = nullptr;
    Node* next = nullptr;
    std::int32_t z = 0;     // z-order of the vertex
    Node* prevZ = nullptr;
    Node* nextZ = nullptr;
    bool steiner = false;
};

class EarClipper {
public:
    EarClipper(std::vector<std::uint32_t>& indices) : indices_(indices) {}

    bool run(const Polygon& polygon, std::uint32_t firstIndex) {
        std::uint32_t next = firstIndex;
        Node* outer = linkRing(polygon.rings[0], next, true);
        if (!outer || outer->next == outer->prev) return false;
        if (polygon.rings.size() > 1) outer = eliminateHoles(polygon, outer, next);

        // For larger rings, index vertices on a z-order curve over the bounding box.
        std::size_t total = 0;
        for (const auto& r : polygon.rings) total += r.size();
        if (total > 80) {
            minX_ = minY_ = std::numeric_limits<double>::infinity();
            double maxX = -minX_, maxY = -minY_;
            for (const auto& p : polygon.rings[0]) {
                minX_ = std::min(minX_, p.x); minY_ = std::min(minY_, p.y);
                maxX = std::max(maxX, p.x); maxY = std::max(maxY, p.y);
            }
            invSize_ = std::max(maxX - minX_, maxY - minY_);
            invSize_ = invSize_ != 0 ? 32767.0 / invSize_ : 0;
            hashed_ = true;
        }
        earcutLinked(outer, 0);
        return true;
    }

private:
    std::vector<std::uint32_t>& indices_;
    std::deque<Node> nodes_;   // a deque keeps node addresses stable as it grows
    double minX_ = 0, minY_ = 0, invSize_ = 0;
    bool hashed_ = false;

    Node* newNode(std::uint32_t i, double x, double y) {
        Node& n = nodes_.emplace_back();
        n.index = i; n.x = x; n.y = y;
        return &n;
    }

    static double cross(const Node* p, const Node* q, const Node* r) {
        return (q->y - p->y) * (r->x - q->x) - (q->x - p->x) * (r->y - q->y);
    }
    static bool equals(const Node* a, const Node* b) { return a->x == b->x && a->y == b->y; }

    // Builds a circular list of a ring: the outer ring counter-clockwise (y up), holes clockwise.
    // (`clockwise` names earcut's y-down convention, kept so the tests below read as there.)
    Node* linkRing(const Ring& ring, std::uint32_t& next, bool clockwise) {
        Node* last = nullptr;
        std::uint32_t start = next;
        next += static_cast<std::uint32_t>(ring.size());
        auto insert = [&](std::size_t i) {
            Node* n = newNode(start + static_cast<std::uint32_t>(i), ring[i].x, ring[i].y);
            if (!last) { n->prev = n->next = n; }
            else { n->next = last->next; n->prev = last; last->next->prev = n; last->next = n; }
            last = n;
        };
        if (clockwise == (signedArea(ring) > 0)) {
            for (std::size_t i = 0; i < ring.size(); ++i) insert(i);
        } else {
            for (std::size_t i = ring.size(); i-- > 0;) insert(i);
        }
        if (last && equals(last, last->next)) { removeNode(last); last = last->next; }
        return filterPoints(last, nullptr);
    }

    static void removeNode(Node* p) {
        p->next->prev = p->prev;
        p->prev->next = p->next;
        if (p->prevZ) p->prevZ->nextZ = p->nextZ;
        if (p->nextZ) p->nextZ->prevZ = p->prevZ;
    }

    // Removes duplicate and collinear points.
    Node* filterPoints(Node* start, Node* end) {
        if (!start) return start;
        if (!end) end = start;
        Node* p = start;
        bool again;
        do {
            again = false;
            if (!p->steiner && (equals(p, p->next) || cross(p->prev, p, p->next) == 0)) {
                removeNode(p);
                p = end = p->prev;
                if (p == p->next) return nullptr;
                again = true;
            } else {
                p = p->next;
            }
        } while (again || p != end);
        return end;
    }

    void emit(const Node* a, const Node* b, const Node* c) {
        // The outer list runs counter-clockwise, so prev, ear, next is a counter-clockwise triangle.
        indices_.push_back(a->index);
        indices_.push_back(b->index);
        indices_.push_back(c->index);
    }

    void earcutLinked(Node* ear, int pass) {
        if (!ear) return;
        if (pass == 0 && hashed_) indexCurve(ear);
        Node* stop = ear;
        while (ear->prev != ear->next) {
            Node* prev = ear->prev;
            Node* next = ear->next;
            if (hashed_ ? isEarHashed(ear) : isEar(ear)) {
                emit(prev, ear, next);
                removeNode(ear);
                ear = next->next;
                stop = next->next;
                continue;
            }
            ear = next;
            if (ear == stop) {
                // No ear found in a whole loop: clean up, cure small self-intersections, then split.
                if (pass == 0) {
                    earcutLinked(filterPoints(ear, nullptr), 1);
                } else if (pass == 1) {
                    ear = cureLocalIntersections(filterPoints(ear, nullptr));
                    earcutLinked(ear, 2);
                } else if (pass == 2) {
                    splitEarcut(ear);
                }
                break;
            }
        }
    }

    bool isEar(Node* ear) const {
        const Node *a = ear->prev, *b = ear, *c = ear->next;
        if (cross(a, b, c) >= 0) return false;  // reflex
        for (Node* p = c->next; p != a; p = p->next) {
            if (pointInTriangle(a->x, a->y, b->x, b->y, c->x, c->y, p->x, p->y) && cross(p->prev, p, p->next) >= 0)
                return false;
        }
        return true;
    }

    bool isEarHashed(Node* ear) {
        const Node *a = ear->prev, *b = ear, *c = ear->next;
        if (cross(a, b, c) >= 0) return false;
        double minTX = std::min({a->x, b->x, c->x}), minTY = std::min({a->y, b->y, c->y});
        double maxTX = std::max({a->x, b->x, c->x}), maxTY = std::max({a->y, b->y, c->y});
        std::int32_t minZ = zOrder(minTX, minTY), maxZ = zOrder(maxTX, maxTY);
        auto blocks = [&](const Node* p) {
            return p != a && p != c &&
                   pointInTriangle(a->x, a->y, b->x, b->y, c->x, c->y, p->x, p->y) && cross(p->prev, p, p->next) >= 0;
        };
        Node* p = ear->prevZ;
        Node* n = ear->nextZ;
        while (p && p->z >= minZ && n && n->z <= maxZ) {
            if (blocks(p) || blocks(n)) return false;
            p = p->prevZ; n = n->nextZ;
        }
        for (; p && p->z >= minZ; p = p->prevZ) if (blocks(p)) return false;
        for (; n && n->z <= maxZ; n = n->nextZ) if (blocks(n)) return false;
        return true;
    }

    Node* cureLocalIntersections(Node* start) {
        if (!start) return start;
        Node* p = start;
        do {
            Node* a = p->prev;
            Node* b = p->next->next;
            if (!equals(a, b) && intersects(a, p, p->next, b) && locallyInside(a, b) && locallyInside(b, a)) {
                emit(a, p, b);
                removeNode(p);
                removeNode(p->next);
                p = start = b;
            }
            p = p->next;
        } while (p != start);
        return filterPoints(p, nullptr);
    }

    void splitEarcut(Node* start) {
        Node* a = start;
        do {
            Node* b = a->next->next;
            while (b != a->prev) {
                if (a->index != b->index && isValidDiagonal(a, b)) {
                    Node* c = splitPolygon(a, b);
                    a = filterPoints(a, a->next);
                    c = filterPoints(c, c->next);
                    earcutLinked(a, 0);
                    earcutLinked(c, 0);
                    return;
                }
                b = b->next;
            }
            a = a->next;
        } while (a != start);
    }

    Node* eliminateHoles(const Polygon& polygon, Node* outer, std::uint32_t& next) {
        std::vector<Node*> queue;
        for (std::size_t i = 1; i < polygon.rings.size(); ++i) {
            Node* list = linkRing(polygon.rings[i], next, false);
            if (!list) continue;
            if (list == list->next) list->steiner = true;
            queue.push_back(leftmost(list));
        }
        // By x; holes whose leftmost points meet at a vertex, counter-clockwise (by the slope of their
        // first edge), so that each bridges at the point where they meet (as earcut 3 does).
        std::sort(queue.begin(), queue.end(), [](const Node* a, const Node* b) {
            if (a->x != b->x) return a->x < b->x;
            if (a->y != b->y) return a->y < b->y;
            return (a->next->y - a->y) / (a->next->x - a->x) < (b->next->y - b->y) / (b->next->x - b->x);
        });
        for (Node* hole : queue) outer = eliminateHole(hole, outer);
        return outer;
    }

    Node* eliminateHole(Node* hole, Node* outer) {
        Node* bridge = findHoleBridge(hole, outer);
        if (!bridge) return outer;
        Node* bridgeReverse = splitPolygon(bridge, hole);
        filterPoints(bridgeReverse, bridgeReverse->next);
        return filterPoints(bridge, bridge->next);
    }

    // David Eberly's algorithm: find a vertex of the outer ring visible from the hole's leftmost point.
    Node* findHoleBridge(Node* hole, Node* outer) {
        Node* p = outer;
        double hx = hole->x, hy = hole->y;
        double qx = -std::numeric_limits<double>::infinity();
        Node* m = nullptr;
        // A hole touching the outer ring at its leftmost point is bridged there.
        if (equals(hole, p)) return p;
        do {
            if (equals(hole, p->next)) return p->next;
            if (hy <= p->y && hy >= p->next->y && p->next->y != p->y) {
                double x = p->x + (hy - p->y) * (p->next->x - p->x) / (p->next->y - p->y);
                if (x <= hx && x > qx) {
                    qx = x;
                    m = p->x < p->next->x ? p : p->next;
                    if (x == hx) return m;
                }
            }
            p = p->next;
        } while (p != outer);
        if (!m) return nullptr;

        Node* stop = m;
        double mx = m->x, my = m->y, tanMin = std::numeric_limits<double>::infinity();
        p = m;
        do {
            if (hx >= p->x && p->x >= mx && hx != p->x &&
                pointInTriangle(hy < my ? hx : qx, hy, mx, my, hy < my ? qx : hx, hy, p->x, p->y)) {
                double tanCur = std::fabs(hy - p->y) / (hx - p->x);
                if (locallyInside(p, hole) &&
                    (tanCur < tanMin || (tanCur == tanMin && (p->x > m->x || (p->x == m->x && sectorContainsSector(m, p)))))) {
                    m = p;
                    tanMin = tanCur;
                }
            }
            p = p->next;
        } while (p != stop);
        return m;
    }

    static bool sectorContainsSector(const Node* m, const Node* p) {
        return cross(m->prev, m, p->prev) < 0 && cross(p->next, m, m->next) < 0;
    }

    static Node* leftmost(Node* start) {
        Node* p = start;
        Node* left = start;
        do {
            if (p->x < left->x || (p->x == left->x && p->y < left->y)) left = p;
            p = p->next;
        } while (p != start);
        return left;
    }

    static bool pointInTriangle(double ax, double ay, double bx, double by, double cx, double cy, double px, double py) {
        return (cx - px) * (ay - py) >= (ax - px) * (cy - py) &&
               (ax - px) * (by - py) >= (bx - px) * (ay - py) &&
               (bx - px) * (cy - py) >= (cx - px) * (by - py);
    }

    bool isValidDiagonal(Node* a, Node* b) {
        return a->next->index != b->index && a->prev->index != b->index && !intersectsPolygon(a, b) &&
               ((locallyInside(a, b) && locallyInside(b, a) && middleInside(a, b) &&
                 (cross(a->prev, a, b->prev) != 0 || cross(a, b->prev, b) != 0)) ||
                (equals(a, b) && cross(a->prev, a, a->next) > 0 && cross(b->prev, b, b->next) > 0));
    }

    static int sign(double v) { return (v > 0) - (v < 0); }
    static bool onSegment(const Node* p, const Node* q, const Node* r) {
        return q->x <= std::max(p->x, r->x) && q->x >= std::min(p->x, r->x) &&
               q->y <= std::max(p->y, r->y) && q->y >= std::min(p->y, r->y);
    }
    static bool intersects(const Node* p1, const Node* q1, const Node* p2, const Node* q2) {
        int o1 = sign(cross(p1, q1, p2)), o2 = sign(cross(p1, q1, q2));
        int o3 = sign(cross(p2, q2, p1)), o4 = sign(cross(p2, q2, q1));
        if (o1 != o2 && o3 != o4) return true;
        if (o1 == 0 && onSegment(p1, p2, q1)) return true;
        if (o2 == 0 && onSegment(p1, q2, q1)) return true;
        if (o3 == 0 && onSegment(p2, p1, q2)) return true;
        if (o4 == 0 && onSegment(p2, q1, q2)) return true;
        return false;
    }
    static bool intersectsPolygon(const Node* a, const Node* b) {
        const Node* p = a;
        do {
            if (p->index != a->index && p->next->index != a->index && p->index != b->index &&
                p->next->index != b->index && intersects(p, p->next, a, b))
                return true;
            p = p->next;
        } while (p != a);
        return false;
    }
    static bool locallyInside(const Node* a, const Node* b) {
        return cross(a->prev, a, a->next) < 0 ? cross(a, b, a->next) >= 0 && cross(a, a->prev, b) >= 0
                                              : cross(a, b, a->prev) < 0 || cross(a, a->next, b) < 0;
    }
    static bool middleInside(const Node* a, const Node* b) {
        const Node* p = a;
        bool inside = false;
        double px = (a->x + b->x) / 2, py = (a->y + b->y) / 2;
        do {
            if (((p->y > py) != (p->next->y > py)) && p->next->y != p->y &&
                (px < (p->next->x - p->x) * (py - p->y) / (p->next->y - p->y) + p->x))
                inside = !inside;
            p = p->next;
        } while (p != a);
        return inside;
    }

    // Joins two rings (or cuts one in two) along the diagonal a-b, duplicating both ends.
    Node* splitPolygon(Node* a, Node* b) {
        Node* a2 = newNode(a->index, a->x, a->y);
        Node* b2 = newNode(b->index, b->x, b->y);
        Node* an = a->next;
        Node* bp = b->prev;
        a->next = b; b->prev = a;
        a2->next = an; an->prev = a2;
        b2->next = a2; a2->prev = b2;
        bp->next = b2; b2->prev = bp;
        return b2;
    }

    std::int32_t zOrder(double x, double y) const {
        auto spread = [](std::uint32_t v) {
            v = (v | (v << 8)) & 0x00FF00FF;
            v = (v | (v << 4)) & 0x0F0F0F0F;
            v = (v | (v << 2)) & 0x33333333;
            v = (v | (v << 1)) & 0x55555555;
            return v;
        };
        auto ix = static_cast<std::uint32_t>((x - minX_) * invSize_);
        auto iy = static_cast<std::uint32_t>((y - minY_) * invSize_);
        return static_cast<std::int32_t>(spread(ix) | (spread(iy) << 1));
    }

    void indexCurve(Node* start) {
        Node* p = start;
        do {
            if (p->z == 0) p->z = zOrder(p->x, p->y);
            p->prevZ = p->prev;
            p->nextZ = p->next;
            p = p->next;
        } while (p != start);
        p->prevZ->nextZ = nullptr;
        p->prevZ = nullptr;
        sortLinked(p);
    }

    // Simon Tatham's linked-list merge sort, by z.
    static void sortLinked(Node* list) {
        int inSize = 1;
        int merges;
        do {
            Node* p = list;
            list = nullptr;
            Node* tail = nullptr;
            merges = 0;
            while (p) {
                ++merges;
                Node* q = p;
                int pSize = 0;
                for (int i = 0; i < inSize && q; ++i) { ++pSize; q = q->nextZ; }
                int qSize = inSize;
                while (pSize > 0 || (qSize > 0 && q)) {
                    Node* e;
                    if (pSize == 0) { e = q; q = q->nextZ; --qSize; }
                    else if (qSize == 0 || !q || p->z <= q->z) { e = p; p = p->nextZ; --pSize; }
                    else { e = q; q = q->nextZ; --qSize; }
                    if (tail) tail->nextZ = e; else list = e;
                    e->prevZ = tail;
                    tail = e;
                }
                p = q;
            }
            tail->nextZ = nullptr;
            inSize *= 2;
        } while (merges > 1);
    }
};

// The signed area of the triangles indices[first..] over the polygon's vertices (numbered ring by
// ring from firstVertex): equal to the polygon's area when the triangulation covers it exactly.
double trianglesArea(const Polygon& polygon, const std::vector<std::uint32_t>& indices, std::size_t first, std::uint32_t firstVertex) {
    auto point = [&](std::uint32_t index) -> const Vec2& {
        std::size_t i = index - firstVertex;
        for (const Ring& ring : polygon.rings) {
            if (i < ring.size()) return ring[i];
            i -= ring.size();
        }
        return polygon.rings.back().back();   // not reached: indices come from these rings
    };
    double total = 0;
    for (std::size_t k = first; k + 2 < indices.size(); k += 3) {
        const Vec2 &a = point(indices[k]), &b = point(indices[k + 1]), &c = point(indices[k + 2]);
        total += ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
    }
    return total;
}


// GEOS's constrained Delaunay triangulation of the polygon (robust predicates), as indices into
// the polygon's own vertices numbered from firstVertex; false when GEOS fails or adds a vertex.
bool triangulateWithGeos(const Polygon& polygon, std::uint32_t firstVertex, std::vector<std::uint32_t>& indices) {
    GEOSContextHandle_t geos = GEOS_init_r();
    std::map<std::pair<double, double>, std::uint32_t> indexAt;
    std::vector<GEOSGeometry*> rings;
    std::uint32_t next = firstVertex;
    for (const Ring& ring : polygon.rings) {
        GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(geos, static_cast<unsigned>(ring.size() + 1), 2);
        for (std::size_t i = 0; i <= ring.size(); ++i) {
            const Vec2& p = ring[i % ring.size()];
            GEOSCoordSeq_setXY_r(geos, sequence, static_cast<unsigned>(i), p.x, p.y);
            if (i < ring.size()) indexAt.emplace(std::make_pair(p.x, p.y), next + static_cast<std::uint32_t>(i));
        }
        next += static_cast<std::uint32_t>(ring.size());
        rings.push_back(GEOSGeom_createLinearRing_r(geos, sequence));
    }
    GEOSGeometry* shape = GEOSGeom_createPolygon_r(geos, rings[0], rings.data() + 1, static_cast<unsigned>(rings.size() - 1));
    GEOSGeometry* triangles = shape ? GEOSConstrainedDelaunayTriangulation_r(geos, shape) : nullptr;
    bool ok = triangles != nullptr;
    const std::size_t first = indices.size();
    for (int t = 0; ok && t < GEOSGetNumGeometries_r(geos, triangles); ++t) {
        const GEOSGeometry* shell = GEOSGetExteriorRing_r(geos, GEOSGetGeometryN_r(geos, triangles, t));
        const GEOSCoordSequence* corners = shell ? GEOSGeom_getCoordSeq_r(geos, shell) : nullptr;
        std::uint32_t corner[3];
        Vec2 at[3];
        for (unsigned k = 0; ok && k < 3; ++k) {
            ok = corners && GEOSCoordSeq_getXY_r(geos, corners, k, &at[k].x, &at[k].y);
            auto found = ok ? indexAt.find({at[k].x, at[k].y}) : indexAt.end();
            ok = ok && found != indexAt.end();
            if (ok) corner[k] = found->second;
        }
        if (!ok) break;
        // Counter-clockwise, like the ear clipper's.
        const bool clockwise = (at[1].x - at[0].x) * (at[2].y - at[0].y) - (at[2].x - at[0].x) * (at[1].y - at[0].y) < 0;
        indices.insert(indices.end(), {corner[0], clockwise ? corner[2] : corner[1], clockwise ? corner[1] : corner[2]});
    }
    if (!ok) indices.resize(first);
    if (triangles) GEOSGeom_destroy_r(geos, triangles);
    if (shape) GEOSGeom_destroy_r(geos, shape);
    GEOS_finish_r(geos);
    return ok;
}

}  // namespace

bool triangulate(const Polygon& polygon, std::vector<Vec2>& vertices, std::vector<std::uint32_t>& indices) {
    if (polygon.rings.empty() || polygon.rings[0].size() < 3) return false;
    const auto firstVertex = static_cast<std::uint32_t>(vertices.size());
    const std::size_t firstIndex = indices.size();
    bool ok = EarClipper(indices).run(polygon, firstVertex);
    // Ear clipping can miss on valid but awkward input (rings touching at a point, a spike centimetres
    // wide along a kilometre): the triangles' area tells, and then GEOS's triangulation, slower but
    // with robust predicates, is used.
    const double expected = area(polygon);
    if (ok && std::fabs(trianglesArea(polygon, indices, firstIndex, firstVertex) - expected) > 1e-9 * std::max(1.0, expected)) {
        std::vector<std::uint32_t> robust;
        if (triangulateWithGeos(polygon, firstVertex, robust)) {
            indices.resize(firstIndex);
            indices.insert(indices.end(), robust.begin(), robust.end());
        }
    }
    if (!ok || indices.size() == firstIndex) {
        indices.resize(firstIndex);
        return false;
    }
    for (const auto& ring : polygon.rings) vertices.insert(vertices.end(), ring.begin(), ring.end());
    return true;
}

}  // namespace geo
