#include <gtest/gtest.h>
#include <ctime>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <set>
#include <map>
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Timeline.h"
#include "tests/support/Fixtures.h"

namespace {

const std::string shangcheng = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

geo::FeatureLayer loadLayer(const std::string& path, const std::string& layer) {
    geo::ProjectData data = geo::loadProjectData(geo::openProject(path, layer));
    return std::move(data.layers.at(0).data);
}

const geo::FeatureLayer& projects() {
    static const geo::FeatureLayer layer = loadLayer(shangcheng, "projects");
    return layer;
}

std::string text(const geo::FeatureLayer& layer, const geo::Feature& f, const std::string& field) {
    return geo::toString(layer.value(f, field));
}

/// The data's own status words, as the timeline's three states: an approved project has not started.
geo::ProjectStatus storedStatus(const std::string& s) {
    static const std::map<std::string, geo::ProjectStatus> words = {
        {"planned", geo::ProjectStatus::Planned},
        {"approved", geo::ProjectStatus::Planned},
        {"under_construction", geo::ProjectStatus::UnderConstruction},
        {"completed", geo::ProjectStatus::Completed}};
    return words.at(s);
}

}  // namespace

TEST(Timeline, DaysSince1970AgreeWithTimegmEveryDayFrom1901To2099) {
    int checked = 0;
    for (int y = 1901; y <= 2099; ++y)
        for (int m = 1; m <= 12; ++m)
            for (int d = 1; d <= 31; ++d) {
                std::tm tm{};
                tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d, tm.tm_hour = 12;
                const long long t = timegm(&tm);
                if (tm.tm_mday != d) continue;   // timegm normalised an invalid day (Feb 30 …)
                const geo::Date date = geo::dateFromYmd(y, m, d);
                ASSERT_EQ(date.days, (t - 12 * 3600) / 86400) << y << '-' << m << '-' << d;
                int yy, mm, dd;
                geo::ymdFromDate(date, yy, mm, dd);
                ASSERT_EQ(yy * 10000 + mm * 100 + dd, y * 10000 + m * 100 + d);
                char iso[16];
                std::strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
                ASSERT_EQ(geo::formatDate(date), iso);
                ++checked;
            }
    EXPECT_EQ(checked, 72684);   // days from 1901-01-01 to 2099-12-31 inclusive (Python's datetime.date)
    EXPECT_EQ(geo::dateFromYmd(1970, 1, 1).days, 0);
    EXPECT_EQ(geo::dateFromYmd(1969, 12, 31).days, -1);
}

TEST(Timeline, ParsesTheUsualDateForms) {
    const geo::Date d = geo::dateFromYmd(2018, 6, 30);
    for (const char* s : {"2018-06-30", "2018/6/30", "2018.06.30", "2018-06-30T08:00:00", "2018-06-30T08:00:00+08:00",
                          "2018-06-30 08:00", "20180630", " 2018-06-30 ", "2018年6月30日"})
        EXPECT_EQ(geo::parseDate(s), d) << s;
    EXPECT_EQ(geo::parseDate("2018"), geo::dateFromYmd(2018, 1, 1));
    EXPECT_EQ(geo::parseDate("2018", true), geo::dateFromYmd(2018, 12, 31));
    EXPECT_EQ(geo::parseDate("2018.0", true), geo::dateFromYmd(2018, 12, 31)) << "a year stored as a real";
    EXPECT_EQ(geo::parseDate("2016-02"), geo::dateFromYmd(2016, 2, 1));
    EXPECT_EQ(geo::parseDate("2016-02", true), geo::dateFromYmd(2016, 2, 29)) << "leap year";
    EXPECT_EQ(geo::parseDate("2100-02", true), geo::dateFromYmd(2100, 2, 28)) << "not a leap year";
    EXPECT_EQ(geo::parseDate("2018年6月", true), geo::dateFromYmd(2018, 6, 30));
    EXPECT_EQ(geo::parseDate("2018-06-30", true), d) << "a full date is itself either way";
    for (const char* bad : {"", "abc", "18-06-30", "2018-13-01", "2018-02-30", "2018-00", "2018-06-30x", "201"})
        EXPECT_FALSE(geo::parseDate(bad).has_value()) << bad;
}

