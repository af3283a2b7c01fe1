#include "app/scene/MarkLayer.h"
#include <osg/PointSprite>

namespace planview {

osg::ref_ptr<osg::Geometry> buildMarks(ShaderLibrary& shaders, const std::vector<Mark>& marks) {
    if (marks.empty()) return nullptr;
    osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> colors = new osg::Vec4Array;
    positions->reserve(marks.size());
    colors->reserve(marks.size());
    for (const Mark& m : marks) {
        positions->push_back(m.position);
        colors->push_back(osg::Vec4(m.color.r, m.color.g, m.color.b, m.color.a));
    }
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(positions);
    geometry->setColorArray(colors, osg::Array::BIND_PER_VERTEX);
    geometry->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, static_cast<GLsizei>(marks.size())));
    osg::StateSet* state = geometry->getOrCreateStateSet();
    state->setAttributeAndModes(shaders.program("marks"));
    state->setTextureAttributeAndModes(1, new osg::PointSprite, osg::StateAttribute::ON);
    state->setMode(GL_VERTEX_PROGRAM_POINT_SIZE, osg::StateAttribute::ON);
    return geometry;
}

}  // namespace planview
