// readLayer's two threads: features read with GDAL on the calling thread are shaped in batches on a
// worker thread (or on the reading thread when the worker falls behind) and consumed in read order.
// See ShapingPipeline in FeatureReaderInternal.h.
#include <cstdint>
#include <cstdlib>
#include "geo/FeatureReaderInternal.h"

namespace geo {
namespace reading {

ShapingPipeline::ShapingPipeline(LayerReader& reader, const std::string& what, std::function<bool(bool wait)> prepare,
                                 std::function<void(PendingFeature&)> consume)
    : reader_(reader), what_(what), prepare_(std::move(prepare)), consume_(std::move(consume)) {
    const char* threads = std::getenv("PLANVIEW_READ_THREADS");
    const std::string mode = threads ? threads : "";
    startAt_ = mode == "1" ? SIZE_MAX : mode == "2" ? 0 : kThreadFrom;
    batch_.reserve(kBatchSize);
}

void ShapingPipeline::add(PendingFeature&& item) {
    batch_.push_back(std::move(item));
    if (batch_.size() >= kBatchSize) submit();
}

void ShapingPipeline::finish() {
    if (!batch_.empty()) submit();
    if (!prepared_ && added_ > 0) {
        prepared_ = prepare_(true);
        startIfLarge();
    }
    while (Batch* b = take(0)) shapeHere(*b);
    consumeDone(true);
    stop();
}

void ShapingPipeline::submit() {
    auto batch = std::make_unique<Batch>();
    batch->items.swap(batch_);
    batch_.reserve(kBatchSize);
    added_ += batch->items.size();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        waiting_.push_back(batch.get());
        inOrder_.push_back(std::move(batch));
    }
    if (!prepared_ && !(prepared_ = prepare_(false))) return;   // shaped once the frame is known
    startIfLarge();
    // Alone, this thread shapes everything waiting; beside the worker, what it falls behind by.
    while (Batch* b = take(worker_.joinable() ? kMaxWaiting : 0)) shapeHere(*b);
    consumeDone(false);
}

void ShapingPipeline::startIfLarge() {
    if (!worker_.joinable() && added_ >= startAt_) {
        seed_ = reader_.cloneTransform();
        worker_ = std::thread([this] { work(*seed_); });
    }
    if (worker_.joinable()) wake_.notify_one();
}

void ShapingPipeline::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

ShapingPipeline::Batch* ShapingPipeline::take(std::size_t over) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_.size() <= over) return nullptr;
    Batch* b = waiting_.front();
    waiting_.pop_front();
    return b;
}

void ShapingPipeline::shapeHere(Batch& b) {
    for (PendingFeature& item : b.items) reader_.shape(item);
    std::lock_guard<std::mutex> lock(mutex_);
    b.done = true;
}

void ShapingPipeline::consumeDone(bool wait) {
    for (;;) {
        std::unique_ptr<Batch> front;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            if (wait) done_.wait(lock, [&] { return failure_ || inOrder_.empty() || inOrder_.front()->done; });
            if (failure_) std::rethrow_exception(failure_);
            if (inOrder_.empty() || !inOrder_.front()->done) return;
            front = std::move(inOrder_.front());
            inOrder_.pop_front();
        }
        for (PendingFeature& item : front->items) consume_(item);
    }
}

void ShapingPipeline::work(const Reprojection& seed) {
    try {
        // Its own transformation, cloned on this thread (PROJ objects belong to a thread's context).
        std::unique_ptr<Reprojection> own = seed.clone();
        LayerReader reader(what_);
        reader.setTransform(reader_.frame(), std::move(own), reader_.fromGcj02());
        reader.setGeographicSource(reader_.geographicSource());
        for (;;) {
            Batch* b = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
                if (waiting_.empty()) return;
                b = waiting_.front();
                waiting_.pop_front();
            }
            for (PendingFeature& item : b->items) reader.shape(item);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                b->done = true;
            }
            done_.notify_one();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        failure_ = std::current_exception();
        done_.notify_one();
    }
}

}  // namespace reading
}  // namespace geo
