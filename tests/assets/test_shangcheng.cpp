// Checks of the embedded Shangcheng sample data (assets/shangcheng/shangcheng.gpkg) against the plan
// facts in shared/PLAN-FACTS.md: every named project and renewal site is present, the platform areas match
// the plan within 15 %, the parcels tile the district without overlapping and stay off the water,
// and every platform has a bookmark in project.toml that frames it. Uses the GDAL C++ API (and PlanView's
// project parser for the bookmarks); areas are measured in EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E).

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "geo/Project.h"
#include "ShangchengData.h"

using namespace shangcheng_test;

namespace {

bool envelopesTouch(const OGREnvelope& a, const OGREnvelope& b) {
    return a.MinX <= b.MaxX && b.MinX <= a.MaxX && a.MinY <= b.MaxY && b.MinY <= a.MaxY;
}

const std::vector<std::string> kLayers = {"district", "water", "green", "roads", "parcels", "renewal_sites",
                                          "platforms", "projects", "indicators", "parcels_2015"};

}  // namespace

TEST(Shangcheng, OpensWithAllLayersInCgcs2000) {
    ASSERT_NE(Data::get().ds(), nullptr) << kGpkg << " did not open";
    for (const std::string& name : kLayers) {
        OGRLayer* lyr = Data::get().ds()->GetLayerByName(name.c_str());
        ASSERT_NE(lyr, nullptr) << "missing layer " << name;
        EXPECT_GT(lyr->GetFeatureCount(), 0) << name;
        if (name == "indicators") {
            EXPECT_EQ(wkbFlatten(lyr->GetGeomType()), wkbNone);
            continue;
        }
        const OGRSpatialReference* srs = lyr->GetSpatialRef();
        ASSERT_NE(srs, nullptr) << name;
        ASSERT_NE(srs->GetAuthorityCode(nullptr), nullptr) << name;
        EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4490") << name;
    }
}

TEST(Shangcheng, SaysItIsIllustrativeNotSurveyData) {
    GDALDataset* ds = Data::get().ds();
    ASSERT_NE(ds, nullptr);
    const char* abstract = ds->GetMetadataItem("ABSTRACT");
    ASSERT_NE(abstract, nullptr);
    EXPECT_NE(std::string(abstract).find("NOT survey data"), std::string::npos);
    const char* source = ds->GetMetadataItem("SOURCE");
    ASSERT_NE(source, nullptr);
    EXPECT_NE(std::string(source).find("上城区国民经济和社会发展第十三个五年规划纲要"), std::string::npos);
    ASSERT_NE(ds->GetMetadataItem("STATUS_AS_OF"), nullptr);
    for (const std::string& name : kLayers) {
        OGRLayer* lyr = ds->GetLayerByName(name.c_str());
        ASSERT_NE(lyr, nullptr) << name;
        const char* d = lyr->GetMetadataItem("DESCRIPTION");
        ASSERT_NE(d, nullptr) << name << " has no DESCRIPTION";
        if (name != "indicators")
            EXPECT_NE(std::string(d).find("NOT survey data"), std::string::npos) << name << ": " << d;
    }
}

TEST(Shangcheng, NamedFeaturesCarryChineseAndEnglishNames) {
    for (const std::string& name : kLayers) {
        OGRLayer* lyr = Data::get().ds()->GetLayerByName(name.c_str());
        ASSERT_NE(lyr, nullptr) << name;
        EXPECT_GE(lyr->GetLayerDefn()->GetFieldIndex("name_zh"), 0) << name;
        EXPECT_GE(lyr->GetLayerDefn()->GetFieldIndex("name_en"), 0) << name;
        for (const Feature& f : Data::get().layer(name)) {
            EXPECT_EQ(f.has("name_zh") && !f.str("name_zh").empty(), f.has("name_en") && !f.str("name_en").empty())
                << name << ": '" << f.str("name_zh") << "' / '" << f.str("name_en") << "'";
        }
    }
}

