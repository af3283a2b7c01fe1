// Keys, clicks and the cursor: what the viewer does with input the UI did not take.
#pragma once
#include <cstdlib>
#include <functional>
#include <osgGA/GUIEventHandler>
#include <osgViewer/View>
#include <osgViewer/ViewerBase>
#include "app/scene/Picker.h"
#include "app/scene/MapManipulator.h"
#include "app/tools/MapController.h"

namespace planview {

class ViewerInput : public osgGA::GUIEventHandler {
public:
    ViewerInput(MapController& controller, MapManipulator& manipulator) : controller_(controller), manipulator_(manipulator) {}

    /// `T`: the top view (the viewer frames the data in the part of the window the panels leave free).
    std::function<void()> onTopView;

    bool handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& aa) override {
        using E = osgGA::GUIEventAdapter;
        // Ctrl+Q quits even while a text box has the keyboard.
        if (ea.getEventType() == E::KEYDOWN && ea.getUnmodifiedKey() == 'q' && (ea.getModKeyMask() & E::MODKEY_CTRL)) {
            if (auto* view = dynamic_cast<osgViewer::View*>(aa.asView())) view->getViewerBase()->setDone(true);
            return true;
        }
        if (ea.getHandled()) {
            // The UI has the mouse: no ground position to report, and a press on a panel is no pick.
            if (ea.getEventType() == E::MOVE) controller_.state().stats.cursorLonLat.reset();
            if (ea.getEventType() == E::PUSH) pressedOnUi_ = true;
            return false;
        }
        const osg::Camera* camera = aa.asView() ? aa.asView()->getCamera() : nullptr;
        switch (ea.getEventType()) {
        case E::MOVE:
        case E::DRAG:
            if (camera) {
                auto ground = manipulator_.groundPoint(*camera, manipulator_.viewX(ea.getXnormalized()), ea.getYnormalized());
                if (ground) controller_.state().stats.cursorLonLat = controller_.scene().data().frame.toLonLat({ground->x(), ground->y()});
                else controller_.state().stats.cursorLonLat.reset();
            }
            if (ea.getEventType() == E::DRAG) moved_ = true;
            return false;
        case E::PUSH:
            moved_ = false;
            pressedOnUi_ = false;
            pushX_ = ea.getX();
            pushY_ = ea.getY();
            return false;
        case E::RELEASE:
            // A click (not the end of a drag) on the left button picks.
            if (camera && !pressedOnUi_ && ea.getButton() == E::LEFT_MOUSE_BUTTON &&
                (!moved_ || (std::abs(ea.getX() - pushX_) < 3 && std::abs(ea.getY() - pushY_) < 3))) {
                // While measuring, a click on the ground adds a point instead of picking.
                if (controller_.state().measure.mode != MeasureMode::Off) {
                    auto ground = manipulator_.groundPoint(*camera, manipulator_.viewX(ea.getXnormalized()), ea.getYnormalized());
                    if (ground) controller_.measure.addMeasurePoint({ground->x(), ground->y()});
                    aa.requestRedraw();
                    return false;
                }
                const osg::Viewport* vp = camera->getViewport();
                double x = ea.getX() - ea.getXmin(), y = ea.getY() - ea.getYmin();
                if (ea.getMouseYOrientation() == E::Y_INCREASING_DOWNWARDS) y = (ea.getYmax() - ea.getYmin()) - y;
                // Side by side, the half clicked: its projection, and the version it draws.
                const osg::Matrixd projection = drawnProjection(controller_.scene(), camera->getProjectionMatrix(), x, vp->width());
                auto hit = pickFeature(controller_.scene(), manipulator_.getInverseMatrix(), projection, vp->width(), vp->height(), x, y);
                // A 日照 point drawn there (not behind what was hit) is picked before its building.
                const double hitDistance = hit ? (hit->point - manipulator_.getMatrix().getTrans()).length() : 1e12;
                if (!controller_.sunlight.pickPoint(x, y, hitDistance))
                    controller_.inspector.select(hit ? std::optional<FeatureRef>(hit->feature) : std::nullopt);
                // The ground there: its height and the raster layers' pixels, in the inspector.
                if (auto ground = manipulator_.groundPoint(*camera, manipulator_.viewX(ea.getXnormalized()), ea.getYnormalized()))
                    controller_.inspector.inspectPoint(geo::Vec2{ground->x(), ground->y()});
                else
                    controller_.inspector.inspectPoint(std::nullopt);
                aa.requestRedraw();
            }
            return false;
        case E::KEYDOWN: {
            int key = ea.getKey();
            if (key >= '1' && key <= '9') {
                controller_.bookmarks.goToBookmark(static_cast<std::size_t>(key - '1'));
                return true;
            }
            if (key == 'h' || key == 'H') {
                controller_.bookmarks.goHome();
                return true;
            }
            if ((key == 't' || key == 'T') && onTopView) {
                onTopView();
                aa.requestRedraw();
                return true;
            }
            if (key == E::KEY_F12) {
                controller_.presentation.renderStill();
                aa.requestRedraw();
                return true;
            }
            // Presentation mode and tours, keyed like slides (clickers send Page Up/Down).
            if (key == E::KEY_F5) {
                UiState& s = controller_.state();
                if (s.presenting) controller_.presentation.setPresenting(false);
                else if (!s.tours.empty()) controller_.presentation.startTour(0);
                else controller_.presentation.setPresenting(true);
                aa.requestRedraw();
                return true;
            }
            if (controller_.state().presenting) {
                const bool touring = controller_.state().tourPlay.tour >= 0;
                if (key == E::KEY_Escape) controller_.presentation.setPresenting(false);
                else if (touring && key == E::KEY_Space) controller_.presentation.setTourPlaying(!controller_.state().tourPlay.playing);
                else if (touring && (key == E::KEY_Right || key == E::KEY_Page_Down || key == E::KEY_Down)) controller_.presentation.nextStop();
                else if (touring && (key == E::KEY_Left || key == E::KEY_Page_Up || key == E::KEY_Up)) controller_.presentation.previousStop();
                else return false;
                aa.requestRedraw();
                return true;
            }
            if (key == E::KEY_Escape) {
                controller_.inspector.select(std::nullopt);
                controller_.measure.clearMeasure();
                aa.requestRedraw();
                return true;
            }
            if (key == E::KEY_BackSpace && controller_.state().measure.mode != MeasureMode::Off) {
                controller_.measure.removeLastMeasurePoint();
                aa.requestRedraw();
                return true;
            }
            if ((ea.getUnmodifiedKey() == 'f' && (ea.getModKeyMask() & E::MODKEY_CTRL)) || key == '/') {
                controller_.state().showSearch = true;
                aa.requestRedraw();
                return true;
            }
            if (key == 'l' || key == 'L') {
                controller_.setLanguage(uiLanguage() == Language::Chinese ? Language::English : Language::Chinese);
                aa.requestRedraw();
                return true;
            }
            if (key == E::KEY_F1) {
                UiState& s = controller_.state();
                s.showLayers = s.showLegend = s.showBookmarks = !s.showLayers;
                aa.requestRedraw();
                return true;
            }
            return false;
        }
        default: return false;
        }
    }

private:
    MapController& controller_;
    MapManipulator& manipulator_;
    bool moved_ = false, pressedOnUi_ = false;
    float pushX_ = 0, pushY_ = 0;
};

}  // namespace planview
