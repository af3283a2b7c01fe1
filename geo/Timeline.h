// Project status over time: at a chosen date each project is planned, under construction or
// completed, from its start and finish dates.
#pragma once
#include <optional>
#include <string>
#include "geo/Feature.h"
#include "geo/Style.h"

namespace geo {

/// A calendar day as days since 1970-01-01 (negative before).
struct Date {
    int days = 0;
    bool operator<(const Date& o) const { return days < o.days; }
    bool operator<=(const Date& o) const { return days <= o.days; }
    bool operator==(const Date& o) const { return days == o.days; }
    bool operator!=(const Date& o) const { return days != o.days; }
};
Date dateFromYmd(int year, int month, int day);
void ymdFromDate(Date date, int& year, int& month, int& day);
/// "2018-06-30"
std::string formatDate(Date date);
/// "2018", "2018-06", "2018-06-30", "2018/6/30", "2018-06-30T08:00:00", or a date field's value.
/// A year alone means its first day when `end` is false, its last day when true (likewise a month).
std::optional<Date> parseDate(const std::string& text, bool end = false);

enum class ProjectStatus { Unknown, Planned, UnderConstruction, Completed };
const char* statusKey(ProjectStatus s);   ///< "planned", "under_construction", "completed", "unknown"
/// A stored status word as a ProjectStatus: planned/approved/proposed (规划, 拟建, 前期) are Planned,
/// under_construction/construction/in_progress (在建, 建设中) UnderConstruction, completed/existing
/// (已建, 建成, 竣工) Completed (ASCII case and '_'/' '/'-' ignored); anything else Unknown.
ProjectStatus statusFromText(const std::string& text);

/// The fields holding a layer's start and finish dates: named start_date/finish_date, or
/// start/finish, begin/end, start_year/end_year … (the first match, ASCII case ignored); -1 where
/// there is none. Also the stored status (status, 状态) and the date it was recorded
/// (status_as_of, status_date), used for features without dates.
struct TimelineFields {
    int start = -1;
    int finish = -1;
    int status = -1;
    int statusAsOf = -1;
    bool usable() const { return start >= 0; }
};
TimelineFields findTimelineFields(const FeatureLayer& layer);

/// Status on `date`: before the start planned, from the start until the finish under construction,
/// from the finish on completed (a finish "2018" means the end of 2018). Without a readable start
/// date: completed from a readable finish date on; else the stored status where it is known to
/// hold (completed from status_as_of on, planned until then, any status on that day; all dates
/// when there is no status_as_of field); else Unknown.
ProjectStatus statusAt(const FeatureLayer& layer, const Feature& feature, const TimelineFields& fields, Date date);

/// The earliest start and latest finish (or start, where later) over the layer's features
/// (nullopt without dates).
struct DateRange {
    Date first, last;
};
std::optional<DateRange> timelineRange(const FeatureLayer& layer, const TimelineFields& fields);

/// The colour the timeline gives a status on a layer styled `style`: the style's own colour for the
/// status key ("planned", …) when it has one, else purple, red and green; Unknown keeps defaultColor.
Color statusColor(const LayerStyle& style, ProjectStatus status);

/// How many of the layer's features have each status on `date`.
struct StatusCounts {
    std::size_t planned = 0, underConstruction = 0, completed = 0, unknown = 0;
};
StatusCounts countStatuses(const FeatureLayer& layer, const TimelineFields& fields, Date date);

/// Each feature's colour on `date`: its status's colour (statusColor of `style`), or its colour in
/// `otherwise` (parallel to the features: the layer's own style) where its status is Unknown.
std::vector<Color> statusColors(const FeatureLayer& layer, const TimelineFields& fields, Date date, const LayerStyle& style,
                                const std::vector<Color>& otherwise);

}  // namespace geo
