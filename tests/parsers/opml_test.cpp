// OPML import and export. Expected values worked out by hand from the
// fixture (tests/fixtures/sources/SOURCES.md).
#include "parsers/opml.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_support.h"

namespace akhbar::parsers {
namespace {

using akhbar::testing::read_fixture;

OpmlImport parse_ok(const std::string& doc, const std::string& base = {}) {
  auto r = parse_opml(doc, base);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
  return r.ok() ? *r : OpmlImport{};
}

TEST(OpmlTest, NestedFoldersDuplicatesAndKinds) {
  const OpmlImport opml = parse_ok(read_fixture("sources/opml_nested.opml"));
  EXPECT_EQ(opml.title, "مصادري الإخبارية");
  EXPECT_EQ(opml.duplicates, 1u);
  EXPECT_EQ(opml.skipped, 1u);  // the ftp: feed
  ASSERT_EQ(opml.sources.size(), 4u);

  EXPECT_EQ(opml.sources[0].name, "أخبار اليوم - آخر الأخبار");  // title over text
  EXPECT_EQ(opml.sources[0].url, "https://www.akhbar-alyawm.example/rss/latest.xml");
  EXPECT_EQ(opml.sources[0].html_url, "https://www.akhbar-alyawm.example/");
  EXPECT_EQ(opml.sources[0].kind, "feed");
  EXPECT_EQ(opml.sources[0].category, "أخبار عربية / مصر");

  EXPECT_EQ(opml.sources[1].name, "الأهرام & الاقتصاد");  // xmlurl in lower case
  EXPECT_EQ(opml.sources[1].url, "https://ahram.example/rss/economy.xml");
  EXPECT_EQ(opml.sources[1].category, "أخبار عربية / مصر");

  EXPECT_EQ(opml.sources[2].name, "Top-level feed");
  EXPECT_EQ(opml.sources[2].category, "World / Europe");  // category="/World/Europe"

  EXPECT_EQ(opml.sources[3].name, "قائمة الأخبار");
  EXPECT_EQ(opml.sources[3].url, "https://www.akhbar-alyawm.example/news");
  EXPECT_EQ(opml.sources[3].kind, "listing");
  EXPECT_EQ(opml.sources[3].category, "");
}

TEST(OpmlTest, Opml10AndRelativeUrls) {
  const std::string doc =
      "<opml version=\"1.0\"><head><title>t</title></head><body>"
      "<outline text=\"a\" xmlUrl=\"/rss.xml\"/>"
      "<outline text=\"b\" xmlUrl=\"  https://b.example/feed  \"/></body></opml>";
  const OpmlImport with_base = parse_ok(doc, "https://a.example/list.opml");
  ASSERT_EQ(with_base.sources.size(), 2u);
  EXPECT_EQ(with_base.sources[0].url, "https://a.example/rss.xml");
  EXPECT_EQ(with_base.sources[1].url, "https://b.example/feed");
  const OpmlImport without = parse_ok(doc);
  ASSERT_EQ(without.sources.size(), 1u);
  EXPECT_EQ(without.skipped, 1u);
}

TEST(OpmlTest, LinksToOtherOpmlFilesAreNotSources) {
  // Judged on the resolved URL (what export writes back), so a control
  // character or a query after ".opml" does not make it a page to poll.
  const std::string doc =
      "<opml><body><outline type=\"link\" text=\"a\" url=\"https://l.example/more.opml\x18\"/>"
      "<outline type=\"link\" text=\"b\" url=\"/lists/Other.OPML?x=1\"/>"
      "<outline type=\"link\" text=\"c\" url=\"https://l.example/page\"/></body></opml>";
  const OpmlImport opml = parse_ok(doc, "https://l.example/list.opml");
  ASSERT_EQ(opml.sources.size(), 1u);
  EXPECT_EQ(opml.sources[0].url, "https://l.example/page");
  const OpmlImport again = parse_ok(write_opml(opml.sources));
  EXPECT_EQ(again.sources.size(), 1u);
}

TEST(OpmlTest, MalformedInputIsAnError) {
  EXPECT_FALSE(parse_opml("").ok());
  EXPECT_FALSE(parse_opml("not xml at all").ok());
  EXPECT_FALSE(parse_opml("<opml><body><outline xmlUrl=\"https://a.example/f\">").ok());
  EXPECT_FALSE(parse_opml("<rss version=\"2.0\"><channel/></rss>").ok());
  EXPECT_FALSE(parse_opml("<opml version=\"2.0\"><head/></opml>").ok());
  const auto r = parse_opml("<opml><body><outline text=\"a\" <x/></body></opml>");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("offset"), std::string::npos) << r.error();
}

TEST(OpmlTest, DeepNestingIsWalkedWithoutRecursion) {
  std::string doc = "<opml><body>";
  for (int i = 0; i < 20000; ++i) doc += "<outline text=\"f\">";
  doc += "<outline text=\"x\" xmlUrl=\"https://a.example/feed\"/>";
  for (int i = 0; i < 20000; ++i) doc += "</outline>";
  doc += "</body></opml>";
  const OpmlImport opml = parse_ok(doc);
  ASSERT_EQ(opml.sources.size(), 1u);
}

TEST(OpmlTest, ExportIsValidEscapedAndRoundTrips) {
  const std::vector<OpmlSource> sources = {
      {"أخبار \"اليوم\" & <الغد>", "https://www.akhbar-alyawm.example/rss?a=1&b=2",
       "https://www.akhbar-alyawm.example/", "feed", "عربي / مصر"},
      {"Sitemap", "https://www.akhbar-alyawm.example/news-sitemap.xml", "", "sitemap",
       "عربي / مصر"},
      {"Front page", "https://world.example/", "", "listing", "World"},
      {"No category", "https://plain.example/feed", "", "feed", ""},
      {"ctl\x01 char", "https://ctl.example/feed", "", "feed", "عربي"},
  };
  OpmlWriteOptions o;
  o.title = "My <sources>";
  o.date_created = "Sun, 22 Nov 2026 13:00:00 GMT";
  const std::string doc = write_opml(sources, o);
  EXPECT_TRUE(doc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")) << doc;
  EXPECT_NE(doc.find("<opml version=\"2.0\""), std::string::npos);
  EXPECT_NE(doc.find("&amp;b=2"), std::string::npos);
  EXPECT_NE(doc.find("&quot;اليوم&quot; &amp; &lt;الغد"), std::string::npos);
  EXPECT_NE(doc.find("<dateCreated>Sun, 22 Nov 2026 13:00:00 GMT</dateCreated>"),
            std::string::npos);
  EXPECT_EQ(doc.find('\x01'), std::string::npos);

  const OpmlImport back = parse_ok(doc);
  EXPECT_EQ(back.title, "My <sources>");
  ASSERT_EQ(back.sources.size(), sources.size());
  // Export groups by category (first-seen order): عربي / مصر, عربي, World, then
  // the uncategorised one at the end of <body>.
  std::vector<std::string> urls;
  for (const OpmlSource& s : back.sources) urls.push_back(s.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://www.akhbar-alyawm.example/rss?a=1&b=2",
                                            "https://www.akhbar-alyawm.example/news-sitemap.xml",
                                            "https://ctl.example/feed", "https://world.example/",
                                            "https://plain.example/feed"}));
  for (const OpmlSource& want : sources) {
    const auto it = std::find_if(back.sources.begin(), back.sources.end(),
                                 [&](const OpmlSource& s) { return s.url == want.url; });
    ASSERT_NE(it, back.sources.end()) << want.url;
    EXPECT_EQ(it->kind, want.kind);
    EXPECT_EQ(it->category, want.category);
    EXPECT_EQ(it->html_url, want.html_url);
    if (want.url != "https://ctl.example/feed") {
      EXPECT_EQ(it->name, want.name);
    }
  }
  EXPECT_EQ(back.sources[2].name, "ctl char");  // the control character dropped
}

}  // namespace
}  // namespace akhbar::parsers
