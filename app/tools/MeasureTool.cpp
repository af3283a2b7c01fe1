#include "app/tools/MeasureTool.h"
#include "geo/Geodesic.h"

namespace planview {

namespace {

/// The figures the panel shows, as PlanView reports them in the scene frame.
void remeasure(MeasureUiState& m, const geo::SceneFrame& frame) {
    m.lengthM = geo::reportedLength(m.points, frame);
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
    remeasure(m, map_.data().frame);
}

void MeasureTool::removeLastMeasurePoint() {
    MeasureUiState& m = map_.state().measure;
    if (!m.points.empty()) m.points.pop_back();
    remeasure(m, map_.data().frame);
}

void MeasureTool::clearMeasure() {
    map_.state().measure.points.clear();
    remeasure(map_.state().measure, map_.data().frame);
}

bool MeasureTool::addMeasurePoint(geo::Vec2 point) {
    MeasureUiState& m = map_.state().measure;
    if (m.mode == MeasureMode::Off) return false;
    m.points.push_back(point);
    remeasure(m, map_.data().frame);
    return true;
}

}  // namespace planview
