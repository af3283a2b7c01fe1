// Lengths and areas in the metric scene frame, and how the UI writes them (m, km, m², mu, km²).
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/Geometry.h"   // ringArea, once declared here

namespace geo {

/// Length of a polyline, metres.
double polylineLength(const std::vector<Vec2>& points);

/// Geometric measures of a loaded feature: polygon area (holes subtracted) and perimeter (every
/// ring), line length; zeros where they do not apply.
struct FeatureMeasures {
    double areaM2 = 0;
    double perimeterM = 0;
    double lengthM = 0;
};
FeatureMeasures measureFeature(const Feature& feature);
class SceneFrame;
/// The same, as PlanView reports them in `frame`: geodesic where the frame distorts measures
/// (SceneFrame::distortsMeasures), else planar (geo/Geodesic.h).
FeatureMeasures measureFeature(const Feature& feature, const SceneFrame& frame);

/// A point inside the feature: for polygons a point inside the largest part (not the centroid, which
/// can fall outside an L-shape or in a hole), for lines the middle vertex, for points the first.
std::optional<Vec2> representativePoint(const Feature& feature);

/// The index of the first polygon feature of `zones` containing `point`, or nullopt.
std::optional<std::size_t> containingFeature(const FeatureLayer& zones, Vec2 point);

/// "850 m" or "12.4 km" style text with both units where both help: "1,250 m (1.25 km)".
/// Under 1 km metres only ("8.50 m", "85.3 m", "850 m"), 1–10 km both ("1,250 m (1.25 km)"), from
/// 10 km kilometres ("12.4 km", from 100 km "1,235 km"). Thousands separators; no locale involved.
std::string formatLength(double metres);
/// "12,345 m² · 18.52 亩 · 0.0123 km²" (the mu word in the UI's language: 亩 or mu). The km² part
/// appears from 0.01 km² (10,000 m²); m² whole from 100 m², mu with 2 decimals under 100 mu, 1 under
/// 10,000, then whole; km² with 3 significant digits under 1 km², else 2 decimals.
std::string formatArea(double squareMetres, bool chinese);

}  // namespace geo
