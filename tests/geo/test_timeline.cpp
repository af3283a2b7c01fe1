#include <gtest/gtest.h>
#include <ctime>
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
