// An output folder written whole or not at all (3D Tiles, the web briefing): filled in a staging
// folder beside the target, then renamed into place.
#pragma once
#include <filesystem>
#include <string>

namespace geo {

/// A target folder that is replaced whole or not at all: checked when made, filled in staging() (a new
/// folder beside it), moved into place by commit(); without commit the staging folder is removed.
/// Throws OutputError when the target is a file, a folder that is not empty (without overwrite), its
/// parent folder is missing, or the staging folder cannot be made.
class FolderReplacement {
public:
    FolderReplacement(const std::string& output, bool overwrite);
    ~FolderReplacement();
    FolderReplacement(const FolderReplacement&) = delete;
    FolderReplacement& operator=(const FolderReplacement&) = delete;
    const std::filesystem::path& staging() const { return staging_; }
    const std::filesystem::path& target() const { return target_; }

    /// rename(2) replaces an empty folder in one step; a full one (with overwrite) is moved aside
    /// first, put back when the new one cannot take its place, and removed after.
    void commit();

private:
    std::string output_;
    std::filesystem::path target_, staging_;
    bool committed_ = false;
};

}  // namespace geo
