// Issue 20, "the sample keeps to the plan's own words and figures": each figure the sample carries is
// checked against the plan's own figure, written here with the plan's sentence quoted (上城区国民经济和
// 社会发展第十三个五年规划纲要, shared/seed), and computed in the test from the GeoPackage with GDAL/GEOS:
// areas in EPSG:4549, floor area as Σ area × FAR of the parcels under a project, the crossing of two
// roads as the intersection of their centre lines.

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "geo/Project.h"
#include "ShangchengData.h"

using namespace shangcheng_test;

namespace {

constexpr double kMu = 10000.0 / 15.0;   // 1 亩 in m²

/// Σ area × FAR of the parcels for which `take` is true.
template <class Take>
double floorArea(Take take) {
    double sum = 0.0;
    for (const Feature& f : Data::get().layer("parcels"))
        if (f.geom && take(f)) sum += surfaceArea(f.geom.get()) * f.number.at("far");
    return sum;
}

const Feature* project(const std::string& name) { return byName("projects", name); }

/// The parcels containing the project's point (GEOS), and their Σ area × FAR.
double floorAreaUnder(const Feature& p, int* count) {
    *count = 0;
    double sum = 0.0;
    for (const Feature& f : Data::get().layer("parcels")) {
        if (!f.geom || !f.geom->Contains(p.geom.get())) continue;
        ++*count;
        sum += surfaceArea(f.geom.get()) * f.number.at("far");
    }
    return sum;
}

/// The platform's polygon (EPSG:4549).
const OGRGeometry* platform(const std::string& name) {
    const Feature* f = byName("platforms", name);
    return f ? f->geom.get() : nullptr;
}

/// Parcels whose point on surface lies inside the polygon (GEOS), the platform's parcels by place.
bool inside(const Feature& parcel, const OGRGeometry* area) {
    if (!parcel.geom) return false;
    std::unique_ptr<OGRGeometry> pt(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(parcel.geom.get()))));
    return pt && area->Contains(pt.get());
}

/// The union of the centre lines of the road named so (GEOS).
std::unique_ptr<OGRGeometry> road(const std::string& name) {
    auto lines = std::make_unique<OGRMultiLineString>();
    for (const Feature& f : Data::get().layer("roads"))
        if (f.str("name_zh") == name && f.geom) lines->addGeometry(f.geom.get());
    return lines;
}

}  // namespace

// Where the plan gives a project's floor area, the parcels under the project carry it: Σ area × FAR of
// the parcels containing the project's point equals the plan's figure (within 0.5 %: the carved plots'
// areas are rounded to a centimetre of coordinates).
TEST(ShangchengPlanFigures, ProjectsParcelsCarryThePlansFloorArea) {
    struct Figure {
        const char* project;
        double floorAreaM2;
    };
    const std::vector<Figure> figures = {
        // 专栏一: "杭州海兴电力科技股份有限公司智能化电网设备及系统产业化基地:用地面积25434平方米,
        // 地上总建筑面积45686平方米,项目总投资83800万元,计划2018年7月竣工。"
        {"海兴电力智能化电网设备及系统产业化基地", 45686.0},
        // 专栏一: "浙江威星智能仪表股份有限公司年产150万台智能燃气表产业化基地:用地面积9033平方米,
        // 总建筑面积29293.2平方米,项目总投资20979万元,…计划2016年9月竣工。"
        {"威星智能仪表年产150万台智能燃气表产业化基地", 29293.2},
        // 专栏一: "浙江博世华环保科技有限公司总装、研发中心项目:…总建筑面积约3万方,计划总投资12000万元,
        // 计划2017年3月竣工。"
        {"博世华环保总装、研发中心项目", 30000.0},
        // 专栏四: "余杭二期11号地块项目:用地面积约12亩,拟用于引进创新型产业项目,拟建规模约2.4万方,
        // 计划总投资约1.6亿元。"
        {"余杭二期11号地块项目", 24000.0},
        // 专栏四: "杭州绿盛集团有限公司转型升级提升改造项目:计划申请项目容积率提升至3.0,…
        // 改造后建筑体量约6.6万,计划总投资约1.3亿元。"
        {"绿盛集团转型升级提升改造项目", 66000.0},
        // 专栏四: "零零壹地块创新型产业提升改造项目:拟建规模约5.6万方,计划总投资约3.86亿元,
        // 计划2016年开展拆迁、做地工作。"
        {"零零壹地块创新型产业提升改造项目", 56000.0},
        // 专栏六 (区体育中心): "位于钱江路和候潮路交叉口西南侧,占地面积10671平方米,总建筑面积53753平方米。"
        {"上城区体育中心", 53753.0},
    };
    for (const Figure& fig : figures) {
        SCOPED_TRACE(fig.project);
        const Feature* p = project(fig.project);
        ASSERT_NE(p, nullptr) << "missing project";
        ASSERT_NE(p->geom, nullptr);
        EXPECT_DOUBLE_EQ(p->number.at("floor_area_m2"), fig.floorAreaM2);
        int parcels = 0;
        const double carried = floorAreaUnder(*p, &parcels);
        EXPECT_EQ(parcels, 1) << "the project's point should lie in one parcel";
        EXPECT_NEAR(carried, fig.floorAreaM2, 0.005 * fig.floorAreaM2);
    }
    // 专栏一: 海兴's land "用地面积25434平方米" and 威星's "用地面积9033平方米" are their parcels' areas.
    for (const auto& [name, land] : {std::pair{"海兴电力智能化电网设备及系统产业化基地", 25434.0},
                                     {"威星智能仪表年产150万台智能燃气表产业化基地", 9033.0}}) {
        const Feature* p = project(name);
        ASSERT_NE(p, nullptr);
        double area = 0.0;
        for (const Feature& f : Data::get().layer("parcels"))
            if (f.geom && f.geom->Contains(p->geom.get())) area += surfaceArea(f.geom.get());
        EXPECT_NEAR(area, land, 0.005 * land) << name;
    }
}

