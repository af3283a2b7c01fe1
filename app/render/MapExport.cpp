#include "app/render/MapExport.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include "app/render/ImageWriter.h"
#include "app/render/PrivateXServer.h"
#include "app/scene/Scene.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace fs = std::filesystem;

namespace planview {

namespace {

constexpr int kMaxSide = 8192;
constexpr int kDefaultLongSide = 4096;
// The PDF map's margin around the data, a fraction of the page height on each side: room for the
// title above, the scale bar and attribution below, the legend at the side.
constexpr double kPageMargin = 0.09;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == suffix;
}

}  // namespace

const PaperSize* paperSize(const std::string& name) {
    static const PaperSize kPapers[] = {{"A3", 420, 297}, {"A4", 297, 210}};
    for (const PaperSize& p : kPapers)
        if (lower(name) == lower(p.name)) return &p;
    return nullptr;
}

std::string mapFormatFor(const std::string& format, const std::string& output) {
    if (!format.empty()) {
        const std::string f = lower(format);
        if (f == "gtiff" || f == "geotiff" || f == "tif" || f == "tiff") return "GTiff";
        if (f == "pdf") return "PDF";
        return "";
    }
    if (endsWith(output, ".tif") || endsWith(output, ".tiff")) return "GTiff";
    if (endsWith(output, ".pdf")) return "PDF";
    return "";
}

RenderSettings mapImageSettings(int width, int height) {
    RenderSettings settings;
    settings.width = width;
    settings.height = height;
    settings.ortho = true;
    settings.ui = false;
    settings.labels = false;
    settings.present = false;
    settings.mapExport = true;
    return settings;
}

void writeViewGeoTiff(const std::string& path, const RenderedView& view, const geo::SceneFrame& frame) {
    if (!view.geoTransform) throw geo::InputError("internal: the top view has no geotransform");
    writeGeoTiff(path, view.image, *view.geoTransform, frame.srs());
}

MapExportReport exportMap(const geo::ProjectData& data, const std::string& executablePath, const MapExportOptions& options) {
    MapExportReport report;
    report.output = options.output;
    report.format = mapFormatFor(options.format, options.output);
    if (report.format.empty())
        throw geo::InputError(options.output + ": unknown map format '" + options.format +
                              "' (GTiff or PDF, or a .tif, .tiff or .pdf file name)");
    std::error_code ec;
    if (fs::exists(options.output, ec) && !options.overwrite)
        throw geo::OutputError(options.output + ": already exists (use --overwrite to replace it)");
    checkWritable(options.output);
    if (data.bounds.empty())
        throw geo::InputError(data.project.path + ": no features to draw (every layer is empty or unavailable)");
    const double dataW = std::max(data.bounds.width(), 1.0), dataH = std::max(data.bounds.height(), 1.0);

    const bool pdf = report.format == "PDF";
    const PaperSize* paper = nullptr;
    if (pdf) {
        paper = paperSize(options.paper);
        if (!paper) throw geo::InputError("--paper " + options.paper + ": unknown paper size (A3 or A4)");
        if (!(options.dpi >= 72 && options.dpi <= 600))
            throw geo::InputError("--dpi " + std::to_string(static_cast<int>(options.dpi)) + ": must be between 72 (the PDF driver's least) and 600");
        report.width = static_cast<int>(std::lround(paper->widthMm / 25.4 * options.dpi));
        report.height = static_cast<int>(std::lround(paper->heightMm / 25.4 * options.dpi));
        report.pageWidthMm = report.width / options.dpi * 25.4;
        report.pageHeightMm = report.height / options.dpi * 25.4;
    } else {
        int w = options.width, h = options.height;
        // The data's aspect with the top view's 2 % margins.
        const double margin = 0.04 * std::max(dataW, dataH);
        const double aspect = (dataW + margin) / (dataH + margin);
        if (w <= 0 && h <= 0) {
            if (aspect >= 1) w = kDefaultLongSide;
            else h = kDefaultLongSide;
        }
        if (w <= 0) w = static_cast<int>(std::lround(h * aspect));
        if (h <= 0) h = static_cast<int>(std::lround(w / aspect));
        report.width = std::max(w, 16);
        report.height = std::max(h, 16);
    }
    if (report.width > kMaxSide || report.height > kMaxSide)
        throw geo::InputError(options.output + ": " + std::to_string(report.width) + "×" + std::to_string(report.height) +
                              " pixels is too large (at most " + std::to_string(kMaxSide) + " a side)" +
                              (pdf ? ": lower --dpi" : ""));

    RenderSettings settings = mapImageSettings(report.width, report.height);
    if (pdf) {
        // The print map: the presented top view (edges, labels and the overlay at the page's size).
        settings.mapExport = false;
        settings.present = true;
        settings.labels = options.labels;
        settings.groundGrid = false;   // plain paper around the data, not graph paper
    }
    // Declared before the renderer, so the X server outlives the GL context drawn on it.
    std::unique_ptr<PrivateXServer> xserver;
    if (!hasDisplay()) xserver = PrivateXServer::start();
    ViewRenderer renderer(data, executablePath, settings);
    if (options.view) {
        // A map to print or to overlay in a GIS shows the data, not the viewer's pick.
        geo::MapView view = *options.view;
        view.selection.reset();
        renderer.show(view);
    }
    RenderedView view;
    if (!pdf) {
        view = renderer.render("top");
    } else {
        if (!options.title.empty()) renderer.presentation().title = options.title;
        // Straight down on the data's centre, the data fitted inside the page's margins.
        const double aspect = static_cast<double>(report.width) / report.height;
        const double usableH = 1 - 2 * kPageMargin, usableW = 1 - 2 * kPageMargin * 1.6 / aspect;
        const double ground = std::max(dataH / usableH, dataW / (usableW * aspect));
        CameraPose pose;
        const geo::Vec2 centre = data.bounds.center();
        pose.target = osg::Vec3d(centre.x, centre.y, 0);
        pose.heading = 0;
        pose.pitch = 90;
        pose.distance = ground / (2 * std::tan(kFieldOfViewY * M_PI / 360.0));
        view = renderer.renderPose(pose);
    }
    report.renderMs = view.report.milliseconds;
    if (!view.geoTransform) throw geo::InputError("internal: the top view has no geotransform");
    report.metresPerPixel = (*view.geoTransform)[1];

    if (!pdf) {
        writeViewGeoTiff(options.output, view, data.frame);
    } else {
        std::string title = options.title.empty() ? data.project.title : options.title;
        writeGeoPdf(options.output, view.image, *view.geoTransform, data.frame.srs(), options.dpi, title);
    }
    geo::log().info("exported the map to {} ({}, {}x{} px, {:.3f} m a pixel, drawn in {:.0f} ms)", options.output,
                    report.format, report.width, report.height, report.metresPerPixel, report.renderMs);
    return report;
}

}  // namespace planview
