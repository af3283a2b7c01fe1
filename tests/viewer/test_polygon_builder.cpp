// A large polygon layer is built on two threads, its chunks shared out between them: every chunk must
// still hold its features in order, each feature once and whole (roof, walls, edges), and the roofs
// must cover exactly the polygons' area. Walls share their top vertices with the roof and are
// flat-shaded by each triangle's last vertex, whose normal must be that triangle's own. No display needed.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <osg/Geometry>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "app/scene/ShaderLibrary.h"

namespace {

/// `count` squares of side 20 m on a grid 30 m apart, each `height` metres tall.
geo::LoadedLayer squares(std::size_t count, double height) {
    geo::LoadedLayer layer;
    layer.spec.name = "parcels";
    layer.spec.kind = geo::LayerKind::Parcels;
    layer.spec.extrudeConstant = height;
    layer.data.name = "parcels";
    layer.data.kind = geo::GeometryKind::Polygon;
    const std::size_t columns = 200;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = 30.0 * static_cast<double>(i % columns), y = 30.0 * static_cast<double>(i / columns);
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(i + 1);
        f.polygons.push_back({{{{x, y}, {x + 20, y}, {x + 20, y + 20}, {x, y + 20}}}});
        for (const auto& p : f.polygons[0].rings[0]) f.bounds.add(p.x, p.y);
        layer.data.bounds.add(f.bounds);
        layer.data.features.push_back(std::move(f));
    }
    return layer;
}

/// The geometries under the group named `name` (faces or edges) of a layer's part.
std::vector<const osg::Geometry*> geometriesOf(const osg::Group* part, const std::string& name) {
    std::vector<const osg::Geometry*> out;
    for (unsigned i = 0; i < part->getNumChildren(); ++i) {
        const osg::Group* group = part->getChild(i)->asGroup();
        if (!group || group->getName() != name) continue;
        for (unsigned k = 0; k < group->getNumChildren(); ++k)
            if (const osg::Geometry* g = group->getChild(k)->asGeometry()) out.push_back(g);
    }
    return out;
}

}  // namespace

TEST(PolygonBuilder, LargeLayerOnTwoThreadsKeepsEveryFeatureWholeAndInOrder) {
    const std::size_t count = 40000;   // above the two-thread threshold, and several chunks (320,000 vertices)
    const double height = 12;
    geo::LoadedLayer layer = squares(count, height);
    planview::ShaderLibrary shaders = planview::ShaderLibrary::locate(PLANVIEW_BINARY);
    planview::BuildContext context{0, &shaders, {}};
    planview::LayerParts parts = planview::buildPolygonLayer(layer, context);
    ASSERT_TRUE(parts.solid);

    const auto faces = geometriesOf(parts.solid.get(), "faces");
    ASSERT_GT(faces.size(), 1u) << "the layer is cut into chunks";
    std::map<std::size_t, std::size_t> faceVertices;   // feature -> vertices
    double roofArea = 0;
    for (const osg::Geometry* g : faces) {
        const auto* positions = dynamic_cast<const osg::Vec3Array*>(g->getVertexArray());
        const auto* ids = dynamic_cast<const osg::FloatArray*>(g->getVertexAttribArray(planview::kFeatureIdAttribute));
        const auto* elements = dynamic_cast<const osg::DrawElementsUInt*>(g->getPrimitiveSet(0));
        ASSERT_TRUE(positions && ids && elements);
        ASSERT_EQ(ids->size(), positions->size());
        std::size_t last = 0;
        for (std::size_t v = 0; v < ids->size(); ++v) {
            const auto feature = static_cast<std::size_t>((*ids)[v] + 0.5f);
            ASSERT_GE(feature, last) << "a chunk holds its features in order";
            last = feature;
            ++faceVertices[feature];
        }
        const auto* normals = dynamic_cast<const osg::Vec3bArray*>(g->getNormalArray());
        ASSERT_TRUE(normals && normals->size() == positions->size());
        for (std::size_t t = 0; t + 2 < elements->size(); t += 3) {
            const osg::Vec3f &a = (*positions)[(*elements)[t]], &b = (*positions)[(*elements)[t + 1]],
                             &c = (*positions)[(*elements)[t + 2]];
            ASSERT_EQ((*ids)[(*elements)[t]], (*ids)[(*elements)[t + 1]]) << "a triangle within one feature";
            ASSERT_EQ((*ids)[(*elements)[t]], (*ids)[(*elements)[t + 2]]) << "a triangle within one feature";
            if (a.z() == height && b.z() == height && c.z() == height)
                roofArea += 0.5 * std::fabs(double(b.x() - a.x()) * (c.y() - a.y()) - double(b.y() - a.y()) * (c.x() - a.x()));
            // Flat shading takes the last vertex's normal: it must be the triangle's, facing out.
            osg::Vec3f facing = (b - a) ^ (c - a);
            facing.normalize();
            const osg::Vec3b& last = (*normals)[(*elements)[t + 2]];
            const osg::Vec3f shaded(last.x() / 127.0f, last.y() / 127.0f, last.z() / 127.0f);
            ASSERT_NEAR((shaded - facing).length(), 0.0f, 0.02f)
                << "triangle " << t / 3 << " of feature " << (*ids)[(*elements)[t]] << " shaded as facing "
                << shaded.x() << "," << shaded.y() << "," << shaded.z() << ", faces " << facing.x() << "," << facing.y() << "," << facing.z();
        }
    }
    ASSERT_EQ(faceVertices.size(), count) << "every feature drawn";
    for (const auto& [feature, vertices] : faceVertices)
        ASSERT_EQ(vertices, 4u + 4) << "feature " << feature << ": a roof of 4 and a foot under each corner";
    EXPECT_NEAR(roofArea, 400.0 * static_cast<double>(count), 1e-6 * 400.0 * static_cast<double>(count));

    // Edges: four segments a feature along its roof, over the faces' own vertex arrays.
    std::map<std::size_t, std::size_t> edgeSegments;
    for (const osg::Geometry* g : geometriesOf(parts.solid.get(), "edges")) {
        const auto* positions = dynamic_cast<const osg::Vec3Array*>(g->getVertexArray());
        const auto* ids = dynamic_cast<const osg::FloatArray*>(g->getVertexAttribArray(planview::kFeatureIdAttribute));
        const auto* elements = dynamic_cast<const osg::DrawElementsUInt*>(g->getPrimitiveSet(0));
        ASSERT_TRUE(positions && ids && elements);
        ASSERT_EQ(elements->getMode(), static_cast<GLenum>(GL_LINES));
        ASSERT_TRUE(std::any_of(faces.begin(), faces.end(), [&](const osg::Geometry* f) { return f->getVertexArray() == positions; }))
            << "edges draw over their faces' vertices";
        for (std::size_t s = 0; s + 1 < elements->size(); s += 2) {
            const std::size_t from = (*elements)[s], to = (*elements)[s + 1];
            ASSERT_EQ((*ids)[from], (*ids)[to]) << "a segment within one feature";
            ASSERT_EQ((*positions)[from].z(), height);
            ASSERT_EQ((*positions)[to].z(), height);
            ASSERT_NEAR(((*positions)[to] - (*positions)[from]).length(), 20.0f, 1e-3f) << "along a side";
            ++edgeSegments[static_cast<std::size_t>((*ids)[from] + 0.5f)];
        }
    }
    ASSERT_EQ(edgeSegments.size(), count);
    for (const auto& [feature, segments] : edgeSegments) ASSERT_EQ(segments, 4u) << "feature " << feature;
}
