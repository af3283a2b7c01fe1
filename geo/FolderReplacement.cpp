// The staging folder beside the target and the rename into place (see FolderReplacement.h).
#include "geo/FolderReplacement.h"
#include "geo/Errors.h"
#include "geo/GltfInternal.h"
#include "geo/Isolated.h"

namespace fs = std::filesystem;

namespace geo {

FolderReplacement::FolderReplacement(const std::string& output, bool overwrite) : output_(output) {
    fs::path target = fs::absolute(output).lexically_normal();
    if (target.filename().empty()) target = target.parent_path();   // "DIR/"
    target_ = target;
    std::error_code ec;
    if (fs::exists(target_, ec)) {
        if (!fs::is_directory(target_, ec)) throw OutputError(output + ": is a file, not a folder");
        if (!fs::is_empty(target_, ec) && !overwrite)
            throw OutputError(output + ": is a folder that is not empty (use --overwrite to replace it)");
    }
    const fs::path parent = target_.parent_path();
    if (!fs::is_directory(parent, ec)) throw OutputError(output + ": the folder " + parent.string() + " does not exist");
    staging_ = parent / gltf::stagingName("");
    if (!fs::create_directory(staging_, ec) || ec)
        throw OutputError(output + ": cannot write in " + parent.string() + (ec ? ": " + ec.message() : ""));
}

FolderReplacement::~FolderReplacement() {
    std::error_code ec;
    if (!committed_) fs::remove_all(staging_, ec);
}

void FolderReplacement::commit() {
    InterruptGuard::throwIfInterrupted(output_);
    std::error_code ec;
    fs::path aside;
    if (fs::exists(target_, ec) && !fs::is_empty(target_, ec)) {
        aside = target_.parent_path() / gltf::stagingName(".old");
        fs::rename(target_, aside, ec);
        if (ec) throw OutputError(output_ + ": cannot move the old folder aside: " + ec.message());
    }
    fs::rename(staging_, target_, ec);
    if (ec) {
        std::error_code back;
        if (!aside.empty()) fs::rename(aside, target_, back);
        throw OutputError(output_ + ": cannot move the export into place: " + ec.message());
    }
    committed_ = true;
    if (!aside.empty()) fs::remove_all(aside, ec);
}

}  // namespace geo
