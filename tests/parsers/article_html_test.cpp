// ExtractOptions::html: the body as sanitised HTML. Expected markup is written
// out by hand from the rules in parsers/article.h; the XSS cases check the
// output against an allow-list scanner of their own, independent of the
// renderer.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "parsers/article.h"
#include "text/utf8.h"

namespace akhbar::parsers {
namespace {

const std::string kP1 =
    "أعلنت هيئة الأرصاد الجوية أن موجة الحر ستستمر حتى نهاية الأسبوع، ونصحت المواطنين بتجنب "
    "التعرض لأشعة الشمس في ساعات الظهيرة.";
const std::string kP2 =
    "وقالت الهيئة في بيان إن درجات الحرارة سترتفع على المناطق الساحلية، مع رطوبة عالية خلال "
    "ساعات الليل والصباح الباكر.";
const std::string kP3 =
    "وأضافت أن الرياح ستكون خفيفة إلى معتدلة، وأن البحر سيكون هادئا إلى متوسط الموج طوال "
    "الأيام المقبلة.";

ExtractedArticle extract_html(const std::string& html, const std::string& url = "") {
  ExtractOptions options;
  options.url = url;
  options.html = true;
  return extract_article(html, options);
}

std::string page(const std::string& body, const std::string& lang = "ar") {
  return "<html lang=\"" + lang + "\"><head><title>t</title></head><body><article>" + body +
         "</article></body></html>";
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const std::size_t semi = s.find(';', i);
    const std::string_view entity = s.substr(i, semi - i + 1);
    out += entity == "&amp;"    ? "&"
           : entity == "&lt;"   ? "<"
           : entity == "&gt;"   ? ">"
           : entity == "&quot;" ? "\""
           : entity == "&#39;"  ? "'"
                                : "?";
    i = semi;
  }
  return out;
}

// Checks the whole output against the allow-list: only the allowed elements,
// only their allowed attributes, values double-quoted without '<', '>' or
// '"', hrefs absolute http(s) without white space. Returns the text of each
// p/h2/h3/h4/li element, unescaped, in order.
::testing::AssertionResult scan_allowed(const std::string& html, std::vector<std::string>* blocks) {
  static const std::vector<std::string> kBlocks = {"p", "h2", "h3", "h4", "li"};
  static const std::vector<std::string> kOthers = {"div", "ul", "ol", "blockquote", "a"};
  std::string current;
  bool in_block = false;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '>' || html[i] == '"') {
      return ::testing::AssertionFailure() << "bare '" << html[i] << "' at " << i << " in " << html;
    }
    if (html[i] != '<') {
      const std::size_t next = html.find('<', i);
      if (in_block) current += html.substr(i, next - i);
      i = next;
      continue;
    }
    const std::size_t close = html.find('>', i);
    if (close == std::string::npos) return ::testing::AssertionFailure() << "open tag";
    std::string tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    const bool end = !tag.empty() && tag[0] == '/';
    if (end) tag.erase(0, 1);
    const std::string name = tag.substr(0, tag.find(' '));
    const bool block = std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
    if (!block && std::find(kOthers.begin(), kOthers.end(), name) == kOthers.end()) {
      return ::testing::AssertionFailure() << "element <" << tag << "> in " << html;
    }
    std::string_view attributes = std::string_view(tag).substr(name.size());
    if (end && !attributes.empty()) return ::testing::AssertionFailure() << "end tag attributes";
    while (!attributes.empty()) {
      // ' NAME="VALUE"'
      const std::size_t eq = attributes.find("=\"");
      const std::size_t quote_end =
          eq == std::string_view::npos ? eq : attributes.find('"', eq + 2);
      if (attributes[0] != ' ' || quote_end == std::string_view::npos) {
        return ::testing::AssertionFailure() << "malformed attributes in <" << tag << ">";
      }
      const std::string_view attr = attributes.substr(1, eq - 1);
      const std::string_view value = attributes.substr(eq + 2, quote_end - eq - 2);
      const bool allowed =
          (name == "a" && attr == "href") || (name == "div" && (attr == "lang" || attr == "dir"));
      if (!allowed) return ::testing::AssertionFailure() << "attribute " << attr << " on " << name;
      if (value.find('<') != std::string_view::npos) return ::testing::AssertionFailure() << "<";
      if (attr == "href") {
        const std::string url = unescape(value);
        if (!(url.starts_with("http://") || url.starts_with("https://")) ||
            url.find_first_of(" \t\n\r\f") != std::string::npos) {
          return ::testing::AssertionFailure() << "href " << url;
        }
      }
      attributes.remove_prefix(quote_end + 1);
    }
    if (block) {
      if (!end) current.clear();
      if (end && blocks != nullptr) blocks->push_back(unescape(current));
      in_block = !end;
    }
  }
  return ::testing::AssertionSuccess();
}

