// The scene's GLSL programs, read from the `shaders/` folder: beside the binary (build/shaders) first,
// else in the source tree. A missing file fails when the program is made; a shader that does not
// compile or link fails in verify(), once a GL context exists. Both name the file.
#pragma once
#include <map>
#include <string>
#include <osg/Program>
#include <osg/GraphicsContext>
#include <osg/State>

namespace planview {

/// Generic vertex attribute locations shared by the builders and the shaders.
enum VertexAttribute : unsigned {
    kFeatureIdAttribute = 6,   ///< float: index of the vertex's feature in its layer ("a_featureId")
    kParamAttribute = 7,       ///< float: 0..1 along a wall or pin ("a_wallT", "a_pinT"), an envelope broken ("a_exceeded")
};

class ShaderLibrary {
public:
    /// Uses $PLANVIEW_SHADERS when set, else the first folder holding the shaders among: `shaders/`
    /// beside the executable, the source tree's `shaders/`. Throws geo::InputError naming the
    /// folders tried when none exists.
    static ShaderLibrary locate(const std::string& executablePath);

    explicit ShaderLibrary(std::string directory);

    const std::string& directory() const { return directory_; }

    /// The program made of `<name>.vert` and `<name>.frag`, made once and shared. Throws
    /// geo::InputError naming the file when one is missing or unreadable.
    osg::Program* program(const std::string& name);

    /// Makes every program the scene uses (parcels, walls, pins, ground, sky, marks, envelopes), so a missing file
    /// fails at start-up whatever the project holds.
    void loadAll();

    /// Compiles and links every program made so far in `state`'s (current) context. Throws
    /// geo::InputError naming the shader file and quoting the GLSL compiler's log on failure.
    void verify(osg::State& state) const;

private:
    struct Entry {
        osg::ref_ptr<osg::Program> program;
        std::string vertexPath, fragmentPath;
    };
    std::string directory_;
    std::map<std::string, Entry> programs_;
};

/// Compiles the library's shaders on a realized context, keeping the failure in `error` ("" when all
/// compiled): an exception may not cross OSG's realize, so callers check `error` afterwards.
class VerifyShaders : public osg::GraphicsOperation {
public:
    explicit VerifyShaders(ShaderLibrary& shaders) : osg::GraphicsOperation("verify shaders", false), shaders_(shaders) {}
    void operator()(osg::GraphicsContext* gc) override;
    std::string error;

private:
    ShaderLibrary& shaders_;
};

}  // namespace planview
