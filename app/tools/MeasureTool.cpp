#include "app/tools/MeasureTool.h"

namespace planview {

void MeasureTool::setMeasureMode(MeasureMode mode) {
    MeasureUiState& m = map_.state().measure;
    if (mode != m.mode) m.points.clear();
    m.mode = mode;
}

void MeasureTool::removeLastMeasurePoint() {
    MeasureUiState& m = map_.state().measure;
    if (!m.points.empty()) m.points.pop_back();
}

void MeasureTool::clearMeasure() { map_.state().measure.points.clear(); }

bool MeasureTool::addMeasurePoint(geo::Vec2 point) {
    MeasureUiState& m = map_.state().measure;
    if (m.mode == MeasureMode::Off) return false;
    m.points.push_back(point);
    return true;
}

}  // namespace planview
