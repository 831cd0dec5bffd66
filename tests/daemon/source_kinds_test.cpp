// Sitemap and listing-page sources through the real Poller: what each kind
// queues for fetching, and how a body of the wrong kind is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/compression.h"
#include "tests/daemon/poller_fixture.h"
#include "tests/test_server.h"

namespace akhbar::daemon {
namespace {

using testing::TestServer;
using SourceKinds = PollerFixture;

std::string news_url(const std::string& loc, const std::string& title, const std::string& when) {
  return "<url><loc>" + loc +
         "</loc><news:news><news:publication><news:name>x</news:name><news:language>ar"
         "</news:language></news:publication><news:publication_date>" +
         when + "</news:publication_date><news:title>" + title + "</news:title></news:news></url>";
}

std::string urlset(const std::string& urls) {
  return "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
         "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">" +
         urls + "</urlset>";
}

std::vector<std::string> urls_of(const std::vector<PollerFixture::Queued>& queued) {
  std::vector<std::string> urls;
  for (const auto& q : queued) urls.push_back(q.url);
  std::sort(urls.begin(), urls.end());
  return urls;
}

TEST_F(SourceKinds, NewsSitemapQueuesRecentArticlesWithTheirTitles) {
  TestServer server;
  const std::time_t now = std::time(nullptr);
  server.serve("/news-sitemap.xml",
               urlset(news_url(server.url("/a/1"), "قمة في الرياض", format_utc(now - 3600)) +
                      news_url(server.url("/a/2"), "أمطار غزيرة", format_utc(now - 7200)) +
                      news_url(server.url("/a/old"), "خبر قديم", format_utc(now - 10 * 86400))),
               "application/xml");
  server.start();
  const auto row = poll(server.url("/news-sitemap.xml"), {}, "kind = \"sitemap\"\n");
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  const auto queued = pending();
  ASSERT_EQ(queued.size(), 2u);  // the ten-day-old entry is not queued
  EXPECT_EQ(queued[0].url, server.url("/a/1"));
  EXPECT_EQ(queued[0].feed_title, "قمة في الرياض");
  EXPECT_EQ(queued[1].feed_title, "أمطار غزيرة");
}

TEST_F(SourceKinds, SitemapIndexIsWalkedIntoGzipChildren) {
  TestServer server;
  server.serve("/sitemap_index.xml",
               "<?xml version=\"1.0\"?><sitemapindex "
               "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" +
                   server.url("/sitemaps/2026-11.xml.gz") +
                   "</loc></sitemap><sitemap><loc>/sitemaps/pages.xml</loc></sitemap>"
                   "</sitemapindex>",
               "application/xml");
  // Served as a file (no Content-Encoding): the body itself is gzip.
  server.serve("/sitemaps/2026-11.xml.gz",
               testing::gzip(urlset("<url><loc>" + server.url("/story/7") + "</loc></url>")),
               "application/x-gzip");
  server.serve("/sitemaps/pages.xml", urlset("<url><loc>/story/8</loc></url>"), "text/xml");
  server.start();
  const auto row = poll(server.url("/sitemap_index.xml"), {}, "kind = \"sitemap\"\n");
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  EXPECT_EQ(urls_of(pending()),
            (std::vector<std::string>{server.url("/story/7"), server.url("/story/8")}));
}

TEST_F(SourceKinds, ListingPageQueuesArticleLinksOnly) {
  TestServer server;
  const std::string page =
      "<html><body><nav><a href=\"/\">الرئيسية</a><a href=\"/politics\">سياسة</a></nav>"
      "<main><h2><a href=\"/news/politics/2026/11/21/1234567\">وزير الخارجية يبحث مع نظيره "
      "الأردني تطورات المنطقة</a></h2>"
      "<h2><a href=\"/culture/festival-opens-in-cairo-with-arab-films.html\">افتتاح مهرجان "
      "القاهرة السينمائي بمشاركة عربية</a></h2>"
      "<a href=\"/tag/economy\">اقتصاد</a></main>"
      "<footer><a href=\"/about\">من نحن</a><a href=\"https://facebook.com/x\">فيسبوك</a>"
      "</footer></body></html>";
  server.serve("/section/news", page, "text/html; charset=utf-8");
  server.start();
  const auto row = poll(server.url("/section/news"), {}, "kind = \"listing\"\n");
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  EXPECT_EQ(
      urls_of(pending()),
      (std::vector<std::string>{server.url("/culture/festival-opens-in-cairo-with-arab-films.html"),
                                server.url("/news/politics/2026/11/21/1234567")}));
}

TEST_F(SourceKinds, ABodyOfTheWrongKindIsAnErrorOnTheSource) {
  TestServer server;
  server.serve("/sitemap.xml", "<html><body><p>Not found</p></body></html>", "text/html");
  server.start();
  const auto row = poll(server.url("/sitemap.xml"), {}, "kind = \"sitemap\"\n");
  EXPECT_EQ(row.consecutive_errors, 1);
  EXPECT_NE(row.last_error.find("not a usable sitemap"), std::string::npos) << row.last_error;
  EXPECT_TRUE(pending().empty());
}

}  // namespace
}  // namespace akhbar::daemon

