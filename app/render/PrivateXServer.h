// A private Xvfb for rendering where there is no X display: Debian's OpenSceneGraph draws through
// GLX only (no EGL), so even an offscreen pbuffer needs an X server. Xvfb picks a free display
// number itself (-displayfd), so several can start at once without racing.
#pragma once
#include <memory>
#include <string>
#include <sys/types.h>

namespace planview {

class PrivateXServer {
public:
    /// Starts Xvfb and points $DISPLAY at it. Throws geo::OutputError when Xvfb is not installed
    /// or does not come up within 10 seconds. `resetWhenIdle` starts it as xvfb-run does, resetting
    /// whenever its last client leaves (for the test of hasDisplay); planview's own never resets.
    static std::unique_ptr<PrivateXServer> start(bool resetWhenIdle = false);
    /// Stops the server and restores $DISPLAY.
    ~PrivateXServer();
    PrivateXServer(const PrivateXServer&) = delete;
    PrivateXServer& operator=(const PrivateXServer&) = delete;

    const std::string& display() const { return display_; }

private:
    PrivateXServer() = default;
    pid_t pid_ = -1;
    std::string display_, previousDisplay_;
    bool hadDisplay_ = false;
};

}  // namespace planview
