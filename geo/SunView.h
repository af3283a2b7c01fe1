// The sun as part of the map view: a local date and clock time in a time zone ("the sun at
// 2020-01-20 10:00, UTC+8"), written in bookmarks and on the command line as
// "YYYY-MM-DD HH:MM[:SS][ ZONE]", and where that puts the sun over a project's scene (altitude,
// azimuth at the scene's centre, the direction towards it in the scene frame). Plain arithmetic over
// geo/Sun; no display.
#pragma once
#include <optional>
#include <string>
#include "geo/Sun.h"
#include "geo/Vec.h"

namespace geo {

class SceneFrame;
struct ProjectData;

/// A moment of local clock time: what the sun panel, `render --sun` and a bookmark's `sun` set.
struct SunTime {
    CivilDate date;
    double clockHours = 12;      ///< hours after local midnight, 0 ≤ h < 24
    double utcOffsetHours = 8;   ///< the clock's zone (China: +8)
    bool operator==(const SunTime& o) const {
        return date == o.date && clockHours == o.clockHours && utcOffsetHours == o.utcOffsetHours;
    }
    bool operator!=(const SunTime& o) const { return !(*this == o); }
};

/// Parses "YYYY-MM-DD HH:MM", optionally with seconds (":SS") and a zone after a space: "UTC+8",
/// "UTC+05:30", "+08:00", "-3", "Z" or "UTC". Without a zone the clock is `defaultUtcOffset`'s.
/// Throws InputError (one sentence quoting the text and the cause) for anything else: a date not in
/// the calendar, an hour past 23, a zone beyond ±14 h.
SunTime parseSunTime(const std::string& text, double defaultUtcOffset);
/// "YYYY-MM-DD HH:MM" (":SS" when the seconds are not 0), then " UTC+8" (or "UTC+05:30") unless the
/// zone is `omitOffset`: parseSunTime(formatSunTime(t, z), z) == t to the second.
std::string formatSunTime(const SunTime& t, std::optional<double> omitOffset = std::nullopt);
/// The sun `fraction` (0..1) of the way from `from` to `to`, for a tour flying between two stops: on one
/// day in one zone the clock moves on evenly (a shadow sweep of a day); across days or zones, or
/// without a sun on either side, the sun is `to`'s from the start, as it cannot sweep.
std::optional<SunTime> sunBetween(const std::optional<SunTime>& from, const std::optional<SunTime>& to, double fraction);

/// "UTC+8", "UTC-03:30", "UTC".
std::string formatUtcOffset(double hours);

/// The zone a place keeps when nobody says: its longitude's nautical zone (round(lon / 15); UTC+8
/// for all of eastern China).
double defaultUtcOffset(double lon);

/// The sun over a scene at one moment.
struct SceneSun {
    SunPosition position;        ///< at the scene's centre (refracted altitude, true azimuth)
    double lon = 0, lat = 0;     ///< the scene's centre, WGS84 degrees
    /// A unit vector towards the sun in the scene frame (x east, y grid north, z up): the true
    /// azimuth turned by the frame's meridian convergence.
    double dx = 0, dy = 0, dz = 1;
    bool night() const { return position.altitude <= 0; }
};

/// Today's date on the clock of zone `utcOffsetHours` (from the system clock).
CivilDate todayIn(double utcOffsetHours);

/// The scene's centre (the middle of `bounds`, scene metres) in WGS84 lon/lat.
Vec2 sceneCentreLonLat(const SceneFrame& frame, const Extent& bounds);
/// The zone a project's clock defaults to: defaultUtcOffset of its scene's centre.
double projectUtcOffset(const ProjectData& data);
/// Where the sun stands over the project's scene at `t`.
SceneSun sceneSun(const SunTime& t, const ProjectData& data);
SceneSun sceneSun(const SunTime& t, const SceneFrame& frame, const Extent& bounds);

}  // namespace geo
