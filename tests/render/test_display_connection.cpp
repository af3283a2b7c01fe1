// The X display connection (hasDisplay). An X server resets when its last client disconnects and
// drops the connections that arrive meanwhile; planview used to close its first connection and open
// the next at once (the screen query, then the window), so on xvfb-run's Xvfb the viewer opened a
// 0×0 window without its map, or none, about once in three starts on a busy machine. Runs its own
// Xvfb, resetting when idle as xvfb-run's does, so that no other client holds the server.
#include <gtest/gtest.h>
#include <cstdlib>
#include <memory>
#include <string>
#include "app/render/OffscreenRenderer.h"
#include "app/render/PrivateXServer.h"

#include <X11/Xlib.h>

namespace {

TEST(DisplayConnection, ConnectionsAfterTheFirstNeverMeetTheServerResetting) {
    std::unique_ptr<planview::PrivateXServer> server = planview::PrivateXServer::start(/*resetWhenIdle=*/true);
    ASSERT_TRUE(planview::hasDisplay()) << server->display();
    // Connections opened and closed at once, as OSG does for its screen query, window and pbuffers.
    // With no connection of planview's held in between, about one in seven is dropped by the reset.
    int dropped = 0;
    for (int i = 0; i < 300; ++i) {
        Display* connection = XOpenDisplay(server->display().c_str());
        if (!connection) {
            ++dropped;
            continue;
        }
        XCloseDisplay(connection);
    }
    EXPECT_EQ(dropped, 0) << "of 300 connections to " << server->display();
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
