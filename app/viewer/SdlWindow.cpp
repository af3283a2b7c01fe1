#include "app/viewer/SdlWindow.h"
#include <SDL2/SDL.h>
#include <imgui.h>
#include <imgui_internal.h>
#include "app/ui/ImGuiOverlay.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

// Whether an EWMH window manager runs on the window's X display (at the end: it needs Xlib's headers).
bool hasWindowManager(SDL_Window* window);

namespace {

using E = osgGA::GUIEventAdapter;

// SDL's key codes are the unshifted character for printable keys (as OSG's unmodified key) and
// their own values for the others.
int osgKey(SDL_Keycode key) {
    switch (key) {
    case SDLK_RETURN: return E::KEY_Return;
    case SDLK_KP_ENTER: return E::KEY_KP_Enter;
    case SDLK_ESCAPE: return E::KEY_Escape;
    case SDLK_BACKSPACE: return E::KEY_BackSpace;
    case SDLK_TAB: return E::KEY_Tab;
    case SDLK_SPACE: return E::KEY_Space;
    case SDLK_DELETE: return E::KEY_Delete;
    case SDLK_INSERT: return E::KEY_Insert;
    case SDLK_HOME: return E::KEY_Home;
    case SDLK_END: return E::KEY_End;
    case SDLK_PAGEUP: return E::KEY_Page_Up;
    case SDLK_PAGEDOWN: return E::KEY_Page_Down;
    case SDLK_LEFT: return E::KEY_Left;
    case SDLK_RIGHT: return E::KEY_Right;
    case SDLK_UP: return E::KEY_Up;
    case SDLK_DOWN: return E::KEY_Down;
    case SDLK_LSHIFT: return E::KEY_Shift_L;
    case SDLK_RSHIFT: return E::KEY_Shift_R;
    case SDLK_LCTRL: return E::KEY_Control_L;
    case SDLK_RCTRL: return E::KEY_Control_R;
    case SDLK_LALT: return E::KEY_Alt_L;
    case SDLK_RALT: return E::KEY_Alt_R;
    case SDLK_LGUI: return E::KEY_Super_L;
    case SDLK_RGUI: return E::KEY_Super_R;
    case SDLK_CAPSLOCK: return E::KEY_Caps_Lock;
    default: break;
    }
    if (key >= SDLK_F1 && key <= SDLK_F12) return E::KEY_F1 + (key - SDLK_F1);
    if (key >= SDLK_KP_1 && key <= SDLK_KP_9) return E::KEY_KP_1 + (key - SDLK_KP_1);
    if (key == SDLK_KP_0) return E::KEY_KP_0;
    if (key > 0 && key < 0x7F) return key;
    return -1;
}

int osgModifiers(Uint16 mod) {
    int mask = 0;
    if (mod & KMOD_LSHIFT) mask |= E::MODKEY_LEFT_SHIFT;
    if (mod & KMOD_RSHIFT) mask |= E::MODKEY_RIGHT_SHIFT;
    if (mod & KMOD_LCTRL) mask |= E::MODKEY_LEFT_CTRL;
    if (mod & KMOD_RCTRL) mask |= E::MODKEY_RIGHT_CTRL;
    if (mod & KMOD_LALT) mask |= E::MODKEY_LEFT_ALT;
    if (mod & KMOD_RALT) mask |= E::MODKEY_RIGHT_ALT;
    if (mod & KMOD_CAPS) mask |= E::MODKEY_CAPS_LOCK;
    if (mod & KMOD_NUM) mask |= E::MODKEY_NUM_LOCK;
    return mask;
}

// ImGui 1.86 tells where the text cursor is through a plain function: the window it belongs to.
SdlWindow* imeWindow = nullptr;

void placeCandidateWindow(int x, int y) {
    if (!imeWindow || !ImGui::GetCurrentContext()) return;
    // (x, y) is the top left of the cursor's line: the input method opens its candidates below it.
    SDL_Rect rect{x, y, 1, static_cast<int>(ImGui::GetFontSize() + 0.5f)};
    SDL_SetTextInputRect(&rect);
}

}  // namespace