namespace akhbar::daemon {
namespace {

std::string feed_with_dates(const TestServer& server, int entries, std::time_t spacing,
                            const std::string& extra = "") {
  const std::time_t now = std::time(nullptr);
  std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>" + extra;
  for (int i = 0; i < entries; ++i) {
    char date[64];
    const std::time_t at = now - i * spacing;
    std::tm tm{};
    gmtime_r(&at, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    feed += "<item><title>خبر</title><link>" + server.url("/n/" + std::to_string(i)) +
            "</link><pubDate>" + date + "</pubDate></item>";
  }
  return feed + "</channel></rss>";
}

std::int64_t seconds_until(const std::string& utc) { return parse_utc(utc) - std::time(nullptr); }

TEST_F(SourceKinds, PublishingRateSetsTheNextPoll) {
  TestServer server;
  // Seven entries over three and a half hours: two an hour, so a poll every hour.
  server.serve("/rss.xml", feed_with_dates(server, 7, 2100), "application/rss+xml");
  server.start();
  const auto row = poll(server.url("/rss.xml"));
  ASSERT_EQ(row.consecutive_errors, 0) << row.last_error;
  EXPECT_GE(seconds_until(row.next_attempt_at), 3600 * 9 / 10 - 5);
  EXPECT_LE(seconds_until(row.next_attempt_at), 3600 * 11 / 10 + 5);
}

TEST_F(SourceKinds, TtlIsAFloorAndFixedSourcesKeepTheirInterval) {
  TestServer server;
  // Fast publishing, but the feed asks not to be read more than every 80 minutes.
  server.serve("/rss.xml", feed_with_dates(server, 20, 60, "<ttl>80</ttl>"), "application/rss+xml");
  server.start();
  auto row = poll(server.url("/rss.xml"));
  EXPECT_GE(seconds_until(row.next_attempt_at), 4800 * 9 / 10 - 5);
  EXPECT_LE(seconds_until(row.next_attempt_at), 4800 * 11 / 10 + 5);
  row = poll(server.url("/rss.xml"), {}, "adaptive = false\n");
  EXPECT_GE(seconds_until(row.next_attempt_at), 4800 * 9 / 10 - 5);  // the TTL still holds
}

}  // namespace
}  // namespace akhbar::daemon

namespace akhbar::daemon {
namespace {

TEST_F(SourceKinds, PagesStopAtTheDeadlineAndStayQueued) {
  TestServer server;
  std::string feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>";
  for (int i = 0; i < 40; ++i) {
    feed +=
        "<item><title>خبر</title><link>" + server.url("/p/" + std::to_string(i)) + "</link></item>";
  }
  server.serve("/rss.xml", feed + "</channel></rss>", "application/rss+xml");
  server.http().Get(R"(/p/(\d+))", [](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    r.status = 404;
  });
  server.start();
  // Queue the pages first, then give them half a second.
  run_ = [](Poller& poller, const std::vector<storage::SourceRow>& rows) {
    return poller.poll_sources(rows);
  };
  poll(server.url("/rss.xml"), {{"concurrency", "2"}});
  ASSERT_EQ(pending().size(), 40u);
  run_ = [](Poller& poller, const std::vector<storage::SourceRow>& rows) {
    return poller.fetch_pages(rows, {},
                              std::chrono::steady_clock::now() + std::chrono::milliseconds(500));
  };
  poll(server.url("/rss.xml"), {{"concurrency", "2"}});
  // One chunk of eight (two at a time, 100 ms each) or two fit in the time;
  // then it stops, and what was not tried is still due for the next round.
  EXPECT_GE(stats_.pages_fetched, 8);
  EXPECT_LT(stats_.pages_fetched, 40);
  EXPECT_EQ(static_cast<int>(store_->due_pages(1, 100)->size()), 40 - stats_.pages_fetched);
}

}  // namespace
}  // namespace akhbar::daemon