TEST(Shangcheng, EveryNamedProjectOfThePlanIsPresent) {
    const std::set<std::string> projects = names("projects");
    const std::vector<std::string> expected = {
        // 专栏一, 专栏四: the industrial base
        "海兴电力智能化电网设备及系统产业化基地", "威星智能仪表年产150万台智能燃气表产业化基地", "博世华环保总装、研发中心项目",
        "新型金属氮化物高效薄膜发光二极管项目", "余杭二期11号地块项目", "余杭二期13号地块", "绿盛集团转型升级提升改造项目",
        "零零壹地块创新型产业提升改造项目",
        // 专栏三, 专栏五 to 专栏十
        "全区通信基站保障布点建设项目（80个）", "吴山广场地下城市综合体",
        "贴沙河（凤山桥直街—清泰立交）综合保护与开发工程", "新开河整治工程", "新塘河整治工程",
        "原红星化工厂铬渣污染场地土壤治理工程", "上城区体育中心", "区文化馆", "区图书馆", "区非遗展示馆",
        "美丽上城文化展示中心", "望江街道社区卫生服务中心",
        // platform works (第四章 第二节)
        "湖滨三期", "湖滨五期", "工联二期", "复兴商务广场", "塘南组团", "塘北组团", "邵逸夫医院国际医疗中心",
        "思科（中国）总部", "望南地块", "望北地块", "尚城1157", "鼓楼南宋文化体验点", "劳动路国学文化体验街区",
        "浙江旅游展示中心",
        // schools (第九章 第三节): 5 middle, 2 primary, 10 kindergartens
        "中学新建改造项目（1）", "中学新建改造项目（2）", "中学新建改造项目（3）", "中学新建改造项目（4）",
        "中学新建改造项目（5）", "小学新建改造项目（1）", "小学新建改造项目（2）", "山南基金小镇国际幼儿园"};
    for (const std::string& n : expected) EXPECT_TRUE(projects.count(n)) << "missing project " << n;
    int kindergartens = 0;
    for (const std::string& n : projects) if (n.find("幼儿园") != std::string::npos) ++kindergartens;
    EXPECT_EQ(kindergartens, 10);

    const Feature* sports = byName("projects", "上城区体育中心");
    ASSERT_NE(sports, nullptr);
    EXPECT_DOUBLE_EQ(sports->number.at("land_area_m2"), 10671.0);
    EXPECT_DOUBLE_EQ(sports->number.at("floor_area_m2"), 53753.0);
    const Feature* haixing = byName("projects", "海兴电力智能化电网设备及系统产业化基地");
    ASSERT_NE(haixing, nullptr);
    EXPECT_DOUBLE_EQ(haixing->number.at("investment_myuan"), 838.0);
    EXPECT_EQ(haixing->str("finish_date"), "2018-07-31");
    EXPECT_EQ(haixing->str("platform"), "科技工业基地");
}

TEST(Shangcheng, ProjectStatusIsConsistentWithItsDate) {
    const std::set<std::string> statuses = {"planned", "approved", "under_construction", "completed"};
    const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
    std::set<std::string> seen;
    for (const Feature& f : Data::get().layer("projects")) {
        const std::string n = f.str("name_zh"), st = f.str("status"), asOf = f.str("status_as_of");
        EXPECT_TRUE(statuses.count(st)) << n << ": status '" << st << "'";
        seen.insert(st);
        ASSERT_TRUE(std::regex_match(asOf, iso)) << n;
        for (const char* d : {"start_date", "finish_date"})
            if (f.has(d)) EXPECT_TRUE(std::regex_match(f.str(d), iso)) << n << " " << d << " '" << f.str(d) << "'";
        if (f.has("start_date") && f.has("finish_date")) EXPECT_LE(f.str("start_date"), f.str("finish_date")) << n;
        if (f.has("finish_date") && f.str("finish_date") <= asOf) EXPECT_EQ(st, "completed") << n;
        else if (f.has("start_date") && f.str("start_date") <= asOf) EXPECT_EQ(st, "under_construction") << n;
        if (st == "under_construction") EXPECT_TRUE(f.has("start_date") && f.str("start_date") <= asOf) << n;
        EXPECT_FALSE(f.str("plan_section").empty()) << n;
        ASSERT_NE(f.geom, nullptr) << n;
    }
    EXPECT_EQ(seen, statuses) << "every status should occur in the sample";
}

