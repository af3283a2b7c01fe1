#include "app/cli/SunlightReport.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include "geo/Errors.h"

namespace planview {

namespace {

constexpr double kPageWidth = 841.89, kPageHeight = 595.28, kMargin = 36;
constexpr double kPi = 3.14159265358979323846;
const char* const kFont = "WenQuanYi Micro Hei";

struct Rgb {
    double r, g, b;
};
constexpr Rgb kFail{0.86, 0.12, 0.12}, kPass{0.22, 0.66, 0.27}, kObstacle{0.74, 0.74, 0.74}, kInk{0.1, 0.1, 0.1};

void setColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

Rgb mix(Rgb a, Rgb b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

/// Hours of sun as a colour: navy to light blue below the threshold, yellow to orange from it to the
/// whole window, so that the threshold is where the hue jumps.
Rgb sunColour(double minutes, double threshold, double window) {
    constexpr Rgb none{0.17, 0.23, 0.56}, almost{0.50, 0.70, 0.90}, enough{0.96, 0.77, 0.09}, all{0.94, 0.48, 0.07};
    if (minutes < threshold) return mix(none, almost, threshold > 0 ? minutes / threshold : 1);
    return mix(enough, all, window > threshold ? (minutes - threshold) / (window - threshold) : 1);
}

/// Text drawn with Pango: one layout, its font and width changed as needed.
class Writer {
public:
    explicit Writer(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {}
    ~Writer() {
        g_object_unref(layout_);
        for (auto& [size, font] : fonts_) pango_font_description_free(font);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// Draws `text` with its top-left at x, y; `width` > 0 wraps it there (or cuts it with an ellipsis
    /// when `oneLine`). Returns its height in points.
    double draw(const std::string& text, double x, double y, double size, double width = 0, bool oneLine = false, bool bold = false) {
        prepare(text, size, width, oneLine, bold);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout_);
        int w = 0, h = 0;
        pango_layout_get_size(layout_, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    /// The width `text` takes on one line.
    double width(const std::string& text, double size, bool bold = false) {
        prepare(text, size, 0, false, bold);
        int w = 0, h = 0;
        pango_layout_get_size(layout_, &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }

private:
    void prepare(const std::string& text, double size, double width, bool oneLine, bool bold) {
        const int key = static_cast<int>(size * 10) * 2 + bold;
        auto found = std::find_if(fonts_.begin(), fonts_.end(), [&](const auto& f) { return f.first == key; });
        if (found == fonts_.end()) {
            PangoFontDescription* font = pango_font_description_from_string(kFont);
            pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
            if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
            fonts_.emplace_back(key, font);
            found = fonts_.end() - 1;
        }
        pango_layout_set_font_description(layout_, found->second);
        pango_layout_set_width(layout_, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
        pango_layout_set_ellipsize(layout_, oneLine && width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
        pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(layout_, text.c_str(), static_cast<int>(text.size()));
    }

    cairo_t* cr_;
    PangoLayout* layout_;
    std::vector<std::pair<int, PangoFontDescription*>> fonts_;
};

/// Scene metres to page points on the map.
struct MapFrame {
    double centreX = 0, centreY = 0, scale = 1;   ///< points a metre
    double x(double sceneX) const { return kMapLeft + kMapWidth / 2 + (sceneX - centreX) * scale; }
    double y(double sceneY) const { return kMapTop + kMapHeight / 2 - (sceneY - centreY) * scale; }
};

MapFrame frameOf(const SunlightReport& report) {
    double minX = std::numeric_limits<double>::max(), minY = minX, maxX = -minX, maxY = -minX;
    for (const auto& p : report.points) {
        minX = std::min(minX, p.position.x), maxX = std::max(maxX, p.position.x);
        minY = std::min(minY, p.position.y), maxY = std::max(maxY, p.position.y);
    }
    if (report.points.empty()) minX = minY = -100, maxX = maxY = 100;
    const double pad = std::max(30.0, 0.25 * std::max(maxX - minX, maxY - minY));
    MapFrame f;
    f.centreX = (minX + maxX) / 2;
    f.centreY = (minY + maxY) / 2;
    f.scale = std::min(kMapWidth / (maxX - minX + 2 * pad), kMapHeight / (maxY - minY + 2 * pad));
    return f;
}

void tracePolygon(cairo_t* cr, const geo::Polygon& polygon, const MapFrame& f) {
    for (const geo::Ring& ring : polygon.rings) {
        if (ring.empty()) continue;
        cairo_move_to(cr, f.x(ring[0].x), f.y(ring[0].y));
        for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, f.x(ring[i].x), f.y(ring[i].y));
        cairo_close_path(cr);
    }
}

/// Whether the polygon's bounding box meets the map (a long wall may cross it with no vertex on it).
bool onMap(const geo::Polygon& polygon, const MapFrame& f) {
    if (polygon.rings.empty() || polygon.rings[0].empty()) return false;
    double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
    for (const geo::Vec2& v : polygon.rings[0]) {
        minX = std::min(minX, f.x(v.x)), maxX = std::max(maxX, f.x(v.x));
        minY = std::min(minY, f.y(v.y)), maxY = std::max(maxY, f.y(v.y));
    }
    return maxX >= kMapLeft && minX <= kMapLeft + kMapWidth && maxY >= kMapTop && minY <= kMapTop + kMapHeight;
}

void fillPolygon(cairo_t* cr, const geo::Polygon& polygon, const MapFrame& f, Rgb fill) {
    cairo_new_path(cr);
    tracePolygon(cr, polygon, f);
    setColour(cr, fill);
    cairo_fill_preserve(cr);
    setColour(cr, mix(fill, kInk, 0.45));
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
}

/// A round length (1, 2 or 5 × 10^k metres) at most `metres`.
double roundLength(double metres) {
    const double power = std::pow(10.0, std::floor(std::log10(std::max(metres, 1e-3))));
    for (double m : {5.0, 2.0, 1.0})
        if (m * power <= metres) return m * power;
    return power;
}

std::string lengthText(double metres) {
    char buffer[32];
    if (metres >= 1000) std::snprintf(buffer, sizeof buffer, "%g km", metres / 1000);
    else std::snprintf(buffer, sizeof buffer, "%g m", metres);
    return buffer;
}

void drawMap(cairo_t* cr, Writer& text, const SunlightReport& report) {
    const MapFrame f = frameOf(report);
    cairo_save(cr);
    cairo_rectangle(cr, kMapLeft, kMapTop, kMapWidth, kMapHeight);
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.95);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (const geo::Polygon* p : report.obstacles)
        if (onMap(*p, f)) fillPolygon(cr, *p, f, kObstacle);
    for (const auto& t : report.targets)
        for (const geo::Polygon& p : *t.footprint) fillPolygon(cr, p, f, t.fails ? kFail : kPass);
    const double radius = std::clamp(0.45 * f.scale, 1.2, 2.5);
    for (const auto& p : report.points) {
        setColour(cr, sunColour(p.minutes, report.thresholdMinutes, report.windowMinutes));
        cairo_new_path(cr);
        cairo_arc(cr, f.x(p.position.x), f.y(p.position.y), radius, 0, 2 * kPi);
        cairo_fill(cr);
    }
    cairo_restore(cr);
    cairo_rectangle(cr, kMapLeft, kMapTop, kMapWidth, kMapHeight);
    setColour(cr, kInk);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);

    // North arrow (true north), top right.
    const double ax = kMapLeft + kMapWidth - 28, ay = kMapTop + 38;
    cairo_save(cr);
    cairo_translate(cr, ax, ay);
    cairo_rotate(cr, report.trueNorthInGrid * kPi / 180);
    cairo_move_to(cr, 0, -18);
    cairo_line_to(cr, 7, 10);
    cairo_line_to(cr, 0, 5);
    cairo_line_to(cr, -7, 10);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    setColour(cr, kInk);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_move_to(cr, 0, -18);
    cairo_line_to(cr, 0, 5);
    cairo_line_to(cr, -7, 10);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_restore(cr);
    setColour(cr, kInk);
    text.draw("北 N", ax - 10, ay - 34, 8, 0, false, true);

    // Scale bar, bottom left: a round length near a quarter of the map's width.
    const double metres = roundLength(kMapWidth / 4 / f.scale), barWidth = metres * f.scale;
    const double bx = kMapLeft + 14, by = kMapTop + kMapHeight - 18;
    cairo_rectangle(cr, bx - 4, by - 16, barWidth + 8, 24);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    setColour(cr, kInk);
    cairo_rectangle(cr, bx, by, barWidth / 2, 4);
    cairo_fill(cr);
    cairo_rectangle(cr, bx, by, barWidth, 4);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    text.draw("0", bx - 2, by - 13, 7);
    text.draw(lengthText(metres), bx + barWidth - text.width(lengthText(metres), 7) / 2, by - 13, 7);
}

/// The legend under the summary: the buildings' colours and the points' ramp.
double drawLegend(cairo_t* cr, Writer& text, const SunlightReport& report, double x, double y) {
    setColour(cr, kInk);
    y += text.draw("图例 Legend", x, y, 9, 0, false, true) + 4;
    auto swatch = [&](Rgb c, const std::string& label) {
        cairo_rectangle(cr, x, y + 1, 14, 9);
        setColour(cr, c);
        cairo_fill_preserve(cr);
        setColour(cr, mix(c, kInk, 0.45));
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        setColour(cr, kInk);
        y += std::max(12.0, text.draw(label, x + 20, y, 8));
    };
    if (!report.targets.empty()) {
        swatch(kFail, "未达标建筑 building with failing points");
        swatch(kPass, "达标建筑 building, every point passes");
    }
    swatch(kObstacle, "其他建筑 other buildings (obstacles)");
    y += 4;
    text.draw("计算点日照时数 points' hours of sun", x, y, 8);
    y += 13;
    const double width = 200;
    for (int i = 0; i < 100; ++i) {
        const double minutes = report.windowMinutes * (i + 0.5) / 100;
        setColour(cr, sunColour(minutes, report.thresholdMinutes, report.windowMinutes));
        cairo_rectangle(cr, x + width * i / 100, y, width / 100 + 0.3, 9);
        cairo_fill(cr);
    }
    setColour(cr, kInk);
    const double tx = x + width * std::clamp(report.thresholdMinutes / report.windowMinutes, 0.0, 1.0);
    cairo_move_to(cr, tx, y - 2);
    cairo_line_to(cr, tx, y + 11);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    char buffer[64];
    text.draw("0 h", x, y + 12, 7);
    std::snprintf(buffer, sizeof buffer, "%g h", report.thresholdMinutes / 60);
    text.draw(buffer, tx - 6, y + 12, 7);
    std::snprintf(buffer, sizeof buffer, "%g h", report.windowMinutes / 60);
    text.draw(buffer, x + width - 14, y + 12, 7);
    return y + 24;
}

void drawFooter(Writer& text, cairo_t* cr, int page) {
    setColour(cr, kInk);
    text.draw("planview sunlight · 第 " + std::to_string(page) + " 页 page " + std::to_string(page), kMargin, kPageHeight - 24, 7);
}

/// A table over as many pages as it needs, its header on each; starts on a new page.
void drawTable(cairo_t* cr, Writer& text, int& page, const std::string& title, const std::vector<std::string>& columns, std::size_t rows,
               const std::function<void(std::size_t, std::vector<std::string>&)>& row) {
    constexpr double size = 7, rowHeight = 10.5, gap = 8;
    const double available = kPageWidth - 2 * kMargin;
    // Column widths from the header and the first rows, shrunk together when they do not fit.
    std::vector<double> widths;
    for (const auto& c : columns) widths.push_back(text.width(c, size, true));
    std::vector<std::string> cells;
    for (std::size_t r = 0; r < std::min<std::size_t>(rows, 400); ++r) {
        cells.clear();
        row(r, cells);
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], std::min(260.0, text.width(cells[c], size)));
    }
    double total = 0;
    for (double& w : widths) total += w + gap;
    if (total > available)
        for (double& w : widths) w = (w + gap) * available / total - gap;

    std::size_t r = 0;
    do {
        cairo_show_page(cr);
        ++page;
        double y = kMargin;
        setColour(cr, kInk);
        y += text.draw(title + (r > 0 ? "（续 continued）" : ""), kMargin, y, 11, 0, false, true) + 8;
        auto line = [&](const std::vector<std::string>& values, bool bold) {
            double x = kMargin;
            for (std::size_t c = 0; c < widths.size(); ++c) {
                text.draw(c < values.size() ? values[c] : "", x, y, size, widths[c], true, bold);
                x += widths[c] + gap;
            }
            y += rowHeight;
        };
        line(columns, true);
        cairo_move_to(cr, kMargin, y);
        cairo_line_to(cr, kPageWidth - kMargin, y);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        y += 2;
        if (rows == 0) text.draw("（无 none）", kMargin, y, size);
        for (; r < rows && y + rowHeight < kPageHeight - 40; ++r) {
            cells.clear();
            row(r, cells);
            line(cells, false);
        }
        drawFooter(text, cr, page);
    } while (r < rows);
}

cairo_status_t writeToStream(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::ostream*>(closure);
    out->write(reinterpret_cast<const char*>(data), length);
    return *out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

}  // namespace

void writeSunlightPdf(std::ostream& out, const SunlightReport& report) {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create_for_stream(writeToStream, &out, kPageWidth, kPageHeight), cairo_surface_destroy);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, ("日照分析 " + report.title).c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "planview sunlight");
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()), cairo_destroy);
    cairo_t* cr = context.get();
    {
        Writer text(cr);
        int page = 1;
        // Page 1: parameters, summary and legend beside the map.
        double y = kMargin - 14;
        setColour(cr, kInk);
        text.draw("日照分析报告 Sunlight analysis (GB 50180-2018)", kMargin, y, 14, 0, false, true);
        text.draw(report.title, kMargin, y + 21, 9, kPageWidth - 2 * kMargin, true);
        y = kMapTop;
        const double column = kMapLeft - kMargin - 14;
        y += text.draw("参数 Parameters", kMargin, y, 9, 0, false, true) + 3;
        for (const auto& [label, value] : report.parameters) {
            const double h = text.draw(label, kMargin, y, 7.5, 96);
            y += std::max(h, text.draw(value, kMargin + 100, y, 7.5, column - 100)) + 1.5;
        }
        y += 8;
        y += text.draw("结果 Summary", kMargin, y, 9, 0, false, true) + 3;
        for (const auto& line : report.summary) y += text.draw(line, kMargin, y, 7.5, column) + 1.5;
        y += 10;
        drawLegend(cr, text, report, kMargin, y);
        drawMap(cr, text, report);
        drawFooter(text, cr, page);

        drawTable(cr, text, page, report.failingTitle, report.failingColumns, report.failingRows.size(),
                  [&](std::size_t i, std::vector<std::string>& cells) { cells = report.failingRows[i]; });
        drawTable(cr, text, page, "全部计算点 Every point", report.columns, report.rowCount, report.row);
    }
    context.reset();
    cairo_surface_finish(surface.get());
    const cairo_status_t status = cairo_surface_status(surface.get());
    if (status != CAIRO_STATUS_SUCCESS) throw geo::OutputError(std::string("the PDF report cannot be made: ") + cairo_status_to_string(status));
}

}  // namespace planview
