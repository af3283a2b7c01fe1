// The sun panel: the sun on or off, its date (presets for the solar terms the sunlight standards
// count on, and today), the clock time on a slider, playing through the day, and where the sun
// stands: altitude, azimuth, the clock time and the true solar time (真太阳时).
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

namespace {

std::string clockText(double hours) {
    long minutes = std::lround(hours * 60);
    minutes = ((minutes % 1440) + 1440) % 1440;
    char text[16];
    std::snprintf(text, sizeof text, "%02ld:%02ld", minutes / 60, minutes % 60);
    return text;
}

}  // namespace

void drawSunPanel(const UiContext& ui) {
    SunUiState& s = ui.state.sun;
    if (!ui.state.showSun) return;
    if (!beginDockedPanel(ui.state, text::kSun, "sun", &ui.state.showSun)) {
        endDockedPanel();
        return;
    }
    SunCommands& sun = ui.commands.sun;
    bool active = ui.state.view.sun.has_value();
    if (ImGui::Checkbox(tr(text::kSunOn), &active)) sun.setSunActive(active);

    // The date: the solar terms of its year, and today.
    ImGui::Text("%s  %s", tr(text::kSunDate), geo::formatCivilDate(s.date).c_str());
    const std::pair<geo::SolarTerm, const Phrase*> terms[] = {
        {geo::SolarTerm::GreatCold, &text::kGreatCold}, {geo::SolarTerm::WinterSolstice, &text::kWinterSolstice},
        {geo::SolarTerm::SummerSolstice, &text::kSummerSolstice}, {geo::SolarTerm::SpringEquinox, &text::kSpringEquinox},
        {geo::SolarTerm::AutumnEquinox, &text::kAutumnEquinox}};
    for (const auto& [term, name] : terms) {
        if (ImGui::SmallButton(tr(*name))) {
            sun.setSunDate(geo::solarTermDate(term, s.date.year, s.utcOffsetHours));
            if (!active) sun.setSunActive(true);
        }
        ImGui::SameLine();
    }
    if (ImGui::SmallButton(tr(text::kSunToday))) {
        sun.setSunDate(geo::todayIn(s.utcOffsetHours));
        if (!active) sun.setSunActive(true);
    }
    int year = s.date.year;
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputInt("##year", &year, 1, 10) && year >= 1 && year <= 9999) {
        geo::CivilDate d = s.date;
        d.year = year;
        if (d.month == 2 && d.day == 29 && !geo::validDate(d)) d.day = 28;
        sun.setSunDate(d);
    }

    // The clock: a slider over the day, and playing through it.
    if (ImGui::Button(s.playing ? tr(text::kPause) : tr(text::kPlay), ImVec2(70, 0))) sun.setSunPlaying(!s.playing);
    ImGui::SameLine();
    float hours = static_cast<float>(s.clockHours);
    ImGui::SetNextItemWidth(-1);
    const std::string label = clockText(s.clockHours) + " " + geo::formatUtcOffset(s.utcOffsetHours);
    if (ImGui::SliderFloat("##clock", &hours, 0.0f, 24.0f - 1.0f / 60, label.c_str())) {
        // Whole minutes: what a bookmark writes.
        sun.setSunClock(std::round(hours * 60.0) / 60.0);
        if (!active) sun.setSunActive(true);
    }

    if (s.shown) {
        const geo::SunPosition& p = s.shown->position;
        ImGui::Text("%s %s %s   %s %s", tr(text::kSunClock), clockText(s.clockHours).c_str(),
                    geo::formatUtcOffset(s.utcOffsetHours).c_str(), tr(text::kSunTrueSolar), clockText(p.trueSolarHours).c_str());
        ImGui::Text("%s %.2f°   %s %.2f°", tr(text::kSunAltitude), p.altitude, tr(text::kSunAzimuth), p.azimuth);
        if (s.shown->night()) ImGui::TextDisabled("%s", tr(text::kSunNight));
    }
    drawSunlightSection(ui);
    endDockedPanel();
}

}  // namespace planview