void SdlWindow::startVideo() {
    if (SDL_WasInit(SDL_INIT_VIDEO)) return;
    // OSG draws with GLX: the X11 driver and a GLX context, also under a Wayland desktop (XWayland).
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");   // a presentation stays up when focus leaves
    if (SDL_Init(SDL_INIT_VIDEO) != 0) throw geo::OutputError(std::string("cannot open a window: ") + SDL_GetError());
    SDL_StopTextInput();   // on while a text box has the keyboard only: keys are shortcuts otherwise
}

void SdlWindow::desktopSize(int& width, int& height) {
    SDL_DisplayMode mode;
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        width = mode.w;
        height = mode.h;
    } else {
        width = height = 0;
    }
}

SdlWindow::SdlWindow(const std::string& title, int x, int y, int width, int height)
    : osgViewer::GraphicsWindowEmbedded(x, y, width, height) {
    startVideo();
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
    SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8);
    SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8);
    SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8);
    window_ = SDL_CreateWindow(title.c_str(), x, y, width, height, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_SHOWN);
    if (!window_) throw geo::OutputError(std::string("cannot open a window: ") + SDL_GetError());
    context_ = SDL_GL_CreateContext(window_);
    if (!context_) {
        const std::string reason = SDL_GetError();
        SDL_DestroyWindow(window_);
        throw geo::OutputError("cannot make an OpenGL context for the window: " + reason);
    }
    SDL_GL_SetSwapInterval(1);
    getEventQueue()->getCurrentEventState()->setMouseYOrientation(E::Y_INCREASING_DOWNWARDS);
    getEventQueue()->windowResize(0, 0, width, height);
    imeWindow = this;
}

SdlWindow::~SdlWindow() {
    if (imeWindow == this) imeWindow = nullptr;
    SDL_free(clipboard_);
    if (context_) SDL_GL_DeleteContext(context_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void SdlWindow::connectTextInput(ImGuiOverlay& overlay) {
    overlay_ = &overlay;
    overlay.setTextFromKeys(false);
    onText = [this](const char* text) { overlay_->addInputText(text); };
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(overlay.context());
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = this;
    io.SetClipboardTextFn = [](void*, const char* text) { SDL_SetClipboardText(text); };
    io.GetClipboardTextFn = [](void* user) -> const char* {
        auto* self = static_cast<SdlWindow*>(user);
        SDL_free(self->clipboard_);
        self->clipboard_ = SDL_GetClipboardText();   // "" (never null) when empty
        if (self->overlay_ && self->clipboard_) self->overlay_->requireGlyphs(self->clipboard_);
        return self->clipboard_;
    };
    io.ImeSetInputScreenPosFn = placeCandidateWindow;
    ImGui::SetCurrentContext(previous);
}

void SdlWindow::updateTextInput() {
    if (!overlay_) return;
    const bool wanted = overlay_->wantsTextInput();
    if (wanted == textInputOn_) return;
    textInputOn_ = wanted;
    if (wanted) SDL_StartTextInput();
    else SDL_StopTextInput();
}

bool SdlWindow::checkEvents() {
    updateTextInput();
    SDL_Event event;
    while (SDL_PollEvent(&event)) translate(event);
    return !getEventQueue()->empty();
}

void SdlWindow::translate(const SDL_Event& event) {
    osgGA::EventQueue* queue = getEventQueue();
    switch (event.type) {
    case SDL_QUIT: queue->quitApplication(); break;
    case SDL_WINDOWEVENT:
        if (event.window.windowID != SDL_GetWindowID(window_)) break;
        switch (event.window.event) {
        case SDL_WINDOWEVENT_CLOSE: queue->quitApplication(); break;
        case SDL_WINDOWEVENT_SIZE_CHANGED: {
            int x = 0, y = 0;
            SDL_GetWindowPosition(window_, &x, &y);
            resized(x, y, event.window.data1, event.window.data2);
            queue->windowResize(0, 0, event.window.data1, event.window.data2);
            break;
        }
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SHOWN:
        case SDL_WINDOWEVENT_FOCUS_GAINED: requestRedraw(); break;
        default: break;
        }
        break;
    case SDL_MOUSEMOTION: queue->mouseMotion(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y)); break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        // SDL numbers buttons as X11 and OSG do: 1 left, 2 middle, 3 right.
        const float x = static_cast<float>(event.button.x), y = static_cast<float>(event.button.y);
        if (event.type == SDL_MOUSEBUTTONUP) queue->mouseButtonRelease(x, y, event.button.button);
        else if (event.button.clicks == 2) queue->mouseDoubleButtonPress(x, y, event.button.button);
        else queue->mouseButtonPress(x, y, event.button.button);
        break;
    }
    case SDL_MOUSEWHEEL: {
        int steps = event.wheel.y;
        if (event.wheel.direction == SDL_MOUSEWHEEL_FLIPPED) steps = -steps;
        for (; steps > 0; --steps) queue->mouseScroll(E::SCROLL_UP);
        for (; steps < 0; ++steps) queue->mouseScroll(E::SCROLL_DOWN);
        break;
    }
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
        const int unmodified = osgKey(event.key.keysym.sym);
        if (unmodified < 0) break;
        const Uint16 mod = event.key.keysym.mod;
        queue->getCurrentEventState()->setModKeyMask(osgModifiers(mod));
        // The key as typed, for the shortcuts that read it (H or h, 1-9, /): letters shifted or not.
        int key = unmodified;
        if (key >= 'a' && key <= 'z' && (((mod & KMOD_SHIFT) != 0) != ((mod & KMOD_CAPS) != 0))) key = key - 'a' + 'A';
        if (event.type == SDL_KEYDOWN) queue->keyPress(key, unmodified);
        else queue->keyRelease(key, unmodified);
        break;
    }
    case SDL_TEXTINPUT:
        if (onText) onText(event.text.text);
        requestRedraw();
        break;
    default: break;
    }
}

