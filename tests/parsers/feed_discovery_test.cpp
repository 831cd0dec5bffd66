// Feed discovery and source-kind detection. Expected values worked out by
// hand from the markup.
#include "parsers/feed_discovery.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/gzip_support.h"
#include "tests/test_support.h"

namespace akhbar::parsers {
namespace {

using akhbar::testing::read_fixture;
constexpr auto gzip = akhbar::testing::gzip_member;

std::vector<std::string> urls_of(const std::vector<DiscoveredFeed>& feeds) {
  std::vector<std::string> out;
  for (const DiscoveredFeed& f : feeds) out.push_back(f.url);
  return out;
}

TEST(FeedDiscoveryTest, LinkTagsRankedCommentsLast) {
  const auto feeds = discover_feeds(read_fixture("sources/listing_front_ar.html"),
                                    "https://www.akhbar-alyawm.example/");
  EXPECT_EQ(urls_of(feeds),
            (std::vector<std::string>{"https://www.akhbar-alyawm.example/rss/latest.xml",
                                      "https://www.akhbar-alyawm.example/feed/atom/",
                                      "https://www.akhbar-alyawm.example/comments/feed/"}));
  ASSERT_EQ(feeds.size(), 3u);
  EXPECT_EQ(feeds[0].title, "أخبار اليوم - آخر الأخبار");
  EXPECT_EQ(feeds[0].type, "application/rss+xml");
  EXPECT_TRUE(feeds[0].from_link_tag);
  EXPECT_EQ(feeds[1].type, "application/atom+xml");
  EXPECT_LT(feeds[2].score, feeds[1].score);
}

TEST(FeedDiscoveryTest, AnchorsAndBaseHref) {
  const std::string html =
      "<html><head><base href=\"https://site.example/ar/\">"
      "<link rel=\"Alternate Feed\" type=\"Application/Feed+JSON; charset=utf-8\" "
      "href=\"feed.json\">"
      "<link rel=\"alternate\" type=\"application/json\" href=\"/wp-json/wp/v2/posts/1\">"
      "<link rel=\"alternate\" type=\"text/xml\" href=\"/rss/news\">"
      "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"/not-alternate.xml\">"
      "</head><body>"
      "<a href=\"rss.xml\">RSS</a>"
      "<a href=\"/feedback\">راسلنا</a>"
      "<a href=\"https://feeds.feedburner.com/SiteExample\">Feedburner</a>"
      "<a href=\"https://elsewhere.example/feed\">feed of another site</a>"
      "<a href=\"/ar/feed.json#x\">JSON again</a>"
      "<a href=\"/news/2026/11/21/123456\">خبر</a>"
      "</body></html>";
  const auto feeds = discover_feeds(html, "https://site.example/ar/index.html");
  EXPECT_EQ(
      urls_of(feeds),
      (std::vector<std::string>{"https://site.example/ar/feed.json",  // link tag, 95
                                "https://site.example/rss/news",    // text/xml with a feed path, 60
                                "https://site.example/ar/rss.xml",  // anchors, 50, in page order
                                "https://feeds.feedburner.com/SiteExample"}));
  ASSERT_EQ(feeds.size(), 4u);
  EXPECT_EQ(feeds[0].type, "application/feed+json");
  EXPECT_FALSE(feeds[2].from_link_tag);
  EXPECT_EQ(feeds[2].title, "RSS");
}

TEST(FeedDiscoveryTest, NothingToFind) {
  EXPECT_TRUE(discover_feeds("", "https://a.example/").empty());
  EXPECT_TRUE(discover_feeds("<a href=\"/rss\">x</a>", "not a url").empty());
  EXPECT_TRUE(
      discover_feeds("<link rel=alternate type=application/rss+xml href=''>", "https://a.example/")
          .empty());
}

TEST(FeedDiscoveryTest, ConventionalUrls) {
  EXPECT_EQ(
      conventional_source_urls("https://www.akhbar.example:8443/news/x.html?a=1"),
      (std::vector<std::string>{
          "https://www.akhbar.example:8443/feed", "https://www.akhbar.example:8443/rss",
          "https://www.akhbar.example:8443/rss.xml", "https://www.akhbar.example:8443/feed.xml",
          "https://www.akhbar.example:8443/atom.xml", "https://www.akhbar.example:8443/sitemap.xml",
          "https://www.akhbar.example:8443/news-sitemap.xml",
          "https://www.akhbar.example:8443/sitemap_index.xml"}));
  EXPECT_TRUE(conventional_source_urls("mailto:a@b.example").empty());
}

TEST(SourceKindTest, FromTheBody) {
  EXPECT_EQ(detect_source_kind("<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">", ""),
            SourceKind::kFeed);
  EXPECT_EQ(detect_source_kind("\xEF\xBB\xBF<rdf:RDF xmlns:rdf=\"x\">", "text/html"),
            SourceKind::kFeed);
  EXPECT_EQ(detect_source_kind("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "text/plain"),
            SourceKind::kFeed);
  EXPECT_EQ(detect_source_kind("{\"version\": \"https://jsonfeed.org/version/1.1\"}", ""),
            SourceKind::kFeed);
  EXPECT_EQ(detect_source_kind("{\"posts\": []}", "application/json"), SourceKind::kUnknown);
  EXPECT_EQ(detect_source_kind("<?xml version=\"1.0\"?><?xml-stylesheet href=\"s.xsl\"?>"
                               "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
                               "text/xml"),
            SourceKind::kSitemap);
  EXPECT_EQ(detect_source_kind("<sitemapindex>", ""), SourceKind::kSitemap);
  EXPECT_EQ(detect_source_kind("https://a.example/1\nhttps://a.example/2\n", "text/plain"),
            SourceKind::kSitemap);
  EXPECT_EQ(
      detect_source_kind(gzip(read_fixture("sources/news_sitemap_ar.xml")), "application/x-gzip"),
      SourceKind::kSitemap);
  EXPECT_EQ(detect_source_kind("<!DOCTYPE html><html><head>", "application/rss+xml"),
            SourceKind::kHtml);
  EXPECT_EQ(detect_source_kind("\n\n<html lang=\"ar\">", ""), SourceKind::kHtml);
  EXPECT_EQ(detect_source_kind("Warning: notice in x.php\n<rss version=\"2.0\">", ""),
            SourceKind::kFeed);
}

TEST(SourceKindTest, FromTheContentTypeWhenTheBodyDoesNotTell) {
  EXPECT_EQ(detect_source_kind("<unknown-root/>", "application/rss+xml; charset=utf-8"),
            SourceKind::kFeed);
  EXPECT_EQ(detect_source_kind("hello", "text/html; charset=utf-8"), SourceKind::kHtml);
  EXPECT_EQ(detect_source_kind("hello", ""), SourceKind::kUnknown);
  EXPECT_EQ(detect_source_kind("", ""), SourceKind::kUnknown);
  EXPECT_EQ(detect_source_kind(std::string("\x1f\x8b\x08\x00garbage", 11), "application/x-gzip"),
            SourceKind::kUnknown);
  EXPECT_EQ(source_kind_name(SourceKind::kSitemap), "sitemap");
}

}  // namespace
}  // namespace akhbar::parsers
