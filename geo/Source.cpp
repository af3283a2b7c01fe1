#include "geo/Source.h"
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <filesystem>
#include <mutex>
#include <set>
#include <utility>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

void initGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        routeLibraryMessagesToLog();
        GDALAllRegister();
    });
}

namespace {

/// Layers handed out by database sources (their filters run on the server), with their dataset.
std::mutex databaseLayersMutex;
std::map<const OGRLayer*, const GDALDataset*>& databaseLayers() {
    static std::map<const OGRLayer*, const GDALDataset*> layers;
    return layers;
}

void forgetDatabaseLayers(const GDALDataset* dataset) {
    std::lock_guard<std::mutex> lock(databaseLayersMutex);
    auto& layers = databaseLayers();
    for (auto it = layers.begin(); it != layers.end();) it = it->second == dataset ? layers.erase(it) : std::next(it);
}

}  // namespace

void Source::Closer::operator()(GDALDataset* d) const {
    forgetDatabaseLayers(d);
    GDALClose(d);
}

Source::Source(std::string location, GDALDataset* dataset, bool database)
    : location_(std::move(location)), database_(database), dataset_(dataset) {}
Source::Source(Source&&) noexcept = default;
Source& Source::operator=(Source&&) noexcept = default;
Source::~Source() = default;

