// Dear ImGui drawn over an OSG view: the OpenGL3 backend from libimgui-dev ("#version 130"), run
// after OSG's own drawing (a camera final-draw callback), with a CJK font whose atlas holds the
// common simplified Chinese characters plus every string the UI will show. The backend saves and
// restores the GL state it touches, so OSG's drawing is undisturbed.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include <osg/Camera>
#include <osgGA/GUIEventHandler>

#include <imgui.h>

struct ImGuiContext;

namespace planview {

class ImGuiOverlay : public osg::Referenced {
public:
    /// `fontPath`: a .ttf/.ttc font, "" for ImGui's built-in (Latin only). `glyphText`: UTF-8 text
    /// whose characters the atlas must hold besides the common Chinese ones (UI strings, layer
    /// names, attribute values).
    /// `fontPixels`: the size glyphs are rasterized at. `commonChinese` = false leaves the ~3,500
    /// common Chinese characters out of the atlas (only `glyphText` and the UI's phrases go in): for
    /// large sizes (presentation stills, whose text is up to 128 px) the atlas stays small.
    ImGuiOverlay(const std::string& fontPath, const std::string& glyphText, float fontPixels = 16.0f,
                 bool commonChinese = true);
    ~ImGuiOverlay() override;
    ImGuiOverlay(const ImGuiOverlay&) = delete;
    ImGuiOverlay& operator=(const ImGuiOverlay&) = delete;

    /// Rebuilds the font atlas to hold `glyphText`'s characters too (after data has loaded).
    void setGlyphText(const std::string& glyphText);
    /// Rebuilds the font atlas at `fontPixels` with `glyphText` (and the common Chinese characters
    /// when `commonChinese`): presentation mode's large text, and back to the panels' size.
    void setFont(const std::string& glyphText, float fontPixels, bool commonChinese);

    /// Makes sure the atlas holds `utf8`'s characters (those the font has): the missing ones are added
    /// and the atlas rebuilt before the next frame. Cheap for characters already there; may be called
    /// during a frame (the clipboard's text, a panel's).
    void requireGlyphs(const std::string& utf8);
    /// Whether the atlas holds a glyph for `codePoint` (not the fallback).
    bool hasGlyph(unsigned codePoint) const;
    /// The characters of `utf8` the atlas has no glyph for, once each.
    std::string missingGlyphs(const std::string& utf8) const;

    /// Text typed or composed by an input method (UTF-8), for the text box with the keyboard; its
    /// characters join the atlas.
    void addInputText(const char* utf8);
    /// Whether key events also type their characters (OSG's window: Latin-1 only). Off when the window
    /// delivers text itself (addInputText), so nothing is typed twice.
    void setTextFromKeys(bool on);
    /// Whether a text box had the keyboard in the last frame.
    bool wantsTextInput() const;
    ImGuiContext* context() const { return context_; }

    /// Called inside each UI frame to draw the panels.
    void setPanels(std::function<void()> panels) { panels_ = std::move(panels); }

    /// Draws one UI frame into the current GL context. The UI is laid out for a whole image of
    /// `width`×`height` pixels; only the tile at (tileX, tileY, tileWidth, tileHeight) (pixels,
    /// origin bottom-left) is drawn, into the viewport's origin. `time` is in seconds.
    void draw(int width, int height, int tileX, int tileY, int tileWidth, int tileHeight, double time);
    /// Lays out `frames` UI frames without drawing, so auto-sized windows settle (offscreen renders).
    void settle(int width, int height, int frames);

    /// A final-draw callback drawing the UI over the camera's whole viewport.
    osg::Camera::DrawCallback* makeFinalDrawCallback();
    /// Feeds mouse and keyboard to ImGui; events ImGui wants are marked handled.
    osgGA::GUIEventHandler* makeEventHandler();

    /// Frees the backend's GL objects; call with the overlay's GL context current, before it goes.
    void releaseGl();

    struct Input;   // pending mouse/keyboard state between frames

private:
    void beginFrame(int width, int height, double time);
    void buildFont(const std::string& glyphText);
    void addPendingGlyphs();
    ImGuiContext* context_ = nullptr;
    std::function<void()> panels_;
    bool glReady_ = false;
    bool fontTextureStale_ = false;
    std::string fontPath_;
    float fontPixels_ = 16;
    ImVector<ImWchar> ranges_;
    double lastTime_ = -1;
    Input* input_ = nullptr;
    bool commonChinese_ = true;   // the atlas holds the common Chinese characters
    std::string glyphText_;       // what the atlas was last asked to hold
    std::string addedGlyphs_;     // characters added since (typed, pasted, shown), kept across rebuilds
    std::string pendingGlyphs_;   // characters to add before the next frame
    std::vector<bool> asked_;     // code points already looked for (a font may not have them)
};

}  // namespace planview
