// The X display connection (hasDisplay). An X server resets when its last client disconnects and
// drops the connections that arrive meanwhile; planview used to close its first connection and open
// the next at once (the screen query, then the window), so on xvfb-run's Xvfb the viewer opened a
// 0×0 window without its map, or none, about once in three starts on a busy machine. Runs its own
// Xvfb (started as xvfb-run does: resetting when idle) so that no other client holds the server.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <string>
#include "app/render/OffscreenRenderer.h"

#include <X11/Xlib.h>

namespace {

/// An Xvfb of its own, without -noreset; DISPLAY points at it while it runs.
class ResettingXvfb {
public:
    ResettingXvfb() {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            close(fds[0]);
            const std::string fd = std::to_string(fds[1]);
            execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "640x480x24", "-nolisten", "tcp",
                   static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        std::string number;
        pollfd p{fds[0], POLLIN, 0};
        while (number.find('\n') == std::string::npos && poll(&p, 1, 10000) > 0) {
            char buffer[32];
            const ssize_t n = read(fds[0], buffer, sizeof buffer);
            if (n <= 0) break;
            number.append(buffer, static_cast<std::size_t>(n));
        }
        close(fds[0]);
        if (number.empty()) return;
        number.pop_back();
        if (const char* d = std::getenv("DISPLAY")) previous_ = d;
        display_ = ":" + number;
        setenv("DISPLAY", display_.c_str(), 1);
    }
    ~ResettingXvfb() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
        if (!previous_.empty()) setenv("DISPLAY", previous_.c_str(), 1);
    }
    const std::string& display() const { return display_; }

private:
    pid_t pid_ = -1;
    std::string display_, previous_;
};

TEST(DisplayConnection, ConnectionsAfterTheFirstNeverMeetTheServerResetting) {
    ResettingXvfb server;
    ASSERT_FALSE(server.display().empty()) << "Xvfb did not start";
    ASSERT_TRUE(planview::hasDisplay()) << server.display();
    // Connections opened and closed at once, as OSG does for its screen query, window and pbuffers.
    // With no connection of planview's held in between, about one in seven is dropped by the reset.
    int dropped = 0;
    for (int i = 0; i < 300; ++i) {
        Display* connection = XOpenDisplay(server.display().c_str());
        if (!connection) {
            ++dropped;
            continue;
        }
        XCloseDisplay(connection);
    }
    EXPECT_EQ(dropped, 0) << "of 300 connections to " << server.display();
}

TEST(DisplayConnection, NoDisplayIsNoDisplay) {
    const std::string previous = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
    unsetenv("DISPLAY");
    EXPECT_FALSE(planview::hasDisplay());
    setenv("DISPLAY", ":7999", 1);   // nothing listens there
    EXPECT_FALSE(planview::hasDisplay());
    if (!previous.empty()) setenv("DISPLAY", previous.c_str(), 1);
    else unsetenv("DISPLAY");
}

}  // namespace