TEST(Timeline, FindsTheShangchengProjectFields) {
    const geo::FeatureLayer& layer = projects();
    geo::TimelineFields f = geo::findTimelineFields(layer);
    ASSERT_TRUE(f.usable());
    EXPECT_EQ(layer.fields.at(static_cast<std::size_t>(f.start)).name, "start_date");
    EXPECT_EQ(layer.fields.at(static_cast<std::size_t>(f.finish)).name, "finish_date");
    EXPECT_EQ(layer.fields.at(static_cast<std::size_t>(f.status)).name, "status");
    EXPECT_EQ(layer.fields.at(static_cast<std::size_t>(f.statusAsOf)).name, "status_as_of");
}

TEST(Timeline, StatusAtStatusAsOfAgreesWithTheStoredStatus) {
    const geo::FeatureLayer& layer = projects();
    ASSERT_GT(layer.features.size(), 50u);
    geo::TimelineFields fields = geo::findTimelineFields(layer);
    std::map<geo::ProjectStatus, int> seen;
    for (const geo::Feature& f : layer.features) {
        const std::string asOf = text(layer, f, "status_as_of");
        ASSERT_EQ(asOf.size(), 10u) << text(layer, f, "name_zh");
        const geo::Date day = geo::dateFromYmd(std::stoi(asOf.substr(0, 4)), std::stoi(asOf.substr(5, 2)),
                                               std::stoi(asOf.substr(8, 2)));
        const geo::ProjectStatus expected = storedStatus(text(layer, f, "status"));
        EXPECT_EQ(geo::statusAt(layer, f, fields, day), expected)
            << text(layer, f, "name_zh") << ": stored " << text(layer, f, "status") << " on " << asOf << ", start "
            << text(layer, f, "start_date") << ", finish " << text(layer, f, "finish_date");
        ++seen[expected];
    }
    EXPECT_EQ(seen.size(), 3u) << "planned, under construction and completed all occur";
}

TEST(Timeline, StatusAtGivenDatesFollowsTheDates) {
    // ISO dates order as text: an independent reading of the same rule.
    const geo::FeatureLayer& layer = projects();
    geo::TimelineFields fields = geo::findTimelineFields(layer);
    std::map<std::string, int> counts;
    for (const char* iso : {"2015-01-01", "2016-06-30", "2017-06-30", "2018-12-31", "2020-12-31"}) {
        const geo::Date day = *geo::parseDate(iso);
        for (const geo::Feature& f : layer.features) {
            const std::string start = text(layer, f, "start_date"), finish = text(layer, f, "finish_date");
            if (start.empty()) continue;
            geo::ProjectStatus expected = iso < start                       ? geo::ProjectStatus::Planned
                                          : !finish.empty() && finish <= iso ? geo::ProjectStatus::Completed
                                                                             : geo::ProjectStatus::UnderConstruction;
            EXPECT_EQ(geo::statusAt(layer, f, fields, day), expected) << text(layer, f, "name_zh") << " on " << iso;
            ++counts[std::string(iso) + geo::statusKey(expected)];
        }
    }
    EXPECT_GT(counts["2017-06-30under_construction"], 0);
    EXPECT_GT(counts["2020-12-31completed"], 0);
    EXPECT_GT(counts["2015-01-01planned"], 0);
}

TEST(Timeline, FeaturesWithoutDatesKeepTheirStoredStatusWhereItHolds) {
    const geo::FeatureLayer& layer = projects();
    geo::TimelineFields fields = geo::findTimelineFields(layer);
    int undated = 0;
    for (const geo::Feature& f : layer.features) {
        if (!text(layer, f, "start_date").empty()) continue;
        ++undated;
        ASSERT_EQ(text(layer, f, "status"), "completed") << "the sample's undated projects are all completed";
        EXPECT_EQ(geo::statusAt(layer, f, fields, *geo::parseDate("2019-01-01")), geo::ProjectStatus::Completed);
        EXPECT_EQ(geo::statusAt(layer, f, fields, *geo::parseDate("2010-01-01")), geo::ProjectStatus::Unknown)
            << "when it was completed is not known";
    }
    EXPECT_GT(undated, 0);
}

