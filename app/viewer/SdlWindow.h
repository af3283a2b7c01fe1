// The viewer's window: an SDL2 window and OpenGL context that OpenSceneGraph draws into as an
// embedded window. OSG's own X11 window reads keys as Latin-1 and knows no input method; SDL2 takes
// text from the system's input method (fcitx, ibus: SDL_TEXTINPUT in UTF-8), owns the desktop's
// clipboard and places the input method's candidate window where asked.
//
// SDL's events become OSG events in the window's event queue (mouse, wheel, keys, resize, close), so
// the osgGA handlers (the UI overlay's, the map manipulator, ViewerInput) work as they did; text goes
// to `onText` instead, as key events carry no text.
#pragma once
#include <functional>
#include <string>
#include <osgViewer/GraphicsWindow>

struct SDL_Window;
union SDL_Event;

namespace planview {

class ImGuiOverlay;

class SdlWindow : public osgViewer::GraphicsWindowEmbedded {
public:
    /// Starts SDL's video (X11) and reads the desktop's size. Throws geo::OutputError when SDL cannot
    /// reach the display. Sizes are 0 when SDL cannot tell.
    static void startVideo();
    static void desktopSize(int& width, int& height);

    /// Opens a window of `width`×`height` at (x, y) with a double-buffered GL context (24-bit depth),
    /// and makes the context current. Throws geo::OutputError when either cannot be made.
    SdlWindow(const std::string& title, int x, int y, int width, int height);
    ~SdlWindow() override;

    /// UTF-8 text typed, composed by the input method, or sent by xdotool.
    std::function<void(const char* utf8)> onText;

    /// Full screen without decoration (presentations), or back to a decorated window at (x, y), width×height.
    void setFullScreen(bool fullScreen, int x, int y, int width, int height);

    /// Connects the overlay's text input to this window: characters from SDL_TEXTINPUT (no longer from
    /// key events), the desktop's clipboard for copy and paste, and the input method's candidate window
    /// placed at the text box being edited (text input is on only while a box has the keyboard).
    /// The overlay must go before the window.
    void connectTextInput(ImGuiOverlay& overlay);

    SDL_Window* sdlWindow() const { return window_; }

    // osgViewer::GraphicsWindow
    bool checkEvents() override;
    bool makeCurrentImplementation() override;
    bool releaseContextImplementation() override;
    void swapBuffersImplementation() override;
    void closeImplementation() override;
    bool setWindowRectangleImplementation(int x, int y, int width, int height) override;
    bool setWindowDecorationImplementation(bool decorated) override;
    void grabFocus() override;
    void raiseWindow() override;

private:
    void translate(const SDL_Event& event);
    void updateTextInput();
    ImGuiOverlay* overlay_ = nullptr;
    char* clipboard_ = nullptr;   // SDL's copy of the last clipboard text handed to the UI
    bool textInputOn_ = false;
    SDL_Window* window_ = nullptr;
    void* context_ = nullptr;   // SDL_GLContext
};

}  // namespace planview
