// A writable copy of the Shangcheng sample project: its project.toml copied into a temporary
// folder, every other entry of the sample folder linked beside it, so that relative paths (the
// GeoPackage, the scheme's VRT, the landmark models, the terrain) resolve as they do in the
// repository while saving bookmarks or settings writes into the copy.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fixtures {

class SampleProjectCopy {
public:
    SampleProjectCopy() {
        const std::filesystem::path sample = std::filesystem::path(PLANVIEW_SOURCE_DIR) / "assets" / "shangcheng";
        std::string pattern = (std::filesystem::temp_directory_path() / "planview-sample-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir = pattern;
        path = dir / "project.toml";
        for (const auto& entry : std::filesystem::directory_iterator(sample)) {
            const std::filesystem::path name = entry.path().filename();
            if (name == "project.toml")
                std::filesystem::copy_file(entry.path(), path);
            else
                std::filesystem::create_symlink(entry.path(), dir / name);
        }
    }
    ~SampleProjectCopy() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);   // removes the links, not what they point to
    }
    SampleProjectCopy(const SampleProjectCopy&) = delete;
    SampleProjectCopy& operator=(const SampleProjectCopy&) = delete;

    std::string text() const {
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::filesystem::path dir, path;
};

}  // namespace fixtures
