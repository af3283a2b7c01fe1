// Support for the PostGIS tests: the test server scripts/test starts (PLANVIEW_TEST_PG, libpq
// keywords of its maintenance database), a database of this test process's own made from it and
// dropped at exit, fixtures loaded into it with ogr2ogr and SQL, and a TCP proxy that drops the
// connection mid-read (a server gone away).
#pragma once
#include <atomic>
#include <string>
#include <thread>
#include <vector>
#include "tests/cli/CliSupport.h"

namespace pgtest {

/// The server's libpq keywords from PLANVIEW_TEST_PG, or "" when it is unset.
std::string serverKeywords();
/// Why the tests cannot run without the server (for the failure message).
std::string missingServerMessage();

/// One keyword's value of serverKeywords() ("host", "port", "user"), or `fallback`.
std::string serverValue(const std::string& key, const std::string& fallback = "");

/// This process's own database (made on first use from PLANVIEW_TEST_PG_TEMPLATE when set, else with
/// CREATE EXTENSION postgis; dropped at exit), holding the parcel set as table "parcels" (loaded with
/// ogr2ogr from tests/cli's GeoJSON, EPSG:4549), and the function wipe_parcels() that deletes every
/// parcel (a side effect a filter must never reach). Throws std::runtime_error when it cannot.
const std::string& database();

/// "PG:host=… port=… user=… dbname=<database()>" (GDAL's form).
std::string pgConnection(const std::string& extra = "");
/// "postgresql://user@host:port/<database()>" (a URL).
std::string urlConnection(const std::string& password = "");

/// Runs SQL with psql against database() (or `db`); returns its unaligned, tuples-only output.
/// Throws std::runtime_error with psql's message when it fails.
std::string sql(const std::string& statement, const std::string& db = "");

/// Adds the table "big": `rows` 15 m squares with a 200-character text field (several MB to read).
void createBigTable(int rows);

/// Runs a program (argv[0] found on PATH) with stdin from /dev/null; returns its exit code (-1 when it
/// did not exit), stdout and stderr in `out`/`err`.
int run(const std::vector<std::string>& argv, std::string* out = nullptr, std::string* err = nullptr);

/// A loopback TCP port nothing listens on (bound, then closed).
int closedPort();

/// Forwards 127.0.0.1:port() to the test server; each connection is cut (both sockets closed) once
/// the server has sent it `cutAfterBytes` bytes, as if the server had gone away mid-read.
class CuttingProxy {
public:
    explicit CuttingProxy(long long cutAfterBytes);
    ~CuttingProxy();
    CuttingProxy(const CuttingProxy&) = delete;
    CuttingProxy& operator=(const CuttingProxy&) = delete;
    int port() const { return port_; }
    int cuts() const { return cuts_; }

private:
    void acceptLoop();
    void pump(int client);
    long long limit_;
    int listener_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> cuts_{0};
    std::thread acceptor_;
    std::vector<std::thread> pumps_;
};

}  // namespace pgtest