// 专栏二: "※吴山宋韵小镇:规划总面积约3.1平方公里,建设用地1382亩。" The platform's built (non-green)
// parcels cover 1,382 亩; the rest of it is the hills' and parks' green (and roads).
TEST(ShangchengPlanFigures, WushanBuiltLandIsThePlans1382Mu) {
    const OGRGeometry* wushan = platform("吴山宋韵小镇");
    ASSERT_NE(wushan, nullptr);
    double built = 0.0;
    for (const Feature& f : Data::get().layer("parcels"))
        if (inside(f, wushan) && f.str("landuse").rfind("G", 0) != 0) built += surfaceArea(f.geom.get());
    EXPECT_NEAR(built / kMu, 1382.0, 0.005 * 1382.0) << built << " m²";
}

// 专栏二: "※科技工业基地:地跨拱墅、余杭两区,是上城区的“飞地”,规划总面积1.45平方公里,实际征地面积
// 61.53公顷,累计建筑面积63.5万平方米。" The exclave's parcels carry 63.5万 m² of floor area.
TEST(ShangchengPlanFigures, IndustrialBaseParcelsCarryThePlans635000SquareMetres) {
    const OGRGeometry* base = platform("科技工业基地");
    ASSERT_NE(base, nullptr);
    const double carried = floorArea([&](const Feature& f) { return inside(f, base); });
    EXPECT_NEAR(carried, 635000.0, 0.005 * 635000.0);
}

// 第四章 第二节: "加快推进尚城1157、鼓楼南宋文化体验点、劳动路国学文化体验街区、浙江旅游展示中心等项目"; the
// 鼓楼 stands where 中山中路 (the south end of 南宋御街) meets 河坊街. The crossing is the intersection of
// the two roads' centre lines in the roads layer.
TEST(ShangchengPlanFigures, DrumTowerSiteIsAtTheCrossingOfZhongshanMiddleRoadAndHefangStreet) {
    const auto yujie = road("南宋御街（中山中路）");
    const auto hefang = road("河坊街");
    ASSERT_FALSE(yujie->IsEmpty());
    ASSERT_FALSE(hefang->IsEmpty());
    std::unique_ptr<OGRGeometry> crossing(yujie->Intersection(hefang.get()));
    ASSERT_TRUE(crossing && !crossing->IsEmpty()) << "the roads do not meet";
    const Feature* gulou = project("鼓楼南宋文化体验点");
    ASSERT_NE(gulou, nullptr);
    EXPECT_LT(gulou->geom->Distance(crossing.get()), 100.0);
    // The crossing is the south end of 南宋御街: no part of the street runs south of it.
    OGREnvelope street, at;
    yujie->getEnvelope(&street);
    crossing->getEnvelope(&at);
    EXPECT_NEAR(street.MinY, at.MinY, 1.0);
}

