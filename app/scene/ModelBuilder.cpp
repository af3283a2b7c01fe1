#include <algorithm>
#include <osg/MatrixTransform>
#include <osg/PagedLOD>
#include <osgDB/ReadFile>
#include <osgDB/Registry>
#include "app/scene/LayerBuilders.h"
#include "app/scene/ModelPlacement.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

LayerParts buildModelLayer(const geo::LoadedLayer& layer, const BuildContext&) {
    LayerParts parts;
    if (!layer.models) return parts;
    const geo::ModelSet& set = *layer.models;
    osg::ref_ptr<osg::MatrixTransform> placed = new osg::MatrixTransform(modelPlacementMatrix(set.placement));
    placed->setName(layer.spec.name);
    // Scaled models keep their lighting right. A single model (OBJ, DAE, 3DS with materials) is lit by
    // the view's headlight; a tile set is a photograph, its light already in its textures: unlit.
    placed->getOrCreateStateSet()->setMode(GL_RESCALE_NORMAL, osg::StateAttribute::ON);
    if (!set.tileSet) placed->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::ON);
    osg::ref_ptr<osgDB::Options> options = new osgDB::Options;
    options->setObjectCacheHint(osgDB::Options::CACHE_NONE);
    for (const geo::ModelTile& tile : set.tiles) {
        osg::ref_ptr<osg::Node> node = osgDB::readRefNodeFile(tile.file, options.get());
        if (!node) throw geo::InputError(tile.file + ": OpenSceneGraph cannot read this model");
        if (node->getName().empty()) node->setName(tile.name);
        placed->addChild(node);
    }
    geo::log().debug("models '{}': {} {} loaded", layer.spec.name, set.tiles.size(), set.tileSet ? "top tiles" : "model");
    parts.solid = new osg::Group;
    parts.solid->setName(layer.spec.name + " (models)");
    parts.solid->addChild(placed);
    return parts;
}

int modelTileOf(const osg::Group* part, const osg::NodePath& path) {
    for (std::size_t i = 0; i + 2 < path.size(); ++i)
        if (path[i] == part) {
            const osg::Group* placed = path[i + 1]->asGroup();
            unsigned index = placed ? placed->getChildIndex(path[i + 2]) : 0;
            return placed && index < placed->getNumChildren() ? static_cast<int>(index) : -1;
        }
    return -1;
}

}  // namespace planview
