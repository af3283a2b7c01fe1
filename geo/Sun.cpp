// Meeus, Astronomical Algorithms (2nd ed.): Julian Day (ch. 7), sidereal time (12), nutation (22, the
// terms above 0.1", good to 0.5"), the sun (25, the "higher accuracy" method: VSOP87 abridged as in
// appendix III, about 1" in longitude), equation of time (28). Refraction as NREL's SPA computes it
// (Reda & Andreas 2008).
#include "geo/Sun.h"
#include <cmath>
#include <cstddef>
#include <cstdio>
#include "geo/Errors.h"
#include "geo/Vsop87Earth.h"

namespace geo {

namespace {

constexpr double kPi = 3.14159265358979323846;
double rad(double d) { return d * kPi / 180; }
double deg(double r) { return r * 180 / kPi; }
double wrap360(double d) {
    d = std::fmod(d, 360.0);
    return d < 0 ? d + 360 : d;
}
double wrap180(double d) {
    d = wrap360(d);
    return d > 180 ? d - 360 : d;
}

int daysInMonth(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/// The sun's apparent place for a moment in dynamical time (JDE).
struct Ephemeris {
    double lambda, epsilon, alpha, delta, distanceAu, nutationLongitude, meanLongitude;
};

template <std::size_t N>
double series(const vsop87::Term (&terms)[N], double tau) {
    double sum = 0;
    for (const auto& t : terms) sum += t.a * std::cos(t.b + t.c * tau);
    return sum;
}

Ephemeris ephemeris(double jde) {
    using namespace vsop87;
    const double tau = (jde - 2451545.0) / 365250.0, T = tau * 10;
    // The Earth seen from the sun (VSOP87), turned round: the sun seen from the Earth.
    const double L = (series(kL0, tau) + tau * (series(kL1, tau) + tau * (series(kL2, tau) + tau * (series(kL3, tau) +
                     tau * (series(kL4, tau) + tau * series(kL5, tau)))))) / 1e8;
    const double B = (series(kB0, tau) + tau * series(kB1, tau)) / 1e8;
    const double R = (series(kR0, tau) + tau * (series(kR1, tau) + tau * (series(kR2, tau) + tau * (series(kR3, tau) +
                     tau * series(kR4, tau))))) / 1e8;
    double theta = wrap360(deg(L) + 180), beta = -deg(B);
    // From VSOP87's dynamical ecliptic to FK5 (Meeus 32.3).
    const double lambdaPrime = rad(theta - 1.397 * T - 0.00031 * T * T);
    theta += -0.09033 / 3600;
    beta += 0.03916 / 3600 * (std::cos(lambdaPrime) - std::sin(lambdaPrime));
    // Nutation (ch. 22, the terms above 0.1", arcseconds).
    const double omega = 125.04452 - 1934.136261 * T + 0.0020708 * T * T + T * T * T / 450000;
    const double Ls = 280.4665 + 36000.7698 * T, Lm = 218.3165 + 481267.8813 * T;
    const double dPsi = (-17.20 * std::sin(rad(omega)) - 1.32 * std::sin(rad(2 * Ls)) - 0.23 * std::sin(rad(2 * Lm)) +
                         0.21 * std::sin(rad(2 * omega))) / 3600;
    const double dEps = (9.20 * std::cos(rad(omega)) + 0.57 * std::cos(rad(2 * Ls)) + 0.10 * std::cos(rad(2 * Lm)) -
                         0.09 * std::cos(rad(2 * omega))) / 3600;
    const double eps0 = 23.0 + 26.0 / 60 + 21.448 / 3600 - (46.8150 * T + 0.00059 * T * T - 0.001813 * T * T * T) / 3600;
    Ephemeris out{};
    out.epsilon = eps0 + dEps;
    out.lambda = wrap360(theta + dPsi - 20.4898 / 3600 / R);   // nutation and aberration
    const double lam = rad(out.lambda), eps = rad(out.epsilon), bet = rad(beta);
    out.alpha = wrap360(deg(std::atan2(std::sin(lam) * std::cos(eps) - std::tan(bet) * std::sin(eps), std::cos(lam))));
    out.delta = deg(std::asin(std::sin(bet) * std::cos(eps) + std::cos(bet) * std::sin(eps) * std::sin(lam)));
    out.distanceAu = R;
    out.nutationLongitude = dPsi;
    // The sun's mean longitude (Meeus 28.2), for the equation of time.
    out.meanLongitude = wrap360(280.4664567 + 360007.6982779 * tau + 0.03032028 * tau * tau + std::pow(tau, 3) / 49931 -
                                std::pow(tau, 4) / 15300 - std::pow(tau, 5) / 2000000);
    return out;
}

double decimalYear(double jd) {
    return 2000.0 + (jd - 2451545.0) / 365.25;
}

}  // namespace

bool validDate(const CivilDate& d) {
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= daysInMonth(d.year, d.month);
}

CivilDate parseCivilDate(const std::string& text) {
    CivilDate d;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3 ||
        text[4] != '-' || text[7] != '-')
        throw InputError("'" + text + "' is not a date (YYYY-MM-DD)");
    if (!validDate(d)) throw InputError("'" + text + "' is not a date of the calendar");
    return d;
}

std::string formatCivilDate(const CivilDate& d) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buffer;
}

