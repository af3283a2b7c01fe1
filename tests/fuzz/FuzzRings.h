// The geometry pipeline as fuzz_geometry exercises it, shared with the regression test that replays
// every input the fuzzer ever found (tests/fuzz/regressions/fuzz_geometry).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace fuzz {

/// Decodes `data` into a polygon of up to four rings near Hangzhou (a byte giving the ring count and
/// whether rings are closed, then per vertex two int16 offsets of 0.1 m; an x of 0x7FFF ends a ring),
/// reads it through geo::readLayer (projection, repair) and triangulates what is kept. Returns what
/// went wrong ("" when nothing did): a feature dropped without being counted, or a polygon whose
/// triangles do not cover exactly its area.
std::string checkRings(const std::uint8_t* data, std::size_t size);

}  // namespace fuzz
