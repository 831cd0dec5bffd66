// Listing-page link harvesting. The fixture front page was written for
// akhbar (tests/fixtures/sources/SOURCES.md); the expected links were listed
// by hand from its markup.
#include "parsers/listing_links.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_support.h"

namespace akhbar::parsers {
namespace {

using akhbar::testing::read_fixture;

std::vector<ListingLink> harvest_ok(const std::string& html, const std::string& url,
                                    const ListingOptions& options = {}) {
  auto r = harvest_listing_links(html, url, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
  return r.ok() ? *r : std::vector<ListingLink>{};
}

std::vector<std::string> urls_of(const std::vector<ListingLink>& links) {
  std::vector<std::string> out;
  for (const ListingLink& l : links) out.push_back(l.url);
  return out;
}

TEST(ListingLinksTest, ArabicFrontPage) {
  const auto links = harvest_ok(read_fixture("sources/listing_front_ar.html"),
                                "https://www.akhbar-alyawm.example/");
  // Menu, breadcrumbs, share bar and footer links are chrome; tags, authors,
  // sections, pagination, assets, other sites, mailto:/javascript: and the
  // page itself are not articles.
  const std::string oil =
      "https://akhbar-alyawm.example/economy/"
      "%D8%A7%D8%B1%D8%AA%D9%81%D8%A7%D8%B9-%D8%A3%D8%B3%D8%B9%D8%A7%D8%B1-%D8%A7%D9%84%D9%86%D9%81"
      "%D8%B7-%D9%85%D8%B9-%D8%AA%D8%B1%D8%A7%D8%AC%D8%B9-%D8%A7%D9%84%D9%85%D8%AE%D8%B2%D9%88%D9%"
      "86"
      "%D8%A7%D8%AA";
  EXPECT_EQ(
      urls_of(links),
      (std::vector<std::string>{
          "https://www.akhbar-alyawm.example/news/politics/2026/11/21/1234567", oil,
          "https://m.akhbar-alyawm.example/sport/story.aspx?id=98765",
          "https://www.akhbar-alyawm.example/culture/festival-opens-in-cairo-with-arab-films.html",
          "https://www.akhbar-alyawm.example/news/health/2026/11/20/1234501"}));
  ASSERT_EQ(links.size(), 5u);
  // The image link came first with an empty alt; the headline gives the title,
  // and the shorter "most read" title does not replace it.
  EXPECT_EQ(links[0].title, "وزير الخارجية يبحث مع نظيره الأردني تطورات الأوضاع في المنطقة");
  // The image alt came first; the longer headline wins; #comments is dropped.
  EXPECT_EQ(links[1].title, "ارتفاع أسعار النفط مع تراجع المخزونات");
  EXPECT_EQ(links[2].title, "المنتخب يتأهل إلى نهائي البطولة العربية");
  // id + date path + headline-length title outranks a slug-only URL.
  EXPECT_EQ(links[0].score, 5);
  EXPECT_EQ(links[1].score, 3);
  EXPECT_GT(links[0].score, links[1].score);
}

TEST(ListingLinksTest, MinScoreZeroKeepsSectionLinksButNeverChrome) {
  ListingOptions o;
  o.min_score = 0;
  const auto links = harvest_ok(read_fixture("sources/listing_front_ar.html"),
                                "https://www.akhbar-alyawm.example/", o);
  const auto urls = urls_of(links);
  EXPECT_NE(std::find(urls.begin(), urls.end(), "https://www.akhbar-alyawm.example/economy"),
            urls.end());
  for (const std::string& u : urls) {
    EXPECT_EQ(u.find("1234000"), std::string::npos) << u;  // in the header menu
    EXPECT_EQ(u.find("1200001"), std::string::npos) << u;  // in the footer
    EXPECT_EQ(u.find("7654321"), std::string::npos) << u;  // in the share bar
  }
}

TEST(ListingLinksTest, BaseHrefAndArticleHeaders) {
  const std::string html =
      "<html><head><base href=\"https://news.example/ar/\"></head><body>"
      "<article><header><a href=\"2026/11/21/budget-vote-passes-parliament\">"
      "البرلمان يقر الموازنة العامة للدولة</a></header></article>"
      "<nav><a href=\"/ar/2026/11/21/another-story-in-the-nav\">قصة في القائمة</a></nav>"
      "<div role=\"navigation\"><a href=\"/ar/2026/11/22/role-nav-story-here\">x y z w</a></div>"
      "<a href=\"/ar/2026/11/21/budget-vote-passes-parliament\"><a href=\"/ar/x\">nested</a></a>"
      "</body></html>";
  const auto links = harvest_ok(html, "https://www.news.example/section/page.html");
  EXPECT_EQ(urls_of(links),
            (std::vector<std::string>{
                "https://news.example/ar/2026/11/21/budget-vote-passes-parliament"}));
}

TEST(ListingLinksTest, ThePageItselfAndEscapeCaseVariantsAreOneUrl) {
  // The page URL as a browser shows it (raw Arabic), its links percent-encoded
  // in lower and upper case: the page is not its own article, and the two
  // spellings of the other story are one link.
  const std::string html =
      "<a href=\"/%d8%ae%d8%a8%d8%b1-%d8%b9%d8%a7%d8%ac%d9%84-%d8%a7%d9%84%d9%8a%d9%88%d9%85-"
      "%d9%87%d9%86%d8%a7/\">2026/11/21 - 1:59</a>"
      "<a "
      "href=\"/"
      "%d9%82%d8%b5%d8%a9-%d8%a3%d8%ae%d8%b1%d9%89-%d9%85%d9%86-%d8%a7%d9%84%d9%85%d9%88%d9%82%d8%"
      "b9/\">x</a>"
      "<a "
      "href=\"/"
      "%D9%82%D8%B5%D8%A9-%D8%A3%D8%AE%D8%B1%D9%89-%D9%85%D9%86-%D8%A7%D9%84%D9%85%D9%88%D9%82%D8%"
      "B9/\">"
      "قصة أخرى من الموقع اليوم</a>";
  const auto links = harvest_ok(html, "https://site.example/خبر-عاجل-اليوم-هنا/");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].title, "قصة أخرى من الموقع اليوم");
}

TEST(ListingLinksTest, TaxonomyPagesWithLongSlugsAreNotArticles) {
  const std::string html =
      "<a href=\"/trend/Coronavirus-COVID-19-world-news/\">فيروس كورونا ( 423 ) ملف</a>"
      "<a href=\"/Section/breaking-news-from-egypt/65/1\">أخبار عاجلة من مصر اليوم</a>"
      "<a href=\"/hashtag/egypt-elections-2026-results\">انتخابات مصر ونتائجها الكاملة</a>";
  EXPECT_TRUE(harvest_ok(html, "https://a.example/").empty());
}

TEST(ListingLinksTest, BadInput) {
  EXPECT_FALSE(harvest_listing_links("<html></html>", "not a url").ok());
  EXPECT_FALSE(harvest_listing_links("<html></html>", "ftp://a.example/").ok());
  EXPECT_TRUE(harvest_ok("", "https://a.example/").empty());
  EXPECT_TRUE(harvest_ok("\xff\xfe<a href=\"/2026/11/21/123456\">", "https://a.example/").size() ==
              1u);
  // Deep nesting is capped by the prepass and walked without recursion.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<a href=\"/news/2026/11/21/1234567\">خبر في عمق الصفحة هنا</a>";
  EXPECT_LE(harvest_ok(deep, "https://a.example/").size(), 1u);
}

TEST(ListingLinksTest, MaxLinksCapsTheWalk) {
  std::string html;
  for (int i = 0; i < 50; ++i) {
    html += "<a href=\"/news/" + std::to_string(100000 + i) + "\">t</a>";
  }
  ListingOptions o;
  o.max_links = 10;
  EXPECT_EQ(harvest_ok(html, "https://a.example/", o).size(), 10u);
}

TEST(SiteTest, SameSite) {
  EXPECT_EQ(site_key("WWW.Akhbar.example"), "akhbar.example");
  EXPECT_EQ(site_key("m.akhbar.example."), "akhbar.example");
  EXPECT_TRUE(same_site("www.akhbar.example", "m.akhbar.example"));
  EXPECT_TRUE(same_site("akhbar.example", "sport.akhbar.example"));
  EXPECT_FALSE(same_site("akhbar.example", "notakhbar.example"));
  EXPECT_FALSE(same_site("akhbar.example", "akhbar.example.evil.example"));
  EXPECT_FALSE(same_site("localhost", "a.localhost.x"));
  EXPECT_FALSE(same_site("", ""));
}

}  // namespace
}  // namespace akhbar::parsers