double julianDay(const CivilDate& date, double hoursUtc) {
    int y = date.year, m = date.month;
    if (m <= 2) { y -= 1; m += 12; }
    const int a = y / 100;
    const int b = 2 - a + a / 4;
    return std::floor(365.25 * (y + 4716)) + std::floor(30.6001 * (m + 1)) + date.day + b - 1524.5 + hoursUtc / 24;
}

CivilDate civilDateOf(double jd, double* hoursOfDay) {
    const double z = std::floor(jd + 0.5);
    const double f = jd + 0.5 - z;
    const double alpha = std::floor((z - 1867216.25) / 36524.25);
    const double a = z + 1 + alpha - std::floor(alpha / 4);
    const double b = a + 1524;
    const double c = std::floor((b - 122.1) / 365.25);
    const double d = std::floor(365.25 * c);
    const double e = std::floor((b - d) / 30.6001);
    CivilDate out;
    out.day = static_cast<int>(b - d - std::floor(30.6001 * e));
    out.month = static_cast<int>(e < 14 ? e - 1 : e - 13);
    out.year = static_cast<int>(out.month > 2 ? c - 4716 : c - 4715);
    if (hoursOfDay) *hoursOfDay = f * 24;
    return out;
}

double deltaTSeconds(double y) {
    // Espenak & Meeus, "Polynomial expressions for Delta T" (NASA eclipse web site, 2006).
    if (y >= 1900 && y < 1920) {
        double t = y - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
    }
    if (y >= 1920 && y < 1941) {
        double t = y - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (y >= 1941 && y < 1961) {
        double t = y - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (y >= 1961 && y < 1986) {
        double t = y - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (y >= 1986 && y < 2005) {
        double t = y - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t +
               0.00002373599 * t * t * t * t * t;
    }
    if (y >= 2005 && y < 2050) {
        double t = y - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    if (y >= 2050 && y < 2150) {
        double u = (y - 1820) / 100;
        return -20 + 32 * u * u - 0.5628 * (2150 - y);
    }
    double u = (y - 1820) / 100;
    return -20 + 32 * u * u;
}

SunPosition sunPositionAt(double jd, double lon, double lat, const SunOptions& options) {
    const double dt = options.deltaT ? *options.deltaT : deltaTSeconds(decimalYear(jd));
    const Ephemeris eph = ephemeris(jd + dt / 86400);
    // Apparent sidereal time at Greenwich (ch. 12), from UT.
    const double Tu = (jd - 2451545.0) / 36525.0;
    const double gmst = 280.46061837 + 360.98564736629 * (jd - 2451545.0) + 0.000387933 * Tu * Tu -
                        Tu * Tu * Tu / 38710000;
    const double gast = gmst + eph.nutationLongitude * std::cos(rad(eph.epsilon));
    SunPosition p;
    p.declination = eph.delta;
    p.rightAscension = eph.alpha;
    p.eclipticLongitude = eph.lambda;
    p.hourAngle = wrap180(gast + lon - eph.alpha);
    // Equation of time (ch. 28): the mean sun's longitude less the true sun's right ascension.
    p.equationOfTime = wrap180(eph.meanLongitude - 0.0057183 - eph.alpha + eph.nutationLongitude * std::cos(rad(eph.epsilon))) * 4;
    p.trueSolarHours = wrap360(p.hourAngle + 180) / 15;

    const double H = rad(p.hourAngle), phi = rad(lat), dec = rad(eph.delta);
    double altitude = deg(std::asin(std::sin(phi) * std::sin(dec) + std::cos(phi) * std::cos(dec) * std::cos(H)));
    // The observer sits on the Earth's surface, not its centre: the sun's parallax (8.794" at 1 AU).
    altitude -= 8.794 / 3600 / eph.distanceAu * std::cos(rad(altitude));
    if (options.refraction && altitude >= -(0.26667 + 0.5667)) {
        altitude += options.pressureMillibar / 1010 * 283 / (273 + options.temperatureC) * 1.02 /
                    (60 * std::tan(rad(altitude + 10.3 / (altitude + 5.11))));
    }
    p.altitude = altitude;
    p.zenith = 90 - altitude;
    // Azimuth (ch. 13) is measured from the south, westward; from the north, clockwise, it is 180° more.
    p.azimuth = wrap360(deg(std::atan2(std::sin(H), std::cos(H) * std::sin(phi) - std::tan(dec) * std::cos(phi))) + 180);
    return p;
}

SunPosition sunPosition(const CivilDate& date, double clockHours, double utcOffsetHours, double lon, double lat,
                        const SunOptions& options) {
    return sunPositionAt(julianDay(date, clockHours - utcOffsetHours), lon, lat, options);
}

double clockToTrueSolar(const CivilDate& date, double clockHours, double utcOffsetHours, double lon) {
    const double jd = julianDay(date, clockHours - utcOffsetHours);
    SunOptions geometric;
    geometric.refraction = false;
    const SunPosition p = sunPositionAt(jd, lon, 0, geometric);
    return clockHours + (lon / 15 - utcOffsetHours) + p.equationOfTime / 60;
}

double trueSolarToClock(const CivilDate& date, double trueSolarHours, double utcOffsetHours, double lon) {
    double clock = trueSolarHours - (lon / 15 - utcOffsetHours);
    for (int i = 0; i < 4; ++i) {   // the equation of time changes by under 30 s a day: this converges at once
        const double error = trueSolarHours - clockToTrueSolar(date, clock, utcOffsetHours, lon);
        clock += error;
        if (std::fabs(error) < 1e-6) break;   // 4 ms
    }
    return clock;
}

double solarTermLongitude(SolarTerm term) {
    switch (term) {
    case SolarTerm::SpringEquinox: return 0;
    case SolarTerm::SummerSolstice: return 90;
    case SolarTerm::AutumnEquinox: return 180;
    case SolarTerm::WinterSolstice: return 270;
    case SolarTerm::GreatCold: return 300;
    }
    return 0;
}

const char* solarTermName(SolarTerm term) {
    switch (term) {
    case SolarTerm::SpringEquinox: return "春分";
    case SolarTerm::SummerSolstice: return "夏至";
    case SolarTerm::AutumnEquinox: return "秋分";
    case SolarTerm::WinterSolstice: return "冬至";
    case SolarTerm::GreatCold: return "大寒";
    }
    return "";
}

std::optional<SolarTerm> parseSolarTerm(const std::string& name) {
    const struct { const char* zh; const char* pinyin; SolarTerm term; } terms[] = {
        {"春分", "chunfen", SolarTerm::SpringEquinox}, {"夏至", "xiazhi", SolarTerm::SummerSolstice},
        {"秋分", "qiufen", SolarTerm::AutumnEquinox}, {"冬至", "dongzhi", SolarTerm::WinterSolstice},
        {"大寒", "dahan", SolarTerm::GreatCold}};
    for (const auto& t : terms)
        if (name == t.zh || name == t.pinyin) return t.term;
    return std::nullopt;
}

double solarTermJulianDay(SolarTerm term, int year) {
    // A first guess near the term's usual date, then Newton's steps on the apparent longitude
    // (the sun moves about 360/365.2422 degrees a day).
    static const int guessMonth[] = {3, 6, 9, 12, 1}, guessDay[] = {20, 21, 23, 21, 20};
    const int i = static_cast<int>(term);
    const double target = solarTermLongitude(term);
    double jd = julianDay({year, guessMonth[i], guessDay[i]}, 0);
    for (int iteration = 0; iteration < 20; ++iteration) {
        const double dt = deltaTSeconds(decimalYear(jd)) / 86400;
        const double lambda = ephemeris(jd + dt).lambda;
        const double step = wrap180(target - lambda) * 365.2422 / 360;
        jd += step;
        if (std::fabs(step) < 1e-7) break;
    }
    return jd;
}

CivilDate solarTermDate(SolarTerm term, int year, double utcOffsetHours) {
    return civilDateOf(solarTermJulianDay(term, year) + utcOffsetHours / 24);
}

}  // namespace geo
