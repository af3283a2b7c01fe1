// Captions broken into lines by the rules of Chinese typesetting (issue 16: “工 / 业4.0” must not
// happen), checked on the sample's own captions at many widths, with a font model of full-width
// Chinese characters and narrower Latin ones: every line within the width, no break inside a quoted
// or bracketed phrase or a Latin word or number, no line starting with closing punctuation or
// ending with opening punctuation, nothing lost or added.
#include <gtest/gtest.h>
#include <cmath>
#include "geo/LineBreak.h"
#include "geo/Project.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

// A sans-serif's proportions, in ems: Chinese characters and their punctuation a full em, digits and
// letters about half.
double advance(char32_t c) {
    if (c >= 0x2E80 || c == U'“' || c == U'”' || c == U'‘' || c == U'’' || c == U'—' || c == U'…') return 1.0;
    if (c == U' ') return 0.3;
    if (c == U'.' || c == U',' || c == U':') return 0.3;
    return 0.55;
}

double widthOf(const std::u32string& line) {
    double w = 0;
    for (char32_t c : line) w += advance(c);
    return w;
}

bool isLatinOrDigit(char32_t c) {
    return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'.';
}

std::string withoutSpaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out += c;
    return out;
}

// Every rule, for `text` broken at `width` ems. `phrasesFit`: every quoted or bracketed phrase is
// narrower than the width, so none may be broken.
void checkLines(const std::string& text, double width) {
    const std::vector<std::string> lines = geo::breakLines(text, advance, width);
    std::string joined, shown;
    for (const std::string& l : lines) {
        joined += l;
        shown += "[" + l + "] ";
    }
    SCOPED_TRACE(text + " at " + std::to_string(width) + " em: " + shown);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(withoutSpaces(joined), withoutSpaces(text)) << "nothing lost or added";
    int depth = 0;   // quotes and brackets open at the end of the lines so far
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::u32string line = geo::decodeUtf8(lines[i]);
        ASSERT_FALSE(line.empty());
        EXPECT_LE(widthOf(line), width + 1e-9) << "line " << i << " is too wide";
        if (i > 0) {
            EXPECT_FALSE(geo::isClosingPunctuation(line.front())) << "line " << i << " starts with closing punctuation";
            const std::u32string previous = geo::decodeUtf8(lines[i - 1]);
            EXPECT_FALSE(isLatinOrDigit(previous.back()) && isLatinOrDigit(line.front()))
                << "a Latin word or number is cut between lines " << i - 1 << " and " << i;
        }
        if (i + 1 < lines.size()) EXPECT_FALSE(geo::isOpeningPunctuation(line.back())) << "line " << i << " ends with opening punctuation";
        for (char32_t c : line) {
            if (c == U'“' || c == U'（' || c == U'《' || c == U'(') ++depth;
            if (c == U'”' || c == U'）' || c == U'》' || c == U')') --depth;
        }
        if (i + 1 < lines.size()) EXPECT_EQ(depth, 0) << "line " << i << " ends inside a quoted or bracketed phrase";
    }
}

TEST(LineBreak, TheSamplesCaptionsBreakOnlyWhereChineseTypesettingAllows) {
    geo::Project project = geo::openProject(kProject, "");
    ASSERT_FALSE(project.tours.empty());
    std::vector<std::string> texts{project.title};
    for (const geo::TourStop& stop : project.tours[0].stops) texts.push_back(stop.caption);
    // From a phrase's width (the widest quoted phrase, “十三五” or （2016–2020年）, is under 8 em) to one line.
    for (const std::string& text : texts)
        for (double width = 9; width <= 60; width += 0.75) checkLines(text, width);
}

TEST(LineBreak, TheQuotedIndustry40StaysWhole) {
    const std::string caption = "科技工业基地（飞地）：规划1.45平方公里，“工业4.0”示范园区，发展电子信息、物联网和高端装备";
    bool split = false;
    for (double width = 6; width <= 40; width += 0.25) {
        for (const std::string& line : geo::breakLines(caption, advance, width)) {
            const bool opens = line.find("“工") != std::string::npos, closes = line.find("4.0”") != std::string::npos;
            split = split || opens != closes;
        }
    }
    EXPECT_FALSE(split) << "“工业4.0” is never cut";
    // Where a line must break near it, it breaks before the opening quote or after the closing one.
    const std::vector<std::string> lines = geo::breakLines(caption, advance, 24);
    ASSERT_GE(lines.size(), 2u);
}

TEST(LineBreak, LinesAreBalancedAndTextThatFitsIsOneLine) {
    const std::string caption = "大湖滨商圈：约0.87平方公里，打造国家级品牌消费集聚区";
    EXPECT_EQ(geo::breakLines(caption, advance, 100), std::vector<std::string>{caption});
    EXPECT_TRUE(geo::breakLines("", advance, 10).empty());
    // 24.6 em at 20 em a line: two lines of about half each, not 20 + 4.6.
    const std::vector<std::string> lines = geo::breakLines(caption, advance, 20);
    ASSERT_EQ(lines.size(), 2u);
    const double a = widthOf(geo::decodeUtf8(lines[0])), b = widthOf(geo::decodeUtf8(lines[1]));
    EXPECT_LT(std::abs(a - b), 6) << lines[0] << " / " << lines[1];
}

TEST(LineBreak, LatinTextBreaksAtSpacesAndAPhraseWiderThanALineStillFits) {
    const std::vector<std::string> english = geo::breakLines("Industry 4.0 demonstration park of 1.45 km2", advance, 8);
    for (const std::string& line : english) {
        EXPECT_LE(widthOf(geo::decodeUtf8(line)), 8 + 1e-9) << line;
        EXPECT_NE(line.front(), ' ');
        EXPECT_NE(line.back(), ' ');
    }
    EXPECT_EQ(english.front(), "Industry 4.0");
    // A quoted phrase wider than the line is broken (between its Chinese characters) rather than overflowing.
    const std::string quoted = "“一二三四五六七八九十一二三四五”之后";
    for (const std::string& line : geo::breakLines(quoted, advance, 6)) EXPECT_LE(widthOf(geo::decodeUtf8(line)), 6 + 1e-9) << line;
}

TEST(LineBreak, InvalidUtf8IsReplacedNotLost) {
    EXPECT_EQ(geo::decodeUtf8("a\xff" "b"), std::u32string(U"a\uFFFDb"));
    EXPECT_EQ(geo::decodeUtf8("\xe5\xb7"), std::u32string(U"\uFFFD\uFFFD"));
    EXPECT_EQ(geo::decodeUtf8("工业"), std::u32string(U"工业"));
}

}  // namespace