TEST(Timeline, RangeSpansTheEarliestStartAndLatestFinish) {
    const geo::FeatureLayer& layer = projects();
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* sql = ds->ExecuteSQL("SELECT MIN(start_date), MAX(MAX(COALESCE(finish_date, '')), MAX(start_date)) FROM projects",
                                   nullptr, "SQLite");
    ASSERT_NE(sql, nullptr);
    OGRFeatureUniquePtr row(sql->GetNextFeature());
    ASSERT_TRUE(row);
    const std::string first = row->GetFieldAsString(0), last = row->GetFieldAsString(1);
    ds->ReleaseResultSet(sql);
    auto range = geo::timelineRange(layer, geo::findTimelineFields(layer));
    ASSERT_TRUE(range);
    EXPECT_EQ(geo::formatDate(range->first), first);
    EXPECT_EQ(geo::formatDate(range->last), last);
}

TEST(Timeline, YearFieldsMeanWholeYears) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "p.gpkg", "GPKG", "works", 4490, wkbPoint,
                         {{"Start_Year", OFTInteger}, {"End_Year", OFTInteger}},
                         {{"POINT(120.17 30.25)", {"2017", "2019"}}, {"POINT(120.18 30.25)", {"2018", fixtures::null}}});
    geo::FeatureLayer layer = loadLayer(dir / "p.gpkg", "works");
    geo::TimelineFields fields = geo::findTimelineFields(layer);
    ASSERT_TRUE(fields.usable());
    EXPECT_EQ(fields.status, -1);
    const geo::Feature& a = layer.features.at(0);
    const geo::Feature& b = layer.features.at(1);
    EXPECT_EQ(geo::statusAt(layer, a, fields, geo::dateFromYmd(2016, 12, 31)), geo::ProjectStatus::Planned);
    EXPECT_EQ(geo::statusAt(layer, a, fields, geo::dateFromYmd(2017, 1, 1)), geo::ProjectStatus::UnderConstruction);
    EXPECT_EQ(geo::statusAt(layer, a, fields, geo::dateFromYmd(2019, 12, 30)), geo::ProjectStatus::UnderConstruction);
    EXPECT_EQ(geo::statusAt(layer, a, fields, geo::dateFromYmd(2019, 12, 31)), geo::ProjectStatus::Completed);
    EXPECT_EQ(geo::statusAt(layer, b, fields, geo::dateFromYmd(2030, 1, 1)), geo::ProjectStatus::UnderConstruction)
        << "no finish: still under construction";
    auto range = geo::timelineRange(layer, fields);
    ASSERT_TRUE(range);
    EXPECT_EQ(geo::formatDate(range->first), "2017-01-01");
    EXPECT_EQ(geo::formatDate(range->last), "2019-12-31");
}

TEST(Timeline, StatusWords) {
    EXPECT_EQ(geo::statusFromText("Under construction"), geo::ProjectStatus::UnderConstruction);
    EXPECT_EQ(geo::statusFromText("approved"), geo::ProjectStatus::Planned);
    EXPECT_EQ(geo::statusFromText("在建"), geo::ProjectStatus::UnderConstruction);
    EXPECT_EQ(geo::statusFromText("COMPLETED"), geo::ProjectStatus::Completed);
    EXPECT_EQ(geo::statusFromText("cancelled"), geo::ProjectStatus::Unknown);
    EXPECT_STREQ(geo::statusKey(geo::ProjectStatus::UnderConstruction), "under_construction");
}

// ---- the timeline's colours and counts ------------------------------------------------------------

