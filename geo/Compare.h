// Plan against plan (方案比选): two versions of a layer — two sources, two layers of one source, or the
// same layer in two projects — read into one metric scene frame and compared feature by feature, then
// by indicators (geo/CompareIndicators.h).
//
// Matching, one-to-one:
// - by a key field (`key`, e.g. the plot code): features with equal keys (compared as text) pair up.
//   A key held by several features of one version is a duplicate: reported (CompareReport::
//   duplicateKeys), and its features pair in layer order, those left over counting as removed or
//   added. Features with an empty (NULL) key match nothing.
// - without a key, polygons by overlap: a before and an after feature match when their intersection
//   (GEOS, through OGR) covers at least half of each one's area; among candidates, the pair with the
//   largest intersection is taken first, each feature matching at most once. Points match the nearest
//   point within the tolerance. Lines need a key.
// Each matched pair is unchanged, or changed: in any attribute the two versions share (numbers
// compared as numbers, 30 equals 30.0; text exactly; NULL equals only NULL), or in geometry, when a
// vertex of either lies farther than `toleranceM` from the other's outline (the discrete Hausdorff
// distance of the outlines, in scene metres). Unmatched before features are removed, unmatched after
// features added.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/Style.h"

namespace geo {

class SceneFrame;

enum class ChangeKind { Unchanged, Added, Removed, Changed };
/// "unchanged", "added", "removed", "changed".
const char* changeKindName(ChangeKind k);
/// The colour of a kind of change, on the map and in the change layer's QGIS style: added green,
/// removed red, changed orange, unchanged grey.
Color changeKindColor(ChangeKind k);

struct AttributeChange {
    std::string field;
    Value before, after;
};

struct FeatureChange {
    ChangeKind kind = ChangeKind::Unchanged;
    std::string key;                      ///< the key's value; without a key, the id field's, else "fid N"
    long before = -1, after = -1;         ///< indices into each layer's features; -1 for added / removed
    std::vector<AttributeChange> attributes;   ///< changed attributes, in the before layer's field order
    bool geometryChanged = false;
    double shiftM = 0;                    ///< the outlines' discrete Hausdorff distance (matched pairs)
    double areaBeforeM2 = 0, areaAfterM2 = 0;   ///< as `planview stats` measures them (0 for points, lines)
};

struct CompareOptions {
    std::string key;                      ///< the key field; "" = match by overlap
    double toleranceM = 0.5;              ///< geometry moves up to this many metres count as unchanged
};

struct CompareReport {
    std::vector<FeatureChange> changes;   ///< in the before layer's order, then the added in the after layer's
    std::size_t unchanged = 0, added = 0, removed = 0, changed = 0;
    std::string keyField;                 ///< the key, or the id field shown without one ("" = fid)
    bool byOverlap = false;
    /// Each key held by more than one feature of a version: "before: 'A-01' ×2".
    std::vector<std::string> duplicateKeys;
    std::size_t emptyKeys = 0;            ///< features whose key is NULL or empty (never matched)
    std::vector<std::string> onlyBefore, onlyAfter;   ///< fields one version has and the other lacks (not compared)
};

/// Compares `before` with `after` (both in the scene frame `frame`; areas as the statistics report
/// them there). Throws InputError when the layers' geometry kinds differ, the key is not a field of
/// either layer (the message names the layer and its fields), or lines are to be matched without a key.
CompareReport compareLayers(const FeatureLayer& before, const FeatureLayer& after, const CompareOptions& options,
                            const SceneFrame* frame = nullptr);

/// Each feature of both versions coloured by its kind of change, for drawing the two layers one over
/// the other: the after layer's features by their kind (added, changed, unchanged); of the before
/// layer only the removed ones, the rest transparent (the after version draws them).
/// `beforeCount`/`afterCount` are the layers' feature counts.
void changeColors(const CompareReport& report, std::size_t beforeCount, std::size_t afterCount,
                  std::vector<Color>& before, std::vector<Color>& after);

/// The discrete Hausdorff distance of two features' outlines (polygon rings, lines, points): the
/// farthest any vertex of one lies from the other's nearest segment or point. Metres in the scene frame.
double outlineDistance(const Feature& a, const Feature& b);

/// Whether two attribute values are the same: numbers (or numeric text against numbers) within a
/// relative 1e-9, text exactly, NULL only with NULL.
bool sameValue(const Value& a, const Value& b);

}  // namespace geo
