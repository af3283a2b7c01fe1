// Loading progress on the terminal: a line on stderr rewritten in place while a project loads, only
// when stderr is a terminal (scripts and logs get no carriage-return noise).
#pragma once
#include "geo/ProjectData.h"

namespace planview {

/// A progress callback for loadProjectData(), or an empty one when stderr is not a terminal.
geo::LoadProgressCallback terminalProgress();

}  // namespace planview
