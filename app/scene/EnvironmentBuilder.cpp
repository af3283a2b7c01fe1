#include "app/scene/EnvironmentBuilder.h"
#include <algorithm>
#include <osg/Depth>
#include <osg/Geometry>

namespace planview {

namespace {

// GL_DEPTH_CLAMP (core since 3.2): the ground is not cut off by the far plane computed for the data.
constexpr GLenum kDepthClamp = 0x864F;

// Keeps a drawable out of culling and near/far computation: its bound is invalid.
struct NoBound : osg::Drawable::ComputeBoundingBoxCallback {
    osg::BoundingBox computeBound(const osg::Drawable&) const override { return osg::BoundingBox(); }
};

osg::ref_ptr<osg::Geometry> quad(const osg::Vec3f& a, const osg::Vec3f& b, const osg::Vec3f& c, const osg::Vec3f& d) {
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    auto* v = new osg::Vec3Array;
    v->push_back(a);
    v->push_back(b);
    v->push_back(d);
    v->push_back(c);
    g->setVertexArray(v);
    auto* n = new osg::Vec3Array;
    n->push_back({0, 0, 1});
    g->setNormalArray(n, osg::Array::BIND_OVERALL);
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLE_STRIP, 0, 4));
    g->setComputeBoundingBoxCallback(new NoBound);
    g->setCullingActive(false);
    return g;
}

}  // namespace

osg::ref_ptr<osg::Node> buildSky(ShaderLibrary& shaders, const EnvironmentColors& colors) {
    osg::ref_ptr<osg::Geometry> sky = quad({-1, -1, 0}, {1, -1, 0}, {1, 1, 0}, {-1, 1, 0});
    sky->setName("sky");
    osg::StateSet* s = sky->getOrCreateStateSet();
    s->setAttributeAndModes(shaders.program("sky"));
    s->addUniform(new osg::Uniform("u_hazeColor", colors.haze));
    s->addUniform(new osg::Uniform("u_zenithColor", colors.zenith));
    s->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    s->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false));
    s->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
    s->setRenderBinDetails(-100, "RenderBin");
    return sky;
}

osg::ref_ptr<osg::Node> buildGround(ShaderLibrary& shaders, const EnvironmentColors& colors,
                                    const geo::Extent& dataBounds, bool grid) {
    geo::Extent b = dataBounds.empty() ? geo::Extent{-1000, -1000, 1000, 1000} : dataBounds;
    double size = std::max({b.width(), b.height(), 1000.0});
    double margin = std::max(size * 20, 50000.0);
    auto x0 = static_cast<float>(b.minX - margin), x1 = static_cast<float>(b.maxX + margin);
    auto y0 = static_cast<float>(b.minY - margin), y1 = static_cast<float>(b.maxY + margin);
    osg::ref_ptr<osg::Geometry> ground = quad({x0, y0, 0}, {x1, y0, 0}, {x1, y1, 0}, {x0, y1, 0});
    ground->setName("ground");
    osg::StateSet* s = ground->getOrCreateStateSet();
    s->setAttributeAndModes(shaders.program("ground"));
    s->addUniform(new osg::Uniform("u_groundColor", colors.ground));
    s->addUniform(new osg::Uniform("u_hazeColor", colors.haze));
    s->addUniform(new osg::Uniform("u_hazeDistance", static_cast<float>(std::clamp(size * 1.2, 4000.0, 30000.0))));
    s->addUniform(new osg::Uniform("u_gridOpacity", grid ? 1.0f : 0.0f));
    s->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    s->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false));
    s->setMode(kDepthClamp, osg::StateAttribute::ON);
    s->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
    s->setRenderBinDetails(-90, "RenderBin");
    return ground;
}

}  // namespace planview
