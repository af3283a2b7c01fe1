#include "app/scene/SunLighting.h"
#include <algorithm>
#include <cmath>
#include <osg/Texture2D>
#include <osgShadow/ShadowSettings>
#include "app/scene/LayerBuilders.h"

namespace planview {

namespace {

// The everyday light (no sun in the view): from the south-east, high. Towards the light.
const osg::Vec3f kEverydayLight(-0.45f, -0.75f, 0.6f);

// A 1×1 depth texture at the far plane: what the shaders sample when no shadow map is bound (the
// shadow map binds over it), so an unbound unit never reads as shadow.
osg::ref_ptr<osg::Texture2D> litFallback() {
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->allocateImage(1, 1, 1, GL_DEPTH_COMPONENT, GL_FLOAT);
    *reinterpret_cast<float*>(image->data()) = 1.0f;
    osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(image);
    texture->setInternalFormat(GL_DEPTH_COMPONENT);
    texture->setShadowComparison(true);
    texture->setShadowTextureMode(osg::Texture2D::LUMINANCE);
    texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::NEAREST);
    texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::NEAREST);
    return texture;
}

// A ShadowedScene asks for update traversals (where its technique initialises), which would keep
// the viewer, drawing on demand, drawing every frame; its technique is initialised in apply instead.
struct SunlitScene : osgShadow::ShadowedScene {
    SunlitScene() { setNumChildrenRequiringUpdateTraversal(0); }
};

}  // namespace

SunLighting::SunLighting(osg::StateSet* rootState) {
    shadowed_ = new SunlitScene;
    shadowed_->setName("sunlit");
    osgShadow::ShadowSettings* settings = shadowed_->getShadowSettings();
    settings->setShaderHint(osgShadow::ShadowSettings::NO_SHADERS);   // the project's shaders read the map
    settings->setBaseShadowTextureUnit(kShadowTextureUnit);
    settings->setLightNum(0);
    settings->setCastsShadowTraversalMask(kCastsShadowMask);
    // Sunlight is parallel: an orthographic map (a perspective one swims as the camera turns).
    settings->setShadowMapProjectionHint(osgShadow::ShadowSettings::ORTHOGRAPHIC_SHADOW_MAP);
    settings->setTextureSize(osg::Vec2s(4096, 4096));
    technique_ = new osgShadow::ViewDependentShadowMap;

    osg::ref_ptr<osg::Light> light = new osg::Light(0);
    light_ = new osg::LightSource;
    light_->setLight(light);
    light_->setName("sun");
    shadowed_->addChild(light_);

    lightDir_ = new osg::Uniform("u_lightDir", kEverydayLight);
    sun_ = new osg::Uniform("u_sun", osg::Vec4f(0, 0, 1, 0));
    daylight_ = new osg::Uniform("u_daylight", 1.0f);
    shadows_ = new osg::Uniform("u_sunShadow", 0.0f);
    for (osg::Uniform* u : {lightDir_.get(), sun_.get(), daylight_.get(), shadows_.get()}) rootState->addUniform(u);
    rootState->addUniform(new osg::Uniform("u_shadowMap", kShadowTextureUnit));
    rootState->setTextureAttribute(kShadowTextureUnit, litFallback());
}

void SunLighting::setShadowMapSize(int pixels) {
    const short side = static_cast<short>(std::clamp(pixels, 256, 8192));
    shadowed_->getShadowSettings()->setTextureSize(osg::Vec2s(side, side));
}

void SunLighting::apply(const std::optional<geo::SceneSun>& sun) {
    if (!sun) {
        lightDir_->set(kEverydayLight);
        sun_->set(osg::Vec4f(0, 0, 1, 0));
        daylight_->set(1.0f);
        shadows_->set(0.0f);
        shadowed_->setShadowTechnique(nullptr);
        return;
    }
    const osg::Vec3f towards(static_cast<float>(sun->dx), static_cast<float>(sun->dy), static_cast<float>(sun->dz));
    const double altitude = sun->position.altitude;
    // Full daylight from 6° up; the civil twilight (down to −6°) fades to night.
    const float daylight = static_cast<float>(std::clamp((altitude + 6.0) / 12.0, 0.0, 1.0));
    const bool casts = altitude > 0.5;   // below, shadows would stretch for kilometres
    lightDir_->set(towards);
    sun_->set(osg::Vec4f(towards, 1.0f));
    daylight_->set(daylight);
    shadows_->set(casts ? 1.0f : 0.0f);
    light_->getLight()->setPosition(osg::Vec4(towards, 0.0f));   // directional: w = 0
    light_->getLight()->setDirection(-towards);
    shadowed_->setShadowTechnique(casts ? technique_.get() : nullptr);
    if (casts && !initialised_) {
        technique_->init();
        initialised_ = true;
    }
}

}  // namespace planview
