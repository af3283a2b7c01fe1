// The UI's fixed strings in Chinese and English, in one table: the language switches at run time,
// and the font atlas is built with the glyphs of every phrase.
#pragma once
#include <string>

namespace planview {

enum class Language { Chinese, English };

/// The language the panels speak now (Chinese until set).
Language uiLanguage();
void setUiLanguage(Language language);
/// Chinese when the locale ($LC_ALL, $LC_MESSAGES, $LANG, the first one set) starts with "zh",
/// else English.
Language languageFromLocale();
/// "zh" → Chinese, "en" → English (true); false for anything else.
bool parseLanguage(const std::string& name, Language& language);

}  // namespace planview

namespace CLI { class App; }
namespace geo { struct Project; }

namespace planview {

/// `--lang zh|en` on a command (the UI's language; default the project's, else the locale's).
void addLanguageOption(CLI::App& command, std::string& language);
/// Sets the UI language from the option's value ("" leaves the locale's choice).
void applyLanguageOption(const std::string& language);
/// Sets the UI language for showing `project`: the option's value ("zh" or "en") when given, else the
/// language the project is written in (geo::projectLanguage: a Chinese project speaks Chinese
/// whatever the locale), else the locale's (languageFromLocale).
void applyLanguageOption(const std::string& language, const geo::Project& project);

struct Phrase {
    const char* zh;
    const char* en;
};

/// The phrase in the current language.
inline const char* tr(const Phrase& phrase) { return uiLanguage() == Language::Chinese ? phrase.zh : phrase.en; }
/// A window title in the current language with an ID that stays the same across languages, so a
/// language switch keeps the window where it is.
std::string windowTitle(const Phrase& phrase, const char* id);

// X(identifier, Chinese, English)
#define PLANVIEW_PHRASES(X)                                                                         \
    X(kLayers, "图层", "Layers")                                                                    \
    X(kLegend, "图例", "Legend")                                                                    \
    X(kBookmarks, "书签", "Bookmarks")                                                              \
    X(kHome, "全景", "Home")                                                                        \
    X(kOpacity, "不透明度", "Opacity")                                                              \
    X(kStyleField, "着色字段", "Colour by")                                                         \
    X(kOneColour, "（单色）", "(one colour)")                                                       \
    X(kUnavailable, "不可用", "unavailable")                                                        \
    X(kReconnect, "重新连接", "Reconnect")                                                          \
    X(kReconnecting, "正在重新连接…", "Reconnecting…")                                              \
    X(kStreamed, "按视野分块加载", "loaded in tiles around the camera")                            \
    X(kTilesInFull, "块已完整加载", "tiles in full")                                                \
    X(kTilesLoading, "块加载中", "loading")                                                         \
    X(kNotForStreamed, "分块加载的图层不支持此功能", "not for a layer loaded in tiles")            \
    X(kFrame, "帧", "Frame")                                                                        \
    X(kDrawCalls, "绘制调用", "Draw calls")                                                         \
    X(kLon, "经度", "Lon")                                                                          \
    X(kLat, "纬度", "Lat")                                                                          \
    X(kFeatures, "要素", "features")                                                                \
    X(kOneFeature, "要素", "feature")                                                               \
    X(kTextCut, "个值超过 254 字节，已截断（Shapefile 的上限）", "value(s) cut to 254 bytes (Shapefile's limit)")          \
    X(kQgisProjectWritten, "QGIS 项目已写出：图层", "QGIS project written: layers")                                   \
    X(kBookmarksWritten, "书签", "bookmarks")                                                                        \
    X(kOther, "其他", "Other")                                                                      \
    X(kNorth, "北", "N")                                                                            \
    X(kSelected, "选中", "Selected")                                                                \
    X(kKeysHint, "数字键 1–9 跳转书签，H 回到全景", "Keys 1–9 go to bookmarks, H home")             \
    X(kLanguageButton, "English", "中文")                                                           \
    X(kTools, "工具", "Tools")                                                                      \
    X(kInspector, "属性", "Inspector")                                                              \
    X(kNothingSelected, "点击要素查看属性", "Click a feature to inspect it")                        \
    X(kLayer, "图层", "Layer")                                                                      \
    X(kArea, "面积", "Area")                                                                        \
    X(kPerimeter, "周长", "Perimeter")                                                              \
    X(kGroundHeight, "地面高程", "Ground height")                                                   \
    X(kAlongTheGround, "沿地面", "Along the ground")                                                \
    X(kAtThisPoint, "点击处", "At this point")                                                      \
    X(kLength, "长度", "Length")                                                                    \
    X(kPlatform, "所在区域", "Lies in")                                                             \
    X(kNone, "（无）", "(none)")                                                                    \
    X(kField, "字段", "Field")                                                                      \
    X(kValue, "值", "Value")                                                                        \
    X(kClearSelection, "清除 (Esc)", "Clear (Esc)")                                                 \
    X(kFilter, "筛选", "Filter")                                                                    \
    X(kCategories, "分类", "Categories")                                                            \
    X(kAll, "全选", "All")                                                                          \
    X(kNoneButton, "全不选", "None")                                                                \
    X(kWhere, "条件 (OGR SQL WHERE)", "Where (OGR SQL)")                                            \
    X(kApply, "应用", "Apply")                                                                      \
    X(kClear, "清除", "Clear")                                                                      \
    X(kHideFiltered, "隐藏", "Hide")                                                                \
    X(kGreyFiltered, "灰显", "Grey out")                                                            \
    X(kShownCount, "显示", "Shown")                                                                 \
    X(kBadWhere, "条件表达式无效，筛选未改变。GDAL 的提示：", "The expression is not valid; the filter is unchanged. GDAL says:") \
    X(kTimeline, "时间轴", "Timeline")                                                              \
    X(kTimelineOn, "按日期显示项目状态", "Show project status on a date")                           \
    X(kPlay, "播放", "Play")                                                                        \
    X(kPause, "暂停", "Pause")                                                                      \
    X(kPlanned, "规划", "Planned")                                                                  \
    X(kUnderConstruction, "在建", "Under construction")                                             \
    X(kCompleted, "建成", "Completed")                                                              \
    X(kUnknownStatus, "日期不详", "No dates")                                                       \
    X(kSun, "日照", "Sun")                                                                          \
    X(kSunOn, "按太阳位置显示光照和阴影", "Light and shadows by the sun")                           \
    X(kSunDate, "日期", "Date")                                                                     \
    X(kGreatCold, "大寒", "Great Cold")                                                             \
    X(kWinterSolstice, "冬至", "Winter solstice")                                                   \
    X(kSummerSolstice, "夏至", "Summer solstice")                                                   \
    X(kSpringEquinox, "春分", "Spring equinox")                                                     \
    X(kAutumnEquinox, "秋分", "Autumn equinox")                                                     \
    X(kSunToday, "今天", "Today")                                                                   \
    X(kSunClock, "当地时间", "Clock time")                                                          \
    X(kSunTrueSolar, "真太阳时", "True solar time")                                                 \
    X(kSunAltitude, "高度角", "Altitude")                                                           \
    X(kSunAzimuth, "方位角", "Azimuth")                                                             \
    X(kSunNight, "太阳在地平线以下（夜间）", "The sun is below the horizon (night)")                \
    X(kSunlightAnalysis, "日照分析（GB 50180-2018）", "Sunlight hours (GB 50180-2018)")             \
    X(kSunlightLayer, "建筑图层", "Buildings")                                                      \
    X(kSunlightSettings, "参数", "Settings")                                                        \
    X(kSunlightScopeSelection, "选中的建筑", "Selected building")                                  \
    X(kSunlightScopeWhere, "按条件", "By expression")                                              \
    X(kSunlightScopeInView, "视野内全部", "All in view")                                           \
    X(kSunlightWindow, "时段（真太阳时）", "Window (true solar time)")                              \
    X(kSunlightThreshold, "标准（小时）", "Threshold (h)")                                          \
    X(kSunlightStep, "步长（分钟）", "Step (min)")                                                  \
    X(kSunlightSpacing, "间距（米）", "Spacing (m)")                                                \
    X(kSunlightFloorHeight, "层高（米）", "Floor height (m)")                                       \
    X(kSunlightMinPeriod, "最短连续（分钟）", "Shortest period (min)")                              \
    X(kSunlightFast, "快速（先粗算，临界处细化）", "Fast (coarse first, refined near the threshold)") \
    X(kSunlightGround, "地面网格", "Ground grid")                                                   \
    X(kSunlightRun, "分析", "Analyse")                                                              \
    X(kSunlightCancel, "取消", "Cancel")                                                            \
    X(kSunlightCancelled, "已取消", "Cancelled")                                                    \
    X(kSunlightCoarse, "粗算", "coarse")                                                            \
    X(kSunlightRefine, "细化", "refining")                                                          \
    X(kSunlightGroundPass, "地面", "ground")                                                        \
    X(kSunlightPoints, "个点", "points")                                                            \
    X(kSunlightFailing, "未达标", "short of the threshold")                                         \
    X(kSunlightShowMarks, "在地图上显示日照点", "Show the points on the map")                       \
    X(kSunlightFailures, "未达标的楼层", "Floors short of the threshold")                           \
    X(kSunlightAllPass, "全部达标", "Every point passes")                                           \
    X(kSunlightBuilding, "建筑", "Building")                                                        \
    X(kSunlightFloor, "层", "Floor")                                                                \
    X(kSunlightLeast, "最少日照", "Least sun")                                                      \
    X(kSunlightRowHint, "单击一行飞往该立面", "Click a row to fly to the facade")                   \
    X(kSunlightPoint, "日照点", "Sunlight point")                                                   \
    X(kSunlightHeight, "高度", "Height")                                                            \
    X(kSunlightMinutes, "日照时间", "Sun")                                                          \
    X(kSunlightPeriods, "时段", "Periods")                                                          \
    X(kSunlightPass, "达标", "pass")                                                                \
    X(kSunlightFail, "不达标", "fail")                                                              \
    X(kSunlightGroundPoint, "地面", "Ground")                                                       \
    X(kSunlightSelectFirst, "请先在地图上选中图层中的一栋建筑：", "Select a building of this layer on the map first:") \
    X(kSunlightWhereFirst, "请输入条件表达式", "Type an expression first")                          \
    X(kSunlightNoView, "地图尚未显示", "The map has not been drawn yet")                            \
    X(kSunlightNoLayer, "项目没有拉伸的建筑图层", "The project has no layer of extruded buildings") \
    X(kSunlightBadSettings, "参数无效：时段须在一天之内且起点早于终点，步长、间距、层高须大于0", "Invalid settings: the window must lie within the day, from before to; step, spacing and floor height above 0") \
    X(kSunlightNoBuildings, "没有要分析的建筑", "No building to analyse")                          \
    X(kSearch, "搜索", "Search")                                                                    \
    X(kSearchHint, "名称或地块编号", "Name or plot code")                                           \
    X(kNoMatches, "无匹配", "No matches")                                                           \
    X(kMeasure, "测量", "Measure")                                                                  \
    X(kMeasureDistance, "距离", "Distance")                                                         \
    X(kMeasureArea, "面积", "Area")                                                                 \
    X(kMeasureOff, "关闭", "Off")                                                                   \
    X(kMeasureHint, "在地面上单击添加点，退格删除末点", "Click the ground to add points; Backspace removes the last") \
    X(kPoints, "点数", "Points")                                                                    \
    X(kStatistics, "统计", "Statistics")                                                            \
    X(kChecks, "控规检查", "Checks")                                                                \
    X(kRunChecks, "检查", "Check")                                                                  \
    X(kRules, "规则", "Rules")                                                                      \
    X(kNoRules, "项目没有控规规则，仅检查地块自身的限值属性", "The project has no rules: only the parcels' own limit attributes count") \
    X(kPassCount, "符合", "Pass")                                                                   \
    X(kExceedCount, "超出", "Exceed")                                                               \
    X(kNoDataCount, "无数据", "No data")                                                            \
    X(kShowAllChecks, "显示全部", "Show all")                                                       \
    X(kTintByResult, "按结果着色地块", "Colour parcels by result")                                   \
    X(kShowEnvelopes, "显示控规盒子", "Show height envelopes")                                      \
    X(kEnvelopes, "控规盒子", "Height envelopes")                                                 \
    X(kEnvelopeLimit, "限高", "Height limit")                                                       \
    X(kEnvelopeExceeded, "超出限高", "Exceeds the limit")                                            \
    X(kCheckRowHint, "单击一行飞往该地块", "Click a row to fly to the parcel")                        \
    X(kCompare, "方案比选", "Compare")                                                              \
    X(kRunCompare, "比较", "Compare")                                                               \
    X(kCompareOff, "关闭", "Off")                                                                   \
    X(kCompareSwipe, "卷帘", "Swipe")                                                               \
    X(kCompareChanges, "变化", "Changes")                                                           \
    X(kCompareSplit, "并排", "Side by side")                                                        \
    X(kAdded, "新增", "Added")                                                                      \
    X(kRemoved, "删除", "Removed")                                                                  \
    X(kChanged, "变更", "Changed")                                                                  \
    X(kUnchanged, "未变", "Unchanged")                                                              \
    X(kBeforeVersion, "前", "Before")                                                               \
    X(kAfterVersion, "后", "After")                                                                 \
    X(kDelta, "差值", "Delta")                                                                      \
    X(kIndicators, "指标", "Indicators")                                                            \
    X(kShowUnchanged, "显示未变", "Show unchanged")                                                  \
    X(kCompareRowHint, "单击一行飞往该地块", "Click a row to fly to the feature")                     \
    X(kGroupBy, "分组字段", "Group by")                                                             \
    X(kWithin, "分区", "Zones")                                                                     \
    X(kNoZones, "（不分区）", "(no zones)")                                                         \
    X(kZone, "分区", "Zone")                                                                        \
    X(kCategory, "类别", "Category")                                                                \
    X(kCount, "数量", "Count")                                                                      \
    X(kFloorArea, "建筑面积", "Floor area")                                                         \
    X(kSum, "合计", "Sum")                                                                          \
    X(kTotal, "合计", "Total")                                                                      \
    X(kLoading, "正在加载", "Loading")                                                              \
    X(kMu, "亩", "mu")                                                                              \
    X(kShare, "占比", "Share")                                                                      \
    X(kViewName, "视图", "View")                                                                    \
    X(kSaveView, "保存当前视图", "Save this view")                                                  \
    X(kRename, "重命名", "Rename")                                                                  \
    X(kBookmarkHint, "单击前往，双击重命名", "Click to go there, double-click to rename")             \
    X(kDelete, "删除", "Delete")                                                                    \
    X(kUsedByTour, "书签被导览使用，未删除：", "Not deleted: used by the tour")                     \
    X(kNameTaken, "名称已被使用", "Name already taken")                                             \
    X(kBookmarksSaved, "已保存到", "Saved to")                                                      \
    X(kRenderStill, "导出8K图片", "8K still")                                                       \
    X(kExport, "导出", "Export")                                                                    \
    X(kFormat, "格式", "Format")                                                                    \
    X(kOutputFile, "输出文件", "Output file")                                                       \
    X(kOnlyFiltered, "仅筛选后的要素", "Only the filtered features")                                \
    X(kOnlySelected, "仅选中的要素", "Only the selected feature")                                   \
    X(kOverwrite, "覆盖已有文件", "Replace an existing file")                                       \
    X(kStillSaved, "图片已保存：", "Still saved:")                                                  \
    X(kBookmarksNotSaved, "数据源不是项目文件，书签未保存", "Not a project file: bookmarks are not saved") \
    /* presentation overlay (issue 6) */                                                            \
    X(kPresentMetres, "米", "m")                                                                    \
    X(kPresentKilometres, "公里", "km")                                                             \
    X(kPresentApproved, "立项", "Approved")                                                         \
    X(kPresentExisting, "现状", "Existing")

#define PLANVIEW_DECLARE_PHRASE(name, zh, en) inline constexpr Phrase name{zh, en};
namespace text {
PLANVIEW_PHRASES(PLANVIEW_DECLARE_PHRASE)

/// Every phrase's Chinese, concatenated, plus digits and signs: the glyphs the font atlas must hold.
#define PLANVIEW_PHRASE_ZH(name, zh, en) zh
inline constexpr const char* kAllText = PLANVIEW_PHRASES(PLANVIEW_PHRASE_ZH) "0123456789.,:;-–—/()[]%|·×…°²mskKM ";
#undef PLANVIEW_PHRASE_ZH
}  // namespace text
#undef PLANVIEW_DECLARE_PHRASE

}  // namespace planview
