#include "app/cli/Progress.h"
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <memory>

namespace planview {

geo::LoadProgressCallback terminalProgress() {
    if (!isatty(STDERR_FILENO)) return {};
    // At most ten updates a second; the last layer's end clears the line.
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [last](const geo::LoadProgress& p) {
        const bool done = p.layer + 1 == p.layerCount && p.featuresTotal >= 0 &&
                          p.featuresRead >= static_cast<std::size_t>(p.featuresTotal);
        auto now = std::chrono::steady_clock::now();
        if (!done && now - *last < std::chrono::milliseconds(100)) return;
        *last = now;
        if (done) {
            std::fprintf(stderr, "\r\033[K");
        } else if (p.featuresTotal > 0) {
            std::fprintf(stderr, "\r\033[Kplanview: loading %s (%zu/%zu): %zu of %lld features, %.0f%%", p.layerName.c_str(),
                         p.layer + 1, p.layerCount, p.featuresRead, p.featuresTotal, p.fraction() * 100);
        } else {
            std::fprintf(stderr, "\r\033[Kplanview: loading %s (%zu/%zu): %zu features", p.layerName.c_str(), p.layer + 1,
                         p.layerCount, p.featuresRead);
        }
        std::fflush(stderr);
    };
}

}  // namespace planview
