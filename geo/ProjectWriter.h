// Saving the viewer's bookmarks back into the project file the planner wrote: only the [[bookmark]]
// tables change; every other line (comments, layers, tours, blank lines) stays as it was, and keys the
// viewer does not manage inside a bookmark (a note, a comment) stay with their bookmark.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "geo/Project.h"

namespace geo {

/// A bookmark as the viewer holds it: with the position of the [[bookmark]] table it was read from
/// (counting from 0 in file order), or none for a new one.
struct EditedBookmark {
    Bookmark bookmark;
    std::optional<std::size_t> origin;
};

/// The project text with its bookmarks replaced by `bookmarks`, in that order: the i-th [[bookmark]]
/// table's place takes the i-th bookmark (its own table's other lines kept when it has an origin);
/// further bookmarks follow the last table (or end the text); tables without a bookmark left are
/// removed. Tour stops naming a renamed bookmark are changed to its new name.
std::string withBookmarks(const std::string& text, const std::vector<EditedBookmark>& bookmarks);

/// Rewrites the project file at `path` with `bookmarks` (see withBookmarks). The new text is checked
/// to parse as a project first, then written to a temporary file beside the project and renamed over
/// it, so the file is never left half-written. Throws OutputError when it cannot be written.
void saveBookmarks(const std::string& path, const std::vector<EditedBookmark>& bookmarks);

}  // namespace geo
