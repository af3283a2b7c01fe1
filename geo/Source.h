// Opening GDAL vector sources: files (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV with WKT …)
// and PostGIS databases ("PG:dbname=… host=…" or "postgresql://user@host:port/dbname"). Read-only:
// files are opened read-only, database sessions run every transaction read-only.
#pragma once
#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRLayer;

namespace geo {

/// An open, read-only GDAL vector dataset. Movable, not copyable; closes the dataset when destroyed.
class Source {
public:
    /// Opens `location` (a path or a GDAL connection string). PostgreSQL locations ("PG:…",
    /// "postgresql://…", "postgres://…") are opened with GDAL's PostgreSQL driver through
    /// postgresConnection(): a read-only session.
    /// Throws InputError naming `location` (password masked) when it is missing, a directory without
    /// vector data, unreadable, corrupt, not a vector source GDAL knows, or a database that cannot be
    /// reached (the cause on the same line).
    static Source open(const std::string& location);

    /// Wraps a dataset made in memory (tests, fuzzers, in-memory conversions); `name` names it in messages.
    static Source fromDataset(const std::string& name, GDALDataset* dataset);

    Source(Source&&) noexcept;
    Source& operator=(Source&&) noexcept;
    ~Source();

    /// The location as shown in messages: as given, with any password replaced by "***".
    const std::string& location() const { return location_; }
    /// Whether this is a database (PostgreSQL/PostGIS): its filters run on the server.
    bool isDatabase() const { return database_; }
    /// The names of the layers in the order GDAL lists them (tables without geometry included).
    std::vector<std::string> layerNames() const;
    /// The named layer; an empty name picks the only layer, or the first one with geometry when there
    /// are several. Throws InputError naming the source and the available layers when not found.
    OGRLayer& layer(const std::string& name) const;
    GDALDataset& dataset() const { return *dataset_; }

private:
    Source(std::string location, GDALDataset* dataset, bool database = false);
    std::string location_;
    bool database_ = false;
    struct Closer { void operator()(GDALDataset*) const; };
    std::unique_ptr<GDALDataset, Closer> dataset_;
};

/// Whether `location` names a PostgreSQL/PostGIS database: "PG:…", "postgresql://…" or "postgres://…"
/// (case-insensitive scheme).
bool isPostgresLocation(const std::string& location);

/// What GDAL's PostgreSQL driver is given for `location`: "PG:" and libpq keyword=value pairs (a URL's
/// user, password, hosts, ports, database and parameters converted, percent-decoding applied), with
/// the session made read-only: `options` gets "-c default_transaction_read_only=on" appended (after
/// any options given, so it wins), and connect_timeout=10 and application_name=planview are added
/// unless given. Throws InputError naming the masked location when a URL or keyword string is malformed.
std::string postgresConnection(const std::string& location);

/// `text` (a location, or a message about one) with every password replaced by "***": the value of
/// `password=` keywords and URL parameters, and the password of a URL's user info.
std::string maskPassword(const std::string& text);

/// Whether `layer` was handed out by a database source (Source::layer of a PostgreSQL location).
bool isDatabaseLayer(const OGRLayer& layer);

/// A filter on a database layer runs on the server, inside PlanView's read-only session. It must also
/// be a plain OGR SQL expression over the layer's fields (literals, comparisons, LIKE, IN, BETWEEN,
/// IS NULL, AND, OR, NOT, arithmetic, CAST, SUBSTR, CONCAT): no statement separators, sub-queries,
/// comments, backslash escapes or server functions, so no text can reach the server that is not a
/// predicate on the rows. Throws InputError naming `what`, the filter and the cause otherwise.
/// Does nothing for layers of files (GDAL evaluates their filters itself) or an empty filter.
void checkServerFilter(OGRLayer& layer, const std::string& where, const std::string& what);

/// GDAL's once-per-process set-up: registers the drivers, routes messages to the log.
/// Called by Source::open; harmless to call again.
void initGdal();

}  // namespace geo