// The output passes the allow-list and its blocks carry exactly the paragraphs.
void expect_safe_and_faithful(const ExtractedArticle& a) {
  std::vector<std::string> blocks;
  ASSERT_TRUE(scan_allowed(a.html, &blocks));
  EXPECT_EQ(blocks, a.paragraphs);
  EXPECT_TRUE(text::is_valid_utf8(a.html));
}

// Two story paragraphs, `inline` markup at the end of the first.
std::string story_with(const std::string& inline_markup) {
  return "<p>" + kP1 + inline_markup + "</p><p>" + kP2 + "</p>";
}

// `body` in an Arabic page, extracted with html, checked by expect_safe_and_faithful.
ExtractedArticle extract_checked(const std::string& body, const std::string& url = "") {
  ExtractedArticle a = extract_html(page(body), url);
  expect_safe_and_faithful(a);
  return a;
}

TEST(ArticleHtml, EmptyUnlessAsked) {
  const std::string html = page("<p>" + kP1 + "</p><p>" + kP2 + "</p>");
  EXPECT_TRUE(extract_article(html).html.empty());
  EXPECT_FALSE(extract_html(html).html.empty());
}

TEST(ArticleHtml, ParagraphsHeadingsListsAndQuotes) {
  const std::string html = page(
      "<h1>العنوان</h1><p>" + kP1 + "</p><h2>أولا</h2><p>" + kP2 + "</p><h3>ثانيا</h3><ul><li>" +
      kP3 + "</li><li>" + kP1 + "</li></ul><h5>ثالثا</h5><ol><li>" + kP2 +
      "</li></ol><blockquote><p>" + kP3 + "</p><p>" + kP1 + "</p></blockquote><p>" + kP2 + "</p>");
  const ExtractedArticle a = extract_html(html);
  const std::string expected =
      "<div lang=\"ar\" dir=\"rtl\">\n<p>" + kP1 + "</p>\n<h2>أولا</h2>\n<p>" + kP2 +
      "</p>\n<h3>ثانيا</h3>\n<ul>\n<li>" + kP3 + "</li>\n<li>" + kP1 +
      "</li>\n</ul>\n<h4>ثالثا</h4>\n<ol>\n<li>" + kP2 + "</li>\n</ol>\n<blockquote>\n<p>" + kP3 +
      "</p>\n<p>" + kP1 + "</p>\n</blockquote>\n<p>" + kP2 + "</p>\n</div>\n";
  EXPECT_EQ(a.html, expected);
  expect_safe_and_faithful(a);
}

TEST(ArticleHtml, ListsInQuotesAndQuotesInLists) {
  const ExtractedArticle a =
      extract_html(page("<p>" + kP1 + "</p><blockquote><ul><li>" + kP2 + "</li><li>" + kP3 +
                        "</li></ul></blockquote><ul><li><blockquote>" + kP1 +
                        "</blockquote></li><li>" + kP2 + "</li></ul>"));
  EXPECT_EQ(a.html, "<div lang=\"ar\" dir=\"rtl\">\n<p>" + kP1 + "</p>\n<blockquote>\n<ul>\n<li>" +
                        kP2 + "</li>\n<li>" + kP3 +
                        "</li>\n</ul>\n</blockquote>\n<blockquote>\n<p>" + kP1 +
                        "</p>\n</blockquote>\n<ul>\n<li>" + kP2 + "</li>\n</ul>\n</div>\n");
  expect_safe_and_faithful(a);
}

