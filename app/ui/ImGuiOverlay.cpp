#include "app/ui/ImGuiOverlay.h"
#include "app/ui/GlyphSet.h"
#include <algorithm>
#include <array>
#include <chrono>
#include <imgui.h>
#include <imgui_internal.h>
#include <backends/imgui_impl_opengl3.h>
#include <osg/GraphicsContext>
#include "app/ui/UiText.h"
#include "geo/Log.h"

namespace planview {

// Mouse buttons pressed and released within one frame must still be seen pressed for a frame:
// ImGui 1.86 polls button state, it has no event queue.
struct ImGuiOverlay::Input {
    std::array<bool, 3> down{}, pressedThisFrame{}, releasePending{};
    float wheel = 0;
    ImVec2 mouse{-FLT_MAX, -FLT_MAX};
    bool textFromKeys = true;   // key events type their characters (off when the window delivers text)
    // Keys too: a shortcut pressed and released between two frames (Ctrl+A, Enter from a fast typist
    // or xdotool) is seen pressed, with the modifiers it was pressed with, for one frame.
    std::array<bool, 512> keyPressedThisFrame{}, keyReleasePending{};
    bool anyKeyThisFrame = false;
    int latestModifiers = 0;   // the modifiers of the latest key event, applied after the frame
};

namespace {

// OSG's special keys live above 0xFF00; ImGui 1.86 wants indices below 512.
struct KeyMapping {
    ImGuiKey imgui;
    int osgKey;
    int index;
};
const KeyMapping kKeys[] = {
    {ImGuiKey_Tab, osgGA::GUIEventAdapter::KEY_Tab, 256},
    {ImGuiKey_LeftArrow, osgGA::GUIEventAdapter::KEY_Left, 257},
    {ImGuiKey_RightArrow, osgGA::GUIEventAdapter::KEY_Right, 258},
    {ImGuiKey_UpArrow, osgGA::GUIEventAdapter::KEY_Up, 259},
    {ImGuiKey_DownArrow, osgGA::GUIEventAdapter::KEY_Down, 260},
    {ImGuiKey_PageUp, osgGA::GUIEventAdapter::KEY_Page_Up, 261},
    {ImGuiKey_PageDown, osgGA::GUIEventAdapter::KEY_Page_Down, 262},
    {ImGuiKey_Home, osgGA::GUIEventAdapter::KEY_Home, 263},
    {ImGuiKey_End, osgGA::GUIEventAdapter::KEY_End, 264},
    {ImGuiKey_Insert, osgGA::GUIEventAdapter::KEY_Insert, 265},
    {ImGuiKey_Delete, osgGA::GUIEventAdapter::KEY_Delete, 266},
    {ImGuiKey_Backspace, osgGA::GUIEventAdapter::KEY_BackSpace, 267},
    {ImGuiKey_Space, osgGA::GUIEventAdapter::KEY_Space, 268},
    {ImGuiKey_Enter, osgGA::GUIEventAdapter::KEY_Return, 269},
    {ImGuiKey_Escape, osgGA::GUIEventAdapter::KEY_Escape, 270},
    {ImGuiKey_KeyPadEnter, osgGA::GUIEventAdapter::KEY_KP_Enter, 271},
    {ImGuiKey_A, 'a', 'a'},
    {ImGuiKey_C, 'c', 'c'},
    {ImGuiKey_V, 'v', 'v'},
    {ImGuiKey_X, 'x', 'x'},
    {ImGuiKey_Y, 'y', 'y'},
    {ImGuiKey_Z, 'z', 'z'},
};

// Whether ImGui takes a mouse event at (x, y) (ImGui pixels): over a window drawn last frame, or
// in the middle of an interaction (dragging a slider, a popup open). io.WantCaptureMouse alone
// lags a frame behind the pointer: a click right after a jump would go to the wrong side.
bool capturesMouse(float x, float y) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId != 0 || g.OpenPopupStack.Size > 0) return true;
    for (ImGuiWindow* window : g.Windows) {
        if (!window->WasActive || window->Hidden || (window->Flags & ImGuiWindowFlags_NoInputs)) continue;
        if (window->Flags & ImGuiWindowFlags_Tooltip) continue;
        if (window->Rect().Contains(ImVec2(x, y))) return true;
    }
    return false;
}

