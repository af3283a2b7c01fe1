#include "geo/SunView.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <regex>
#include "geo/Errors.h"
#include "geo/ProjectData.h"
#include "geo/SceneFrame.h"
#include "geo/Sunlight.h"

namespace geo {

namespace {

constexpr double kPi = 3.14159265358979323846;

// "UTC+8", "+08:00", "-3", "UTC+05:30", "Z", "UTC": hours east of Greenwich, or nullopt.
std::optional<double> parseZone(const std::string& zone) {
    if (zone == "Z" || zone == "UTC" || zone == "GMT") return 0.0;
    static const std::regex pattern("^(?:UTC|GMT)?([+-])([0-9]{1,2})(?::?([0-9]{2}))?$");
    std::smatch m;
    if (!std::regex_match(zone, m, pattern)) return std::nullopt;
    const int hours = std::stoi(m[2]);
    const int minutes = m[3].matched ? std::stoi(m[3]) : 0;
    if (minutes >= 60) return std::nullopt;
    const double offset = (m[1] == "-" ? -1 : 1) * (hours + minutes / 60.0);
    if (std::fabs(offset) > 14) return std::nullopt;
    return offset;
}

}  // namespace

SunTime parseSunTime(const std::string& text, double defaultOffset) {
    static const std::regex pattern("^\\s*([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\\s*(\\S+))?\\s*$");
    std::smatch m;
    const std::string quoted = "'" + text + "'";
    if (!std::regex_match(text, m, pattern))
        throw InputError(quoted + " is not a sun time: expected \"YYYY-MM-DD HH:MM\" with an optional zone (\"2020-01-20 10:00\", \"2020-01-20 10:00 UTC+8\")");
    SunTime t;
    try {
        t.date = parseCivilDate(m[1]);
    } catch (const InputError&) {
        throw InputError(quoted + " is not a sun time: " + std::string(m[1]) + " is not a date of the calendar");
    }
    const int hours = std::stoi(m[2]), minutes = std::stoi(m[3]), seconds = m[4].matched ? std::stoi(m[4]) : 0;
    if (hours > 23 || minutes > 59 || seconds > 59)
        throw InputError(quoted + " is not a sun time: the clock time must be 00:00 to 23:59");
    t.clockHours = hours + minutes / 60.0 + seconds / 3600.0;
    t.utcOffsetHours = defaultOffset;
    if (m[5].matched) {
        auto zone = parseZone(m[5]);
        if (!zone) throw InputError(quoted + " is not a sun time: '" + std::string(m[5]) + "' is not a time zone (UTC+8, +08:00, Z)");
        t.utcOffsetHours = *zone;
    }
    return t;
}

std::string formatUtcOffset(double hours) {
    if (hours == 0) return "UTC";
    const long minutes = std::lround(std::fabs(hours) * 60);
    char buffer[32];
    if (minutes % 60 == 0) std::snprintf(buffer, sizeof buffer, "UTC%c%ld", hours < 0 ? '-' : '+', minutes / 60);
    else std::snprintf(buffer, sizeof buffer, "UTC%c%02ld:%02ld", hours < 0 ? '-' : '+', minutes / 60, minutes % 60);
    return buffer;
}

std::optional<SunTime> sunBetween(const std::optional<SunTime>& from, const std::optional<SunTime>& to, double fraction) {
    if (!from || !to || from->date != to->date || from->utcOffsetHours != to->utcOffsetHours) return to;
    SunTime t = *to;
    const double f = std::clamp(fraction, 0.0, 1.0);
    t.clockHours = from->clockHours + (to->clockHours - from->clockHours) * f;
    return t;
}

std::string formatSunTime(const SunTime& t, std::optional<double> omitOffset) {
    long seconds = std::lround(t.clockHours * 3600);
    if (seconds >= 24 * 3600) seconds = 24 * 3600 - 1;
    if (seconds < 0) seconds = 0;
    char buffer[48];
    if (seconds % 60 == 0) std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", seconds / 3600, seconds / 60 % 60);
    else std::snprintf(buffer, sizeof buffer, "%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    std::string text = formatCivilDate(t.date) + " " + buffer;
    if (!omitOffset || *omitOffset != t.utcOffsetHours) text += " " + formatUtcOffset(t.utcOffsetHours);
    return text;
}

double defaultUtcOffset(double lon) {
    double zone = std::round(lon / 15);
    return std::fmax(-12, std::fmin(12, zone));
}

CivilDate todayIn(double utcOffsetHours) {
    const double now = static_cast<double>(std::time(nullptr)) / 86400.0 + 2440587.5 + utcOffsetHours / 24;
    return civilDateOf(now);
}

Vec2 sceneCentreLonLat(const SceneFrame& frame, const Extent& bounds) {
    return frame.toLonLat(bounds.empty() ? Vec2{0, 0} : bounds.center());
}

double projectUtcOffset(const ProjectData& data) { return defaultUtcOffset(sceneCentreLonLat(data.frame, data.bounds).x); }

SceneSun sceneSun(const SunTime& t, const SceneFrame& frame, const Extent& bounds) {
    SceneSun s;
    const Vec2 centre = sceneCentreLonLat(frame, bounds);
    s.lon = centre.x;
    s.lat = centre.y;
    s.position = sunPosition(t.date, t.clockHours, t.utcOffsetHours, s.lon, s.lat);
    const double azimuth = (s.position.azimuth + trueNorthInGrid(frame, s.lon, s.lat)) * kPi / 180;
    const double altitude = s.position.altitude * kPi / 180;
    s.dx = std::sin(azimuth) * std::cos(altitude);
    s.dy = std::cos(azimuth) * std::cos(altitude);
    s.dz = std::sin(altitude);
    return s;
}

SceneSun sceneSun(const SunTime& t, const ProjectData& data) { return sceneSun(t, data.frame, data.bounds); }

}  // namespace geo
