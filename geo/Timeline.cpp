#include "geo/Timeline.h"
#include <algorithm>
#include <cstdio>
#include <cstring>

namespace geo {

// Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, exact for any year,
// no time_t or locale involved.
Date dateFromYmd(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Date{era * 146097 + static_cast<int>(doe) - 719468};
}

void ymdFromDate(Date date, int& year, int& month, int& day) {
    const int z = date.days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe) + era * 400 + (month <= 2);
}

std::string formatDate(Date date) {
    int y, m, d;
    ymdFromDate(date, y, m, d);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return text;
}

namespace {

int daysInMonth(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/// Reads up to `maxDigits` ASCII digits at `i`; -1 when there are none.
int digits(const std::string& s, std::size_t& i, std::size_t maxDigits) {
    int v = 0;
    std::size_t n = 0;
    while (i < s.size() && n < maxDigits && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0'), ++n;
    return n ? v : -1;
}

/// Skips one date separator: '-', '/', '.', or the CJK 年/月 (UTF-8). Returns whether one was there.
bool separator(const std::string& s, std::size_t& i) {
    if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) return ++i, true;
    for (const char* cjk : {"年", "月"})
        if (s.compare(i, std::strlen(cjk), cjk) == 0) return i += std::strlen(cjk), true;
    return false;
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// ASCII lower case, with ' ' and '-' read as '_'.
std::string normalise(const std::string& s) {
    std::string out;
    for (char c : trim(s)) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == ' ' || c == '-') c = '_';
        out += c;
    }
    return out;
}

int findField(const FeatureLayer& layer, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (std::size_t i = 0; i < layer.fields.size(); ++i)
            if (normalise(layer.fields[i].name) == n) return static_cast<int>(i);
    return -1;
}

std::optional<Date> fieldDate(const FeatureLayer& layer, const Feature& f, int field, bool end) {
    if (field < 0 || static_cast<std::size_t>(field) >= layer.fields.size() || static_cast<std::size_t>(field) >= f.values.size())
        return std::nullopt;
    return parseDate(toString(f.values[static_cast<std::size_t>(field)]), end);
}

}  // namespace

std::optional<Date> parseDate(const std::string& raw, bool end) {
    const std::string s = trim(raw);
    std::size_t i = 0;
    int y = -1, m = -1, d = -1;
    if (s.size() >= 8 && std::all_of(s.begin(), s.begin() + 8, [](char c) { return c >= '0' && c <= '9'; }) &&
        (s.size() == 8 || s[8] == 'T' || s[8] == ' ')) {
        // Compact "20180630".
        y = digits(s, i, 4), m = digits(s, i, 2), d = digits(s, i, 2);
    } else {
        y = digits(s, i, 4);
        if (y < 0 || i != 4) return std::nullopt;
        if (s.size() > 5 && s[4] == '.' && s.find_first_not_of('0', 5) == std::string::npos) {
            i = s.size();   // "2018.0": a year stored as a real number
        } else if (separator(s, i) && i < s.size()) {   // a separator at the end ("2018年") adds nothing
            m = digits(s, i, 2);
            if (m < 0) return std::nullopt;
            if (separator(s, i) && i < s.size()) {
                d = digits(s, i, 2);
                if (d < 0) return std::nullopt;
            }
        }
    }
    // What may follow a full date: a time ("T08:00:00", " 08:00") or 日.
    if (i < s.size() && !(d > 0 && (s[i] == 'T' || s[i] == ' ' || s.compare(i, std::string::npos, "日") == 0)))
        return std::nullopt;
    if (m != -1 && (m < 1 || m > 12)) return std::nullopt;
    if (m == -1) m = end ? 12 : 1;
    if (d != -1 && (d < 1 || d > daysInMonth(y, m))) return std::nullopt;
    if (d == -1) d = end ? daysInMonth(y, m) : 1;
    return dateFromYmd(y, m, d);
}

const char* statusKey(ProjectStatus s) {
    switch (s) {
    case ProjectStatus::Planned: return "planned";
    case ProjectStatus::UnderConstruction: return "under_construction";
    case ProjectStatus::Completed: return "completed";
    case ProjectStatus::Unknown: break;
    }
    return "unknown";
}