int keyIndex(int osgKey) {
    for (const KeyMapping& k : kKeys)
        if (k.osgKey == osgKey) return k.index;
    if (osgKey >= 'A' && osgKey <= 'Z') return osgKey - 'A' + 'a';
    return osgKey >= 0 && osgKey < 256 ? osgKey : -1;
}

class OverlayDrawCallback : public osg::Camera::DrawCallback {
public:
    explicit OverlayDrawCallback(ImGuiOverlay* overlay) : overlay_(overlay) {}
    void operator()(osg::RenderInfo& renderInfo) const override {
        const osg::Viewport* viewport = renderInfo.getCurrentCamera()->getViewport();
        if (!viewport) return;
        int w = static_cast<int>(viewport->width()), h = static_cast<int>(viewport->height());
        double time = renderInfo.getState()->getFrameStamp() ? renderInfo.getState()->getFrameStamp()->getReferenceTime() : 0;
        overlay_->draw(w, h, 0, 0, w, h, time);
    }

private:
    osg::observer_ptr<ImGuiOverlay> overlay_;
};

class OverlayEventHandler : public osgGA::GUIEventHandler {
public:
    OverlayEventHandler(ImGuiContext* context, ImGuiOverlay::Input* input) : context_(context), input_(input) {}
    bool handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& aa) override {
        using E = osgGA::GUIEventAdapter;
        ImGui::SetCurrentContext(context_);
        ImGuiIO& io = ImGui::GetIO();
        auto button = [](int osgButton) {
            return osgButton == E::LEFT_MOUSE_BUTTON ? 0 : osgButton == E::RIGHT_MOUSE_BUTTON ? 1 : osgButton == E::MIDDLE_MOUSE_BUTTON ? 2 : -1;
        };
        auto updateMouse = [&] {
            float x = ea.getX() - ea.getXmin();
            float y = ea.getMouseYOrientation() == E::Y_INCREASING_UPWARDS ? ea.getYmax() - ea.getY() : ea.getY() - ea.getYmin();
            input_->mouse = ImVec2(x, y);
        };
        switch (ea.getEventType()) {
        case E::MOVE:
        case E::DRAG:
            updateMouse();
            aa.requestRedraw();
            return capturesMouse(input_->mouse.x, input_->mouse.y);
        case E::PUSH: {
            updateMouse();
            int b = button(ea.getButton());
            if (b >= 0) {
                input_->down[b] = true;
                input_->pressedThisFrame[b] = true;
            }
            aa.requestRedraw();
            return capturesMouse(input_->mouse.x, input_->mouse.y);
        }
        case E::RELEASE: {
            updateMouse();
            int b = button(ea.getButton());
            if (b >= 0) {
                if (input_->pressedThisFrame[b]) input_->releasePending[b] = true;
                else input_->down[b] = false;
            }
            aa.requestRedraw();
            return capturesMouse(input_->mouse.x, input_->mouse.y);
        }
        case E::SCROLL:
            updateMouse();
            if (ea.getScrollingMotion() == E::SCROLL_UP) input_->wheel += 1;
            if (ea.getScrollingMotion() == E::SCROLL_DOWN) input_->wheel -= 1;
            aa.requestRedraw();
            return capturesMouse(input_->mouse.x, input_->mouse.y);
        case E::KEYDOWN:
        case E::KEYUP: {
            bool down = ea.getEventType() == E::KEYDOWN;
            int index = keyIndex(ea.getUnmodifiedKey());
            if (index >= 0 && index < 512) {
                if (down) {
                    io.KeysDown[index] = true;
                    input_->keyPressedThisFrame[index] = true;
                    input_->anyKeyThisFrame = true;
                } else if (input_->keyPressedThisFrame[index]) {
                    input_->keyReleasePending[index] = true;
                } else {
                    io.KeysDown[index] = false;
                }
            }
            input_->latestModifiers = ea.getModKeyMask();
            // A modifier let go after a key pressed this frame is let go after the frame.
            if (down || !input_->anyKeyThisFrame) {
                io.KeyCtrl = ea.getModKeyMask() & E::MODKEY_CTRL;
                io.KeyShift = ea.getModKeyMask() & E::MODKEY_SHIFT;
                io.KeyAlt = ea.getModKeyMask() & E::MODKEY_ALT;
            }
            int key = ea.getKey();
            if (input_->textFromKeys && down && key >= 32 && key < 0xFF00 && key != 127 && !io.KeyCtrl)
                io.AddInputCharacter(static_cast<unsigned>(key));
            aa.requestRedraw();
            return io.WantCaptureKeyboard;
        }
        default: return false;
        }
    }

