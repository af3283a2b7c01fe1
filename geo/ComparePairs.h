// The project's pairs of versions to compare: one `[compare]` table, or several `[[compare]]` tables
// each with a `name`, and the bookmarks' `compare_pair` choosing one of them.
#pragma once
#include <string>
#include "geo/Project.h"

namespace geo {

/// Reads the [compare] / [[compare]] tables of a project file's text into `project.compares` and each
/// bookmark's `compare_pair` into its Bookmark::comparePair. `project` has its layers and bookmarks
/// already. Throws InputError "file:line: key: cause" for a pair naming an unknown layer or the same
/// layer twice, a [[compare]] without a name or with a name used before, or a compare_pair naming no pair.
void parseComparePairs(const std::string& text, const std::string& path, Project& project);

}  // namespace geo
