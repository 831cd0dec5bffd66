#include "fetchers/robots.h"

#include <gtest/gtest.h>

#include <string>

namespace akhbar::fetchers {
namespace {

TEST(Robots, NamedGroupWinsOverTheWildcard) {
  const auto rules = RobotsRules::parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: Akhbar/0.1\nDisallow: /private/\n", "akhbar");
  EXPECT_TRUE(rules.allows("/news/1.html"));
  EXPECT_FALSE(rules.allows("/private/x"));
}

TEST(Robots, WildcardGroupWhenNoGroupNamesUs) {
  const auto rules = RobotsRules::parse(
      "User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /search\n", "akhbar");
  EXPECT_TRUE(rules.allows("/"));
  EXPECT_FALSE(rules.allows("/search?q=1"));
  EXPECT_FALSE(rules.allows("/searching"));  // a pattern is a prefix
}

TEST(Robots, LongestMatchDecidesAndAllowWinsATie) {
  const auto rules = RobotsRules::parse(
      "User-agent: *\nDisallow: /news/\nAllow: /news/article\nAllow: /x/\nDisallow: /x/\n", "a");
  EXPECT_FALSE(rules.allows("/news/list"));
  EXPECT_TRUE(rules.allows("/news/article/5"));
  EXPECT_TRUE(rules.allows("/x/1"));
}

TEST(Robots, WildcardsAndEndAnchor) {
  const auto rules = RobotsRules::parse(
      "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nDisallow: /a*b*c\n", "akhbar");
  EXPECT_FALSE(rules.allows("/files/report.pdf"));
  EXPECT_TRUE(rules.allows("/files/report.pdf?x=1"));
  EXPECT_FALSE(rules.allows("/story/1?print=1"));
  EXPECT_TRUE(rules.allows("/story/1?page=1"));
  EXPECT_FALSE(rules.allows("/a-x-b-y-c-z"));
  EXPECT_TRUE(rules.allows("/a-x-c-y-b"));
}

TEST(Robots, AgentLinesTogetherShareOneGroup) {
  const auto rules = RobotsRules::parse(
      "User-agent: other\nUser-agent: akhbar\nDisallow: /a\n\nUser-agent: akhbar\nDisallow: /b\n",
      "akhbar");
  EXPECT_FALSE(rules.allows("/a"));
  EXPECT_FALSE(rules.allows("/b"));  // groups naming us are combined
  EXPECT_TRUE(rules.allows("/c"));
}

TEST(Robots, CommentsCaseBomCrlfAndEmptyDisallow) {
  const auto rules = RobotsRules::parse(
      "\xEF\xBB\xBFuser-AGENT: * # everyone\r\nDISALLOW: /tmp # no\r\nDisallow:\r\n"
      "Crawl-delay: 2.5\r\nSitemap: https://example.com/sitemap.xml\r\n",
      "akhbar");
  EXPECT_FALSE(rules.allows("/tmp/x"));
  EXPECT_TRUE(rules.allows("/news"));
  ASSERT_TRUE(rules.crawl_delay());
  EXPECT_DOUBLE_EQ(*rules.crawl_delay(), 2.5);
  ASSERT_EQ(rules.sitemaps().size(), 1u);
  EXPECT_EQ(rules.sitemaps()[0], "https://example.com/sitemap.xml");
}

TEST(Robots, RobotsTxtItselfIsAlwaysAllowed) {
  const auto rules = RobotsRules::parse("User-agent: *\nDisallow: /\n", "akhbar");
  EXPECT_FALSE(rules.allows("/"));
  EXPECT_TRUE(rules.allows("/robots.txt"));
}

TEST(Robots, GarbageAndHugeFilesAreHarmless) {
  EXPECT_TRUE(RobotsRules::parse(std::string(1 << 20, '\0'), "akhbar").allows("/x"));
  EXPECT_TRUE(RobotsRules::parse("<html><body>Not found</body></html>", "akhbar").allows("/x"));
  // Rules past the first 500 KiB are not read.
  std::string big = "User-agent: *\n" + std::string(600 * 1024, '#') + "\nDisallow: /\n";
  EXPECT_TRUE(RobotsRules::parse(big, "akhbar").allows("/x"));
  // A pathological pattern stays cheap.
  const auto rules =
      RobotsRules::parse("User-agent: *\nDisallow: /" + std::string(2000, '*') + "x$\n", "akhbar");
  EXPECT_TRUE(rules.allows("/" + std::string(5000, 'a')));
}

TEST(RobotsCache, AnswersPerOriginWithExpiry) {
  RobotsCache cache("akhbar", {100, 10});
  const std::string page = "https://www.example.com/news/1";
  EXPECT_EQ(cache.check(page, 0), RobotsVerdict::kUnknown);
  EXPECT_EQ(RobotsCache::robots_url(page), "https://www.example.com/robots.txt");
  cache.record("https://www.example.com/robots.txt", 200, "User-agent: *\nDisallow: /news/\n", 0);
  EXPECT_EQ(cache.check(page, 50), RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.check("https://www.example.com/", 50), RobotsVerdict::kAllowed);
  // Other scheme or port: another origin.
  EXPECT_EQ(cache.check("http://www.example.com/news/1", 50), RobotsVerdict::kUnknown);
  EXPECT_EQ(cache.check("https://www.example.com:8443/news/1", 50), RobotsVerdict::kUnknown);
  EXPECT_EQ(cache.check(page, 100), RobotsVerdict::kUnknown);  // expired
}

TEST(RobotsCache, MissingRobotsAllowsAllAndUnreachableDefers) {
  RobotsCache cache("akhbar", {100, 10});
  cache.record("https://a.example/robots.txt", 404, "Disallow: /", 0);
  EXPECT_EQ(cache.check("https://a.example/x", 1), RobotsVerdict::kAllowed);
  cache.record("https://b.example/robots.txt", 503, "", 0);
  EXPECT_EQ(cache.check("https://b.example/x", 1), RobotsVerdict::kUnavailable);
  EXPECT_EQ(cache.check("https://b.example/x", 10), RobotsVerdict::kUnknown);  // ask again soon
  cache.record("https://c.example/robots.txt", 0, "", 0);                      // no response at all
  EXPECT_EQ(cache.check("https://c.example/x", 1), RobotsVerdict::kUnavailable);
}

}  // namespace
}  // namespace akhbar::fetchers
