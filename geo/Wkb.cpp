#include "geo/Wkb.h"
#include <cstdint>
#include <cstring>

namespace geo {

namespace {

class WkbCursor {
public:
    WkbCursor(const unsigned char* data, std::size_t size) : at_(data), end_(data + size) {}

    std::size_t left() const { return static_cast<std::size_t>(end_ - at_); }
    bool atEnd() const { return at_ == end_; }

    /// The byte-order byte that starts every geometry: 1 little-endian, 0 big-endian.
    bool byteOrder() {
        if (left() < 1 || *at_ > 1) return false;
        swap_ = (*at_++ == 1) != hostIsLittleEndian();
        return true;
    }
    bool u32(std::uint32_t& v) {
        if (left() < 4) return false;
        unsigned char b[4];
        take(b, 4);
        std::memcpy(&v, b, 4);
        return true;
    }
    double f64() {  // the caller checked there is room
        unsigned char b[8];
        take(b, 8);
        double v;
        std::memcpy(&v, b, 8);
        return v;
    }
    void skip(std::size_t n) { at_ += n; }

private:
    static bool hostIsLittleEndian() {
        const std::uint16_t one = 1;
        unsigned char first;
        std::memcpy(&first, &one, 1);
        return first == 1;
    }
    void take(unsigned char* b, std::size_t n) {
        std::memcpy(b, at_, n);
        at_ += n;
        if (swap_)
            for (std::size_t i = 0; i < n / 2; ++i) std::swap(b[i], b[n - 1 - i]);
    }
    const unsigned char* at_;
    const unsigned char* end_;
    bool swap_ = false;
};

/// The base type (1 point ... 7 collection) and the number of doubles per point, from an ISO code
/// (1000s for Z, 2000s for M, 3000s for ZM) or an extended one (high bits 0x80000000 Z, 0x40000000 M).
bool typeAndDimensions(std::uint32_t code, std::uint32_t& base, std::size_t& dimensions) {
    const bool extendedZ = code & 0x80000000u, extendedM = code & 0x40000000u;
    code &= 0x0fffffffu;
    if (code > 3999) return false;
    base = code % 1000;
    const std::uint32_t iso = code / 1000;   // 0 XY, 1 XYZ, 2 XYM, 3 XYZM
    dimensions = 2 + (iso == 1 || iso == 3 || extendedZ) + (iso == 2 || iso == 3 || extendedM);
    return !((extendedZ || extendedM) && iso != 0);
}

bool readPolygon(WkbCursor& in, std::size_t dimensions, std::vector<Polygon>& out) {
    std::uint32_t rings = 0;
    if (!in.u32(rings) || rings > in.left() / 4) return false;
    Polygon polygon;
    polygon.rings.resize(rings);
    bool anyPoint = false;
    for (Ring& ring : polygon.rings) {
        std::uint32_t points = 0;
        if (!in.u32(points) || points > in.left() / (8 * dimensions)) return false;
        ring.resize(points);
        for (Vec2& p : ring) {
            p.x = in.f64();
            p.y = in.f64();
            in.skip(8 * (dimensions - 2));
        }
        anyPoint = anyPoint || points > 0;
    }
    if (anyPoint) out.push_back(std::move(polygon));
    return true;
}

}  // namespace

bool readWkbPolygons(const unsigned char* data, std::size_t size, std::vector<Polygon>& out) {
    const std::size_t before = out.size();
    auto fail = [&] {
        out.resize(before);
        return false;
    };
    WkbCursor in(data, size);
    std::uint32_t code = 0, base = 0;
    std::size_t dimensions = 2;
    if (!in.byteOrder() || !in.u32(code) || !typeAndDimensions(code, base, dimensions)) return fail();
    if (base == 3) {
        if (!readPolygon(in, dimensions, out)) return fail();
    } else if (base == 6) {
        std::uint32_t parts = 0;
        if (!in.u32(parts) || parts > in.left() / 9) return fail();
        for (std::uint32_t i = 0; i < parts; ++i) {
            std::uint32_t partBase = 0;
            std::size_t partDimensions = 2;
            if (!in.byteOrder() || !in.u32(code) || !typeAndDimensions(code, partBase, partDimensions) ||
                partBase != 3 || partDimensions != dimensions || !readPolygon(in, dimensions, out))
                return fail();
        }
    } else {
        return fail();
    }
    return in.atEnd() ? true : fail();
}

}  // namespace geo