private:
    ImGuiContext* context_;
    ImGuiOverlay::Input* input_;
};

}  // namespace

ImGuiOverlay::ImGuiOverlay(const std::string& fontPath, const std::string& glyphText, float fontPixels, bool commonChinese)
    : commonChinese_(commonChinese) {
    IMGUI_CHECKVERSION();
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    input_ = new Input;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // panels start where the program puts them; nothing written to the cwd
    io.LogFilename = nullptr;
    for (const KeyMapping& k : kKeys) io.KeyMap[k.imgui] = k.index;

    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 6;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.WindowBorderSize = 0;
    style.Colors[ImGuiCol_WindowBg].w = 0.88f;

    fontPath_ = fontPath;
    fontPixels_ = fontPixels;
    glyphText_ = glyphText;
    buildFont(glyphText_);
    if (previous) ImGui::SetCurrentContext(previous);
}

void ImGuiOverlay::buildFont(const std::string& glyphText) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    if (!fontPath_.empty()) {
        ImFontGlyphRangesBuilder builder;
        if (commonChinese_) builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
        else builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
        builder.AddText(text::kAllText);
        builder.AddText(glyphText.c_str());
        ranges_.clear();   // kept by the atlas's font config: must live as long as the atlas
        builder.BuildRanges(&ranges_);
        ImFontConfig config;
        config.FontNo = 0;
        config.OversampleH = 1;
        config.OversampleV = 1;
        config.PixelSnapH = true;
        if (!io.Fonts->AddFontFromFileTTF(fontPath_.c_str(), fontPixels_, &config, ranges_.Data)) {
            geo::log().warn("UI: cannot load the font {}; Chinese text will not show", fontPath_);
            io.Fonts->AddFontDefault();
        }
    } else {
        io.Fonts->AddFontDefault();
    }
    io.Fonts->Build();
}

void ImGuiOverlay::setFont(const std::string& glyphText, float fontPixels, bool commonChinese) {
    fontPixels_ = fontPixels;
    commonChinese_ = commonChinese;
    setGlyphText(glyphText);
}

void ImGuiOverlay::setGlyphText(const std::string& glyphText) {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    glyphText_ = glyphText;
    buildFont(glyphText_ + addedGlyphs_ + pendingGlyphs_);
    addedGlyphs_ += pendingGlyphs_;
    pendingGlyphs_.clear();
    fontTextureStale_ = glReady_;   // re-uploaded at the next draw, with the GL context current
    if (previous) ImGui::SetCurrentContext(previous);
}

void ImGuiOverlay::requireGlyphs(const std::string& utf8) {
    if (asked_.empty()) asked_.assign(0x10000, false);
    forEachCharacter(utf8, [this](unsigned c, std::string_view character) {
        // ImWchar is 16-bit in Debian's build: characters beyond the BMP cannot be in the atlas.
        if (c < 0x20 || c >= 0x10000 || asked_[c]) return;
        asked_[c] = true;
        if (!hasGlyph(c)) pendingGlyphs_.append(character);
    });
}

std::string ImGuiOverlay::missingGlyphs(const std::string& utf8) const {
    std::string missing;
    forEachCharacter(utf8, [&](unsigned c, std::string_view character) {
        if (c >= 0x20 && !hasGlyph(c) && missing.find(character) == std::string::npos) missing.append(character);
    });
    return missing;
}

bool ImGuiOverlay::hasGlyph(unsigned codePoint) const {
    if (codePoint >= 0x10000) return false;
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const bool found = !atlas->Fonts.empty() && atlas->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(codePoint)) != nullptr;
    ImGui::SetCurrentContext(previous);
    return found;
}

