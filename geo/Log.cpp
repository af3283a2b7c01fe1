#include "geo/Log.h"
#include <cpl_error.h>
#include <proj.h>
#include <mutex>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace geo {

spdlog::logger& log() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = spdlog::stderr_color_mt("planview");
        l->set_pattern("planview: %^%l%$: %v");
        l->set_level(spdlog::level::warn);
        return l;
    }();
    return *logger;
}

namespace {

thread_local std::string lastError;

void CPL_STDCALL gdalHandler(CPLErr level, CPLErrorNum, const char* message) {
    std::string text = message ? message : "";
    switch (level) {
    case CE_Failure:
    case CE_Fatal:
        lastError = text;
        // Failures become exceptions with their own message; keep the raw text at debug level.
        log().debug("GDAL: {}", text);
        break;
    case CE_Warning: log().info("GDAL: {}", text); break;
    default: log().debug("GDAL: {}", text); break;
    }
}

}  // namespace

void routeLibraryMessagesToLog() {
    static std::once_flag once;
    std::call_once(once, [] {
        CPLSetErrorHandler(gdalHandler);
        // PROJ's own messages go the same way (GDAL also forwards most of them).
        proj_log_func(nullptr, nullptr, [](void*, int, const char* msg) { log().debug("PROJ: {}", msg); });
    });
}

std::string lastGdalError() {
    // One line: GDAL's messages sometimes span several (SQL errors point at the column below).
    std::string text;
    for (char c : lastError) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && (text.empty() || text.back() == ' '))) text += c;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '.')) text.pop_back();
    lastError.clear();
    return text;
}

}  // namespace geo
