#include "app/render/PrivateXServer.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <string>
#include <vector>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

std::unique_ptr<PrivateXServer> PrivateXServer::start(bool resetWhenIdle) {
    int fds[2];
    if (pipe(fds) != 0) throw geo::OutputError("cannot start Xvfb: no pipe");
    // Made before fork: the child only calls what is safe between fork and exec.
    const std::string fd = std::to_string(fds[1]);
    std::vector<const char*> args = {"Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x720x24", "-nolisten", "tcp"};
    if (!resetWhenIdle) args.push_back("-noreset");
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw geo::OutputError("cannot start Xvfb: fork failed");
    }
    if (pid == 0) {
        close(fds[0]);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            dup2(devnull, STDOUT_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        execvp("Xvfb", const_cast<char* const*>(args.data()));
        _exit(127);
    }
    close(fds[1]);
    std::unique_ptr<PrivateXServer> server(new PrivateXServer);
    server->pid_ = pid;
    // Xvfb writes its display number to the fd once it accepts connections.
    std::string number;
    pollfd p{fds[0], POLLIN, 0};
    while (number.find('\n') == std::string::npos && poll(&p, 1, 10000) > 0) {
        char buffer[32];
        ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        number.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    while (!number.empty() && (number.back() == '\n' || number.back() == ' ')) number.pop_back();
    if (number.empty()) {
        int status = 0;
        bool exited = waitpid(pid, &status, WNOHANG) == pid;
        server->pid_ = exited ? -1 : pid;
        if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 127)
            throw geo::OutputError("cannot render: no X display and Xvfb is not installed (apt-get install xvfb)");
        throw geo::OutputError("cannot render: no X display and Xvfb did not start");
    }
    if (const char* d = std::getenv("DISPLAY")) {
        server->hadDisplay_ = true;
        server->previousDisplay_ = d;
    }
    server->display_ = ":" + number;
    setenv("DISPLAY", server->display_.c_str(), 1);
    geo::log().info("no X display: rendering on a private Xvfb at {}", server->display_);
    return server;
}

PrivateXServer::~PrivateXServer() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (hadDisplay_) setenv("DISPLAY", previousDisplay_.c_str(), 1);
    else unsetenv("DISPLAY");
}

}  // namespace planview