void ImGuiOverlay::addPendingGlyphs() {
    if (pendingGlyphs_.empty()) return;
    const auto start = std::chrono::steady_clock::now();
    setGlyphText(glyphText_);
    geo::log().debug("UI: the font atlas grew by new characters ({:.0f} ms)",
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
}

void ImGuiOverlay::addInputText(const char* utf8) {
    requireGlyphs(utf8);
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    ImGui::SetCurrentContext(previous);
}

void ImGuiOverlay::setTextFromKeys(bool on) { input_->textFromKeys = on; }

bool ImGuiOverlay::wantsTextInput() const {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    const bool wanted = ImGui::GetIO().WantTextInput;
    ImGui::SetCurrentContext(previous);
    return wanted;
}

ImGuiOverlay::~ImGuiOverlay() {
    ImGui::SetCurrentContext(context_);
    // The backend's GL objects die with the GL context; only forget the backend here.
    ImGui::GetIO().BackendRendererUserData = nullptr;
    ImGui::GetIO().BackendRendererName = nullptr;
    ImGui::DestroyContext(context_);
    delete input_;
}

void ImGuiOverlay::beginFrame(int width, int height, double time) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = lastTime_ < 0 || time <= lastTime_ ? 1.0f / 60.0f : static_cast<float>(time - lastTime_);
    lastTime_ = time;
    io.MousePos = input_->mouse;
    for (int b = 0; b < 3; ++b) io.MouseDown[b] = input_->down[b];
    io.MouseWheel = input_->wheel;
    input_->wheel = 0;
    ImGui::NewFrame();
    for (int b = 0; b < 3; ++b) {
        if (input_->releasePending[b]) input_->down[b] = false;
        input_->releasePending[b] = input_->pressedThisFrame[b] = false;
    }
    if (panels_) panels_();
    ImGui::Render();
    // After the frame: ImGui checks that modifiers do not change within one.
    for (std::size_t k = 0; k < input_->keyReleasePending.size(); ++k) {
        if (input_->keyReleasePending[k]) io.KeysDown[k] = false;
        input_->keyReleasePending[k] = input_->keyPressedThisFrame[k] = false;
    }
    if (input_->anyKeyThisFrame) {
        using E = osgGA::GUIEventAdapter;
        io.KeyCtrl = input_->latestModifiers & E::MODKEY_CTRL;
        io.KeyShift = input_->latestModifiers & E::MODKEY_SHIFT;
        io.KeyAlt = input_->latestModifiers & E::MODKEY_ALT;
        input_->anyKeyThisFrame = false;
    }
}

void ImGuiOverlay::settle(int width, int height, int frames) {
    addPendingGlyphs();
    for (int i = 0; i < frames; ++i) beginFrame(width, height, lastTime_ < 0 ? 0 : lastTime_ + 1.0 / 60.0);
}

void ImGuiOverlay::draw(int width, int height, int tileX, int tileY, int tileWidth, int tileHeight, double time) {
    ImGui::SetCurrentContext(context_);
    if (!glReady_) {
        if (!ImGui_ImplOpenGL3_Init("#version 130")) {
            geo::log().warn("UI: the OpenGL3 backend could not start; panels are not drawn");
            panels_ = nullptr;
            return;
        }
        glReady_ = true;
    }
    addPendingGlyphs();   // characters typed, pasted or shown since the last frame
    if (fontTextureStale_) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        fontTextureStale_ = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    beginFrame(width, height, time);
    ImDrawData* drawData = ImGui::GetDrawData();
    // ImGui's y axis points down: the tile's top edge, counted from the image's top.
    drawData->DisplayPos = ImVec2(static_cast<float>(tileX), static_cast<float>(height - tileY - tileHeight));
    drawData->DisplaySize = ImVec2(static_cast<float>(tileWidth), static_cast<float>(tileHeight));
    ImGui_ImplOpenGL3_RenderDrawData(drawData);
}

void ImGuiOverlay::releaseGl() {
    if (!glReady_) return;
    ImGui::SetCurrentContext(context_);
    ImGui_ImplOpenGL3_Shutdown();
    glReady_ = false;
}

osg::Camera::DrawCallback* ImGuiOverlay::makeFinalDrawCallback() { return new OverlayDrawCallback(this); }

osgGA::GUIEventHandler* ImGuiOverlay::makeEventHandler() { return new OverlayEventHandler(context_, input_); }

}  // namespace planview