TEST(ArticleHtml, LeftToRightLanguage) {
  const std::string en =
      "The weather service said the heat wave would last until the end of the week, and it "
      "advised people to stay out of the midday sun.";
  const ExtractedArticle a = extract_html(page("<p>" + en + "</p><p>" + en + " Again.</p>", "en"));
  EXPECT_EQ(a.html,
            "<div lang=\"en\" dir=\"ltr\">\n<p>" + en + "</p>\n<p>" + en + " Again.</p>\n</div>\n");
}

TEST(ArticleHtml, LinksMadeAbsoluteOthersDropped) {
  const std::string body =
      "<p>" + kP1 +
      " <a href=\"/news/2\">الخبر السابق</a> و<a "
      "href=\"https://example.org/x?a=1&amp;b=2\">مصدر</a> و<a "
      "href=\"javascript:alert(1)\">رابط</a> و<a href=\"mailto:a@b.c\">بريد</a> و<a "
      "href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">بيانات</a> و<a href=\"  "
      "JaVaScRiPt:alert(1)\">آخر</a> و<a href=\"java&#x09;script:alert(1)\">تبويب</a> و<a "
      "href=\"//cdn.example.net/a\">نسبي</a> و<a href=\"#top\">أعلى</a>.</p><p>" +
      kP2 + "</p>";
  const ExtractedArticle a = extract_checked(body, "https://news.example.com/ar/story/1");
  EXPECT_NE(a.html.find("<a href=\"https://news.example.com/news/2\">الخبر السابق</a>"),
            std::string::npos)
      << a.html;
  EXPECT_NE(a.html.find("<a href=\"https://example.org/x?a=1&amp;b=2\">مصدر</a>"),
            std::string::npos);
  EXPECT_NE(a.html.find("<a href=\"https://cdn.example.net/a\">نسبي</a>"), std::string::npos);
  for (const char* text : {"رابط", "بريد", "بيانات", "آخر", "أعلى"}) {
    EXPECT_NE(a.html.find(std::string(" و") + text), std::string::npos) << text;
  }
  EXPECT_EQ(a.html.find("script"), std::string::npos);
  EXPECT_EQ(a.html.find("mailto"), std::string::npos);
  EXPECT_EQ(a.html.find("data:"), std::string::npos);
}

TEST(ArticleHtml, RelativeLinkWithoutABaseIsText) {
  const ExtractedArticle a =
      extract_html(page("<p>" + kP1 + " <a href=\"/x\">رابط</a></p><p>" + kP2 + "</p>"));
  expect_safe_and_faithful(a);
  EXPECT_EQ(a.html.find("<a"), std::string::npos);
  // The canonical URL is the base when the caller gave none.
  const ExtractedArticle b = extract_html(
      "<html><head><link rel=\"canonical\" href=\"https://site.example/a/b\"></head><body>"
      "<article><p>" +
      kP1 + " <a href=\"c\">رابط</a></p><p>" + kP2 + "</p></article></body></html>");
  EXPECT_NE(b.html.find("<a href=\"https://site.example/a/c\">رابط</a>"), std::string::npos)
      << b.html;
}

TEST(ArticleHtml, EventHandlersStylesAndUnknownAttributesGo) {
  const std::string body =
      "<p onclick=\"alert(1)\" style=\"color:red\" class=\"x\" id=\"y\">" + kP1 +
      " <b onmouseover=\"alert(2)\">عريض</b> <img src=x onerror=alert(3)> <span "
      "style=\"background:url(javascript:alert(4))\">نص</span></p><p>" +
      kP2 + " <a href=\"https://ok.example/\" onclick=\"alert(5)\" target=\"_blank\">رابط</a></p>";
  const ExtractedArticle a = extract_checked(body);
  EXPECT_EQ(a.html.find("alert"), std::string::npos);
  EXPECT_NE(a.html.find("عريض نص"), std::string::npos);
  EXPECT_NE(a.html.find("<a href=\"https://ok.example/\">رابط</a>"), std::string::npos);
}

