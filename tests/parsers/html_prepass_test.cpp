// The article prepass (parsers/html_prepass.h): what it removes, and its cap
// on attributes per tag. Expected outputs are written out by hand from the
// HTML tokenizer's rules, not taken from the code under test.
#include "parsers/html_prepass.h"

#include <gtest/gtest.h>

#include <string>

namespace akhbar::parsers::detail {
namespace {

// " a0=1 a1=1 ... a{count-1}=1", as a tag's attribute list.
std::string numbered_attributes(std::size_t from, std::size_t count) {
  std::string out;
  for (std::size_t i = from; i < from + count; ++i) out += " a" + std::to_string(i) + "=1";
  return out;
}

TEST(HtmlPrepass, RemovesScriptsStylesSvgAndCommentsKeepsJsonLd) {
  EXPECT_EQ(strip_html_noise("<p>a</p><script>var x = '<p>';</script><STYLE>p{}</STYLE>"
                             "<svg><text>s</text></svg><!-- c --><p>b</p>"),
            "<p>a</p><p>b</p>");
  const std::string json_ld = R"(<script type="application/ld+json">{"a": "</p>"}</script>)";
  EXPECT_EQ(strip_html_noise(json_ld), json_ld);
}

TEST(HtmlPrepass, TagAtTheAttributeCapIsUnchanged) {
  const std::string html = "<div" + numbered_attributes(0, kMaxAttributesPerTag) + ">text</div>";
  EXPECT_EQ(strip_html_noise(html), html);
}

TEST(HtmlPrepass, AttributesPastTheCapAreDropped) {
  const std::string html =
      "<div" + numbered_attributes(0, kMaxAttributesPerTag + 50) + ">text</div>";
  // The cut starts at the space-separated first extra attribute's name: the
  // white space before it stays, the '>' and all that follows stay.
  const std::string expected =
      "<div" + numbered_attributes(0, kMaxAttributesPerTag) + " >text</div>";
  EXPECT_EQ(strip_html_noise(html), expected);
}

TEST(HtmlPrepass, QuotedValuesWithMarkupCountAsOneAttribute) {
  // Each value holds '>', white space, '=' and the other quote: none of them
  // ends the tag or starts an attribute.
  std::string attributes;
  for (std::size_t i = 0; i < kMaxAttributesPerTag; ++i) {
    attributes += (i % 2 == 0) ? " t" + std::to_string(i) + "=\"a > b='c' d=e\""
                               : " t" + std::to_string(i) + " = 'x > \"y\" <z>'";
  }
  const std::string kept = "<p" + attributes;
  EXPECT_EQ(strip_html_noise(kept + " extra=\"1 > 2\" more>after</p>"), kept + " >after</p>");
}

TEST(HtmlPrepass, QuoteInsideAnAttributeNameDoesNotOpenAValue) {
  // The tokenizer appends a quote met in an attribute name to the name: the
  // '>' right after it ends the tag.
  EXPECT_EQ(strip_html_noise("<p a\"b>x\"</p><script>s</script>"), "<p a\"b>x\"</p>");
}

TEST(HtmlPrepass, UnquotedAndValuelessAttributesAndSlashes) {
  // An unquoted value runs to white space or '>' (quotes and '/' included);
  // a '/' between attributes only separates them.
  std::string attributes;
  for (std::size_t i = 0; i < kMaxAttributesPerTag; ++i) {
    attributes += (i % 3 == 0)   ? " v" + std::to_string(i) + "=a'b\"c/d"
                  : (i % 3 == 1) ? " /b" + std::to_string(i)
                                 : " c" + std::to_string(i);
  }
  const std::string kept = "<span" + attributes;
  // "d e f/" goes: the cut runs from the first extra name to the '>'.
  EXPECT_EQ(strip_html_noise(kept + " d e f/>tail"), kept + " >tail");
}

TEST(HtmlPrepass, UnterminatedTagPastTheCapGainsNoClosingBracket) {
  const std::string head = "<p>story</p><div" + numbered_attributes(0, kMaxAttributesPerTag);
  // The last value's quote never closes: the tag runs to the end, '>' included.
  EXPECT_EQ(strip_html_noise(head + " x=1 y=\"open > still open"), head + " ");
}

TEST(HtmlPrepass, EndTagsAreCappedToo) {
  const std::string html = "<p>x</p" + numbered_attributes(0, kMaxAttributesPerTag + 3) + ">y";
  EXPECT_EQ(strip_html_noise(html),
            "<p>x</p" + numbered_attributes(0, kMaxAttributesPerTag) + " >y");
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
  EXPECT_EQ(out.find(" a256="), std::string::npos);
  EXPECT_NE(out.find(" a255=1"), std::string::npos);
}

}  // namespace
}  // namespace akhbar::parsers::detail
