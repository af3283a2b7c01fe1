// The UI's font atlas (issue 16): every character the sample project can show — every text value of
// every layer read with GDAL from the sources project.toml names, the project file's own text (title,
// bookmarks, tours, captions) and the UI's phrases in both languages — has a glyph (not the
// fallback "?"), and a character typed or pasted later joins the atlas before the next frame.
// The atlas is built without a display (only its GL texture needs one).
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <memory>
#include <set>
#include <string>
#include "app/scene/LabelLayer.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/ImGuiOverlay.h"
#include "app/ui/UiText.h"
#include "app/tools/MapController.h"
#include "geo/ModelSet.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

// Code points of UTF-8 text, decoded here (not by the code under test).
std::set<unsigned> codePoints(const std::string& text) {
    std::set<unsigned> out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        unsigned c = length == 1 ? lead : lead & (0x3F >> (length - 1));
        for (int k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        if (c >= 0x20) out.insert(c);
        i += static_cast<std::size_t>(length);
    }
    return out;
}

std::string utf8(unsigned c) {
    std::string s;
    if (c < 0x80) s += static_cast<char>(c);
    else if (c < 0x800) s += {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    else s += {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
    return s;
}

// Every string attribute value of every layer the project names, read with GDAL.
std::string sourceText(const geo::Project& project) {
    GDALAllRegister();
    std::string text;
    for (const geo::LayerSpec& spec : project.layers) {
        if (spec.kind == geo::LayerKind::Models) {   // not GDAL's: the names and files of its tiles
            for (const geo::ModelTile& tile : geo::describeModels(spec).tiles) text += tile.name + tile.file;
            continue;
        }
        if (geo::isRasterKind(spec.kind)) continue;   // pixels: no text
        GDALDatasetUniquePtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) ADD_FAILURE() << "GDAL cannot open " << spec.source;
        if (!ds) continue;
        OGRLayer* layer = spec.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(spec.layer.c_str());
        if (!layer) ADD_FAILURE() << "no layer " << spec.layer << " in " << spec.source;
        if (!layer) continue;
        if (!spec.where.empty()) layer->SetAttributeFilter(spec.where.c_str());   // what the project shows
        for (const auto& feature : *layer)
            for (int i = 0; i < feature->GetFieldCount(); ++i)
                if (feature->IsFieldSetAndNotNull(i) && feature->GetFieldDefnRef(i)->GetType() == OFTString)
                    text += feature->GetFieldAsString(i);
    }
    return text;
}

std::string projectText(const geo::Project& project) {
    std::string text = project.title + project.attribution;
    for (const geo::LayerSpec& spec : project.layers) text += spec.name;
    for (const geo::Bookmark& b : project.bookmarks) text += b.name;
    for (const geo::Tour& t : project.tours) {
        text += t.name;
        for (const geo::TourStop& s : t.stops) text += s.caption;
    }
    return text;
}

#define PLANVIEW_PHRASE_BOTH(name, zh, en) zh en
const std::string kUiText = PLANVIEW_PHRASES(PLANVIEW_PHRASE_BOTH);
#undef PLANVIEW_PHRASE_BOTH

class GlyphAtlas : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        data_ = new geo::ProjectData(geo::loadProjectData(geo::openProject(kProject, "")));
        shaders_ = new planview::ShaderLibrary(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        scene_ = new planview::Scene(*data_, *shaders_);
    }
    static void TearDownTestSuite() {
        delete scene_;
        delete shaders_;
        delete data_;
    }
    // The atlas as the viewer builds it once the project has loaded.
    osg::ref_ptr<planview::ImGuiOverlay> viewerAtlas() {
        planview::MapController controller(*scene_);
        return new planview::ImGuiOverlay(planview::findCjkFont(), controller.glyphText());
    }
    static std::string missing(const planview::ImGuiOverlay& overlay, const std::string& text) {
        std::string out;
        for (unsigned c : codePoints(text))
            if (!overlay.hasGlyph(c)) out += utf8(c);
        return out;
    }
    static geo::ProjectData* data_;
    static planview::ShaderLibrary* shaders_;
    static planview::Scene* scene_;
};
geo::ProjectData* GlyphAtlas::data_ = nullptr;
planview::ShaderLibrary* GlyphAtlas::shaders_ = nullptr;
planview::Scene* GlyphAtlas::scene_ = nullptr;

TEST_F(GlyphAtlas, HoldsEveryCharacterOfTheSampleDataProjectAndUi) {
    ASSERT_FALSE(planview::findCjkFont().empty()) << "no CJK font (fonts-wqy-microhei)";
    osg::ref_ptr<planview::ImGuiOverlay> overlay = viewerAtlas();
    const geo::Project project = geo::loadProject(kProject);
    const std::string data = sourceText(project);
    ASSERT_GT(codePoints(data).size(), 500u) << "the sample's values hold hundreds of distinct characters";
    EXPECT_EQ(missing(*overlay, data), "") << "characters of the data without a glyph";
    EXPECT_EQ(missing(*overlay, projectText(project)), "") << "characters of the project file without a glyph";
    EXPECT_EQ(missing(*overlay, kUiText), "") << "characters of the UI's phrases without a glyph";
    // The two the inspector showed as "?" (in the platforms' targets and plan figures).
    for (const char* word : {"拱墅", "修缮"}) EXPECT_EQ(missing(*overlay, word), "") << word;
}

TEST_F(GlyphAtlas, ACharacterTypedOrPastedJoinsTheAtlasBeforeTheNextFrame) {
    osg::ref_ptr<planview::ImGuiOverlay> overlay = viewerAtlas();
    // Rare characters the font has, in none of the sample's text nor the common Chinese set.
    const std::string typed = "龘", pasted = "靐";
    ASSERT_EQ(missing(*overlay, typed), typed) << "chosen to be outside the initial atlas";
    ASSERT_EQ(missing(*overlay, pasted), pasted) << "chosen to be outside the initial atlas";
    overlay->addInputText(typed.c_str());
    overlay->requireGlyphs(pasted);   // what the clipboard hands over
    overlay->settle(800, 600, 1);     // the next frame
    EXPECT_EQ(missing(*overlay, typed + pasted), "");
    // They stay through a rebuild (presentation mode's large font, and back).
    overlay->setFont("", 48.0f, false);
    overlay->setFont("", 16.0f, true);
    EXPECT_EQ(missing(*overlay, typed + pasted), "");
}

}  // namespace