TEST(Shangcheng, AllEighteenResettlementPlotsWithThePlansCodes) {
    int starts = 0, completions = 0;
    double startArea = 0, completionArea = 0;
    std::set<std::string> startCodes, completionCodes;
    for (const Feature& f : Data::get().layer("projects")) {
        const std::string cat = f.str("category");
        if (cat == "resettlement_start") {
            ++starts;
            startArea += f.number.at("floor_area_m2");
            if (f.has("plot_code")) startCodes.insert(f.str("plot_code"));
        } else if (cat == "resettlement_completion") {
            ++completions;
            completionArea += f.number.at("floor_area_m2");
            if (f.has("plot_code")) completionCodes.insert(f.str("plot_code"));
        }
    }
    EXPECT_EQ(starts, 10);
    EXPECT_EQ(completions, 8);
    EXPECT_DOUBLE_EQ(startArea, 920000.0);       // 92 万 m2 started
    EXPECT_DOUBLE_EQ(completionArea, 460000.0);  // 46 万 m2 completed
    EXPECT_EQ(startCodes, (std::set<std::string>{"SC0302-11", "SC0403-01", "SC0403-02", "SC0403-03", "SC0403-04",
                                                 "SC0403-05", "SC0403-06", "SC0402-08"}));
    EXPECT_EQ(completionCodes, (std::set<std::string>{"SC0302-11", "SC0403-03", "SC0403-04", "R21-B01b", "R21-B02a",
                                                      "B-R21-03"}));
    const std::set<std::string> projects = names("projects");
    for (const char* n : {"安置房开工：十三湾巷", "安置房开工：平安里危改重建", "安置房竣工：平安里危改重建",
                          "安置房竣工：南星小区危改重建项目"})
        EXPECT_TRUE(projects.count(n)) << n;

    // the plan's codes are real parcels, residential, flagged for renewal
    std::map<std::string, const Feature*> parcels;
    for (const Feature& f : Data::get().layer("parcels")) parcels[f.str("plot_code")] = &f;
    for (const std::set<std::string>* codes : {&startCodes, &completionCodes}) {
        for (const std::string& c : *codes) {
            auto it = parcels.find(c);
            ASSERT_NE(it, parcels.end()) << "no parcel " << c;
            EXPECT_EQ(it->second->str("landuse"), "R2") << c;
            EXPECT_EQ(it->second->str("renewal"), "1") << c;
        }
    }
}

TEST(Shangcheng, RoadsOfThePlanWithTheirStatusAndInvestment) {
    const std::set<std::string> roads = names("roads");
    for (const char* n : {"延安路", "庆春路", "解放路", "西湖大道", "中河路", "建国路", "秋涛路", "钱江路", "之江路", "望江路",
                          "复兴路", "清江路", "江城路", "婺江路", "凯旋路", "甬江路", "近江路", "望清路", "望北路", "三多路"})
        EXPECT_TRUE(roads.count(n)) << "missing road " << n;
    const std::map<std::string, double> investment = {{"婺江路", 936.0}, {"凯旋路", 1543.0}, {"甬江路", 51.0}};
    for (const Feature& f : Data::get().layer("roads")) {
        const std::string n = f.str("name_zh");
        EXPECT_TRUE(f.str("status") == "existing" || f.str("status") == "planned" ||
                    f.str("status") == "under_construction") << n;
        if (investment.count(n)) {
            EXPECT_EQ(f.str("status"), "planned") << n;
            EXPECT_DOUBLE_EQ(f.number.at("investment_myuan"), investment.at(n)) << n;
        }
        if (n == "近江路" || n == "望清路" || n == "望北路" || n == "三多路") {
            EXPECT_EQ(f.str("status"), "planned") << n;
            EXPECT_DOUBLE_EQ(f.number.at("package_investment_myuan"), 258.0) << n;
        }
        if (n == "之江路") EXPECT_FALSE(f.str("project_zh").empty());
    }
}

