// OpenSceneGraph's own messages (osg::notify) routed into the program's log, so that OSG does not
// print behind planview's back: fatal errors as warnings, warnings at info level, notices at debug.
#pragma once
#include <string>

namespace planview {

/// Installs the handler once; harmless to call again.
void routeOsgMessagesToLog();

/// OSG's latest message at notice level or above (empty if none): the reason behind a failure OSG
/// only reports as false (a window it could not open).
std::string lastOsgMessage();

}  // namespace planview
