// A QGIS project whose layer is a PostGIS table (issue 21): QGIS's data source string (libpq keywords,
// table="schema"."table" (geom), sql=subset) read as GDAL's connection, layer and filter. The
// reference is the server itself (psql's count of the rows the subset keeps).
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "tests/cli/CliSupport.h"
#include "tests/postgis/PostgisSupport.h"

using cli::runPlanview;

TEST(QgisPostgis, ProjectLayerReadsTheTableWithItsSubset) {
    ASSERT_FALSE(pgtest::serverKeywords().empty()) << pgtest::missingServerMessage();
    ASSERT_NO_THROW(pgtest::database()) << "cannot prepare the test database";
    // The subset leaves out the tallest parcel(s).
    const std::string tallest = pgtest::sql("SELECT max(height_m) FROM parcels");
    const std::string source = "dbname='" + pgtest::database() + "' host=" + pgtest::serverValue("host", "127.0.0.1") +
                               " port=" + pgtest::serverValue("port", "5432") + " user='" +
                               pgtest::serverValue("user", "postgres") +
                               "' sslmode=disable key='ogc_fid' srid=4549 type=Polygon table=\"public\".\"parcels\" (geom) "
                               "sql=\"height_m\" &lt; " + tallest;
    const std::filesystem::path qgs = cli::workDir() / "postgis.qgs";
    std::ofstream(qgs) << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16\">"
                          "<layer-tree-group><layer-tree-layer id=\"p1\" name=\"地块\" checked=\"Qt::Checked\"/></layer-tree-group>"
                          "<projectlayers><maplayer type=\"vector\" geometry=\"Polygon\"><id>p1</id><provider>postgres</provider>"
                          "<datasource>" << source << "</datasource></maplayer></projectlayers></qgis>\n";
    auto r = runPlanview({"info", qgs.string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.describe();
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["project_layer"], "地块") << r.out;
    EXPECT_EQ(j["available"], true) << r.out;
    ASSERT_EQ(j["layers"].size(), 1u) << r.out;
    EXPECT_EQ(j["layers"][0]["name"], "parcels") << r.out;   // GDAL names a table of the public schema so
    // stats reads the rows the subset keeps.
    auto s = runPlanview({"stats", qgs.string(), "--by", "name_zh", "--format", "json"});
    ASSERT_EQ(s.code, 0) << s.describe();
    long long counted = 0;
    const auto stats = nlohmann::json::parse(s.out);
    for (const auto& row : stats["rows"]) counted += row["count"].get<long long>();
    EXPECT_EQ(std::to_string(counted), pgtest::sql("SELECT count(*) FROM parcels WHERE height_m < " + tallest)) << s.out;
}

// Written back (issue 21, "Write"): a project whose layer is a PostGIS table with a filter, exported as
// a .qgz, is a `postgres` layer in QGIS itself (PyQGIS): valid, on the same table, its subset keeping
// the rows the server counts for the filter.
TEST(QgisPostgis, ExportedProjectIsAPostgresLayerInQgis) {
    ASSERT_FALSE(pgtest::serverKeywords().empty()) << pgtest::missingServerMessage();
    ASSERT_NO_THROW(pgtest::database()) << "cannot prepare the test database";
    const std::string tallest = pgtest::sql("SELECT max(height_m) FROM parcels");
    const std::filesystem::path folder = cli::workDir() / "qgis-postgis";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "project.toml") << "title = \"PostGIS\"\ncrs = \"EPSG:4549\"\n[[layer]]\nname = \"地块\"\nsource = \""
                                           << pgtest::pgConnection() << "\"\nlayer = \"parcels\"\nwhere = \"height_m < " << tallest
                                           << "\"\n[layer.style]\ndefault = \"#FFE600\"\n";
    const std::filesystem::path qgz = folder / "postgis.qgz";
    auto r = runPlanview({"export", (folder / "project.toml").string(), "-o", qgz.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    const std::filesystem::path script = folder / "check.py", out = folder / "check.txt";
    std::ofstream(script) << "import os, sys\nfrom qgis.core import QgsApplication, QgsProject\n"
                             "app = QgsApplication([], False)\napp.initQgis()\np = QgsProject.instance()\n"
                             "print('READ', int(p.read(sys.argv[1])))\n"
                             "for l in p.mapLayers().values():\n"
                             "    u = l.dataProvider().uri() if l.isValid() else None\n"
                             "    print('LAYER', l.name(), l.providerType(), int(l.isValid()), l.featureCount(),\n"
                             "          u.schema() if u else '', u.table() if u else '', u.database() if u else '')\n"
                             "print('DONE', flush=True)\nos._exit(0)\n";
    (void)std::system(("QT_QPA_PLATFORM=offscreen timeout 180 /usr/bin/python3 '" + script.string() + "' '" + qgz.string() + "' >'" +
                       out.string() + "' 2>&1").c_str());   // judged by its output (PyQGIS may crash at exit)
    std::ifstream in(out);
    std::string all, layer;
    for (std::string line; std::getline(in, line);) {
        all += line + "\n";
        if (line.rfind("LAYER ", 0) == 0) layer = line;
    }
    ASSERT_NE(all.find("DONE"), std::string::npos) << all;
    EXPECT_EQ(layer, "LAYER 地块 postgres 1 " + pgtest::sql("SELECT count(*) FROM parcels WHERE height_m < " + tallest) +
                         " public parcels " + pgtest::database()) << all;
}