TEST(Shangcheng, EveryRenewalSiteOfThePlanIsPresent) {
    const std::set<std::string> sites = names("renewal_sites");
    for (const char* n : {"劝业里", "三元坊", "思鑫坊", "工联", "龙翔", "九天国际", "中星服饰城", "陶瓷品市场区块",
                          "吴山广场地下城市综合体"})
        EXPECT_TRUE(sites.count(n)) << "missing renewal site " << n;
    std::map<std::string, int> types;
    for (const Feature& f : Data::get().layer("renewal_sites")) {
        ++types[f.str("type")];
        ASSERT_NE(f.geom, nullptr);
        EXPECT_GT(surfaceArea(f.geom.get()), 1000.0) << f.str("name_zh");
        const double year = f.number.count("target_year") ? f.number.at("target_year") : 0;
        EXPECT_GE(year, 2016) << f.str("name_zh");
        EXPECT_LE(year, 2020) << f.str("name_zh");
    }
    EXPECT_GE(types["old_residential"], 3);
    EXPECT_GE(types["market_conversion"], 4);
    EXPECT_GE(types["urban_village"], 1);
    EXPECT_EQ(types["underground"], 1);
}

TEST(Shangcheng, PlatformAreasMatchThePlanWithinFifteenPercent) {
    const std::set<std::string> platforms = names("platforms");
    for (const char* n : {"大湖滨商圈", "山南基金小镇", "望江智慧产业园", "吴山宋韵小镇", "科技工业基地", "高端医疗集聚区",
                          "城站现代商圈", "杭州中部科创软件园（科创中心）"})
        EXPECT_TRUE(platforms.count(n)) << "missing platform " << n;
    const Feature& district = Data::get().layer("district").at(0);
    ASSERT_NE(district.geom, nullptr);
    std::unique_ptr<OGRGeometry> districtPlus(district.geom->Buffer(1.0));
    int withPlanArea = 0;
    for (const Feature& f : Data::get().layer("platforms")) {
        const std::string n = f.str("name_zh");
        ASSERT_NE(f.geom, nullptr) << n;
        const double km2 = surfaceArea(f.geom.get()) / 1e6;
        if (f.number.count("plan_area_km2")) {
            ++withPlanArea;
            const double plan = f.number.at("plan_area_km2");
            EXPECT_NEAR(km2, plan, 0.15 * plan) << n << ": polygon " << km2 << " km2, plan " << plan << " km2";
            EXPECT_EQ(f.str("kind"), "major") << n;
        } else {
            EXPECT_EQ(f.str("kind"), "further") << n;
        }
        EXPECT_NEAR(f.number.at("area_km2"), km2, 0.002) << n << ": area_km2 field disagrees with the polygon";
        EXPECT_TRUE(districtPlus->Contains(f.geom.get())) << n << " is not inside the district outline";
        EXPECT_FALSE(f.str("targets").empty()) << n;
        EXPECT_FALSE(f.str("plan_section").empty()) << n;
    }
    EXPECT_EQ(withPlanArea, 5);
    const Feature* exclave = byName("platforms", "科技工业基地");
    ASSERT_NE(exclave, nullptr);
    OGREnvelope e;
    exclave->geom->getEnvelope(&e);
    OGREnvelope d;
    district.geom->getEnvelope(&d);
    EXPECT_GT(e.MaxY, d.MinY + 10000.0) << "the industrial base is an exclave about 11 km north-west";
}

TEST(Shangcheng, ParcelsDoNotOverlapEachOther) {
    const std::vector<Feature>& parcels = Data::get().layer("parcels");
    EXPECT_GE(parcels.size(), 3000u);
    EXPECT_LE(parcels.size(), 6000u);
    std::vector<OGREnvelope> env(parcels.size());
    double total = 0.0;
    const double cell = 250.0;
    std::map<std::pair<long, long>, std::vector<size_t>> grid;
    for (size_t i = 0; i < parcels.size(); ++i) {
        ASSERT_NE(parcels[i].geom, nullptr);
        parcels[i].geom->getEnvelope(&env[i]);
        total += surfaceArea(parcels[i].geom.get());
        for (long gx = long(std::floor(env[i].MinX / cell)); gx <= long(std::floor(env[i].MaxX / cell)); ++gx)
            for (long gy = long(std::floor(env[i].MinY / cell)); gy <= long(std::floor(env[i].MaxY / cell)); ++gy)
                grid[{gx, gy}].push_back(i);
    }
    std::set<std::pair<size_t, size_t>> tested;
    double overlap = 0.0;
    for (const auto& [key, members] : grid) {
        for (size_t a = 0; a < members.size(); ++a) {
            for (size_t b = a + 1; b < members.size(); ++b) {
                const size_t i = members[a], j = members[b];
                if (!envelopesTouch(env[i], env[j]) || !tested.insert({i, j}).second) continue;
                if (!parcels[i].geom->Intersects(parcels[j].geom.get())) continue;
                std::unique_ptr<OGRGeometry> x(parcels[i].geom->Intersection(parcels[j].geom.get()));
                overlap += surfaceArea(x.get());
            }
        }
    }
    RecordProperty("overlap_m2", std::to_string(overlap));
    RecordProperty("parcel_area_m2", std::to_string(total));
    EXPECT_LT(overlap, 0.01 * total) << "parcels overlap by " << overlap << " m2 of " << total << " m2";
    EXPECT_LT(overlap, 0.0001 * total) << "parcels are cut from blocks and should overlap only by rounding slivers";
}

