#include "geo/Isolated.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

namespace {

const int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];

volatile sig_atomic_t gPending = 0;
int gDepth = 0;
int gWake[2] = {-1, -1};   // a self-pipe: the handler writes to it so that a waiting poll() wakes
struct sigaction gPrevious[kSignalCount];
bool gInChild = false;

extern "C" void recordSignal(int signal) {
    if (!gPending) gPending = signal;
    if (gWake[1] >= 0) {
        const int saved = errno;
        [[maybe_unused]] ssize_t n = write(gWake[1], "!", 1);
        errno = saved;
    }
}

const char* signalName(int signal) {
    switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGABRT: return "SIGABRT";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
    }
}

void closeFd(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
}

void writeAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

/// Appends what is ready on `fd` to `into`; false at end of file (or error).
bool drain(int fd, std::string& into) {
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
}

/// The last non-empty line of `text`, and `text` without it.
std::pair<std::string, std::string> splitLastLine(const std::string& text) {
    std::size_t end = text.find_last_not_of("\r\n \t");
    if (end == std::string::npos) return {"", ""};
    std::size_t start = text.rfind('\n', end);
    start = start == std::string::npos ? 0 : start + 1;
    return {text.substr(start, end + 1 - start), text.substr(0, start)};
}

}  // namespace

InterruptGuard::InterruptGuard() {
    if (gDepth++ > 0) return;
    gPending = 0;
    if (pipe2(gWake, O_CLOEXEC | O_NONBLOCK) != 0) gWake[0] = gWake[1] = -1;
    struct sigaction action {};
    action.sa_handler = recordSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < kSignalCount; ++i) {
        sigaction(kSignals[i], nullptr, &gPrevious[i]);
        // A signal the caller ignores (nohup's SIGHUP) stays ignored.
        if (gPrevious[i].sa_handler != SIG_IGN) sigaction(kSignals[i], &action, nullptr);
    }
}

InterruptGuard::~InterruptGuard() {
    if (--gDepth > 0) return;
    for (int i = 0; i < kSignalCount; ++i) sigaction(kSignals[i], &gPrevious[i], nullptr);
    closeFd(gWake[0]);
    closeFd(gWake[1]);
    const int signal = gPending;
    gPending = 0;
    if (signal) raise(signal);   // now that the temporary files are gone, what the signal meant to do
}

int InterruptGuard::pending() { return gPending; }

void InterruptGuard::throwIfInterrupted(const std::string& what) {
    if (gPending) throw OutputError(what + ": interrupted (" + signalName(gPending) + "); nothing was written");
}

std::string runIsolated(const std::string& what, const std::string& whose, const std::function<std::string()>& work) {
    int result[2], errors[2];
    if (pipe2(result, O_CLOEXEC) != 0) throw OutputError(what + ": cannot start the writer: " + std::strerror(errno));
    if (pipe2(errors, O_CLOEXEC) != 0) {
        const std::string cause = std::strerror(errno);
        close(result[0]);
        close(result[1]);
        throw OutputError(what + ": cannot start the writer: " + cause);
    }
    log().flush();
    std::fflush(nullptr);   // nothing buffered before the fork may be written twice
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child < 0) {
        const std::string cause = std::strerror(errno);
        for (int fd : {result[0], result[1], errors[0], errors[1]}) close(fd);
        throw OutputError(what + ": cannot start the writer: " + cause);
    }
    if (child == 0) {
        gInChild = true;
        prctl(PR_SET_PDEATHSIG, SIGKILL);   // a killed caller takes its writer with it
        if (getppid() != parent) _exit(127);
        for (int s : kSignals) signal(s, SIG_DFL);
        dup2(errors[1], STDERR_FILENO);
        close(errors[0]);
        close(result[0]);
        char kind = 'K';
        std::string text;
        try {
            text = work();
        } catch (const InputError& e) {
            kind = 'I';
            text = e.what();
        } catch (const OutputError& e) {
            kind = 'O';
            text = e.what();
        } catch (const std::exception& e) {
            kind = 'E';
            text = e.what();
        } catch (...) {
            kind = 'E';
            text = what + ": unknown failure while writing";
        }
        log().flush();
        std::fflush(stderr);
        writeAll(result[1], std::string(1, kind) + text);
        _exit(0);   // no atexit handlers or static destructors: they belong to the caller
    }
    close(result[1]);
    close(errors[1]);

    std::string reply, stderrText;
    bool resultOpen = true, errorsOpen = true, interrupted = false;
    while (resultOpen || errorsOpen) {
        pollfd fds[3] = {{result[0], POLLIN, 0}, {errors[0], POLLIN, 0}, {gDepth > 0 ? gWake[0] : -1, POLLIN, 0}};
        if (!resultOpen) fds[0].fd = -1;
        if (!errorsOpen) fds[1].fd = -1;
        if (InterruptGuard::pending()) {
            interrupted = true;
            break;
        }
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents) resultOpen = drain(result[0], reply);
        if (fds[1].revents) errorsOpen = drain(errors[0], stderrText);
    }
    if (interrupted) kill(child, SIGKILL);
    close(result[0]);
    close(errors[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (interrupted) InterruptGuard::throwIfInterrupted(what);

    if (WIFSIGNALED(status)) {
        auto [cause, before] = splitLastLine(stderrText);
        std::fputs(before.c_str(), stderr);
        throw WriterCrashed(what + ": " + whose + " crashed while writing (" + signalName(WTERMSIG(status)) +
                          (cause.empty() ? "" : ": " + cause) + "); nothing was written");
    }
    std::fputs(stderrText.c_str(), stderr);
    if (reply.empty()) {
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        throw OutputError(what + ": " + whose + " stopped while writing (exit code " + std::to_string(code) +
                          "); nothing was written");
    }
    const std::string text = reply.substr(1);
    switch (reply[0]) {
    case 'K': return text;
    case 'I': throw InputError(text);
    default: throw OutputError(text);
    }
}

void injectTestWriteFault(const std::string& writer) {
    if (!gInChild) return;
    const char* fault = std::getenv("PLANVIEW_TEST_WRITE_FAULT");
    if (!fault) return;
    std::string f = fault;
    if (const std::size_t colon = f.find(':'); colon != std::string::npos) {
        if (f.substr(colon + 1) != writer) return;
        f.resize(colon);
    }
    if (f == "abort") {
        std::fputs("planview: PLANVIEW_TEST_WRITE_FAULT: Assertion `injected' failed.\n", stderr);
        std::abort();
    }
    if (f == "segv") raise(SIGSEGV);
    if (f == "hang")
        for (;;) pause();
}

}  // namespace geo
