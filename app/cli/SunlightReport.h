// `planview sunlight --format pdf`: the 日照 analysis as a PDF report for a review file, drawn with
// cairo's PDF surface and Pango (text shaped with the system's fonts, Chinese through WenQuanYi Micro
// Hei; the PDF embeds the glyphs it uses and their Unicode text, so the report can be searched and its
// text extracted).
//
// Pages are A4 landscape (841.89 × 595.28 pt). Page 1: the title, the parameters, the summary and the
// legend on the left; the map on the right, in the rectangle kMapLeft, kMapTop, kMapWidth, kMapHeight
// (points from the page's top-left corner). The map is the top view in scene metres, grid north up: the
// extent of the analysed points, grown on every side by a quarter of its longer side (at least 30 m),
// scaled alike on both axes to fit the rectangle and centred in it. It draws every obstacle building
// within it in grey, the analysed buildings filled red when any of their points fails and green when all
// pass, the points coloured by their hours of sun, a north arrow (true north) and a scale bar. Then the
// table of failing buildings and floors, then every row, paged, each page with the table's header.
#pragma once
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>
#include "geo/Feature.h"

namespace planview {

constexpr double kMapLeft = 300, kMapTop = 64, kMapWidth = 506, kMapHeight = 495;

struct SunlightReport {
    std::string title;                                              ///< what was analysed (the project's title)
    std::vector<std::pair<std::string, std::string>> parameters;    ///< label, value
    std::vector<std::string> summary;                               ///< lines

    // The map, in scene metres.
    std::vector<const geo::Polygon*> obstacles;   ///< every building that can cast shade
    struct Target {
        const std::vector<geo::Polygon>* footprint = nullptr;
        bool fails = false;                       ///< any of its points has less sun than the threshold
    };
    std::vector<Target> targets;                  ///< the analysed buildings (none for a point layer)
    struct Point {
        geo::Vec2 position;
        double minutes = 0;
        bool fails = false;
    };
    std::vector<Point> points;
    double thresholdMinutes = 120;
    double windowMinutes = 480;
    double trueNorthInGrid = 0;                   ///< degrees clockwise from grid north to true north

    /// The failing buildings and floors (or points): a header and its rows.
    std::string failingTitle;
    std::vector<std::string> failingColumns;
    std::vector<std::vector<std::string>> failingRows;

    /// Every row, made one at a time (there may be millions).
    std::vector<std::string> columns;
    std::size_t rowCount = 0;
    std::function<void(std::size_t, std::vector<std::string>&)> row;
};

/// Writes `report` as a PDF document to `out`. Throws geo::OutputError when cairo cannot make it.
void writeSunlightPdf(std::ostream& out, const SunlightReport& report);

}  // namespace planview