TEST(Shangcheng, ParcelsStayOffWestLakeAndTheRiver) {
    const Feature* lake = byName("water", "西湖");
    const Feature* river = byName("water", "钱塘江");
    ASSERT_NE(lake, nullptr);
    ASSERT_NE(river, nullptr);
    double total = 0.0;
    for (const Feature& p : Data::get().layer("parcels")) {
        for (const Feature* w : {lake, river}) {
            if (!p.geom->Intersects(w->geom.get())) continue;
            std::unique_ptr<OGRGeometry> x(p.geom->Intersection(w->geom.get()));
            const double a = surfaceArea(x.get());
            total += a;
            EXPECT_LT(a, 5.0) << p.str("plot_code") << " lies on " << w->str("name_zh") << " (" << a << " m2)";
        }
    }
    EXPECT_LT(total, 100.0);
}

TEST(Shangcheng, ParcelAttributesArePlausible) {
    const std::regex code(R"((SC\d{4}-\d{2}|R21-B0[12][ab]|B-R21-03))");
    const std::regex landuse(R"([RAMWSUGEB]\d?)");
    const std::set<std::string> platforms = names("platforms");
    std::set<std::string> codes;
    std::map<std::string, std::map<std::string, int>> mix;  // platform -> landuse -> count
    for (const Feature& p : Data::get().layer("parcels")) {
        const std::string c = p.str("plot_code"), lu = p.str("landuse");
        EXPECT_TRUE(std::regex_match(c, code)) << c;
        EXPECT_TRUE(codes.insert(c).second) << "duplicate plot code " << c;
        EXPECT_TRUE(std::regex_match(lu, landuse)) << c << ": " << lu;
        const double h = p.number.at("height_m"), far = p.number.at("far");
        EXPECT_GE(h, 0.0) << c;
        EXPECT_LE(h, 150.0) << c;
        EXPECT_GE(far, 0.0) << c;
        EXPECT_LE(far, 8.0) << c;
        EXPECT_TRUE(p.str("renewal") == "0" || p.str("renewal") == "1") << c;
        if (p.has("platform")) EXPECT_TRUE(platforms.count(p.str("platform"))) << c << ": " << p.str("platform");
        if (lu[0] == 'G') EXPECT_EQ(h, 0.0) << c;
        if (p.str("platform") == "吴山宋韵小镇" && lu[0] != 'G' && lu != "S4")
            EXPECT_LE(h, 15.0) << c << ": the historic core stays low";
        ++mix[p.str("platform")][lu.substr(0, 1)];
        ++mix[p.str("platform")][lu];
    }
    EXPECT_GT(mix["大湖滨商圈"]["B"], mix["大湖滨商圈"]["R"]) << "Hubin is retail and business";
    EXPECT_GT(mix["山南基金小镇"]["B2"], 0);
    EXPECT_GT(mix["山南基金小镇"]["G1"], 0);
    EXPECT_GT(mix["吴山宋韵小镇"]["A7"], 0);
    EXPECT_GT(mix["吴山宋韵小镇"]["A2"], 0);
    EXPECT_GT(mix["望江智慧产业园"]["R2"], 0);
    EXPECT_GT(mix["望江智慧产业园"]["B2"], 0);
    EXPECT_GT(mix["科技工业基地"]["M"], mix["科技工业基地"]["B"] + mix["科技工业基地"]["R"]);
}

