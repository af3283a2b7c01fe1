// The sun over the scene (issue 19): when the map view has a sun, the scene is lit from its
// direction and the solids cast real shadows onto each other and the ground, with osgShadow's
// ViewDependentShadowMap (an orthographic shadow map fitted to what each camera sees, so stills,
// tiles and the window all get shadows at their own scale). The project's own shaders do the
// lighting: VDSM only renders the depth map from the sun (texture unit kShadowTextureUnit) and places
// its texgen planes, which the shaders read (gl_EyePlane*[1]). Without a sun the scene keeps its
// everyday lighting, and at night (the sun below the horizon) it is dim, without shadows.
#pragma once
#include <optional>
#include <osg/Group>
#include <osg/LightSource>
#include <osg/Uniform>
#include <osgShadow/ShadowedScene>
#include <osgShadow/ViewDependentShadowMap>
#include "geo/SunView.h"

namespace planview {

constexpr int kShadowTextureUnit = 1;   // unit 0 holds the layers' feature tables

class SunLighting {
public:
    /// Adds the lighting uniforms to `rootState` (the whole scene's, sky included).
    explicit SunLighting(osg::StateSet* rootState);
    /// What the sun lights and shadows: the scene puts the ground and its passes in it.
    osg::Group* shadowed() const { return shadowed_.get(); }
    /// Lights the scene from `sun` (none: the everyday light, no shadows).
    void apply(const std::optional<geo::SceneSun>& sun);
    /// The shadow map's side in pixels (default 4096).
    void setShadowMapSize(int pixels);

private:
    osg::ref_ptr<osgShadow::ShadowedScene> shadowed_;
    osg::ref_ptr<osgShadow::ViewDependentShadowMap> technique_;
    osg::ref_ptr<osg::LightSource> light_;
    osg::ref_ptr<osg::Uniform> lightDir_, sun_, daylight_, shadows_;
    bool initialised_ = false;
};

}  // namespace planview
