#include "geo/OgrValues.h"
#include <cpl_string.h>
#include <cstdio>

namespace geo {

FieldType toFieldType(OGRFieldType t) {
    switch (t) {
    case OFTInteger:
    case OFTInteger64: return FieldType::Integer;
    case OFTReal: return FieldType::Real;
    case OFTString: return FieldType::String;
    case OFTDate: return FieldType::Date;
    case OFTDateTime: return FieldType::DateTime;
    default: return FieldType::Other;
    }
}

std::string toUtf8(const char* text) {
    if (!text) return "";
    if (CPLIsUTF8(text, -1)) return text;
    char* gbk = CPLRecode(text, "CP936", CPL_ENC_UTF8);
    std::string decoded = gbk ? gbk : "";
    CPLFree(gbk);
    if (!decoded.empty() && CPLIsUTF8(decoded.c_str(), -1)) return decoded;
    // Keep the valid sequences; each invalid byte becomes U+FFFD.
    std::string out;
    const std::string raw = text;
    for (std::size_t i = 0; i < raw.size();) {
        unsigned char c = static_cast<unsigned char>(raw[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n && i + n <= raw.size() && CPLIsUTF8(raw.substr(i, n).c_str(), static_cast<int>(n))) {
            out += raw.substr(i, n);
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

Value readValue(const OGRFeature& f, int i) {
    if (!f.IsFieldSetAndNotNull(i)) return std::monostate{};
    const OGRFieldType type = f.GetFieldDefnRef(i)->GetType();
    switch (type) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case OFTReal: return f.GetFieldAsDouble(i);
    case OFTDate:
    case OFTDateTime: {
        // ISO 8601 ("2016-07-01", "2018-07-01T08:00:00"), whatever the year: no time_t involved.
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
        float sec = 0;
        if (!f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz)) return std::string(f.GetFieldAsString(i));
        char text[48];
        if (type == OFTDate) {
            std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, mo, d);
        } else {
            int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi,
                                  static_cast<int>(sec));
            if (tz == 100) std::snprintf(text + n, sizeof text - n, "Z");  // OGR's "UTC" flag
            else if (tz > 100) std::snprintf(text + n, sizeof text - n, "+%02d:%02d", (tz - 100) / 4, (tz - 100) % 4 * 15);
            else if (tz > 1) std::snprintf(text + n, sizeof text - n, "-%02d:%02d", (100 - tz) / 4, (100 - tz) % 4 * 15);
        }
        return std::string(text);
    }
    default: return toUtf8(f.GetFieldAsString(i));
    }
}

}  // namespace geo
