#include "tests/postgis/PostgisSupport.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace pgtest {

namespace fs = std::filesystem;

namespace {

std::vector<std::pair<std::string, std::string>> parseKeywords(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(text);
    std::string token;
    while (in >> token) {
        auto eq = token.find('=');
        if (eq != std::string::npos) out.emplace_back(token.substr(0, eq), token.substr(eq + 1));
    }
    return out;
}

/// serverKeywords() with dbname replaced by `db`.
std::string keywordsFor(const std::string& db) {
    std::string out;
    for (const auto& [key, value] : parseKeywords(serverKeywords()))
        if (key != "dbname") out += key + "=" + value + " ";
    return out + "dbname=" + db;
}

struct OwnDatabase {
    std::string name;
    ~OwnDatabase() {
        if (name.empty() || std::getenv("PLANVIEW_KEEP_TEST_FILES")) return;
        try {
            sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", serverValue("dbname", "postgres"));
        } catch (...) {
        }
    }
};

}  // namespace

std::string serverKeywords() {
    const char* v = std::getenv("PLANVIEW_TEST_PG");
    return v ? v : "";
}

std::string missingServerMessage() {
    return "PLANVIEW_TEST_PG is not set: these tests need the PostgreSQL/PostGIS server that scripts/test starts "
           "(it sets PLANVIEW_TEST_PG to libpq keywords such as \"host=127.0.0.1 port=5432 user=postgres "
           "dbname=postgres\" of a superuser). Run them through scripts/test, or set it yourself.";
}

std::string serverValue(const std::string& key, const std::string& fallback) {
    for (const auto& [k, v] : parseKeywords(serverKeywords()))
        if (k == key) return v;
    return fallback;
}

int run(const std::vector<std::string>& argv, std::string* out, std::string* err) {
    static int counter = 0;
    const fs::path outPath = cli::workDir() / ("cmd-" + std::to_string(++counter) + ".out");
    const fs::path errPath = cli::workDir() / ("cmd-" + std::to_string(counter) + ".err");
    std::vector<std::string> args = argv;
    std::vector<char*> cargv;
    for (auto& a : args) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (out) *out = cli::readFile(outPath);
    if (err) *err = cli::readFile(errPath);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string sql(const std::string& statement, const std::string& db) {
    std::string out, err;
    int code = run({"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", keywordsFor(db.empty() ? database() : db),
                    "-c", statement},
                   &out, &err);
    if (code != 0) throw std::runtime_error("psql failed (" + std::to_string(code) + ") on: " + statement + "\n" + err);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

const std::string& database() {
    // The work folder first, so that it outlives `own`, whose destructor still runs psql through it.
    static const fs::path& work = cli::workDir();
    (void)work;
    static OwnDatabase own;
    static std::once_flag once;
    std::call_once(once, [] {
        if (serverKeywords().empty()) throw std::runtime_error(missingServerMessage());
        const std::string name = "planview_test_" + std::to_string(getpid());
        const std::string maintenance = serverValue("dbname", "postgres");
        sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", maintenance);
        const char* tmpl = std::getenv("PLANVIEW_TEST_PG_TEMPLATE");
        if (tmpl && *tmpl) {
            sql("CREATE DATABASE " + name + " TEMPLATE " + tmpl, maintenance);
        } else {
            sql("CREATE DATABASE " + name, maintenance);
            sql("CREATE EXTENSION IF NOT EXISTS postgis", name);
        }
        own.name = name;
        // The parcel set, loaded as a user would: ogr2ogr into PostGIS.
        std::string out, err;
        int code = run({"ogr2ogr", "-f", "PostgreSQL", "PG:" + keywordsFor(name), cli::parcelsGeoJson().string(), "-nln",
                        "parcels", "-t_srs", "EPSG:4549", "-lco", "GEOMETRY_NAME=geom"},
                       &out, &err);
        if (code != 0) throw std::runtime_error("ogr2ogr into PostGIS failed: " + err);
        sql("CREATE FUNCTION wipe_parcels() RETURNS boolean LANGUAGE plpgsql AS "
            "$$ BEGIN DELETE FROM parcels; RETURN true; END $$",
            name);
    });
    return own.name;
}

std::string pgConnection(const std::string& extra) {
    return "PG:" + keywordsFor(database()) + (extra.empty() ? "" : " " + extra);
}

std::string urlConnection(const std::string& password) {
    std::string user = serverValue("user", "postgres");
    return "postgresql://" + user + (password.empty() ? "" : ":" + password) + "@" + serverValue("host", "127.0.0.1") + ":" +
           serverValue("port", "5432") + "/" + database();
}

void createBigTable(int rows) {
    sql("CREATE TABLE big AS SELECT g AS id, 'R2'::text AS landuse, repeat('x', 200) AS pad, "
        "ST_MakeEnvelope(500000 + (g % 200) * 20, 3340000 + (g / 200) * 20, 500015 + (g % 200) * 20, "
        "3340015 + (g / 200) * 20, 4549)::geometry(Polygon, 4549) AS geom FROM generate_series(0, " +
        std::to_string(rows - 1) + ") AS g");
    sql("ALTER TABLE big ADD PRIMARY KEY (id)");
}

int closedPort() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("cannot bind a loopback socket");
    close(s);
    return ntohs(a.sin_port);
}

CuttingProxy::CuttingProxy(long long cutAfterBytes) : limit_(cutAfterBytes) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("proxy: cannot listen on loopback");
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

CuttingProxy::~CuttingProxy() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : pumps_)
        if (t.joinable()) t.join();
}

void CuttingProxy::acceptLoop() {
    while (!stop_) {
        pollfd p{listener_, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        int client = accept(listener_, nullptr, nullptr);
        if (client < 0) continue;
        pumps_.emplace_back([this, client] { pump(client); });
    }
}

void CuttingProxy::pump(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(std::stoi(serverValue("port", "5432"))));
    inet_pton(AF_INET, serverValue("host", "127.0.0.1").c_str(), &a.sin_addr);
    if (server < 0 || connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(client);
        if (server >= 0) close(server);
        return;
    }
    long long fromServer = 0;
    char buffer[16384];
    bool open = true;
    while (open && !stop_) {
        pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (poll(p, 2, 100) <= 0) continue;
        for (int i = 0; i < 2 && open; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            int from = i == 0 ? client : server, to = i == 0 ? server : client;
            ssize_t n = read(from, buffer, sizeof buffer);
            if (n <= 0) { open = false; break; }
            if (i == 1 && fromServer + n > limit_) {   // the server "goes away" here
                ++cuts_;
                open = false;
                break;
            }
            if (i == 1) fromServer += n;
            for (ssize_t sent = 0; sent < n;) {
                ssize_t w = write(to, buffer + sent, static_cast<std::size_t>(n - sent));
                if (w <= 0) { open = false; break; }
                sent += w;
            }
        }
    }
    shutdown(client, SHUT_RDWR);
    shutdown(server, SHUT_RDWR);
    close(client);
    close(server);
}

}  // namespace pgtest
