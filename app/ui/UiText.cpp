#include "app/ui/UiText.h"
#include <cstdlib>
#include <CLI/CLI.hpp>

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
    command.add_option("--lang", language, "Language of the panels: zh or en (default: from the locale)")
        ->check(CLI::IsMember({"zh", "en"}));
}

void applyLanguageOption(const std::string& language) {
    Language chosen;
    if (parseLanguage(language, chosen)) setUiLanguage(chosen);
}

std::string windowTitle(const Phrase& phrase, const char* id) { return std::string(tr(phrase)) + "###" + id; }

}  // namespace planview
