// OpenSceneGraph's own messages (osg::notify) routed into the program's log, so that OSG does not
// print behind planview's back: fatal errors as warnings, warnings at info level, notices at debug.
#pragma once

namespace planview {

/// Installs the handler once; harmless to call again.
void routeOsgMessagesToLog();

}  // namespace planview