namespace {

/// A project of the sample as GDAL reads it from the GeoPackage: its dates as yyyymmdd numbers
/// (0 = none) and its stored status word.
struct SourceProject {
    int start = 0, finish = 0, asOf = 0;
    std::string status;
};

int yyyymmdd(const std::string& iso) {
    return iso.empty() ? 0 : std::stoi(iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2));
}

std::map<std::int64_t, SourceProject> sourceProjects() {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw std::runtime_error("cannot open " + shangcheng);
    OGRLayer* layer = ds->GetLayerByName("projects");
    std::map<std::int64_t, SourceProject> out;
    auto text = [](const OGRFeature& f, const char* field) {
        return f.IsFieldSetAndNotNull(f.GetFieldIndex(field)) ? std::string(f.GetFieldAsString(field)) : std::string();
    };
    for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature()))
        out[f->GetFID()] = {yyyymmdd(text(*f, "start_date")), yyyymmdd(text(*f, "finish_date")),
                            yyyymmdd(text(*f, "status_as_of")), text(*f, "status")};
    return out;
}

/// The status of `p` on `day` (yyyymmdd) by the rule Timeline.h states, with plain comparisons.
geo::ProjectStatus referenceStatus(const SourceProject& p, int day) {
    if (p.start) return day < p.start ? geo::ProjectStatus::Planned
                        : p.finish && p.finish <= day ? geo::ProjectStatus::Completed
                                                      : geo::ProjectStatus::UnderConstruction;
    if (p.finish && p.finish <= day) return geo::ProjectStatus::Completed;
    const geo::ProjectStatus stored = storedStatus(p.status);
    if (!p.asOf || day == p.asOf) return stored;
    if (stored == geo::ProjectStatus::Completed && p.asOf < day) return stored;
    if (stored == geo::ProjectStatus::Planned && day < p.asOf) return stored;
    return geo::ProjectStatus::Unknown;
}

