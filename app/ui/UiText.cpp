#include "app/ui/UiText.h"
#include <cstdlib>
#include <CLI/CLI.hpp>
#include "geo/ProjectLanguage.h"

namespace planview {

namespace {
Language current = Language::Chinese;
}

Language uiLanguage() { return current; }

void setUiLanguage(Language language) { current = language; }

Language languageFromLocale() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (value && *value) return std::string(value).rfind("zh", 0) == 0 ? Language::Chinese : Language::English;
    }
    return Language::English;
}

bool parseLanguage(const std::string& name, Language& language) {
    if (name == "zh") language = Language::Chinese;
    else if (name == "en") language = Language::English;
    else return false;
    return true;
}

void addLanguageOption(CLI::App& command, std::string& language) {
    command.add_option("--lang", language, "Language of the panels and overlay: zh or en (default: the project's, else the locale's)")
        ->check(CLI::IsMember({"zh", "en"}));
}

void applyLanguageOption(const std::string& language) {
    Language chosen;
    if (parseLanguage(language, chosen)) setUiLanguage(chosen);
}

void applyLanguageOption(const std::string& language, const geo::Project& project) {
    Language chosen;
    if (parseLanguage(language, chosen)) {
        setUiLanguage(chosen);
        return;
    }
    switch (geo::projectLanguage(project)) {
    case geo::TextLanguage::Chinese: setUiLanguage(Language::Chinese); break;
    case geo::TextLanguage::English: setUiLanguage(Language::English); break;
    case geo::TextLanguage::Unknown: setUiLanguage(languageFromLocale()); break;
    }
}

std::string windowTitle(const Phrase& phrase, const char* id) { return std::string(tr(phrase)) + "###" + id; }

}  // namespace planview
