// readLayer's fast path for GeoPackages: attributes and WKB geometries in Arrow column batches
// (GDAL RFC 86), each column's values converted into the model's Values as the feature path's
// readValue() gives them. See ColumnReader in FeatureReaderInternal.h.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include "geo/Errors.h"
#include "geo/FeatureReaderInternal.h"
#include "geo/Log.h"
#include "geo/OgrValues.h"
#include "geo/Source.h"

namespace geo {
namespace reading {

namespace {

ColumnKind kindOfFormat(const std::string& f) {
    return f == "i" ? ColumnKind::Int32 : f == "l" ? ColumnKind::Int64 : f == "g" ? ColumnKind::Float64
         : f == "u" ? ColumnKind::Utf8 : f == "U" ? ColumnKind::LargeUtf8 : ColumnKind::Unknown;
}

bool sameName(const ArrowSchema* column, const char* name) { return column->name && std::string(column->name) == name; }

bool bit(const void* bitmap, std::int64_t i) {
    return (static_cast<const std::uint8_t*>(bitmap)[i >> 3] >> (i & 7)) & 1;
}

bool isValid(const ArrowArray& a, std::int64_t i) { return a.null_count == 0 || !a.buffers[0] || bit(a.buffers[0], i); }

/// Row `row` of the batch (its offset added) as readValue() gives it: NULL as monostate, integers
/// as 64-bit, text as UTF-8 (cut at a NUL, as C strings are).
Value columnValue(const ArrowArray& a, ColumnKind kind, std::int64_t row) {
    const std::int64_t i = a.offset + row;
    if (!isValid(a, i)) return std::monostate{};
    const void* values = a.buffers[1];
    auto text = [&](std::int64_t from, std::int64_t to) -> Value {
        const char* start = static_cast<const char*>(a.buffers[2]) + from;
        std::string s(start, static_cast<std::size_t>(to - from));
        s.resize(std::strlen(s.c_str()));
        if (CPLIsUTF8(s.c_str(), static_cast<int>(s.size()))) return s;
        return toUtf8(s.c_str());
    };
    switch (kind) {
    case ColumnKind::Int32: return std::int64_t(static_cast<const std::int32_t*>(values)[i]);
    case ColumnKind::Int64: return static_cast<const std::int64_t*>(values)[i];
    case ColumnKind::Float64: return static_cast<const double*>(values)[i];
    case ColumnKind::Utf8: {
        const auto* o = static_cast<const std::int32_t*>(values);
        return text(o[i], o[i + 1]);
    }
    case ColumnKind::LargeUtf8: {
        const auto* o = static_cast<const std::int64_t*>(values);
        return text(o[i], o[i + 1]);
    }
    case ColumnKind::Unknown: break;
    }
    return std::monostate{};
}

}  // namespace

bool ColumnReader::open(const Source& source, OGRLayer& layer) {
    const char* setting = std::getenv("PLANVIEW_READ_COLUMNS");
    if (setting && std::string(setting) == "0") return false;
    const GDALDriver* driver = source.dataset().GetDriver();
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    if (!driver || std::string(driver->GetDescription()) != "GPKG" || defn->GetGeomFieldCount() != 1) return false;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
        if (t != OFTInteger && t != OFTInteger64 && t != OFTReal && t != OFTString) return false;
        // Numbers with a subtype stay on the feature path: GDAL 3.6's column reader narrows int16 and
        // float32 fields to those types while the file holds more, and packs booleans wrongly.
        if (t != OFTString && defn->GetFieldDefn(i)->GetSubType() != OFSTNone) return false;
    }
    layer.ResetReading();
    char** streamOptions = CSLSetNameValue(nullptr, "MAX_FEATURES_IN_BATCH", "4096");
    const bool started = layer.GetArrowStream(&stream_, streamOptions);
    CSLDestroy(streamOptions);
    // Not usable after all: the stream is given up before the layer is read feature by feature.
    auto giveUp = [&] {
        release();
        layer.ResetReading();
        return false;
    };
    if (!started) return giveUp();
    if (stream_.get_schema(&stream_, &schema_) != 0) return giveUp();
    // The expected columns: the FID, the fields in order, the geometry as WKB.
    const char* fidName = layer.GetFIDColumn();
    const int fields = defn->GetFieldCount();
    if (schema_.n_children != fields + 2 || !sameName(schema_.children[0], *fidName ? fidName : "OGC_FID") ||
        std::string(schema_.children[0]->format) != "l" || std::string(schema_.children[fields + 1]->format) != "z")
        return giveUp();
    for (int i = 0; i < fields; ++i) {
        const ArrowSchema* column = schema_.children[i + 1];
        ColumnKind kind = kindOfFormat(column->format);
        if (!sameName(column, defn->GetFieldDefn(i)->GetNameRef()) || kind == ColumnKind::Unknown) return giveUp();
        kinds_.push_back(kind);
    }
    return true;
}

void ColumnReader::read(const std::string& what, const Take& take) {
    for (;;) {
        ArrowArray batch{};
        if (stream_.get_next(&stream_, &batch) != 0) {
            const char* cause = stream_.get_last_error(&stream_);
            throw InputError(what + ": cannot be read to its end (truncated or corrupt?): " + (cause ? cause : lastGdalError()));
        }
        if (!batch.release) return;   // the end
        std::unique_ptr<ArrowArray, void (*)(ArrowArray*)> owned(&batch, [](ArrowArray* a) { a->release(a); });
        const ArrowArray& fids = *batch.children[0];
        const ArrowArray& geometries = *batch.children[kinds_.size() + 1];
        const auto* wkbOffsets = static_cast<const std::int32_t*>(geometries.buffers[1]);
        const auto* wkbBytes = static_cast<const unsigned char*>(geometries.buffers[2]);
        for (std::int64_t row = 0; row < batch.length; ++row) {
            const std::int64_t at = batch.offset + row;
            std::vector<Value> values;
            values.reserve(kinds_.size());
            for (std::size_t i = 0; i < kinds_.size(); ++i) values.push_back(columnValue(*batch.children[i + 1], kinds_[i], at));
            const std::int64_t g = geometries.offset + at;
            const bool hasWkb = isValid(geometries, g) && wkbOffsets[g + 1] > wkbOffsets[g];
            take(static_cast<const std::int64_t*>(fids.buffers[1])[fids.offset + at], std::move(values),
                 hasWkb ? wkbBytes + wkbOffsets[g] : nullptr,
                 hasWkb ? static_cast<std::size_t>(wkbOffsets[g + 1] - wkbOffsets[g]) : 0);
        }
    }
}

void ColumnReader::release() {
    if (schema_.release) schema_.release(&schema_);
    if (stream_.release) stream_.release(&stream_);
    schema_ = {};
    stream_ = {};
}

}  // namespace reading
}  // namespace geo
