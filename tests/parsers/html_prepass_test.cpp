// The article prepass (parsers/html_prepass.h): what it removes, and its cap
// on attributes per tag. Expected outputs are written out by hand from the
// HTML tokenizer's rules, not taken from the code under test.
#include "parsers/html_prepass.h"

#include <gtest/gtest.h>

#include <string>

namespace akhbar::parsers::detail {
namespace {

// " name="n0" name="n1" ...": `count` attributes the extractor reads (a
// name repeated: gumbo keeps the first, but checks every one).
std::string numbered_attributes(std::size_t from, std::size_t count) {
  std::string out;
  for (std::size_t i = from; i < from + count; ++i) out += " name=\"n" + std::to_string(i) + "\"";
  return out;
}

TEST(HtmlPrepass, RemovesScriptsStylesSvgAndCommentsKeepsJsonLd) {
  EXPECT_EQ(strip_html_noise("<p>a</p><script>var x = '<p>';</script><STYLE>p{}</STYLE>"
                             "<svg><text>s</text></svg><!-- c --><p>b</p>"),
            "<p>a</p><p>b</p>");
  const std::string json_ld = R"(<script type="application/ld+json">{"a": "</p>"}</script>)";
  EXPECT_EQ(strip_html_noise(json_ld), json_ld);
}

TEST(HtmlPrepass, KeepsEveryAttributeTheExtractorReads) {
  const std::string html =
      "<x class=1 id=1 itemprop=1 role=1 style=1 hidden aria-hidden=1 href=1 rel=1 content=1 "
      "datetime=1 property=1 name=1 type=1 lang=1 CLASS=2 Href=2>t</x>";
  EXPECT_EQ(strip_html_noise(html), html);
}

TEST(HtmlPrepass, DropsTheAttributesTheExtractorDoesNotRead) {
  // Each dropped attribute goes with the white space after it.
  EXPECT_EQ(strip_html_noise("<div class=\"a\" data-x='1 > 2' ID=main src=x.jpg "
                             "style=\"display:none\" onclick=\"f('>')\" hidden>t</div>"),
            "<div class=\"a\" ID=main style=\"display:none\" hidden>t</div>");
  // No white space after a quoted value: the next name follows the quote.
  EXPECT_EQ(strip_html_noise("<a href=\"x\"data-y=\"z\"rel=r>t</a>"), "<a href=\"x\"rel=r>t</a>");
  // The tokenizer's tag name runs to white space: ".el" is no attribute.
  EXPECT_EQ(strip_html_noise("<my.el data-x=1 class=c>t</my.el>"), "<my.el class=c>t</my.el>");
  // alt and title stay (the link harvesters read them), even with a '>' inside.
  EXPECT_EQ(strip_html_noise("<img src=\"a.jpg\" alt=\"b > c\" width=3>d"),
            "<img alt=\"b > c\" >d");
}

TEST(HtmlPrepass, EndTagsLoseTheirAttributes) {
  EXPECT_EQ(strip_html_noise("<p>x</p class=\"a\" id=b>y"), "<p>x</p >y");
  EXPECT_EQ(strip_html_noise("<p>x</p" + numbered_attributes(0, 300) + ">y"), "<p>x</p >y");
}

TEST(HtmlPrepass, WhiteSpaceRunsInTextKeepTheirFirstCharacter) {
  EXPECT_EQ(strip_html_noise("<div>\n    <p>a \n\t  b</p>\n\n  <p>c\r\n</p>  </div>"),
            "<div>\n<p>a b</p>\n<p>c\r</p> </div>");
  // Raw text is left as written: JSON-LD strings, <title>, <textarea>.
  const std::string raw =
      "<script type=\"application/ld+json\">{\"a\": \"x   y\"}</script>"
      "<title>a    b</title><textarea>c\n\n  d</textarea>";
  EXPECT_EQ(strip_html_noise(raw), raw);
  // Inside a tag, white space separates attributes; runs there stay.
  EXPECT_EQ(strip_html_noise("<p   class=\"a    b\"   id=c>x</p>"),
            "<p   class=\"a    b\"   id=c>x</p>");
}

TEST(HtmlPrepass, LinkTargetsCutOnlyWhenNotNeeded) {
  const std::string target = "https://example.com/news/2026/11/22/a-long-story-slug";
  const std::string html = "<a class=x href=\"" + target + "\">t</a><link rel=canonical href=\"" +
                           target + "\"><A HREF='  " + target + "'>u</A><a href=" + target +
                           ">v</a><area href=\"" + target + "\">";
  EXPECT_EQ(strip_html_noise(html), html);  // by default: whole
  // Cut: <a> only, 32 characters after leading white space, quotes kept.
  const std::string cut = target.substr(0, kKeptHrefChars);
  EXPECT_EQ(strip_html_noise(html, {.full_link_targets = false}),
            "<a class=x href=\"" + cut + "\">t</a><link rel=canonical href=\"" + target +
                "\"><A HREF='  " + cut + "'>u</A><a href=" + cut + ">v</a><area href=\"" + target +
                "\">");
  // Short targets are left alone.
  EXPECT_EQ(strip_html_noise("<a href=\"/x\">t</a>", {.full_link_targets = false}),
            "<a href=\"/x\">t</a>");
}

TEST(HtmlPrepass, TagAtTheAttributeCapIsUnchanged) {
  const std::string html = "<div" + numbered_attributes(0, kMaxAttributesPerTag) + ">text</div>";
  EXPECT_EQ(strip_html_noise(html), html);
}

TEST(HtmlPrepass, AttributesPastTheCapAreDropped) {
  const std::string html =
      "<div" + numbered_attributes(0, kMaxAttributesPerTag + 50) + ">text</div>";
  // The cut starts at the first extra attribute's name: the white space
  // before it stays, the '>' and all that follows stay.
  const std::string expected =
      "<div" + numbered_attributes(0, kMaxAttributesPerTag) + " >text</div>";
  EXPECT_EQ(strip_html_noise(html), expected);
}

TEST(HtmlPrepass, QuotedValuesWithMarkupCountAsOneAttribute) {
  // Each value holds '>', white space, '=' and the other quote: none of them
  // ends the tag or starts an attribute.
  std::string attributes;
  for (std::size_t i = 0; i < kMaxAttributesPerTag; ++i) {
    attributes += (i % 2 == 0) ? " name=\"a > b='c' d=e " + std::to_string(i) + "\""
                               : " content = 'x > \"y\" <z> " + std::to_string(i) + "'";
  }
  const std::string kept = "<p" + attributes;
  EXPECT_EQ(strip_html_noise(kept + " name=\"1 > 2\" id>after</p>"), kept + " >after</p>");
}

TEST(HtmlPrepass, QuoteInsideAnAttributeNameDoesNotOpenAValue) {
  // The tokenizer appends a quote met in an attribute name to the name: the
  // '>' right after it ends the tag (and the unread attribute goes).
  EXPECT_EQ(strip_html_noise("<p a\"b>x\"</p><script>s</script>"), "<p >x\"</p>");
}

TEST(HtmlPrepass, UnquotedAndValuelessAttributesAndSlashes) {
  // An unquoted value runs to white space or '>' (quotes and '/' included);
  // a '/' between attributes only separates them.
  std::string attributes;
  for (std::size_t i = 0; i < kMaxAttributesPerTag; ++i) {
    attributes += (i % 3 == 0)   ? " class=a'b\"c/d" + std::to_string(i)
                  : (i % 3 == 1) ? " /hidden"
                                 : " id";
  }
  const std::string kept = "<span" + attributes;
  // "id id id" past the cap goes; the '/' after it stays.
  EXPECT_EQ(strip_html_noise(kept + " id id id/>tail"), kept + " />tail");
}

TEST(HtmlPrepass, UnterminatedTagPastTheCapGainsNoClosingBracket) {
  const std::string head = "<p>story</p><div" + numbered_attributes(0, kMaxAttributesPerTag);
  // The last value's quote never closes: the tag runs to the end, '>' included.
  EXPECT_EQ(strip_html_noise(head + " name=1 id=\"open > still open"), head + " ");
}

TEST(HtmlPrepass, RemovedElementWithManyAttributesGoesWhole) {
  const std::string html =
      "<p>a</p><script" + numbered_attributes(0, kMaxAttributesPerTag + 10) + ">x</script><p>b</p>";
  EXPECT_EQ(strip_html_noise(html), "<p>a</p><p>b</p>");
}

TEST(HtmlPrepass, TextAfterACappedTagIsIntact) {
  const std::string text = "نص المقال كما هو > مع علامات < و \"اقتباس\" 'مفرد'";
  const std::string html = "<div" + numbered_attributes(0, 1000) + ">" + text + "</div>";
  const std::string out = strip_html_noise(html);
  EXPECT_EQ(out.substr(out.size() - text.size() - 6), text + "</div>");
  EXPECT_EQ(out.find("\"n256\""), std::string::npos);
  EXPECT_NE(out.find(" name=\"n255\""), std::string::npos);
}

}  // namespace
}  // namespace akhbar::parsers::detail