/// Days to check: the 1st and 15th of every month from 2013 to 2022, and each project's dates and the
/// days before them (where the status changes), as yyyymmdd.
std::set<int> daysToCheck(const std::map<std::int64_t, SourceProject>& projects) {
    std::set<int> days;
    for (int y = 2013; y <= 2022; ++y)
        for (int m = 1; m <= 12; ++m) days.insert({y * 10000 + m * 100 + 1, y * 10000 + m * 100 + 15});
    for (const auto& [fid, p] : projects)
        for (int d : {p.start, p.finish, p.asOf}) {
            if (!d) continue;
            days.insert(d);
            std::tm tm{};
            tm.tm_year = d / 10000 - 1900, tm.tm_mon = d / 100 % 100 - 1, tm.tm_mday = d % 100 - 1, tm.tm_hour = 12;
            timegm(&tm);   // normalises day 0 to the last of the month before
            days.insert((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
        }
    return days;
}

geo::Date dateOf(int yyyymmdd) {
    return geo::dateFromYmd(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
}

const geo::Color kPlanned{0.1f, 0.2f, 0.9f, 1}, kBuilding{0.9f, 0.6f, 0.1f, 1}, kDone{0.2f, 0.9f, 0.3f, 1},
    kDefault{0.4f, 0.4f, 0.4f, 1};

geo::LayerStyle statusStyle() {
    geo::LayerStyle style;
    style.by = "status";
    style.colors = {{"planned", kPlanned}, {"under_construction", kBuilding}, {"completed", kDone},
                    {"approved", geo::Color{1, 0, 1, 1}}};
    style.defaultColor = kDefault;
    return style;
}

}  // namespace

TEST(Timeline, StatusColorIsTheStylesOwnColourForTheStatus) {
    const geo::LayerStyle style = statusStyle();
    EXPECT_EQ(geo::statusColor(style, geo::ProjectStatus::Planned), kPlanned);
    EXPECT_EQ(geo::statusColor(style, geo::ProjectStatus::UnderConstruction), kBuilding);
    EXPECT_EQ(geo::statusColor(style, geo::ProjectStatus::Completed), kDone);
    EXPECT_EQ(geo::statusColor(style, geo::ProjectStatus::Unknown), kDefault);

    // A style with one status colour: that one is its own, the others purple, red and green.
    geo::LayerStyle partial;
    partial.colors = {{"under_construction", kBuilding}};
    partial.defaultColor = kDefault;
    EXPECT_EQ(geo::statusColor(partial, geo::ProjectStatus::UnderConstruction), kBuilding);
    EXPECT_EQ(geo::statusColor(partial, geo::ProjectStatus::Unknown), kDefault);
    const geo::Color purple = geo::statusColor(partial, geo::ProjectStatus::Planned);
    const geo::Color green = geo::statusColor(partial, geo::ProjectStatus::Completed);
    EXPECT_TRUE(purple.b > purple.g && purple.r > purple.g) << geo::colorHex(purple);
    EXPECT_TRUE(green.g > green.r && green.g > green.b) << geo::colorHex(green);
    const geo::Color red = geo::statusColor(geo::LayerStyle{}, geo::ProjectStatus::UnderConstruction);
    EXPECT_TRUE(red.r > red.g && red.r > red.b) << geo::colorHex(red);
}

TEST(Timeline, CountStatusesAgreesWithTheDatesReadThroughGdal) {
    const geo::FeatureLayer& layer = projects();
    const geo::TimelineFields fields = geo::findTimelineFields(layer);
    const std::map<std::int64_t, SourceProject> source = sourceProjects();
    ASSERT_EQ(source.size(), layer.features.size());
    bool allThree = false, someUnknown = false;
    for (int day : daysToCheck(source)) {
        std::map<geo::ProjectStatus, std::size_t> expected;
        for (const auto& [fid, p] : source) ++expected[referenceStatus(p, day)];
        const geo::StatusCounts got = geo::countStatuses(layer, fields, dateOf(day));
        EXPECT_EQ(got.planned, expected[geo::ProjectStatus::Planned]) << day;
        EXPECT_EQ(got.underConstruction, expected[geo::ProjectStatus::UnderConstruction]) << day;
        EXPECT_EQ(got.completed, expected[geo::ProjectStatus::Completed]) << day;
        EXPECT_EQ(got.unknown, expected[geo::ProjectStatus::Unknown]) << day;
        allThree = allThree || (got.planned && got.underConstruction && got.completed);
        someUnknown = someUnknown || got.unknown;
    }
    EXPECT_TRUE(allThree) << "some day has planned, building and completed projects";
    EXPECT_TRUE(someUnknown) << "some day has projects of unknown status";
}

TEST(Timeline, StatusColorsAreTheStatusColoursOrTheLayersOwn) {
    const geo::FeatureLayer& layer = projects();
    const geo::TimelineFields fields = geo::findTimelineFields(layer);
    const std::map<std::int64_t, SourceProject> source = sourceProjects();
    const geo::LayerStyle style = statusStyle();
    // The layer's own colours: a different one for each feature, so a mix-up shows.
    std::vector<geo::Color> own;
    for (std::size_t i = 0; i < layer.features.size(); ++i)
        own.push_back({0.5f, static_cast<float>(i) / static_cast<float>(layer.features.size()), 0.5f, 1});
    std::map<geo::ProjectStatus, int> seen;
    for (int day : {20100101, 20160331, 20170630, 20190101, 20250101}) {
        const std::vector<geo::Color> colors = geo::statusColors(layer, fields, dateOf(day), style, own);
        ASSERT_EQ(colors.size(), layer.features.size());
        for (std::size_t i = 0; i < colors.size(); ++i) {
            const geo::ProjectStatus status = referenceStatus(source.at(layer.features[i].fid), day);
            const geo::Color expected = status == geo::ProjectStatus::Planned             ? kPlanned
                                        : status == geo::ProjectStatus::UnderConstruction ? kBuilding
                                        : status == geo::ProjectStatus::Completed         ? kDone
                                                                                          : own[i];
            EXPECT_EQ(colors[i], expected) << "feature " << layer.features[i].fid << " on " << day;
            ++seen[status];
        }
    }
    EXPECT_EQ(seen.size(), 4u) << "every status, Unknown included, occurs on some day";
}