ProjectStatus statusFromText(const std::string& text) {
    const std::string s = normalise(text);
    for (const char* w : {"planned", "approved", "proposed", "规划", "拟建", "前期", "计划"})
        if (s == w) return ProjectStatus::Planned;
    for (const char* w : {"under_construction", "construction", "in_progress", "building", "在建", "建设中", "施工中"})
        if (s == w) return ProjectStatus::UnderConstruction;
    for (const char* w : {"completed", "complete", "finished", "done", "existing", "已建", "建成", "竣工", "已完成"})
        if (s == w) return ProjectStatus::Completed;
    return ProjectStatus::Unknown;
}

TimelineFields findTimelineFields(const FeatureLayer& layer) {
    TimelineFields f;
    f.start = findField(layer, {"start_date", "start", "begin_date", "begin", "start_year", "begin_year", "开工日期",
                                "开工时间", "开始日期", "开始时间", "开工年份"});
    f.finish = findField(layer, {"finish_date", "end_date", "finish", "end", "finish_year", "end_year", "completion_date",
                                 "竣工日期", "竣工时间", "结束日期", "结束时间", "竣工年份"});
    f.status = findField(layer, {"status", "状态", "项目状态"});
    f.statusAsOf = findField(layer, {"status_as_of", "status_date", "as_of"});
    return f;
}

ProjectStatus statusAt(const FeatureLayer& layer, const Feature& feature, const TimelineFields& fields, Date date) {
    const std::optional<Date> finish = fieldDate(layer, feature, fields.finish, true);
    if (const std::optional<Date> start = fieldDate(layer, feature, fields.start, false)) {
        if (date < *start) return ProjectStatus::Planned;
        if (finish && *finish <= date) return ProjectStatus::Completed;
        return ProjectStatus::UnderConstruction;
    }
    if (finish && *finish <= date) return ProjectStatus::Completed;
    if (fields.status < 0 || static_cast<std::size_t>(fields.status) >= feature.values.size()) return ProjectStatus::Unknown;
    const ProjectStatus stored = statusFromText(toString(feature.values[static_cast<std::size_t>(fields.status)]));
    if (fields.statusAsOf < 0) return stored;
    const std::optional<Date> asOf = fieldDate(layer, feature, fields.statusAsOf, false);
    if (!asOf) return stored;
    // The stored status is a fact on its day; completion lasts, and a plan was a plan before.
    if (date == *asOf) return stored;
    if (stored == ProjectStatus::Completed && *asOf < date) return stored;
    if (stored == ProjectStatus::Planned && date < *asOf) return stored;
    return ProjectStatus::Unknown;
}

std::optional<DateRange> timelineRange(const FeatureLayer& layer, const TimelineFields& fields) {
    std::optional<DateRange> range;
    auto add = [&](Date d) {
        if (!range) range = DateRange{d, d};
        if (d < range->first) range->first = d;
        if (range->last < d) range->last = d;
    };
    for (const Feature& f : layer.features) {
        if (auto s = fieldDate(layer, f, fields.start, false)) add(*s);
        if (auto e = fieldDate(layer, f, fields.finish, true)) add(*e);
    }
    return range;
}

Color statusColor(const LayerStyle& style, ProjectStatus status) {
    auto own = style.colors.find(statusKey(status));
    if (own != style.colors.end()) return own->second;
    switch (status) {
    case ProjectStatus::Planned: return *parseColor("#6A5ACD");
    case ProjectStatus::UnderConstruction: return *parseColor("#E53935");
    case ProjectStatus::Completed: return *parseColor("#2E7D32");
    default: return style.defaultColor;
    }
}

StatusCounts countStatuses(const FeatureLayer& layer, const TimelineFields& fields, Date date) {
    StatusCounts counts;
    for (const Feature& f : layer.features) {
        switch (statusAt(layer, f, fields, date)) {
        case ProjectStatus::Planned: ++counts.planned; break;
        case ProjectStatus::UnderConstruction: ++counts.underConstruction; break;
        case ProjectStatus::Completed: ++counts.completed; break;
        default: ++counts.unknown; break;
        }
    }
    return counts;
}

std::vector<Color> statusColors(const FeatureLayer& layer, const TimelineFields& fields, Date date, const LayerStyle& style,
                                const std::vector<Color>& otherwise) {
    std::vector<Color> colors(layer.features.size());
    for (std::size_t i = 0; i < colors.size(); ++i) {
        ProjectStatus status = statusAt(layer, layer.features[i], fields, date);
        colors[i] = status == ProjectStatus::Unknown && i < otherwise.size() ? otherwise[i] : statusColor(style, status);
    }
    return colors;
}

}  // namespace geo
