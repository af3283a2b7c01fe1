// The bad-input corpus: inputs made at run time (nothing downloaded, no binary files in the repository)
// and the checks every run of planview over them must pass.
//
// The outcome of `info`, `render`, `stats` and `export` over any input is one of:
//   - exit 0: the input loads; every skipped or repaired feature has its warning on stderr and is
//     counted in the layer's summary line, and the numbers reconcile between the verbs (features in
//     `info` = features drawn by `render` + skipped = features counted by `stats` + skipped =
//     features written by `export`);
//   - exit 2: nothing on stdout and exactly one line on stderr naming the input and the cause.
// Never a signal, a hang, another exit code, a silent drop or a wrong value.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>
#include "tests/cli/CliSupport.h"
#include "tests/support/Fixtures.h"

namespace corpus {

using cli::fs::path;
namespace fs = cli::fs;

/// What an input is expected to do.
enum class Expect {
    Load,     ///< every verb exits 0
    Reject,   ///< every verb exits 2 with one line naming the input and the cause
    Either,   ///< each verb exits 0 or 2, each by the rules above
};

/// An input as given on the command line.
struct Input {
    std::string location;               ///< the path (or project) given to planview
    std::string layer;                  ///< --layer, "" = none
    std::string by;                     ///< stats --by: a field of the layer
    std::vector<std::string> names;     ///< an error line must name one of these (default: location);
                                        ///< for a project, the first is its source
};

/// One input of the corpus and what it must do.
struct Case {
    std::string name;
    std::function<Input(const path& dir)> make;   ///< writes the input into `dir` (fresh, empty)
    Expect expect = Expect::Either;
    long total = -1;      ///< features in the layer when it loads (-1 = not checked)
    long skipped = -1;    ///< of them, skipped with a warning by render and stats (-1 = not checked)
    long repaired = -1;   ///< of them, repaired with a warning (-1 = not checked)
    std::vector<std::string> cause;                 ///< Reject: words the error line must hold
    std::map<std::string, Expect> verbs;            ///< per-verb expectation overriding `expect`
    /// When a verb (info, render, stats, export) exits 0, its stderr must hold this text (a warning
    /// about what was lost or assumed).
    std::map<std::string, std::string> mustWarn;
    /// Fids (as printed in warnings) that must each be named by a warning of render and stats.
    std::vector<long> warnedFids;
    bool beside = false;  ///< also run as the unusable layer beside a good one (a representative few)
    long touched = -1;    ///< repaired + skipped, when which of the two is open (-1 = not checked)
    /// Further checks of the case's own (given the input and the verbs' results).
    std::function<void(const Input&, const struct Sweep&)> extra;
};

std::ostream& operator<<(std::ostream& o, const Case& c);

/// Every case of the corpus, in a fixed order.
const std::vector<Case>& cases();

/// A fresh, empty folder for one input: workDir()/corpus/<variant>/<name>.
path freshDir(const std::string& variant, const std::string& name);

/// runPlanview for `render`, tried again (twice at most) when the X server shared by the test run
/// could not be reached: that is the machine's trouble, not the input's.
cli::RunResult runRender(const std::vector<std::string>& args);

/// The verbs run over an input.
struct Sweep {
    cli::RunResult info, render, stats, exportRun;
    bool rendered = true;   ///< whether render was run
    path png, gpkg;    ///< render's and export's outputs
};

/// Runs `info --json`, `render --stats` (160x120; unless `render` is false), `stats --format json`
/// and `export` (to GPKG) over `input`, writing outputs into `out`.
Sweep runVerbs(const Input& input, const path& out, bool render = true);

/// The warnings planview printed about the features of one layer (all layers when `layer` is "").
struct FeatureWarnings {
    std::vector<std::string> perFeature;   ///< "feature N: …" lines
    std::vector<long> fids;                ///< the N of each
    long more = 0;                         ///< "K more features repaired or skipped"
    bool summary = false;                  ///< a "R features read, P repaired, S skipped" line
    long read = -1, repaired = 0, skipped = 0;
};
FeatureWarnings featureWarnings(const std::string& err, const std::string& layer = "");

/// Numbers parsed from the verbs' stdout.
long infoFeatureCount(const std::string& out, const std::string& layer);   ///< -1 when not found
long renderFeatureCount(const std::string& out, const std::string& layer, bool* unavailable = nullptr);
long statsFeatureCount(const std::string& out);                           ///< sum of the rows' counts
long exportFeatureCount(const std::string& out);                          ///< "N features written"
/// Features GDAL reads back from an exported GeoPackage (its data layer, not layer_styles), -1 on failure.
long gdalFeatureCount(const path& gpkg);

/// The checks common to every input, for the expectation `expect` of `c` and the verbs' results.
/// `layer` is the layer's name in render's --stats lines and warnings ("" = the only one).
void checkSweep(const Case& c, const Input& input, const Sweep& s, const std::string& layer);

/// Exit 2, nothing on stdout, one line naming one of `names` and holding every word of `cause`.
::testing::AssertionResult rejectedCleanly(const cli::RunResult& r, const std::vector<std::string>& names,
                                           const std::vector<std::string>& cause);

/// Writes a project file with the given [[layer]] tables (each a list of `key = value` lines, values
/// already TOML-quoted).
path writeProject(const path& file, const std::vector<std::vector<std::string>>& layers);
/// A TOML basic string holding `text`.
std::string tomlString(const std::string& text);

// ---- Values that must come back exactly ---------------------------------------------------------

/// 100 KiB of valid UTF-8 (ASCII, Chinese, quotes, commas, backslashes, a tab), the same every run.
const std::string& longText();
/// Fields kind (String), long (String), big (Integer64), d (Date), dt (DateTime).
const std::vector<fixtures::Field>& valueFields();
/// Six rows in EPSG:4326: four with extreme values (100 KiB text, integers beyond 2^53 up to
/// ±(2^63 - 1), dates from 1899 to 9999), one with every field NULL, one with every field and the
/// geometry NULL (fixtures::null marks NULL).
const std::vector<fixtures::Row>& valueRows();

/// A good layer for projects: three parcels in EPSG:4326, fields kind (String) and n (Integer),
/// layer "parcels" in good/parcels.gpkg.
path goodParcels();

}  // namespace corpus
