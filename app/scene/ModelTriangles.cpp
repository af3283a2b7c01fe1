#include "app/scene/ModelTriangles.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <osg/MatrixTransform>
#include <osg/PagedLOD>
#include <osg/TriangleFunctor>
#include <osgDB/FileNameUtils>
#include <osgDB/ReadFile>
#include "app/scene/ModelPlacement.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

namespace {

// Of a LOD's children in memory, the finest: the largest on screen (pixel-size ranges, as tile sets
// write them: the highest maximum) or the nearest (distance ranges: the lowest minimum).
unsigned finestChild(const osg::LOD& lod) {
    unsigned best = 0;
    for (unsigned i = 1; i < lod.getNumChildren() && i < lod.getNumRanges(); ++i) {
        const bool finer = lod.getRangeMode() == osg::LOD::PIXEL_SIZE_ON_SCREEN ? lod.getMaxRange(i) > lod.getMaxRange(best)
                                                                                : lod.getMinRange(i) < lod.getMinRange(best);
        if (finer) best = i;
    }
    return best;
}

struct Gather {
    std::vector<geo::SunVec3>* out = nullptr;   // null: only count
    const osg::Matrixd* matrix = nullptr;
    std::size_t* count = nullptr;
    void operator()(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c) {
        ++*count;
        if (!out) return;
        for (const osg::Vec3* v : {&a, &b, &c}) {
            const osg::Vec3d p = osg::Vec3d(*v) * *matrix;
            out->push_back({p.x(), p.y(), p.z()});
        }
    }
};

// A visitor that knows where it is: matrix_ takes the visited node's coordinates to those of the node
// it started from, times `start`.
class PlacedVisitor : public osg::NodeVisitor {
public:
    explicit PlacedVisitor(const osg::Matrixd& start = {}) : NodeVisitor(TRAVERSE_ALL_CHILDREN), matrix_(start) {}
    using osg::NodeVisitor::apply;
    void apply(osg::Transform& transform) override {
        const osg::Matrixd saved = matrix_;
        transform.computeLocalToWorldMatrix(matrix_, this);
        traverse(transform);
        matrix_ = saved;
    }

protected:
    osg::Matrixd matrix_;
};

// The triangles of each LOD's finest child in memory, in the coordinates of the node visited first.
class TriangleVisitor : public PlacedVisitor {
public:
    explicit TriangleVisitor(std::vector<geo::SunVec3>* out) : out_(out) {}
    std::size_t count = 0;

    using PlacedVisitor::apply;
    void apply(osg::LOD& lod) override {
        if (lod.getNumChildren() > 0) lod.getChild(finestChild(lod))->accept(*this);
    }
    void apply(osg::Drawable& drawable) override {
        osg::TriangleFunctor<Gather> gather;
        gather.out = out_;
        gather.matrix = &matrix_;
        gather.count = &count;
        drawable.accept(gather);
    }

private:
    std::vector<geo::SunVec3>* out_;
};

// A PagedLOD whose next child is still a file, and the folder its file names are relative to.
struct Unread {
    osg::ref_ptr<osg::PagedLOD> lod;
    std::string folder;
};

// The PagedLODs under `node` (read from a file in `folder`) with a child still to read, each with its
// centre and radius in scene metres (`matrix`: the node's placement).
class UnreadFinder : public PlacedVisitor {
public:
    UnreadFinder(std::string folder, const osg::Matrixd& matrix) : PlacedVisitor(matrix), folder_(std::move(folder)) {}
    std::vector<Unread> found;
    std::vector<osg::BoundingSphere> bounds;   // parallel to found, scene metres

    using PlacedVisitor::apply;
    void apply(osg::PagedLOD& lod) override {
        const unsigned next = lod.getNumChildren();
        if (next < lod.getNumFileNames() && !lod.getFileName(next).empty()) {
            found.push_back({&lod, lod.getDatabasePath().empty() ? folder_ : lod.getDatabasePath()});
            const osg::BoundingSphere local = lod.getBound();
            const osg::Vec3d centre = osg::Vec3d(local.center()) * matrix_;
            const double scale = std::max(matrix_.getScale().x(), matrix_.getScale().y());
            bounds.emplace_back(centre, static_cast<float>(local.radius() * std::max(scale, matrix_.getScale().z())));
        }
        traverse(lod);
    }

private:
    std::string folder_;
};

osg::ref_ptr<osgDB::Options> readOptions() {
    osg::ref_ptr<osgDB::Options> options = new osgDB::Options;
    options->setObjectCacheHint(osgDB::Options::CACHE_NONE);
    return options;
}

std::string joined(const std::string& folder, const std::string& file) {
    if (folder.empty() || osgDB::isAbsolutePath(file)) return file;
    return osgDB::concatPaths(folder, file);
}

}  // namespace

