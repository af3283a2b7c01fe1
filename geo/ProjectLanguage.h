// The language a project is written in, judged from its own words, so that stills, renders and the
// viewer speak it whatever the machine's locale. No graphics here.
#pragma once
#include "geo/Project.h"

namespace geo {

enum class TextLanguage { Unknown, Chinese, English };

/// The language of `project`'s own text: its title, layer names, bookmark and tour names, captions
/// and attribution. Chinese when Chinese characters are at least as many as Latin words there;
/// English when there are Latin words and no more Chinese characters than them; Unknown when there
/// are neither (let the locale decide).
/// A project made from a data source (not a .toml file) has no title or names of its own, only the
/// file's and its tables' names: any Chinese name there says Chinese, but Latin table names are
/// taken for identifiers, not for English (Unknown).
TextLanguage projectLanguage(const Project& project);

/// The same judgement on a piece of text: Chinese characters against Latin words (runs of two or
/// more letters: "R2" and "B1" are codes, not words).
TextLanguage textLanguage(const std::string& text);

}  // namespace geo