TEST(Shangcheng, IndicatorsHoldThePlansTargets) {
    const Feature* gdp = byName("indicators", "地区生产总值");
    ASSERT_NE(gdp, nullptr);
    EXPECT_DOUBLE_EQ(gdp->number.at("value_2015"), 861.0);
    EXPECT_DOUBLE_EQ(gdp->number.at("target_2020"), 1236.0);
    EXPECT_EQ(gdp->str("unit"), "亿元");
    EXPECT_EQ(gdp->str("growth"), "7.5%/yr");
    EXPECT_EQ(gdp->str("cumulative"), "0");
    const Feature* fai = byName("indicators", "全社会固定资产投资");
    ASSERT_NE(fai, nullptr);
    EXPECT_DOUBLE_EQ(fai->number.at("target_2020"), 300.0);
    EXPECT_EQ(fai->str("cumulative"), "1");
    EXPECT_EQ(Data::get().layer("indicators").size(), 28u);
}

// ---- Bookmarks of project.toml --------------------------------------------------------------------
// Each platform of the platforms layer has a bookmark (read with PlanView's own project parser)
// whose target lies inside the polygon and whose distance frames it. Framing is judged here with
// the viewer's perspective camera rebuilt from scratch: a 30° vertical field of view on a 16:9 image
// (render's default 1280×720), the eye `distance` metres from the target, `pitch` degrees above the
// horizon, facing `heading`. The polygon's vertices are projected to the screen and their box must
// cover at least 40 % of the screen's width or height (not a speck) and at most 130 % of either
// (a bookmark may cut an edge of a long area, as the existing ones do, but not lose most of it).

namespace {

constexpr double kFieldOfViewYDeg = 30.0, kAspect = 1280.0 / 720.0;

struct ScreenBox {
    double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
    bool behind = false;   // a vertex behind the eye
};

void addVertices(const OGRGeometry* g, std::vector<OGRPoint>& out) {
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
        for (const OGRPoint& p : *g->toPolygon()->getExteriorRing()) out.push_back(p);
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *g->toGeometryCollection()) addVertices(part, out);
        break;
    default: break;
    }
}

// The screen box (normalized device coordinates, -1..1) of `polygon` (EPSG:4549 metres) seen from a
// bookmark's view whose target is `target` (EPSG:4549).
ScreenBox screenBox(const OGRGeometry& polygon, const OGRPoint& target, const geo::View& view) {
    const double h = view.heading * M_PI / 180, p = view.pitch * M_PI / 180;
    // Camera axes on the ground's east/north/up: forward down toward the target, right level.
    const double fx = std::sin(h) * std::cos(p), fy = std::cos(h) * std::cos(p), fz = -std::sin(p);
    const double rx = std::cos(h), ry = -std::sin(h), rz = 0;
    const double ux = ry * fz - rz * fy, uy = rz * fx - rx * fz, uz = rx * fy - ry * fx;   // right × forward
    const double ex = target.getX() - fx * view.distance, ey = target.getY() - fy * view.distance,
                 ez = -fz * view.distance;
    const double t = std::tan(kFieldOfViewYDeg * M_PI / 360);
    std::vector<OGRPoint> vertices;
    addVertices(&polygon, vertices);
    ScreenBox box;
    for (const OGRPoint& v : vertices) {
        const double dx = v.getX() - ex, dy = v.getY() - ey, dz = -ez;
        const double depth = dx * fx + dy * fy + dz * fz;
        if (depth <= 0) {
            box.behind = true;
            continue;
        }
        const double x = (dx * rx + dy * ry + dz * rz) / (depth * t * kAspect), y = (dx * ux + dy * uy + dz * uz) / (depth * t);
        box.minX = std::min(box.minX, x);
        box.maxX = std::max(box.maxX, x);
        box.minY = std::min(box.minY, y);
        box.maxY = std::max(box.maxY, y);
    }
    return box;
}

geo::Project shangchengProject() {
    const std::string path = PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return geo::parseProject(text.str(), path);
}

}  // namespace

