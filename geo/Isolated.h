// Running a library's write where its crash cannot take the caller with it, and holding off Ctrl-C /
// SIGTERM until temporary files are removed.
//
// Why a forked child: GDAL's drivers report most failures as error codes, but some assert (LIBKML on
// a point style without an icon: abort()) or crash. An abort cannot be caught in-process; in the
// viewer it would lose the user's unsaved work (bookmarks, filters, the view). The child gets a
// copy-on-write image of the caller (the prepared in-memory layer or image, nothing serialized), does
// only the GDAL write, and reports a count or an error through a pipe; when it dies by a signal, the
// caller gets an OutputError carrying the library's last stderr line (the assertion) and cleans up.
// fork() without exec is safe in the single-threaded command line; in the viewer, whose other threads
// may be inside GDAL at the instant of the fork (a streamed tile being read), a lock they hold would
// stay held in the child: a residual risk taken knowingly (exec'ing a fresh process would need the
// prepared data serialized), kept small because the export is started from the UI thread while the
// loader threads are normally idle.
#pragma once
#include <functional>
#include <string>
#include "geo/Errors.h"

namespace geo {

/// While one exists, SIGINT, SIGTERM and SIGHUP are recorded instead of acting. Destroying the last
/// guard restores the previous handlers and then raises a recorded signal again, so the process ends
/// (or the viewer's own handler runs) only after everything declared after the guard (the staging
/// folder's cleanup) has run. Guards nest; use them on one thread at a time.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    /// The signal recorded since the outermost guard was made, or 0.
    static int pending();
    /// Throws OutputError("`what`: interrupted (SIGTERM)") when a signal is pending.
    static void throwIfInterrupted(const std::string& what);
};

/// A writer process that died by a signal (a library's assertion or crash): what it is, and why.
struct WriterCrashed : OutputError {
    using OutputError::OutputError;
};

/// Runs `work` in a forked child process and returns the text it returned. InputError and
/// OutputError thrown by `work` are thrown again here with their message; any other exception
/// becomes an OutputError. When the child dies by a signal (a library's assertion or crash), throws
/// OutputError "`what`: <whose> crashed while writing (<its last stderr line>)". What the child writes
/// on stderr (warnings) is passed on to stderr. A signal recorded by an InterruptGuard while waiting
/// kills the child and throws OutputError "`what`: interrupted". The child dies with the caller.
/// `whose` names the library part at work ("GDAL's LIBKML driver") for the crash message; the crash
/// is thrown as WriterCrashed (an OutputError).
std::string runIsolated(const std::string& what, const std::string& whose, const std::function<std::string()>& work);

/// A test hook, called inside isolated writes after files exist in the staging place: when the
/// environment variable PLANVIEW_TEST_WRITE_FAULT is "abort", "segv" or "hang" (or "abort:WRITER",
/// only for that `writer`, e.g. "abort:LIBKML"), does that; only in a child of runIsolated, never in
/// the caller itself.
void injectTestWriteFault(const std::string& writer);

}  // namespace geo
