// Sitemap reader tests. Expected values were worked out by hand from the
// fixture text (times converted to UTC by hand), not copied from output.
#include "parsers/sitemap.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "parsers/gzip_body.h"
#include "tests/gzip_support.h"
#include "tests/test_support.h"

namespace akhbar::parsers {
namespace {

using akhbar::testing::read_fixture;
constexpr auto gzip = akhbar::testing::gzip_member;

constexpr const char* kBase = "https://www.akhbar-alyawm.example/sitemaps/news.xml";

Sitemap parse_ok(std::string_view body, const SitemapOptions& options) {
  Result<Sitemap> r = parse_sitemap(body, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
  return r.ok() ? std::move(r).value() : Sitemap{};
}

SitemapOptions with_base(const std::string& base) {
  SitemapOptions o;
  o.base_url = base;
  return o;
}

std::vector<std::string> urls_of(const Sitemap& s) {
  std::vector<std::string> out;
  for (const SitemapUrl& u : s.urls) out.push_back(u.url);
  return out;
}

TEST(SitemapTest, GoogleNewsSitemapWithExtensions) {
  const Sitemap s = parse_ok(read_fixture("sources/news_sitemap_ar.xml"), with_base(kBase));
  EXPECT_EQ(s.kind, SitemapKind::kUrlset);
  EXPECT_FALSE(s.malformed);
  EXPECT_FALSE(s.truncated);
  EXPECT_FALSE(s.was_gzip);
  // The duplicate is dropped silently, the ftp: loc counts as skipped, and
  // image:loc / xhtml:link never become page URLs.
  ASSERT_EQ(s.urls.size(), 3u);
  EXPECT_EQ(s.skipped, 1u);

  const SitemapUrl& a = s.urls[0];
  EXPECT_EQ(a.url, "https://www.akhbar-alyawm.example/news/politics/2026/11/21/1234567");
  EXPECT_EQ(a.lastmod, "2026-11-21T07:15:00Z");  // 10:15 +03:00
  ASSERT_TRUE(a.has_news);
  EXPECT_EQ(a.news.publication_name, "أخبار اليوم");
  EXPECT_EQ(a.news.language, "ar");
  EXPECT_EQ(a.news.publication_date, "2026-11-21T06:45:00Z");  // 09:45 +03:00
  EXPECT_EQ(a.news.title, "وزير الخارجية يبحث مع نظيره الأردني تطورات الأوضاع في المنطقة");
  // Split at the Arabic comma and ',', trimmed, the repeated keyword once.
  EXPECT_EQ(a.news.keywords, (std::vector<std::string>{"الخارجية", "الأردن", "دبلوماسية"}));

  const SitemapUrl& b = s.urls[1];
  // Relative loc, after an image:image that holds its own loc.
  EXPECT_EQ(b.url, "https://www.akhbar-alyawm.example/news/economy/2026/11/21/1234570");
  EXPECT_EQ(b.lastmod, "2026-11-21T00:00:00Z");  // a W3C date without time
  ASSERT_TRUE(b.has_news);
  EXPECT_EQ(b.news.title, "أسعار النفط & الذهب ترتفع");  // CDATA
  EXPECT_TRUE(b.news.keywords.empty());

  const SitemapUrl& c = s.urls[2];
  EXPECT_EQ(c.url, "https://www.akhbar-alyawm.example/sport/2026/11/20/1234501?ref=sitemap");
  EXPECT_EQ(c.lastmod, "");  // "not a date"
  EXPECT_FALSE(c.has_news);
}

TEST(SitemapTest, SitemapIndexReturnsChildSitemaps) {
  const Sitemap s = parse_ok(read_fixture("sources/sitemap_index.xml"),
                             with_base("https://www.akhbar-alyawm.example/sitemap_index.xml"));
  EXPECT_EQ(s.kind, SitemapKind::kIndex);
  EXPECT_TRUE(s.urls.empty());
  ASSERT_EQ(s.sitemaps.size(), 2u);
  EXPECT_EQ(s.sitemaps[0].url, "https://www.akhbar-alyawm.example/sitemaps/news.xml");
  EXPECT_EQ(s.sitemaps[0].lastmod, "2026-11-21T10:20:00Z");
  EXPECT_EQ(s.sitemaps[1].url, "https://www.akhbar-alyawm.example/sitemaps/2026-11.xml.gz");
  EXPECT_EQ(s.sitemaps[1].lastmod, "");
}

TEST(SitemapTest, PrefixedSitemapElements) {
  const std::string xml =
      "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sm:url><sm:loc>https://a.example/x/1</sm:loc></sm:url></sm:urlset>";
  EXPECT_EQ(urls_of(parse_ok(xml, {})), (std::vector<std::string>{"https://a.example/x/1"}));
}

TEST(SitemapTest, GzipBodyIsInflated) {
  const std::string xml = read_fixture("sources/news_sitemap_ar.xml");
  const Sitemap s = parse_ok(gzip(xml), with_base(kBase));
  EXPECT_TRUE(s.was_gzip);
  EXPECT_EQ(s.urls.size(), 3u);
}

TEST(SitemapTest, ConcatenatedGzipMembersAreJoined) {
  const std::string body = gzip("https://a.example/news/1\n") + gzip("https://a.example/news/2\n");
  const Sitemap s = parse_ok(body, {});
  EXPECT_EQ(urls_of(s),
            (std::vector<std::string>{"https://a.example/news/1", "https://a.example/news/2"}));
}

TEST(SitemapTest, TruncatedGzipIsAnError) {
  const std::string body = gzip(read_fixture("sources/news_sitemap_ar.xml"));
  const Result<Sitemap> r = parse_sitemap(body.substr(0, body.size() / 2), with_base(kBase));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("truncated"), std::string::npos) << r.error();
}

TEST(SitemapTest, CorruptGzipIsAnError) {
  std::string body = gzip(read_fixture("sources/news_sitemap_ar.xml"));
  // Header intact; the first deflate block header becomes the reserved block type 3.
  body[10] = static_cast<char>(0x07);
  const Result<Sitemap> r = parse_sitemap(body, with_base(kBase));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("corrupt gzip"), std::string::npos) << r.error();
}

TEST(SitemapTest, DecompressionBombIsAnError) {
  // 8 MiB of one byte compresses to a few KiB; a 1 MiB cap must refuse it.
  const std::string bomb = gzip(std::string(8u << 20, 'a'));
  ASSERT_LT(bomb.size(), 64u * 1024);
  SitemapOptions o;
  o.max_bytes = 1u << 20;
  const Result<Sitemap> r = parse_sitemap(bomb, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("cap"), std::string::npos) << r.error();
}

TEST(SitemapTest, UncompressedBodyOverTheByteLimitIsAnError) {
  SitemapOptions o;
  o.max_bytes = 100;
  EXPECT_FALSE(parse_sitemap(std::string(101, ' ') + "<urlset/>", o).ok());
}

TEST(SitemapTest, EntryCapTruncates) {
  std::string xml = "<urlset>";
  for (int i = 0; i < 10; ++i) {
    xml += "<url><loc>https://a.example/n/" + std::to_string(i) + "</loc></url>";
  }
  xml += "</urlset>";
  SitemapOptions o;
  o.max_entries = 4;
  const Sitemap s = parse_ok(xml, o);
  EXPECT_TRUE(s.truncated);
  ASSERT_EQ(s.urls.size(), 4u);
  EXPECT_EQ(s.urls[3].url, "https://a.example/n/3");
}

TEST(SitemapTest, DefaultCapsAreTheProtocolLimits) {
  const SitemapOptions o;
  EXPECT_EQ(o.max_entries, 50000u);
  EXPECT_EQ(o.max_bytes, 52428800u);
}

TEST(SitemapTest, MalformedXmlIsReadLeniently) {
  // A stray '&' breaks the strict parse; the document is also truncated.
  const std::string xml =
      "<?xml version=\"1.0\"?><urlset><url><loc>https://a.example/news/1?a=1&b=2</loc></url>"
      "<url><loc>https://a.example/news/2</loc>";
  const Sitemap s = parse_ok(xml, {});
  EXPECT_TRUE(s.malformed);
  EXPECT_FALSE(s.malformed_reason.empty());
  EXPECT_EQ(urls_of(s), (std::vector<std::string>{"https://a.example/news/1?a=1&b=2",
                                                  "https://a.example/news/2"}));
}

TEST(SitemapTest, PlainTextSitemap) {
  const std::string text =
      "\xEF\xBB\xBFhttps://a.example/news/1\r\n"
      "\n"
      "   https://a.example/news/2  \n"
      "mailto:editor@a.example\n"
      "https://a.example/news/1\n"
      "/news/3";
  const Sitemap s = parse_ok(text, with_base("https://a.example/sitemap.txt"));
  EXPECT_EQ(s.kind, SitemapKind::kText);
  EXPECT_EQ(urls_of(s),
            (std::vector<std::string>{"https://a.example/news/1", "https://a.example/news/2",
                                      "https://a.example/news/3"}));
  EXPECT_EQ(s.skipped, 1u);  // the mailto: line
}

TEST(SitemapTest, NotASitemap) {
  EXPECT_FALSE(parse_sitemap("", {}).ok());
  EXPECT_FALSE(parse_sitemap("   \n ", {}).ok());
  EXPECT_FALSE(parse_sitemap("<rss version=\"2.0\"><channel/></rss>", {}).ok());
  EXPECT_FALSE(parse_sitemap("<html><body>hi</body></html>", {}).ok());
  EXPECT_FALSE(parse_sitemap("just some words\nand more", {}).ok());
  EXPECT_FALSE(parse_sitemap("<!-- only a comment -->", {}).ok());
  EXPECT_FALSE(parse_sitemap(std::string("\x1f\x8b", 2), {}).ok());
}

TEST(SitemapTest, NulAndInvalidUtf8DoNotBreakParsing) {
  const std::string xml = "<urlset><url><loc>https://a.example/n/1</loc></url>" +
                          std::string(1, '\0') + "\xff" +
                          "<url><loc>https://a.example/n/2</loc></url></urlset>";
  const Sitemap s = parse_ok(xml, {});
  EXPECT_EQ(s.urls.size(), 2u);
}

TEST(GunzipTest, PrefixOnlyStopsAtTheCap) {
  GunzipOptions o;
  o.max_output = 10;
  o.prefix_only = true;
  const Result<std::string> r = gunzip_body(gzip(std::string(1000, 'x')), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, std::string(10, 'x'));
  EXPECT_FALSE(gunzip_body("plain", {}).ok());
  EXPECT_TRUE(is_gzip(std::string("\x1f\x8b\x08", 3)));
  EXPECT_FALSE(is_gzip("\x1f"));
}

TEST(RobotsTxtTest, SitemapLines) {
  const std::string robots =
      "User-agent: *\n"
      "Disallow: /admin/ # private\n"
      "Sitemap: https://www.akhbar-alyawm.example/sitemap_index.xml\r\n"
      "sitemap:/news-sitemap.xml   # relative, lower case\n"
      "SITEMAP : https://www.akhbar-alyawm.example/sitemap_index.xml\n"
      "Sitemap:\n"
      "# Sitemap: https://www.akhbar-alyawm.example/commented.xml\n"
      "Sitemap: javascript:alert(1)\n"
      "Sitemaps: https://www.akhbar-alyawm.example/not-the-field.xml\n";
  EXPECT_EQ(robots_txt_sitemaps(robots, "https://www.akhbar-alyawm.example/robots.txt"),
            (std::vector<std::string>{"https://www.akhbar-alyawm.example/sitemap_index.xml",
                                      "https://www.akhbar-alyawm.example/news-sitemap.xml"}));
  EXPECT_TRUE(robots_txt_sitemaps("", "https://a.example/robots.txt").empty());
}

TEST(SitemapWalkTest, RecursesWithCapsAndWithoutLoops) {
  const std::map<std::string, std::string> site = {
      {"https://a.example/index.xml",
       "<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap><sitemap><loc>/idx2.xml</loc>"
       "</sitemap><sitemap><loc>/missing.xml</loc></sitemap></sitemapindex>"},
      {"https://a.example/s1.xml",
       "<urlset><url><loc>/n/1</loc></url><url><loc>/n/2</loc></url></urlset>"},
      // Names the root again (a loop) and a deeper index.
      {"https://a.example/idx2.xml",
       "<sitemapindex><sitemap><loc>/index.xml</loc></sitemap><sitemap><loc>/s2.xml</loc>"
       "</sitemap><sitemap><loc>/idx3.xml</loc></sitemap></sitemapindex>"},
      {"https://a.example/s2.xml",
       "<urlset><url><loc>/n/2</loc></url><url><loc>/n/3</loc></url></urlset>"},
      {"https://a.example/idx3.xml",
       "<sitemapindex><sitemap><loc>/s4.xml</loc></sitemap>"
       "</sitemapindex>"},
      {"https://a.example/s4.xml", "<urlset><url><loc>/n/4</loc></url></urlset>"},
  };
  std::vector<std::string> fetched;
  const SitemapFetch fetch = [&](const std::string& url) -> Result<std::string> {
    fetched.push_back(url);
    const auto it = site.find(url);
    if (it == site.end()) return make_error("HTTP 404");
    return it->second;
  };
  SitemapWalkLimits limits;
  limits.max_depth = 2;  // root (0), s1/idx2/missing (1), s2/idx3 (2); s4 would be 3
  const SitemapWalk walk = walk_sitemaps("https://a.example/index.xml", fetch, limits);
  EXPECT_EQ(fetched,
            (std::vector<std::string>{"https://a.example/index.xml", "https://a.example/s1.xml",
                                      "https://a.example/idx2.xml", "https://a.example/missing.xml",
                                      "https://a.example/s2.xml", "https://a.example/idx3.xml"}));
  std::vector<std::string> urls;
  for (const SitemapUrl& u : walk.urls) urls.push_back(u.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://a.example/n/1", "https://a.example/n/2",
                                            "https://a.example/n/3"}));
  EXPECT_TRUE(walk.capped);
  ASSERT_EQ(walk.errors.size(), 1u);
  EXPECT_EQ(walk.errors[0], "https://a.example/missing.xml: HTTP 404");

  limits.max_sitemaps = 2;
  fetched.clear();
  const SitemapWalk small = walk_sitemaps("https://a.example/index.xml", fetch, limits);
  EXPECT_EQ(small.sitemaps_read, 2u);
  EXPECT_EQ(small.urls.size(), 2u);
  EXPECT_TRUE(small.capped);
}

}  // namespace
}  // namespace akhbar::parsers