TEST(ShangchengBookmarks, EveryPlatformHasABookmarkInsideItThatFramesIt) {
    const geo::Project project = shangchengProject();
    // Keys 1-9 reach the first nine bookmarks: the platforms' views must be among them (later ones, such
    // as the sunlight view, are reached from the bookmark panel).
    const std::vector<geo::Bookmark> keyed(project.bookmarks.begin(),
                                           project.bookmarks.begin() + std::min<std::size_t>(9, project.bookmarks.size()));
    OGRSpatialReference cgcs2000, gk;
    cgcs2000.importFromEPSG(4490);
    cgcs2000.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gk.importFromEPSG(4549);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toGk(OGRCreateCoordinateTransformation(&cgcs2000, &gk));
    ASSERT_TRUE(toGk);

    const std::vector<Feature>& platforms = Data::get().layer("platforms");
    ASSERT_EQ(platforms.size(), 8u);
    for (const Feature& platform : platforms) {
        const std::string name = platform.str("name_zh");
        ASSERT_NE(platform.geom, nullptr) << name;
        int inside = 0, framing = 0;
        for (const geo::Bookmark& b : keyed) {
            OGRPoint target(b.view.lon, b.view.lat);
            ASSERT_EQ(target.transform(toGk.get()), OGRERR_NONE) << b.name;
            if (!platform.geom->Contains(&target)) continue;
            ++inside;
            // Named after the area (the exclave's bookmark adds "（飞地）").
            EXPECT_EQ(b.name.rfind(name, 0), 0u) << "bookmark " << b.name << " lies in " << name;
            const ScreenBox box = screenBox(*platform.geom, target, b.view);
            const double width = (box.maxX - box.minX) / 2, height = (box.maxY - box.minY) / 2;
            const double cover = std::max(width, height);
            std::printf("%s: bookmark %s covers %.0f %% of the width, %.0f %% of the height\n", name.c_str(),
                        b.name.c_str(), width * 100, height * 100);
            EXPECT_FALSE(box.behind) << b.name;
            EXPECT_GE(cover, 0.4) << b.name << " (distance " << b.view.distance << " m) shows " << name << " too small";
            EXPECT_LE(width, 1.3) << b.name << " (distance " << b.view.distance << " m) is too close to frame " << name;
            EXPECT_LE(height, 1.3) << b.name << " (distance " << b.view.distance << " m) is too close to frame " << name;
            framing += !box.behind && cover >= 0.4 && width <= 1.3 && height <= 1.3;
        }
        EXPECT_GE(inside, 1) << "no bookmark of keys 1-9 has its target inside " << name;
        EXPECT_GE(framing, 1) << "no bookmark of keys 1-9 frames " << name;
    }
}

// Issue 16: planners read words, not the data's codes. Every value of a field the sample styles by
// (bar GB 50137 land-use codes, which legends name with their class) has the project's words, in
// Chinese (`labels`, with at least one CJK character) and in English (`labels_en`).
TEST(ShangchengProject, EveryValueOfAStyledFieldHasWordsInChineseAndEnglish) {
    const geo::Project project = shangchengProject();
    GDALDataset* ds = Data::get().ds();
    ASSERT_NE(ds, nullptr);
    std::size_t checked = 0;
    for (const geo::LayerSpec& layer : project.layers) {
        if (layer.style.by.empty() || geo::isLandUseFieldName(layer.style.by)) continue;
        std::set<std::string> values;
        for (const auto& [value, colour] : layer.style.colors) values.insert(value);
        const std::string sql = "SELECT DISTINCT \"" + layer.style.by + "\" FROM \"" + layer.layer + "\"";
        OGRLayer* distinct = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        ASSERT_NE(distinct, nullptr) << sql;
        for (auto& f : *distinct)
            if (f->IsFieldSetAndNotNull(0)) values.insert(f->GetFieldAsString(0));
        ds->ReleaseResultSet(distinct);
        for (const std::string& value : values) {
            SCOPED_TRACE(layer.name + " " + layer.style.by + " = " + value);
            auto zh = layer.style.labels.find(value);
            auto en = layer.style.labelsEn.find(value);
            ASSERT_NE(zh, layer.style.labels.end()) << "no label";
            ASSERT_NE(en, layer.style.labelsEn.end()) << "no English label";
            EXPECT_TRUE(std::any_of(zh->second.begin(), zh->second.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE4; }))
                << "'" << zh->second << "' is not Chinese";
            EXPECT_NE(en->second, value) << "the English words are the code itself";
            ++checked;
        }
    }
    // water 3, roads 3 + 2, renewal types 8, platform kinds 2, project statuses 4.
    EXPECT_EQ(checked, 22u);
}