TEST(ArticleHtml, MarkupInTextStaysText) {
  const ExtractedArticle a =
      extract_checked(story_with(" &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"قال\" 'نعم' "
                                 "&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_NE(a.html.find(" &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;قال&quot; "
                        "&#39;نعم&#39; &lt;img src=x onerror=alert(1)&gt;</p>"),
            std::string::npos)
      << a.html;
}

TEST(ArticleHtml, ScriptsSvgTemplatesAndFramesNeverReachTheOutput) {
  const std::string body =
      "<p>" + kP1 +
      "<script>alert(1)</script><svg><script>alert(2)</script><a "
      "xlink:href=\"javascript:alert(3)\">s</a></svg>" +
      "<noscript><img src=x onerror=alert(4)></noscript><template><p>alert(5)</p></template>" +
      "<iframe "
      "srcdoc=\"&lt;script&gt;alert(6)&lt;/script&gt;\"></iframe><math><mi>alert(7)</mi></math>" +
      "<style>p{background:url(javascript:alert(8))}</style></p><p>" + kP2 +
      "<object data=\"javascript:alert(9)\"></object><embed src=\"javascript:alert(10)\"></p>";
  const ExtractedArticle a = extract_checked(body);
  EXPECT_EQ(a.html.find("alert"), std::string::npos) << a.html;
  EXPECT_EQ(a.html.find("svg"), std::string::npos);
}

TEST(ArticleHtml, QuotesInAnHrefCannotBreakOut) {
  const ExtractedArticle a =
      extract_checked(story_with(" <a href='https://x.example/\"onmouseover=\"alert(1)'>رابط</a> "
                                 "<a href=\"https://x.example/a b<c>\">مسافة</a>"));
  EXPECT_EQ(a.html.find("\"onmouseover"), std::string::npos) << a.html;
}

TEST(ArticleHtml, UnsafeLanguageTagIsLeftOut) {
  const ExtractedArticle a =
      extract_html(page("<p>" + kP1 + "</p><p>" + kP2 + "</p>", "ar\" onload=\"alert(1)"));
  expect_safe_and_faithful(a);
  EXPECT_EQ(a.html.find("onload"), std::string::npos);
}

TEST(ArticleHtml, LinkSplitAcrossWhiteSpaceKeepsTheText) {
  // White space at a link's edges goes outside it, collapsed as in the text.
  const std::string body = "<p>" + kP1 + "\n  <a href=\"https://a.example/\">  الرابط\n </a>\n،" +
                           " ثم <a href=\"https://b.example/\">هنا</a><a "
                           "href=\"https://c.example/\">وهنا</a> نهاية.</p><p>" +
                           kP2 + "</p>";
  const ExtractedArticle a = extract_checked(body);
  EXPECT_NE(a.html.find(" <a href=\"https://a.example/\">الرابط</a> ، ثم "
                        "<a href=\"https://b.example/\">هنا</a><a "
                        "href=\"https://c.example/\">وهنا</a> نهاية."),
            std::string::npos)
      << a.html;
}

TEST(ArticleHtml, JsonLdBodyBecomesPlainParagraphs) {
  std::string story;
  for (int i = 0; i < 4; ++i) story += kP1 + "\\n";
  const std::string html =
      "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"articleBody\": \"" +
      story + kP2 +
      " x & y \\\"quoted\\\" 1 &lt; 2\"}</script></head><body><div "
      "id=\"app\"><p>تحميل</p></div></body></html>";
  const ExtractedArticle a = extract_html(html);
  ASSERT_FALSE(a.paragraphs.empty());
  expect_safe_and_faithful(a);
}

TEST(ArticleHtml, ListAroundTheWholeStoryIsNotAList) {
  const std::string html = "<html lang=\"ar\"><body><ul><li><div class=\"article\"><p>" + kP1 +
                           "</p><p>" + kP2 + "</p><p>" + kP3 + "</p></div></li></ul></body></html>";
  const ExtractedArticle a = extract_html(html);
  EXPECT_EQ(a.html, "<div lang=\"ar\" dir=\"rtl\">\n<p>" + kP1 + "</p>\n<p>" + kP2 + "</p>\n<p>" +
                        kP3 + "</p>\n</div>\n");
}

}  // namespace
}  // namespace akhbar::parsers
