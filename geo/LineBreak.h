// Breaking a caption or a title into lines by the rules of Chinese typesetting (and of Latin text
// mixed into it), for any font: the caller measures each character. No graphics here.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace geo {

/// The width of one character (a Unicode code point) in the caller's units (pixels, ems).
using CharAdvance = std::function<double(char32_t)>;

/// `text` (UTF-8) broken into lines no wider than `maxWidth`:
/// - a line may end between two Chinese characters (punctuation included) and at a space, never inside
///   a Latin word or a number, nor between a number and the character it is written against
///   ("4.0", "1000家", "约0.87");
/// - no line starts with closing punctuation (，。、；：？！”’）》」』】… and their Latin forms) and no
///   line ends with opening punctuation (“‘（《「『【 and their Latin forms);
/// - a phrase in quotes, brackets or parentheses (“工业4.0”, （飞地）, 《…》) stays on one line;
/// - when the text takes several lines they are balanced (a caption of 1.2 lines' worth is cut in two
///   halves, not one full line and a few characters), preferring to break after a comma or a colon.
/// Only what cannot fit otherwise (a phrase or a word wider than `maxWidth`) is broken against these
/// rules: first at any place the punctuation rules allow, last between any two characters.
/// Spaces at the ends of lines are dropped; nothing else is added or removed. Text that fits is one
/// line; "" gives no lines.
std::vector<std::string> breakLines(const std::string& text, const CharAdvance& advance, double maxWidth);

/// The code points of UTF-8 `text` (an invalid byte is taken as U+FFFD).
std::u32string decodeUtf8(const std::string& text);

/// Whether a line must not start with `c` (closing punctuation) or end with it (opening punctuation).
bool isClosingPunctuation(char32_t c);
bool isOpeningPunctuation(char32_t c);

}  // namespace geo
