#include "app/tools/MeasureTool.h"
#include "geo/Geodesic.h"
#include "geo/GroundHeights.h"
#include "geo/Measure.h"

namespace planview {

namespace {

/// The figures the panel shows, as PlanView reports them in the scene frame; on terrain also the
/// length along the ground (the reported length scaled by how much the slopes add).
void remeasure(MeasureUiState& m, const geo::SceneFrame& frame, const geo::GroundHeights& ground) {
    m.lengthM = geo::reportedLength(m.points, frame);
    m.pointHeights.clear();
    m.groundLengthM = 0;
    if (!ground.flat()) {
        for (const geo::Vec2& p : m.points) m.pointHeights.push_back(ground.at(p));
        const double planar = geo::polylineLength(m.points);
        if (planar > 0) m.groundLengthM = m.lengthM * ground.surfaceLength(m.points) / planar;
    }
    std::vector<geo::Vec2> closed = m.points;
    if (closed.size() > 2) closed.push_back(closed.front());
    m.perimeterM = geo::reportedLength(closed, frame);
    m.areaM2 = m.points.size() > 2 ? geo::reportedRingArea(m.points, frame) : 0.0;
}

}  // namespace

void MeasureTool::setMeasureMode(MeasureMode mode) {
    MeasureUiState& m = map_.state().measure;
    if (mode != m.mode) m.points.clear();
    m.mode = mode;
    remeasure(m, map_.data().frame, map_.scene().ground());
}

void MeasureTool::removeLastMeasurePoint() {
    MeasureUiState& m = map_.state().measure;
    if (!m.points.empty()) m.points.pop_back();
    remeasure(m, map_.data().frame, map_.scene().ground());
}

void MeasureTool::clearMeasure() {
    map_.state().measure.points.clear();
    remeasure(map_.state().measure, map_.data().frame, map_.scene().ground());
}

bool MeasureTool::addMeasurePoint(geo::Vec2 point) {
    MeasureUiState& m = map_.state().measure;
    if (m.mode == MeasureMode::Off) return false;
    m.points.push_back(point);
    remeasure(m, map_.data().frame, map_.scene().ground());
    return true;
}

}  // namespace planview