ModelTriangles modelTriangles(const geo::ProjectData& data, const geo::SunlightJob& job, std::size_t budget) {
    ModelTriangles result;
    // What the models may hide: the points, as high as the lowest of them stands.
    geo::Extent points;
    double lowest = std::numeric_limits<double>::infinity();
    for (const auto& p : job.points) {
        points.add(p.position.x, p.position.y);
        lowest = std::min(lowest, p.base + p.height);
    }
    if (points.empty()) return result;
    // Whether a part of a model (a sphere in scene metres) is near enough to the points to hide the sun.
    auto near = [&](const osg::BoundingSphere& sphere) {
        const double dx = std::max({points.minX - sphere.center().x(), 0.0, sphere.center().x() - points.maxX});
        const double dy = std::max({points.minY - sphere.center().y(), 0.0, sphere.center().y() - points.maxY});
        const double above = sphere.center().z() + sphere.radius() - lowest;
        return above > 0 && std::hypot(dx, dy) - sphere.radius() <= geo::shadowReach(job, above);
    };

    osg::ref_ptr<osg::Group> root = new osg::Group;
    std::vector<Unread> unread;
    const osg::ref_ptr<osgDB::Options> options = readOptions();
    for (const geo::LoadedLayer& layer : data.layers) {
        if (!layer.models || !layer.available() || !layer.spec.visible) continue;
        osg::ref_ptr<osg::MatrixTransform> placed = new osg::MatrixTransform(modelPlacementMatrix(layer.models->placement));
        for (const geo::ModelTile& tile : layer.models->tiles) {
            osg::ref_ptr<osg::Node> node = osgDB::readRefNodeFile(tile.file, options.get());
            if (!node) throw geo::InputError(tile.file + ": OpenSceneGraph cannot read this model");
            ++result.files;
            placed->addChild(node);
            UnreadFinder finder(osgDB::getFilePath(tile.file), placed->getMatrix());
            node->accept(finder);
            for (std::size_t i = 0; i < finder.found.size(); ++i)
                if (near(finder.bounds[i])) unread.push_back(finder.found[i]);
        }
        root->addChild(placed);
    }

    // Level by level: every near PagedLOD's next child read; kept while all the triangles fit.
    while (!unread.empty()) {
        std::vector<Unread> next;
        std::vector<osg::PagedLOD*> grown;
        for (const Unread& u : unread) {
            const unsigned child = u.lod->getNumChildren();
            const std::string file = joined(u.folder, u.lod->getFileName(child));
            osg::ref_ptr<osg::Node> node = osgDB::readRefNodeFile(file, options.get());
            if (!node) {
                geo::log().warn("{}: OpenSceneGraph cannot read this level of detail; the sunlight count uses the level above", file);
                continue;
            }
            ++result.files;
            u.lod->addChild(node);
            grown.push_back(u.lod.get());
            const osg::NodePathList paths = u.lod->getParentalNodePaths();
            UnreadFinder finder(osgDB::getFilePath(file), paths.empty() ? osg::Matrixd() : osg::computeLocalToWorld(paths.front()));
            node->accept(finder);
            for (std::size_t i = 0; i < finder.found.size(); ++i)
                if (near(finder.bounds[i])) next.push_back(finder.found[i]);
        }
        TriangleVisitor counter(nullptr);
        root->accept(counter);
        if (counter.count > budget) {
            for (osg::PagedLOD* lod : grown) lod->removeChildren(lod->getNumChildren() - 1, 1);
            geo::log().info("models as sunlight obstacles: level {} would hold {} triangles, over the budget of {}; "
                            "the level above is used", result.levels + 1, counter.count, budget);
            break;
        }
        if (!grown.empty()) ++result.levels;
        unread = std::move(next);
    }
    TriangleVisitor collect(&result.corners);
    root->accept(collect);
    return result;
}

}  // namespace planview
