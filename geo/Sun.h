// The sun as seen from a place on the ground: its position (altitude, azimuth) at a date and clock time,
// true solar time (真太阳时) and the solar terms (节气) the sunlight standard counts on (GB 50180-2018:
// 大寒, 冬至). Plain arithmetic, no display; used by the sunlight analysis (geo/Sunlight) and the viewer.
//
// The algorithm is Meeus's (Astronomical Algorithms, 2nd ed., ch. 12, 22, 25 "higher accuracy" with
// VSOP87 as abridged in appendix III, 28), the same theory NREL's SPA uses, with the apparent sidereal
// time for the hour angle, ΔT, the sun's parallax and SPA's refraction formula: SPA's published example
// is matched within 0.0001°, and the solar terms' instants within a minute.
#pragma once
#include <optional>
#include <string>

namespace geo {

/// A calendar date (proleptic Gregorian).
struct CivilDate {
    int year = 2000, month = 1, day = 1;
    bool operator==(const CivilDate& o) const { return year == o.year && month == o.month && day == o.day; }
    bool operator!=(const CivilDate& o) const { return !(*this == o); }
};

/// "YYYY-MM-DD". Throws InputError for anything else or a
/// date that does not exist (2023-02-29, month 13).
CivilDate parseCivilDate(const std::string& text);
std::string formatCivilDate(const CivilDate& d);
/// Whether the date exists (month 1–12, day within the month, year 1–9999).
bool validDate(const CivilDate& d);

/// The Julian Day of a moment: `date` at `hoursUtc` hours after its midnight in UTC (may exceed 24).
double julianDay(const CivilDate& date, double hoursUtc);
/// The UTC calendar date and hours of the day of a Julian Day (inverse of julianDay).
CivilDate civilDateOf(double julianDay, double* hoursOfDay = nullptr);

/// ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus's polynomials, 1900–2150; a parabola
/// outside). About 69 s around 2020.
double deltaTSeconds(double decimalYear);

/// Where the sun is, seen from a place, at one moment.
struct SunPosition {
    double altitude = 0;       ///< degrees above the horizon (refraction applied when asked), -90..90
    double azimuth = 0;        ///< degrees clockwise from true north, 0..360 (90 = east, 180 = south)
    double zenith = 0;         ///< 90 − altitude
    double declination = 0;    ///< geocentric apparent declination, degrees
    double rightAscension = 0; ///< geocentric apparent right ascension, degrees 0..360
    double hourAngle = 0;      ///< local apparent hour angle, degrees −180..180 (west positive)
    double eclipticLongitude = 0;   ///< apparent geocentric ecliptic longitude, degrees 0..360
    double equationOfTime = 0; ///< minutes: apparent solar time minus mean solar time
    double trueSolarHours = 0; ///< 真太阳时 at the place, hours 0..24 (12 = the sun on the meridian)
};

struct SunOptions {
    bool refraction = true;        ///< apparent (refracted) altitude; false = geometric
    double pressureMillibar = 1010;///< for refraction
    double temperatureC = 10;      ///< for refraction
    std::optional<double> deltaT;  ///< seconds; default deltaTSeconds(year)
};

/// The sun at `date` and `clockHours` (hours after local midnight, clock time of the zone `utcOffsetHours`,
/// e.g. +8 for China) at `lon`, `lat` (degrees, east and north positive).
SunPosition sunPosition(const CivilDate& date, double clockHours, double utcOffsetHours, double lon, double lat,
                        const SunOptions& options = {});
/// The same for a moment given as a Julian Day (UT).
SunPosition sunPositionAt(double julianDayUt, double lon, double lat, const SunOptions& options = {});

/// 真太阳时 (apparent solar time, hours) at `lon` when the clock of zone `utcOffsetHours` shows
/// `clockHours` on `date`: clock + (lon/15 − utcOffset) h + the equation of time.
double clockToTrueSolar(const CivilDate& date, double clockHours, double utcOffsetHours, double lon);
/// The clock time (hours after local midnight, zone `utcOffsetHours`) at which the true solar time at
/// `lon` is `trueSolarHours` on `date` (inverse of clockToTrueSolar, to well under a second).
double trueSolarToClock(const CivilDate& date, double trueSolarHours, double utcOffsetHours, double lon);

/// The solar terms the sunlight standards use, by the sun's apparent ecliptic longitude.
enum class SolarTerm { SpringEquinox, SummerSolstice, AutumnEquinox, WinterSolstice, GreatCold };
/// 0 春分, 90 夏至, 180 秋分, 270 冬至, 300 大寒 (degrees).
double solarTermLongitude(SolarTerm term);
/// The Chinese name: 春分, 夏至, 秋分, 冬至, 大寒.
const char* solarTermName(SolarTerm term);
/// The term called `name` (Chinese, or pinyin: chunfen, xiazhi, qiufen, dongzhi, dahan), or nullopt.
std::optional<SolarTerm> parseSolarTerm(const std::string& name);
/// The moment (Julian Day, UT) in `year` at which the sun's apparent longitude reaches the term's.
double solarTermJulianDay(SolarTerm term, int year);
/// The date of the term in `year`, as the calendar of zone `utcOffsetHours` (China: +8) reckons it.
CivilDate solarTermDate(SolarTerm term, int year, double utcOffsetHours = 8);

}  // namespace geo
