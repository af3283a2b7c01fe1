// The UI's fixed strings, in one place: the font atlas is built with their glyphs, and a later
// language switch replaces this table.
#pragma once

namespace planview::text {

inline constexpr const char* kLayers = "图层 Layers";
inline constexpr const char* kLegend = "图例 Legend";
inline constexpr const char* kBookmarks = "书签 Bookmarks";
inline constexpr const char* kHome = "全景 Home";
inline constexpr const char* kOpacity = "不透明度";
inline constexpr const char* kStyleField = "着色字段";
inline constexpr const char* kOneColour = "（单色）";
inline constexpr const char* kUnavailable = "不可用";
inline constexpr const char* kFrame = "帧";
inline constexpr const char* kDrawCalls = "绘制调用";
inline constexpr const char* kLon = "经度";
inline constexpr const char* kLat = "纬度";
inline constexpr const char* kFeatures = "要素";
inline constexpr const char* kOther = "其他";
inline constexpr const char* kNorth = "北";
inline constexpr const char* kSelected = "选中";
inline constexpr const char* kKeysHint = "数字键 1–9 跳转书签，空格键回到全景";

/// Every string above, concatenated: the glyphs the font atlas must hold.
inline constexpr const char* kAllText =
    "图层 Layers图例 Legend书签 Bookmarks全景 Home不透明度着色字段（单色）不可用帧绘制调用经度纬度要素其他北选中"
    "数字键 1–9 跳转书签，空格键回到全景"
    "0123456789.,:;-–—/()[]%|·×…°mskKM ";

}  // namespace planview::text
