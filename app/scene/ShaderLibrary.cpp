#include "app/scene/ShaderLibrary.h"
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace fs = std::filesystem;

namespace planview {

namespace {

std::string readShaderFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw geo::InputError("shader " + path + ": cannot be read (missing or unreadable)");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().empty()) throw geo::InputError("shader " + path + ": is empty");
    return text.str();
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

ShaderLibrary ShaderLibrary::locate(const std::string& executablePath) {
    if (const char* override = std::getenv("PLANVIEW_SHADERS"); override && *override) {
        std::error_code ec;
        if (!fs::is_directory(override, ec)) throw geo::InputError(std::string("PLANVIEW_SHADERS=") + override + ": no such folder");
        return ShaderLibrary(override);
    }
    std::vector<fs::path> candidates = {fs::path(executablePath).parent_path() / "shaders",
                                        fs::path(PLANVIEW_SOURCE_DIR) / "shaders"};
    for (const fs::path& dir : candidates) {
        std::error_code ec;
        if (fs::exists(dir / "parcels.vert", ec)) return ShaderLibrary(dir.string());
    }
    throw geo::InputError("shaders not found: looked in " + candidates[0].string() + " and " +
                          candidates[1].string());
}

ShaderLibrary::ShaderLibrary(std::string directory) : directory_(std::move(directory)) {}

osg::Program* ShaderLibrary::program(const std::string& name) {
    auto found = programs_.find(name);
    if (found != programs_.end()) return found->second.program.get();

    Entry entry;
    entry.vertexPath = (fs::path(directory_) / (name + ".vert")).string();
    entry.fragmentPath = (fs::path(directory_) / (name + ".frag")).string();
    osg::ref_ptr<osg::Shader> vertex = new osg::Shader(osg::Shader::VERTEX, readShaderFile(entry.vertexPath));
    osg::ref_ptr<osg::Shader> fragment =
        new osg::Shader(osg::Shader::FRAGMENT, readShaderFile(entry.fragmentPath));
    vertex->setFileName(entry.vertexPath);
    fragment->setFileName(entry.fragmentPath);
    vertex->setName(name + ".vert");
    fragment->setName(name + ".frag");

    entry.program = new osg::Program;
    entry.program->setName(name);
    entry.program->addShader(vertex);
    entry.program->addShader(fragment);
    entry.program->addBindAttribLocation("a_featureId", kFeatureIdAttribute);
    entry.program->addBindAttribLocation("a_wallT", kParamAttribute);
    entry.program->addBindAttribLocation("a_pinT", kParamAttribute);
    entry.program->addBindAttribLocation("a_exceeded", kParamAttribute);
    osg::Program* result = entry.program.get();
    programs_.emplace(name, std::move(entry));
    return result;
}

void ShaderLibrary::loadAll() {
    for (const char* name : {"parcels", "walls", "pins", "ground", "sky", "marks", "envelopes"}) program(name);
}

void ShaderLibrary::verify(osg::State& state) const {
    for (const auto& [name, entry] : programs_) {
        entry.program->compileGLObjects(state);
        for (unsigned i = 0; i < entry.program->getNumShaders(); ++i) {
            const osg::Shader* shader = entry.program->getShader(i);
            osg::Shader::PerContextShader* pcs = shader->getPCS(state);
            std::string log;
            if (pcs && !pcs->isCompiled()) {
                pcs->getInfoLog(log);
                throw geo::InputError("shader " + shader->getFileName() + " does not compile: " + trimmed(log));
            }
        }
        osg::Program::PerContextProgram* pcp = entry.program->getPCP(state);
        if (!pcp || !pcp->isLinked()) {
            std::string log;
            if (pcp) pcp->getInfoLog(log);
            throw geo::InputError("shaders " + entry.vertexPath + " and " + entry.fragmentPath +
                                  " do not link: " + trimmed(log));
        }
    }
    geo::log().debug("shaders from {} compiled and linked", directory_);
}

void VerifyShaders::operator()(osg::GraphicsContext* gc) {
    try {
        shaders_.verify(*gc->getState());
    } catch (const geo::InputError& e) {
        error = e.what();
    }
}

}  // namespace planview
