// Regulatory limits (控规指标) and where they come from: `[[rule]]` tables and a `[check]` table, in a
// project file or in a separate rules file (`planview check --rules FILE`). Plain data; geo/Checks
// measures the parcels against them.
//
//   [check]                        # all optional
//   layer = "用地"                 # the parcels checked (default: the first parcels layer)
//   buildings = "建筑"             # building footprints (default: the parcels are the buildings)
//   green = "绿地"                 # green areas counted for the green ratio
//   zones = "控规单元"             # a polygon layer whose zones rules name with `zone`
//   zone_field = "name_zh"         # the zones' names (default: name_zh, name, 名称)
//   landuse_field = "landuse"      # default: the first land-use-like field (landuse, 用地性质 …)
//   id_field = "plot_code"         # default: plot_code, 地块编码, id, else the feature id
//   name_field = "name_zh"         # default: the layer's label, else name_zh, name, 名称
//   floor_area_field = "floor_area_m2"  # default: floor_area_m2, floor_area, 建筑面积
//   floors_field = "floors"        # default: floors, 层数; else height / storey_height
//   storey_height = 3              # metres a storey (default 3)
//   [check.fields]                 # which attribute holds which limit (defaults below)
//   max_height = "限高"
//
//   [[rule]]
//   name = "西湖景区周边高度控制"   # optional, shown as the limit's source
//   landuse = "R"                  # a GB 50137 code or a prefix of one ("R" matches R2, R21 …)
//   zone = "湖滨单元"              # the parcel lies (mostly) in this zone of [check].zones
//   where = "plot_code LIKE 'HB%'"  # an OGR SQL expression on the parcels' attributes
//   max_height_m = 24
//   max_far = 2.5
//   max_density = 0.35             # a share (0.35) or a percentage (35)
//   min_green_ratio = 0.30         # the same
//   min_setback_m = 5
//
// Which limit applies, separately for each kind of limit (a rule giving only a height leaves the FAR
// to the others): the parcel's own attribute first; else, among the rules that match the parcel and
// give that kind, the most specific: a rule with `where` beats one without, then one with `zone`
// beats one without, then the longer `landuse` code beats the shorter (an exact "R21" beats "R2",
// which beats "R", which beats a rule without `landuse`); between equally specific rules the later
// one wins, and the rules of a `--rules` file come after the project's. A rule matches when every
// criterion it has holds.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace geo {

/// The kinds of limit a parcel can carry. Heights and setbacks in metres; FAR (容积率) a ratio of
/// floor area to parcel area; density (建筑密度) and green ratio (绿地率) shares 0..1.
enum class LimitKind { MaxHeight, MaxFar, MaxDensity, MinGreenRatio, MinSetback };
constexpr std::size_t kLimitKinds = 5;
constexpr std::array<LimitKind, kLimitKinds> kAllLimitKinds = {LimitKind::MaxHeight, LimitKind::MaxFar, LimitKind::MaxDensity,
                                                               LimitKind::MinGreenRatio, LimitKind::MinSetback};

/// The key of the limit in rules and its default attribute: max_height_m, max_far, max_density,
/// min_green_ratio, min_setback_m.
const char* limitKey(LimitKind k);
/// The key in [check.fields]: max_height, max_far, max_density, min_green_ratio, min_setback.
const char* limitFieldKey(LimitKind k);
/// The Chinese indicator: 限高, 容积率, 建筑密度, 绿地率, 退线.
const char* limitNameZh(LimitKind k);
/// Whether the limit is an upper bound (height, FAR, density) or a lower one (green ratio, setback).
bool isUpperLimit(LimitKind k);
/// Whether the limit is a share (density, green ratio): attribute values above 1 or ending in "%"
/// are percentages.
bool isShareLimit(LimitKind k);

struct CheckRule {
    std::string name;                 ///< `name`, or "" (then described by its criteria)
    std::string landuse;              ///< code or prefix, "" = any
    std::string zone;                 ///< zone name, "" = any
    std::string where;                ///< OGR SQL, "" = any
    std::array<std::optional<double>, kLimitKinds> limits;   ///< by LimitKind; shares as 0..1
    std::string file;                 ///< where it was written
    int line = 0;
    /// "name" or the criteria ("landuse R2, zone 湖滨"), then " (FILE:LINE)".
    std::string describe() const;
};

struct CheckSettings {
    std::string layer, buildings, green, zones, zoneField, landuseField, idField, nameField, floorAreaField, floorsField;
    double storeyHeight = 3;
    /// [check.fields]: the attribute holding each kind of limit, "" = the default names.
    std::array<std::string, kLimitKinds> limitFields;
    std::vector<CheckRule> rules;     ///< in file order

    /// `later`'s non-empty settings override these; its rules come after these.
    void merge(const CheckSettings& later);
};

/// Parses the `[check]` and `[[rule]]` tables of TOML `text` read from `path` (other keys are left to
/// the project parser; a rules file may hold only these). Throws InputError "PATH:LINE: KEY: cause"
/// (one line) on a syntax error, a wrong type, an unknown key in a rule or [check], a rule without
/// any limit, a negative limit or a share above 100 %.
CheckSettings parseCheckRules(const std::string& text, const std::string& path);
/// Reads and parses a rules file; InputError when it cannot be read, as parseCheckRules.
CheckSettings loadCheckRules(const std::string& path);

}  // namespace geo