namespace {

bool looksLikeConnectionString(const std::string& s) {
    auto colon = s.find(':');
    return colon != std::string::npos && colon > 1 && s.find('/') > colon;  // "PG:…", "WFS:…", not "/a:b"
}

bool startsWithNoCase(const std::string& s, const char* prefix) {
    for (std::size_t i = 0; prefix[i]; ++i)
        if (i >= s.size() || std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool isUrl(const std::string& s) { return startsWithNoCase(s, "postgresql://") || startsWithNoCase(s, "postgres://"); }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// libpq's keyword=value connection string, parsed as libpq does: whitespace-separated pairs, spaces
/// allowed around '=', values bare or in single quotes, backslash escaping the next character.
/// Returns false on a malformed string (a keyword without '=', an unterminated quote).
bool parseKeywords(const std::string& text, std::vector<std::pair<std::string, std::string>>& out, std::string& error) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto skipSpace = [&] { while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
    while (true) {
        skipSpace();
        if (i >= n) return true;
        std::size_t start = i;
        while (i < n && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::string key = text.substr(start, i - start);
        skipSpace();
        if (i >= n || text[i] != '=') {
            error = "missing '=' after '" + key + "' in the connection string";
            return false;
        }
        ++i;
        skipSpace();
        std::string value;
        if (i < n && text[i] == '\'') {
            ++i;
            bool closed = false;
            while (i < n) {
                if (text[i] == '\\' && i + 1 < n) { value += text[i + 1]; i += 2; continue; }
                if (text[i] == '\'') { ++i; closed = true; break; }
                value += text[i++];
            }
            if (!closed) {
                error = "unterminated quoted value of '" + key + "' in the connection string";
                return false;
            }
        } else {
            while (i < n && !std::isspace(static_cast<unsigned char>(text[i]))) {
                if (text[i] == '\\' && i + 1 < n) { value += text[i + 1]; i += 2; continue; }
                value += text[i++];
            }
        }
        out.emplace_back(key, value);
    }
}

/// A value as libpq (and GDAL's own scan of the string) reads it: bare when plain, else quoted.
std::string quoteValue(const std::string& value) {
    bool plain = !value.empty();
    for (char c : value)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '\\' || c == '=') plain = false;
    if (plain) return value;
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool percentDecode(const std::string& in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') { out += in[i]; continue; }
        if (i + 2 >= in.size()) return false;
        int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return true;
}

/// A postgresql:// URL as libpq keyword pairs (libpq's URI rules: user info, a comma-separated host
/// list with optional ports and bracketed IPv6 addresses, the database, then ?key=value&… parameters).
bool parseUrl(const std::string& url, std::vector<std::pair<std::string, std::string>>& out, std::string& error) {
    std::string rest = url.substr(url.find("://") + 3);
    std::string query;
    if (std::size_t q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string userInfo;
    if (std::size_t at = rest.rfind('@'); at != std::string::npos) {
        userInfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
    }
    std::string hosts = rest, database;
    if (std::size_t slash = rest.find('/'); slash != std::string::npos) {
        hosts = rest.substr(0, slash);
        database = rest.substr(slash + 1);
    }
    auto decoded = [&](const std::string& in, const char* part, std::string& value) {
        if (percentDecode(in, value)) return true;
        error = std::string("bad percent-encoding in the URL's ") + part;
        return false;
    };
    std::string value;
    if (!userInfo.empty()) {
        std::size_t colon = userInfo.find(':');
        if (!decoded(userInfo.substr(0, colon), "user name", value)) return false;
        if (!value.empty()) out.emplace_back("user", value);
        if (colon != std::string::npos) {
            if (!decoded(userInfo.substr(colon + 1), "password", value)) return false;
            out.emplace_back("password", value);
        }
    }
    if (!hosts.empty()) {
        std::string hostList, portList;
        bool anyPort = false;
        std::size_t start = 0;
        while (start <= hosts.size()) {
            std::size_t comma = hosts.find(',', start);
            std::string spec = hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            std::string host, port;
            if (!spec.empty() && spec[0] == '[') {
                std::size_t close = spec.find(']');
                if (close == std::string::npos) {
                    error = "unterminated [IPv6 address] in the URL";
                    return false;
                }
                host = spec.substr(1, close - 1);
                if (close + 1 < spec.size()) {
                    if (spec[close + 1] != ':') {
                        error = "unexpected text after the [IPv6 address] in the URL";
                        return false;
                    }
                    port = spec.substr(close + 2);
                }
            } else {
                std::size_t colon = spec.rfind(':');
                host = spec.substr(0, colon);
                if (colon != std::string::npos) port = spec.substr(colon + 1);
            }
            if (!port.empty() && port.find_first_not_of("0123456789") != std::string::npos) {
                error = "the port '" + port + "' in the URL is not a number";
                return false;
            }
            if (!decoded(host, "host", value)) return false;
            hostList += (start ? "," : "") + value;
            portList += (start ? "," : "") + port;
            anyPort = anyPort || !port.empty();
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (hostList.find_first_not_of(',') != std::string::npos) out.emplace_back("host", hostList);
        if (anyPort) out.emplace_back("port", portList);
    }
    if (!database.empty()) {
        if (!decoded(database, "database name", value)) return false;
        out.emplace_back("dbname", value);
    }
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        start = amp == std::string::npos ? query.size() : amp + 1;
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        if (eq == std::string::npos) {
            error = "the URL parameter '" + pair + "' has no value";
            return false;
        }
        std::string key, v;
        if (!decoded(pair.substr(0, eq), "parameters", key) || !decoded(pair.substr(eq + 1), "parameters", v)) return false;
        if (key == "ssl" && v == "true") { key = "sslmode"; v = "require"; }   // JDBC style, as libpq accepts
        out.emplace_back(key, v);
    }
    return true;
}

/// The spans (start, length) of password values in `text`: `password` keywords and URL parameters,
/// and the password of a URL's user info.
std::vector<std::pair<std::size_t, std::size_t>> passwordSpans(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    const std::string low = lower(text);
    // keyword=value and ?password=…&
    for (std::size_t at = low.find("password"); at != std::string::npos; at = low.find("password", at + 8)) {
        if (at > 0) {
            char before = low[at - 1];
            if (!(std::isspace(static_cast<unsigned char>(before)) || before == ':' || before == '?' || before == '&' ||
                  before == '\'' || before == '"'))
                continue;
        }
        std::size_t i = at + 8;
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size() || text[i] != '=') continue;
        ++i;
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t start = i;
        if (i < text.size() && text[i] == '\'') {
            ++i;
            while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
            i = std::min(i + 1, text.size());
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '&' && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            i = std::min(i, text.size());
        }
        if (i > start) spans.emplace_back(start, i - start);
    }
    // postgresql://user:password@host
    for (std::size_t scheme = low.find("://"); scheme != std::string::npos; scheme = low.find("://", scheme + 3)) {
        std::size_t begin = scheme + 3;
        std::size_t end = text.find_first_of("? \t\n\"'", begin);
        if (end == std::string::npos) end = text.size();
        std::size_t at = text.rfind('@', end);
        if (at == std::string::npos || at < begin) continue;
        std::size_t colon = text.find(':', begin);
        if (colon == std::string::npos || colon > at) continue;
        if (at > colon + 1) spans.emplace_back(colon + 1, at - colon - 1);
    }
    std::sort(spans.begin(), spans.end());
    return spans;
}

/// The password values themselves (as written), to hide them wherever a message repeats them.
std::vector<std::string> passwords(const std::string& location) {
    std::vector<std::string> out;
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string error;
    if (isUrl(location)) parseUrl(location, pairs, error);
    else if (startsWithNoCase(location, "PG:")) parseKeywords(location.substr(3), pairs, error);
    for (const auto& [key, value] : pairs)
        if (key == "password" && !value.empty()) out.push_back(value);
    for (const auto& [start, length] : passwordSpans(location)) out.push_back(location.substr(start, length));
    return out;
}

std::string maskSecretsOf(const std::string& location, std::string text) {
    text = maskPassword(text);
    for (const std::string& secret : passwords(location)) {
        if (secret.size() < 2 || secret == "***") continue;
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    }
    return text;
}

}  // namespace

bool isPostgresLocation(const std::string& location) {
    return startsWithNoCase(location, "PG:") || isUrl(location);
}

std::string maskPassword(const std::string& text) {
    std::string out = text;
    auto spans = passwordSpans(text);
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) out.replace(it->first, it->second, "***");
    return out;
}

std::string postgresConnection(const std::string& location) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string error;
    bool ok = true;
    if (isUrl(location)) {
        ok = parseUrl(location, pairs, error);
    } else {
        std::string rest = location.substr(3);
        if (isUrl(rest)) ok = parseUrl(rest, pairs, error);
        else ok = parseKeywords(rest, pairs, error);
    }
    if (!ok) throw InputError(maskPassword(location) + ": " + maskSecretsOf(location, error));

    const std::string readOnly = "-c default_transaction_read_only=on";
    bool hasOptions = false, hasTimeout = false, hasName = false;
    for (auto& [key, value] : pairs) {
        if (key == "options") {
            value += (value.empty() ? "" : " ") + readOnly;
            hasOptions = true;
        }
        hasTimeout = hasTimeout || key == "connect_timeout";
        hasName = hasName || key == "application_name";
    }
    if (!hasOptions) pairs.emplace_back("options", readOnly);
    if (!hasTimeout) pairs.emplace_back("connect_timeout", "10");
    if (!hasName) pairs.emplace_back("application_name", "planview");
    std::string out = "PG:";
    for (std::size_t i = 0; i < pairs.size(); ++i) out += (i ? " " : "") + pairs[i].first + "=" + quoteValue(pairs[i].second);
    return out;
}

bool isDatabaseLayer(const OGRLayer& layer) {
    std::lock_guard<std::mutex> lock(databaseLayersMutex);
    return databaseLayers().count(&layer) > 0;
}

void checkServerFilter(OGRLayer& layer, const std::string& where, const std::string& what) {
    if (where.empty() || !isDatabaseLayer(layer)) return;
    auto reject = [&](const std::string& cause) {
        throw InputError(what + ": bad filter '" + where + "': " + cause);
    };
    const char* allowed = " (a filter on a database layer may use only the layer's fields, literals, comparisons, LIKE, IN, "
                          "BETWEEN, IS NULL, AND, OR, NOT, arithmetic, CAST, SUBSTR and CONCAT)";
    if (where.find('\\') != std::string::npos) reject(std::string("backslashes are not allowed") + allowed);
    // Outside quoted text: no statement separators or comments (OGR SQL has neither).
    char quote = 0;
    for (std::size_t i = 0; i < where.size(); ++i) {
        char c = where[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') quote = c;
        else if (c == ';') reject(std::string("';' is not allowed") + allowed);
        else if ((c == '-' && i + 1 < where.size() && where[i + 1] == '-') || (c == '/' && i + 1 < where.size() && where[i + 1] == '*'))
            reject(std::string("comments are not allowed") + allowed);
        else if (c == '$') reject(std::string("'$' is not allowed") + allowed);
    }
    OGRFeatureQuery query;
    CPLErrorReset();
    lastGdalError();
    if (query.Compile(layer.GetLayerDefn(), where.c_str(), TRUE, nullptr) != OGRERR_NONE) {
        std::string cause = lastGdalError();
        reject((cause.empty() ? std::string("not an OGR SQL expression") : cause) + allowed);
    }
}

namespace {

std::string lowerExtension(const std::string& location) {
    std::string ext = std::filesystem::path(location).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

/// Whether the shapefile at `location` (.shp or .dbf) should be opened with ADJUST_TYPE=YES: its .dbf
/// has an integer column too wide for GDAL's Integer64 guess (N, width >= 19, no decimals: GDAL 3.6
/// reads it as Real, so integers beyond 2^53 come back as the nearest double) and the .dbf is whole.
/// ADJUST_TYPE scans every record at open, and GDAL 3.6 crashes (reads a NULL record) when the .dbf
/// is shorter than its header says; so a short or implausible .dbf is opened without it.
bool wantsAdjustType(const std::string& location) {
    std::filesystem::path dbf(location);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dbf.replace_extension(".dbf"), ec) &&
        !std::filesystem::is_regular_file(dbf.replace_extension(".DBF"), ec))
        return false;
    std::FILE* file = std::fopen(dbf.c_str(), "rb");
    if (!file) return false;
    unsigned char header[32];
    std::vector<unsigned char> fields;
    bool ok = std::fread(header, 1, sizeof header, file) == sizeof header;
    const std::uint64_t records = ok ? header[4] | header[5] << 8 | header[6] << 16 | std::uint64_t(header[7]) << 24 : 0;
    const std::uint64_t headerLength = ok ? header[8] | header[9] << 8 : 0;
    const std::uint64_t recordLength = ok ? header[10] | header[11] << 8 : 0;
    ok = ok && headerLength > 32 && recordLength > 0;
    if (ok) {
        fields.resize(headerLength - 32);
        ok = std::fread(fields.data(), 1, fields.size(), file) == fields.size();
    }
    std::fclose(file);
    const std::uintmax_t size = std::filesystem::file_size(dbf, ec);
    if (!ok || ec || size < headerLength + records * recordLength) return false;
    for (std::size_t at = 0; at + 32 <= fields.size() && fields[at] != 0x0D; at += 32) {
        const unsigned char type = fields[at + 11], width = fields[at + 16], decimals = fields[at + 17];
        if ((type == 'N' || type == 'F') && width >= 19 && decimals == 0) return true;
    }
    return false;
}

}  // namespace

Source Source::open(const std::string& location) {
    initGdal();
    if (location.empty()) throw InputError("no source given");
    const bool database = isPostgresLocation(location);
    const std::string shown = database ? maskPassword(location) : location;
    // GDAL's virtual paths (/vsizip/, /vsimem/ …) are not in the file system: GDAL itself says.
    if (!database && !looksLikeConnectionString(location) && location.rfind("/vsi", 0) != 0) {
        struct stat st{};
        if (stat(location.c_str(), &st) != 0) throw InputError(location + ": no such file or directory");
        if (S_ISREG(st.st_mode) && st.st_size == 0) throw InputError(location + ": the file is empty");
    }
    const std::string name = database ? postgresConnection(location) : location;
    static const char* const postgresDriver[] = {"PostgreSQL", nullptr};
    CPLErrorReset();
    lastGdalError();
    // A shapefile's 19- and 20-digit integers (beyond 2^53) are read exactly as Integer64 with
    // ADJUST_TYPE=YES, asked for only where such a column exists and the .dbf is whole (see wantsAdjustType).
    const std::string extension = lowerExtension(location);
    static const char* const adjustType[] = {"ADJUST_TYPE=YES", nullptr};
    const bool adjust = !database && (extension == ".shp" || extension == ".dbf") && wantsAdjustType(location);
    auto* dataset = static_cast<GDALDataset*>(GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                         database ? postgresDriver : nullptr,
                                                         adjust ? adjustType : nullptr, nullptr));
    if (dataset && extension == ".shp") {
        std::error_code ec;
        std::filesystem::path base(location);
        if (!std::filesystem::exists(base.replace_extension(".dbf"), ec) &&
            !std::filesystem::exists(base.replace_extension(".DBF"), ec)) {
            // Said once, however many times a verb opens the source.
            static std::mutex mutex;
            static std::set<std::string> warned;
            std::lock_guard<std::mutex> lock(mutex);
            if (warned.insert(location).second)
                log().warn("{}: has no .dbf beside it: its features are read without attributes", location);
        }
    }
    if (!dataset) {
        std::string cause = lastGdalError();
        if (database) {
            // "PQconnectdb failed. connection to server at … failed: Connection refused …"
            for (const char* prefix : {"PQconnectdb failed.", "PQconnectdb failed:", "PQconnectdb failed"})
                if (cause.rfind(prefix, 0) == 0) cause = cause.substr(std::char_traits<char>::length(prefix));
            while (!cause.empty() && cause.front() == ' ') cause.erase(cause.begin());
            cause = "cannot connect to the database" + (cause.empty() ? std::string() : ": " + maskSecretsOf(location, cause));
        }
        if (cause.empty()) cause = "not a vector data source GDAL can read";
        throw InputError(shown + ": " + cause);
    }
    if (dataset->GetLayerCount() == 0) {
        GDALClose(dataset);
        throw InputError(shown + (database ? ": holds no table GDAL can read (no PostGIS tables or views?)"
                                           : ": holds no vector layer"));
    }
    return Source(shown, dataset, database);
}

Source Source::fromDataset(const std::string& name, GDALDataset* dataset) {
    if (!dataset) throw InputError(name + ": no dataset");
    return Source(name, dataset);
}

std::vector<std::string> Source::layerNames() const {
    std::vector<std::string> names;
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) names.emplace_back(dataset_->GetLayer(i)->GetName());
    return names;
}

OGRLayer& Source::layer(const std::string& name) const {
    OGRLayer* found = nullptr;
    if (name.empty()) {
        for (int i = 0; i < dataset_->GetLayerCount() && !found; ++i)
            if (dataset_->GetLayer(i)->GetGeomType() != wkbNone) found = dataset_->GetLayer(i);
        if (!found) found = dataset_->GetLayer(0);
    } else {
        found = dataset_->GetLayerByName(name.c_str());
    }
    if (!found) {
        std::string available;
        for (const auto& n : layerNames()) available += (available.empty() ? "" : ", ") + n;
        throw InputError(location_ + ": no layer named '" + name + "' (layers: " + available + ")");
    }
    if (database_) {
        std::lock_guard<std::mutex> lock(databaseLayersMutex);
        databaseLayers()[found] = dataset_.get();
    }
    return *found;
}

}  // namespace geo
