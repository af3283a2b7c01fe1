#include "app/scene/EnvelopeBuilder.h"
#include <cmath>
#include <osg/LineWidth>
#include <osg/PolygonOffset>
#include "app/scene/Mesh.h"
#include "geo/MeshShapes.h"

namespace planview {

namespace {

/// A Mesh as geo/MeshShapes.h's shapes fill one, every vertex given the same parameter (a_exceeded).
struct FlaggedMesh {
    FlaggedMesh(Mesh& mesh, float flag) : mesh(mesh), flag(flag), indices(mesh.indices) {}
    std::uint32_t vertexCount() const { return mesh.vertexCount(); }
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature) {
        return mesh.addVertex(x, y, z, nx, ny, nz, feature, flag);
    }
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature, float) {
        return addVertex(x, y, z, nx, ny, nz, feature);
    }
    Mesh& mesh;
    float flag;
    std::vector<std::uint32_t>& indices;
};

/// Where a ring turns by more than this (radians), its box has a vertical edge: the corners of a
/// parcel, not the many small turns along a setback's rounded corners.
const double kCornerTurn = 20.0 * M_PI / 180.0;

/// The lid's outline along `ring` and the vertical edges at its corners, as line segments.
void appendEdges(FlaggedMesh& lines, const geo::Ring& ring, float top, std::size_t feature, const geo::Footing& footing) {
    const std::size_t n = ring.size();
    const std::uint32_t first = lines.vertexCount();
    for (const geo::Vec2& p : ring) lines.addVertex(static_cast<float>(p.x), static_cast<float>(p.y), top, 0, 0, 1, feature);
    for (std::size_t k = 0; k < n; ++k) {
        lines.indices.push_back(first + static_cast<std::uint32_t>(k));
        lines.indices.push_back(first + static_cast<std::uint32_t>((k + 1) % n));
    }
    for (std::size_t k = 0; k < n; ++k) {
        const geo::Vec2 &a = ring[(k + n - 1) % n], &b = ring[k], &c = ring[(k + 1) % n];
        const double in = std::atan2(b.y - a.y, b.x - a.x), out = std::atan2(c.y - b.y, c.x - b.x);
        const double turn = std::abs(std::remainder(out - in, 2 * M_PI));
        if (turn < kCornerTurn) continue;
        lines.indices.push_back(first + static_cast<std::uint32_t>(k));
        lines.indices.push_back(lines.addVertex(static_cast<float>(b.x), static_cast<float>(b.y), footing.at(b), 0, 0, 1, feature));
    }
}

}  // namespace

osg::ref_ptr<osg::Group> buildEnvelopes(ShaderLibrary& shaders, const std::vector<geo::HeightEnvelope>& boxes,
                                        const geo::GroundHeights* ground, const std::vector<double>* bases) {
    geo::Extent bounds;
    std::size_t points = 0;
    for (const geo::HeightEnvelope& box : boxes)
        for (const geo::Polygon& polygon : box.footprint)
            for (const geo::Ring& ring : polygon.rings) {
                points += ring.size();
                for (const geo::Vec2& p : ring) bounds.add(p.x, p.y);
            }
    // The edges of the boxes their buildings break apart: drawn wider, in red.
    ChunkGrid faces(bounds, points * 3), edges(bounds, points * 2), brokenEdges(bounds, 0);
    std::vector<geo::Vec2> scratch;
    for (const geo::HeightEnvelope& box : boxes) {
        const bool based = bases && box.feature < bases->size();
        const geo::Footing footing{ground, based ? (*bases)[box.feature] : 0.0};
        const float flag = box.exceeded ? 1.0f : 0.0f;
        const geo::Vec2 middle = box.footprint.front().rings.front().front();
        FlaggedMesh face(faces.at(middle), flag), line((box.exceeded ? brokenEdges : edges).at(middle), flag);
        const float top = static_cast<float>(footing.base + box.height);
        for (const geo::Polygon& polygon : box.footprint) {
            geo::appendPrism(face, polygon, static_cast<float>(box.height), box.feature, scratch, nullptr, footing);
            for (const geo::Ring& ring : polygon.rings)
                if (ring.size() >= 3) appendEdges(line, ring, top, box.feature, footing);
        }
    }

    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setName("height envelopes");
    osg::ref_ptr<osg::Group> fill = new osg::Group, outline = new osg::Group, brokenOutline = new osg::Group;
    for (Mesh& mesh : faces.meshes())
        if (!mesh.empty()) fill->addChild(makeGeometry(mesh, GL_TRIANGLES, true, new GeometryTag(-1, Pass::Translucent, false)));
    for (auto [grid, group] : {std::pair{&edges, outline.get()}, std::pair{&brokenEdges, brokenOutline.get()}})
        for (Mesh& mesh : grid->meshes())
            if (!mesh.empty()) group->addChild(makeGeometry(mesh, GL_LINES, true, new GeometryTag(-1, Pass::Translucent, false)));
    osg::StateSet* state = group->getOrCreateStateSet();
    state->setAttributeAndModes(shaders.program("envelopes"));
    auto rgb = [](const geo::Color& c) { return osg::Vec3(c.r, c.g, c.b); };
    state->addUniform(new osg::Uniform("u_fill", rgb(kEnvelopeFill)));
    state->addUniform(new osg::Uniform("u_edge", rgb(kEnvelopeEdge)));
    state->addUniform(new osg::Uniform("u_edgeExceeded", rgb(kEnvelopeExceeded)));
    // Both sides of every face: the far walls show through the near ones, so the box reads as a volume.
    state->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    osg::StateSet* fillState = fill->getOrCreateStateSet();
    fillState->addUniform(new osg::Uniform("u_outline", 0.0f));
    fillState->setAttributeAndModes(new osg::PolygonOffset(-1.0f, -4.0f));
    for (osg::Group* lines : {outline.get(), brokenOutline.get()}) {
        osg::StateSet* lineState = lines->getOrCreateStateSet();
        lineState->addUniform(new osg::Uniform("u_outline", 1.0f));
        lineState->setAttributeAndModes(new osg::LineWidth(lines == outline.get() ? 1.0f : 2.5f));
    }
    group->addChild(fill);
    group->addChild(outline);
    group->addChild(brokenOutline);
    return group;
}

}  // namespace planview