// Every located project the plan names in its body text is on the map, and each project says whether
// its status comes from the plan or is inferred.
TEST(ShangchengPlanFigures, EveryLocatedProjectThePlanNamesIsOnTheMap) {
    const std::vector<std::string> expected = {
        // 第三章 第一节: "推进凤凰御元、长城178等一批文创基地建设"
        "凤凰御元文创基地", "长城178文创基地",
        // 第三章 第一节: "积极打造玉皇山南“车库咖啡”、金融家俱乐部"
        "玉皇山南“车库咖啡”", "玉皇山南金融家俱乐部",
        // 第五章 第一节: "加快推动上城区浙江大学成果转化基地、中科院杭州射频识别技术研发中心、
        // 浙江省计量院遥控水下机器人测试中心等建设"
        "浙江省计量院遥控水下机器人测试中心", "浙江大学上城区成果转化基地", "中科院杭州射频识别技术研发中心",
        // 第七章 第二节: "建成符合标准规范、与美丽上城建设相适应的国家综合档案馆"
        "国家综合档案馆",
        // 第八章 第二节: "对南复路、环城东路等低洼积水进行重点治理"
        "南复路低洼积水治理", "环城东路低洼积水治理",
        // 第六章 第一节: "培育御街坊巷服务中心等成为新的国际旅游访问点"
        "御街坊巷服务中心",
        // 专栏五: "博物馆:主要集中在吴山周边,以完善为主。"
        "吴山周边博物馆"};
    const std::set<std::string> projects = names("projects");
    for (const std::string& n : expected) EXPECT_TRUE(projects.count(n)) << "missing project " << n;
    // 专栏八: "各街道建成1-2家面积800㎡以上的示范型居家养老服务照料中心" — one in each sub-district.
    int elderCare = 0;
    for (const std::string& n : projects)
        if (n.find("示范型居家养老服务照料中心") != std::string::npos) ++elderCare;
    EXPECT_GE(elderCare, 6);

    // Every project point lies in the district (GEOS), and says where its status comes from.
    const Feature* district = byName("district", "上城区");
    ASSERT_NE(district, nullptr);
    std::map<std::string, int> sources;
    for (const Feature& f : Data::get().layer("projects")) {
        ASSERT_NE(f.geom, nullptr) << f.str("name_zh");
        EXPECT_TRUE(district->geom->Contains(f.geom.get())) << f.str("name_zh") << " lies outside the district";
        ++sources[f.str("status_source")];
    }
    EXPECT_EQ(sources.size(), 2u) << "status_source is 'plan' or 'inferred'";
    EXPECT_GT(sources["plan"], 0);
    EXPECT_GT(sources["inferred"], 0);
    // "计划2018年7月竣工" is the plan's own date; 塘北组团's dates are not in the plan.
    EXPECT_EQ(project("海兴电力智能化电网设备及系统产业化基地")->str("status_source"), "plan");
    EXPECT_EQ(project("塘北组团")->str("status_source"), "inferred");
}

// The plan's words: the renewal sites it names (第十一章 第一节: "继续推进实施望江地区城市更新、大湖滨商圈
// 精品工程等重点项目"; 第四章 第一节: "结合玉皇山南综合整治、望江新城建设等重点工程"), not a name it never
// uses; the international kindergarten quotes its own sentence (第九章 第三节: "加快山南基金小镇国际化教育
// 建设,积极创办国际幼儿园").
TEST(ShangchengPlanWords, RenewalSitesAndQuotesUseThePlansWords) {
    const std::set<std::string> sites = names("renewal_sites");
    EXPECT_TRUE(sites.count("望江地区城市更新"));
    EXPECT_TRUE(sites.count("玉皇山南综合整治"));
    EXPECT_FALSE(sites.count("望江地区城中村")) << "a name the plan never uses";
    const Feature* kindergarten = project("山南基金小镇国际幼儿园");
    ASSERT_NE(kindergarten, nullptr);
    EXPECT_NE(kindergarten->str("plan_figures").find("积极创办国际幼儿园"), std::string::npos)
        << kindergarten->str("plan_figures");
}

// The tour's captions state the plan's targets as the plan does: 第四章 第二节 "聚焦5个重大平台"; 专栏二
// (山南基金小镇) "集聚各类金融企业1000家", "力争管理资产规模超过1万亿元", "启动国家4A级景区创建".
TEST(ShangchengPlanWords, TourCaptionsQuoteThePlan) {
    const geo::Project project = geo::loadProject(PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml");
    const geo::Tour* tour = project.tour("五大平台");
    ASSERT_NE(tour, nullptr);
    std::string all;
    for (const geo::TourStop& s : tour->stops) all += s.caption + "\n";
    for (const char* words : {"5个重大平台", "集聚各类金融企业1000家", "力争管理资产规模超过1万亿元", "启动国家4A级景区创建",
                              "建设用地1382亩", "累计建筑面积63.5万平方米"})
        EXPECT_NE(all.find(words), std::string::npos) << "no caption says " << words;
    for (const char* words : {"五大重点平台", "金融机构"}) EXPECT_EQ(all.find(words), std::string::npos) << words;
}