bool SdlWindow::makeCurrentImplementation() { return SDL_GL_MakeCurrent(window_, context_) == 0; }

bool SdlWindow::releaseContextImplementation() { return SDL_GL_MakeCurrent(window_, nullptr) == 0; }

void SdlWindow::swapBuffersImplementation() { SDL_GL_SwapWindow(window_); }

void SdlWindow::closeImplementation() {}

bool SdlWindow::setWindowRectangleImplementation(int x, int y, int width, int height) {
    SDL_SetWindowPosition(window_, x, y);
    SDL_SetWindowSize(window_, width, height);
    return true;
}

bool SdlWindow::setWindowDecorationImplementation(bool decorated) {
    SDL_SetWindowBordered(window_, decorated ? SDL_TRUE : SDL_FALSE);
    return true;
}

void SdlWindow::setFullScreen(bool fullScreen, int x, int y, int width, int height) {
    // Full screen is a window manager's business (_NET_WM_STATE_FULLSCREEN). Without one (Xvfb, a bare
    // X server) SDL reports the screen's size while the window keeps its own: there the window is made
    // borderless and as large as the screen itself.
    const bool managed = hasWindowManager(window_);
    if (fullScreen) {
        SDL_SetWindowBordered(window_, SDL_FALSE);
        if (managed) {
            SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP);
        } else {
            int screenWidth = 0, screenHeight = 0;
            desktopSize(screenWidth, screenHeight);
            SDL_SetWindowPosition(window_, 0, 0);
            if (screenWidth > 0 && screenHeight > 0) SDL_SetWindowSize(window_, screenWidth, screenHeight);
        }
    } else {
        if (managed) SDL_SetWindowFullscreen(window_, 0);
        SDL_SetWindowBordered(window_, SDL_TRUE);
        SDL_SetWindowSize(window_, width, height);
        SDL_SetWindowPosition(window_, x, y);
    }
    requestRedraw();
}

void SdlWindow::grabFocus() { SDL_RaiseWindow(window_); }

void SdlWindow::raiseWindow() { SDL_RaiseWindow(window_); }

}  // namespace planview

// Last: Xlib's macros (None, Status, Bool) would spoil the headers above.
#include <SDL2/SDL_syswm.h>
#include <X11/Xatom.h>

namespace planview {

bool hasWindowManager(SDL_Window* window) {
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_X11) return true;
    Display* display = info.info.x11.display;
    const Atom check = XInternAtom(display, "_NET_SUPPORTING_WM_CHECK", True);
    if (check == None) return false;
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* value = nullptr;
    const bool found = XGetWindowProperty(display, DefaultRootWindow(display), check, 0, 1, False, XA_WINDOW, &type, &format,
                                          &count, &after, &value) == Success &&
                       value && count == 1;
    if (value) XFree(value);
    return found;
}

}  // namespace planview
