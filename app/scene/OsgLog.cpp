#include "app/scene/OsgLog.h"
#include <mutex>
#include <string>
#include <osg/Notify>
#include "geo/Log.h"

namespace planview {

namespace {

std::mutex lastMessageMutex;
std::string lastMessage;

class LogNotifyHandler : public osg::NotifyHandler {
public:
    void notify(osg::NotifySeverity severity, const char* message) override {
        std::string text = message ? message : "";
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        if (text.empty()) return;
        // As GDAL's warnings: kept at info level. The failures planview cares about (a shader that
        // does not compile, no pbuffer) are detected and reported in one sentence of its own.
        if (severity <= osg::NOTICE) {
            std::lock_guard<std::mutex> lock(lastMessageMutex);
            lastMessage = text;
        }
        if (severity <= osg::FATAL) geo::log().warn("OSG: {}", text);
        else if (severity <= osg::WARN) geo::log().info("OSG: {}", text);
        else geo::log().debug("OSG: {}", text);
    }
};

}  // namespace

void routeOsgMessagesToLog() {
    static std::once_flag once;
    std::call_once(once, [] { osg::setNotifyHandler(new LogNotifyHandler); });
}

std::string lastOsgMessage() {
    std::lock_guard<std::mutex> lock(lastMessageMutex);
    return lastMessage;
}

}  // namespace planview
