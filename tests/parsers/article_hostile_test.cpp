// Hostile pages named by the extraction issue, beyond article_test.cpp's deep
// nesting and 8 MB attribute: 100 MB of one tag's text, 100 MB attributes
// (closed and unclosed), a 32 MB attribute name. Each must return, with valid
// UTF-8, and not hide the real story before it. No timing is asserted: a
// hang shows as the ctest timeout.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "parsers/article.h"
#include "parsers/html_prepass.h"
#include "text/utf8.h"

namespace akhbar::parsers {
namespace {

constexpr std::size_t kHundredMegabytes = std::size_t{100} << 20;

const char kStory[] =
    "أعلنت هيئة الأرصاد الجوية أن موجة الحر ستستمر حتى نهاية الأسبوع، ونصحت المواطنين بتجنب "
    "التعرض لأشعة الشمس في ساعات الظهيرة، مع ارتفاع متوقع في درجات الحرارة على المناطق الساحلية.";

const std::string kStoryMarkup = std::string("<article><p>") + kStory + "</p></article>";

void expect_valid_utf8(const ExtractedArticle& a) {
  for (const std::string* s :
       {&a.title, &a.author, &a.published_at, &a.canonical_url, &a.language, &a.site_name}) {
    EXPECT_TRUE(text::is_valid_utf8(*s));
  }
  for (const std::string& p : a.paragraphs) EXPECT_TRUE(text::is_valid_utf8(p));
}

bool has_story(const ExtractedArticle& a) {
  return std::find(a.paragraphs.begin(), a.paragraphs.end(), kStory) != a.paragraphs.end();
}

TEST(ArticleHostile, HundredMegabytesOfOneTag) {
  // The "<div>" + 100 MB of 'a', after a story (one extraction:
  // gumbo alone needs ~6 s for this page).
  std::string html;
  html.reserve(kStoryMarkup.size() + 5 + kHundredMegabytes);
  html += kStoryMarkup + "<div>";
  html.append(kHundredMegabytes, 'a');
  const ExtractedArticle a = extract_article(html);
  expect_valid_utf8(a);
  EXPECT_TRUE(has_story(a));
  for (const std::string& p : a.paragraphs) {
    if (p == kStory) continue;
    EXPECT_LE(p.size(), kHundredMegabytes);
    EXPECT_EQ(p.find_first_not_of('a'), std::string::npos);  // nothing invented or mixed in
  }
}

TEST(ArticleHostile, HundredMegabyteAttributeClosedAndUnclosed) {
  std::string html = kStoryMarkup + "<div data-x=\"";
  const std::size_t value_at = html.size();
  html.append(kHundredMegabytes, 'x');
  // Unclosed: the quote runs to the end of the page.
  const ExtractedArticle unclosed = extract_article(html);
  expect_valid_utf8(unclosed);
  EXPECT_EQ(unclosed.paragraphs, std::vector<std::string>{kStory});

  // Closed, with the story after the element this time.
  html += "\"></div>" + kStoryMarkup;
  const ExtractedArticle closed = extract_article(html);
  expect_valid_utf8(closed);
  EXPECT_TRUE(has_story(closed));
  for (const std::string& p : closed.paragraphs) EXPECT_EQ(p.find("xxxx"), std::string::npos);

  // Unquoted: the value runs to the '>'.
  html[value_at - 1] = ' ';
  const ExtractedArticle unquoted = extract_article(html);
  expect_valid_utf8(unquoted);
  EXPECT_TRUE(has_story(unquoted));
}

TEST(ArticleHostile, HugeAttributeNameAndTagName) {
  std::string attribute_name = kStoryMarkup + "<div ";
  attribute_name.append(std::size_t{32} << 20, 'n');
  attribute_name += "=1>ignored</div>";
  const ExtractedArticle a = extract_article(attribute_name);
  expect_valid_utf8(a);
  EXPECT_TRUE(has_story(a));

  std::string tag_name = kStoryMarkup + "<";
  tag_name.append(std::size_t{32} << 20, 't');
  const ExtractedArticle b = extract_article(tag_name);
  expect_valid_utf8(b);
  EXPECT_EQ(b.paragraphs, std::vector<std::string>{kStory});
}

// gumbo checks each attribute against every earlier one of the same tag, so
// N distinct attributes cost O(N^2) (200 000 took over two minutes; a 16 MiB
// body holds ~1.8 million). The prepass keeps the first
// detail::kMaxAttributesPerTag of each tag.
TEST(ArticleHostile, TwoHundredThousandDistinctAttributesOnOneTag) {
  // Names the extractor does not read (dropped by the prepass anyway), and a
  // name it reads, which only the cap stops.
  // (" a0 a1 a2 ...", " name=0 name=1 ...").
  for (const std::string prefix : {" a", " name="}) {
    std::string html = kStoryMarkup + "<div";
    for (int i = 0; i < 200000; ++i) html += prefix + std::to_string(i);
    html += "><p>x</p></div>";
    const ExtractedArticle a = extract_article(html);
    EXPECT_TRUE(has_story(a)) << prefix;
  }
}

TEST(ArticleHostile, ManyTagsEachAtTheAttributeCap) {
  // The worst a page can do once the cap holds: every tag at the cap (void
  // tags, which the nesting cap does not drop).
  std::string tag = "<img";
  for (std::size_t i = 0; i < detail::kMaxAttributesPerTag; ++i)
    tag += " name=" + std::to_string(i);
  tag += ">";
  std::string html = kStoryMarkup;
  while (html.size() < (std::size_t{16} << 20)) html += tag;
  const ExtractedArticle a = extract_article(html);
  EXPECT_TRUE(has_story(a));
}

TEST(ArticleHostile, AttributesBeforeTheCapCountAttributesAfterItDoNot) {
  std::string filler;
  // `name`: an attribute the extractor reads (so the prepass keeps it until
  // the cap) that means nothing on an <article>.
  for (int i = 0; i < 1000; ++i) filler += " name=\"v > " + std::to_string(i) + "\"";
  // `hidden` first: kept, so the box is hidden. `hidden` after 1000 others:
  // dropped, so the box shows.
  const std::string hidden_kept =
      kStoryMarkup + "<article hidden" + filler + "><p>" + kStory + " مخفي</p></article>";
  EXPECT_EQ(extract_article(hidden_kept).paragraphs, std::vector<std::string>{kStory});
  const std::string hidden_dropped =
      "<article" + filler + " hidden><p>" + kStory + "</p></article>";
  EXPECT_EQ(extract_article(hidden_dropped).paragraphs, std::vector<std::string>{kStory});
}

}  // namespace
}  // namespace akhbar::parsers
