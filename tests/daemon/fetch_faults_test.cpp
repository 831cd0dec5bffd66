// The fetching layer's faults, end to end: a source (or its article page)
// served by a misbehaving server on 127.0.0.1 is polled by the real Poller
// into a real SQLite file, and each test asserts what was recorded for the
// source (status, error, consecutive errors, next attempt) or stored.
#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "base/time.h"
#include "daemon/config.h"
#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "fetchers/robots.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/sqlite.h"
#include "tests/compression.h"
#include "tests/daemon/poller_fixture.h"
#include "tests/raw_server.h"
#include "tests/socks5_server.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::daemon {
namespace {

using testing::gzip;
using testing::RawServer;
using testing::TempDir;
using testing::TestServer;

// Converts UTF-8 to `charset` with glibc's iconv (independent of the
// decoder under test, which uses ICU).
std::string encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  std::string in = utf8, out(utf8.size() * 4 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  size_t src_left = in.size(), dst_left = out.size();
  iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

using FetchFaults = PollerFixture;

TEST_F(FetchFaults, SlowResponseWithinTheTimeoutSucceeds) {
  TestServer server;
  server.http().Get("/feed", [&](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    r.set_content(rss_with(server.url("/a")), "application/rss+xml");
  });
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 200);
  EXPECT_EQ(row.consecutive_errors, 0);
  EXPECT_EQ(row.last_error, "");
}

TEST_F(FetchFaults, Timeout) {
  TestServer server;
  server.http().Get("/feed", [](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    r.set_content("late", "text/plain");
  });
  server.start();
  const auto row = poll(server.url("/feed"), {{"timeout", "\"1s\""}});
  EXPECT_EQ(row.last_status, 0);
  expect_failure(row, "timed out");
}

TEST_F(FetchFaults, ConnectionReset) {
  RawServer server([](int fd, const std::string& head) {
    if (!RawServer::answered_robots(fd, head)) RawServer::reset(fd);
  });
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 0);
  // Named as a reset, so an operator can tell it from a refused connection
  // ("could not connect") or a body cut short.
  expect_failure(row, "fetch failed: connection reset by the server");
  EXPECT_EQ(row.total_errors, 1);
  EXPECT_TRUE(pending().empty());
}

TEST_F(FetchFaults, ServerError) {
  TestServer server;
  server.http().Get("/feed", [](const httplib::Request&, httplib::Response& r) { r.status = 500; });
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 500);
  expect_failure(row, "HTTP 500");
}

TEST_F(FetchFaults, ServiceUnavailableWithRetryAfterIsHonoured) {
  TestServer server;
  server.http().Get("/feed", [](const httplib::Request&, httplib::Response& r) {
    r.status = 503;
    r.set_header("Retry-After", "7200");
  });
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 503);
  EXPECT_EQ(row.consecutive_errors, 1);
  const auto wait = next_attempt_in(row);
  EXPECT_GE(wait, 7200 - 5);  // longer than the backoff alone would wait
  EXPECT_LE(wait, 7200 + 5);
}

TEST_F(FetchFaults, TooManyRequestsWithRetryAfterDate) {
  TestServer server;
  server.http().Get("/feed", [](const httplib::Request&, httplib::Response& r) {
    r.status = 429;
    char date[64];
    const std::time_t at = std::time(nullptr) + 5400;
    std::tm tm{};
    gmtime_r(&at, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    r.set_header("Retry-After", date);
  });
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 429);
  EXPECT_EQ(row.consecutive_errors, 1);
  EXPECT_EQ(row.last_error, "fetch failed: HTTP 429");
  const auto wait = next_attempt_in(row);
  EXPECT_GE(wait, 5400 - 10);
  EXPECT_LE(wait, 5400 + 5);
}

TEST_F(FetchFaults, NotModifiedIsACheapSuccessThatKeepsValidators) {
  TestServer server;
  server.http().Get("/feed", [&](const httplib::Request& request, httplib::Response& r) {
    if (request.get_header_value("If-None-Match") == "\"v1\"") {
      r.status = 304;
      return;
    }
    r.set_header("ETag", "\"v1\"");
    r.set_content(rss_with(server.url("/missing")), "application/rss+xml");
  });
  server.start();
  EXPECT_EQ(poll(server.url("/feed")).etag, "\"v1\"");
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 304);
  EXPECT_EQ(row.consecutive_errors, 0);
  EXPECT_EQ(row.etag, "\"v1\"");
  EXPECT_EQ(stats_.sources_not_modified, 1);
}

TEST_F(FetchFaults, RedirectChainIsFollowed) {
  TestServer server;
  server.http().Get(
      "/old", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/older", 301); });
  server.http().Get("/older", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/feed", 302);
  });
  server.http().Get("/feed", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(rss_with(server.url("/story")), "application/rss+xml");
  });
  server.start();
  const auto row = poll(server.url("/old"));
  EXPECT_EQ(row.last_status, 200);
  EXPECT_EQ(row.consecutive_errors, 0);
  ASSERT_EQ(pending().size(), 1u);  // the story was found through the chain
  EXPECT_EQ(pending()[0].url, server.url("/story"));
}

TEST_F(FetchFaults, RedirectLoop) {
  TestServer server;
  server.http().Get("/a",
                    [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/b"); });
  server.http().Get("/b",
                    [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/a"); });
  server.start();
  expect_failure(poll(server.url("/a")), "redirect loop");
}

TEST_F(FetchFaults, OversizedBodyIsAborted) {
  TestServer server;
  server.serve("/feed", std::string(3 * 1024 * 1024, 'x'), "application/rss+xml");
  server.start();
  expect_failure(poll(server.url("/feed"), {{"max_body_size", "\"1MiB\""}}),
                 "larger than max_body");
}

TEST_F(FetchFaults, GzipBombIsAborted) {
  TestServer server;
  const std::string bomb = gzip(std::string(64 * 1024 * 1024, ' '));  // ~64 KiB on the wire
  ASSERT_LT(bomb.size(), 200'000u);
  server.http().Get("/feed", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(bomb, "application/rss+xml");
  });
  server.start();
  expect_failure(poll(server.url("/feed"), {{"max_body_size", "\"1MiB\""}}),
                 "larger than max_body");
}

TEST_F(FetchFaults, TruncatedGzip) {
  TestServer server;
  std::string cut = gzip(rss_with(server.url("/a")) + std::string(20000, ' '));
  cut.resize(cut.size() / 2);
  server.http().Get("/feed", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(cut, "application/rss+xml");
  });
  server.start();
  expect_failure(poll(server.url("/feed")), "truncated gzip data");
}

TEST_F(FetchFaults, BodyShorterThanContentLength) {
  RawServer server([](int fd, const std::string& head) {
    if (RawServer::answered_robots(fd, head)) return;
    RawServer::send_all(fd,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                        "Content-Length: 5000\r\nConnection: close\r\n\r\n<rss version=\"2.0\">");
    ::close(fd);
  });
  const auto row = poll(server.url("/feed"));
  expect_failure(row, "fetch failed: response cut short");
  EXPECT_NE(row.last_error.find("4981 bytes remaining"), std::string::npos) << row.last_error;
  EXPECT_TRUE(pending().empty());  // the 19 bytes that came were not parsed as a feed
}

TEST_F(FetchFaults, Windows1256PageWithoutCharsetIsStoredAsArabic) {
  TestServer server;
  server.serve("/book.html", testing::read_fixture("integration/book-windows-1256.html"),
               "text/html");
  server.serve("/feed", rss_with(server.url("/book.html")), "application/rss+xml");
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.last_status, 200);
  EXPECT_EQ(row.consecutive_errors, 0);
  EXPECT_EQ(row.last_error, "");
  EXPECT_EQ(stats_.articles_stored, 1);
  auto found = store_->find_by_url(server.url("/book.html"));
  ASSERT_TRUE(found && *found);
  auto results = store_->search("معرض الكتاب", {});
  ASSERT_TRUE(results) << results.error();
  ASSERT_EQ(results->size(), 1u);
  EXPECT_NE((*results)[0].title.find("معرض الكتاب يستقبل آلاف الزوار"), std::string::npos);
}

TEST_F(FetchFaults, Iso88596DeclaredInTheHeader) {
  TestServer server;
  const std::string title = "انتخابات بلدية في الأردن";
  server.serve("/feed", encode(rss_with(server.url("/a"), title), "ISO-8859-6"),
               "application/rss+xml; charset=iso-8859-6");
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].feed_title, title);
}

TEST_F(FetchFaults, Utf8WithByteOrderMark) {
  TestServer server;
  const std::string title = "وزير الخارجية يصل إلى الرياض";
  server.serve("/feed", "\xEF\xBB\xBF" + rss_with(server.url("/a"), title), "application/xml");
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].feed_title, title);
}

TEST_F(FetchFaults, Utf16Feed) {
  TestServer server;
  const std::string title = "ارتفاع أسعار الذهب";
  std::string feed = rss_with(server.url("/a"), title);
  feed.replace(feed.find("?>"), 2, " encoding=\"UTF-16\"?>");
  server.serve("/feed", "\xFF\xFE" + encode(feed, "UTF-16LE"), "application/rss+xml");
  server.start();
  const auto row = poll(server.url("/feed"));
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].feed_title, title);
}

TEST_F(FetchFaults, PrivateAddressIsRefused) {
  TestServer server;
  server.serve("/feed", rss_with("http://example.com/a"), "application/rss+xml");
  server.start();
  const auto row = poll(server.url("/feed"), {{"allow_private_networks", "false"}});
  EXPECT_EQ(server.hits("/feed"), 0);
  expect_failure(row, "private or loopback");
}

TEST_F(FetchFaults, HostNameResolvingToLoopbackIsRefusedAfterDns) {
  TestServer server;
  server.serve("/feed", rss_with("http://example.com/a"), "application/rss+xml");
  server.start();
  // Not an address literal: only the resolved address tells it is loopback.
  const auto row = poll("http://localhost:" + std::to_string(server.port()) + "/feed",
                        {{"allow_private_networks", "false"}});
  EXPECT_EQ(server.hits("/robots.txt"), 0);
  EXPECT_EQ(server.hits("/feed"), 0);
  EXPECT_EQ(row.last_status, 0);
  expect_failure(row, "private or loopback");
}

TEST_F(FetchFaults, RedirectHopToALoopbackAddressIsRefused) {
  TestServer inside;  // the private server a redirect tries to reach
  inside.serve("/admin", rss_with("http://example.com/a"), "application/rss+xml");
  inside.start();
  TestServer outside;  // plays a public server: exempt from the policy by its port
  outside.http().Get("/feed", [&](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("http://localhost:" + std::to_string(inside.port()) + "/admin", 302);
  });
  outside.start();
  adjust_http_ = [&](fetchers::HttpOptions& o) {
    o.exempt_private_peers = {"127.0.0.1:" + std::to_string(outside.port())};
  };
  const auto row = poll(outside.url("/feed"), {{"allow_private_networks", "false"}});
  EXPECT_EQ(outside.hits("/feed"), 1);  // the first hop was allowed...
  EXPECT_EQ(inside.hits("/admin"), 0);  // ...the redirect's target was not
  expect_failure(row, "private or loopback");
  EXPECT_TRUE(pending().empty());
}

TEST_F(FetchFaults, UpperCaseSocks5hProxyCarriesThePoll) {
  TestServer server;
  server.serve("/feed", rss_with(server.url("/story")), "application/rss+xml");
  server.start();
  testing::Socks5Server socks;
  const auto row =
      poll(server.url("/feed"),
           {{"proxy", "\"SOCKS5H://127.0.0.1:" + std::to_string(socks.port()) + "\""}});
  EXPECT_EQ(row.last_status, 200);
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].url, server.url("/story"));
  // robots.txt and the feed went through the proxy (on one connection or two).
  const auto connects = socks.connects();
  ASSERT_FALSE(connects.empty());
  for (const auto& c : connects) EXPECT_EQ(c, "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(server.hits("/feed"), 1);
}

TEST_F(FetchFaults, ConfiguredUserAgentReachesTheServer) {
  TestServer server;
  std::mutex mutex;
  std::map<std::string, std::string> agents;  // path -> User-Agent
  const auto remember = [&](const httplib::Request& request) {
    std::lock_guard lock(mutex);
    agents[request.path] = request.get_header_value("User-Agent");
  };
  server.http().Get("/robots.txt", [&](const httplib::Request& request, httplib::Response& r) {
    remember(request);
    r.status = 404;
  });
  server.http().Get("/feed", [&](const httplib::Request& request, httplib::Response& r) {
    remember(request);
    r.set_content(rss_with("http://example.com/a"), "application/rss+xml");
  });
  server.start();
  const std::string agent = "akhbar-test/9 (+https://example.org/contact)";
  const auto row = poll(server.url("/feed"), {{"user_agent", "\"" + agent + "\""}});
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  std::lock_guard lock(mutex);
  EXPECT_EQ(agents["/feed"], agent);
  EXPECT_EQ(agents["/robots.txt"], agent);
}

TEST_F(FetchFaults, RobotsTxtDisallowsThePageButNotTheOverriddenFeed) {
  TestServer server;
  server.serve("/robots.txt", "User-agent: *\nDisallow: /\n", "text/plain");
  server.serve("/feed", rss_with(server.url("/story")), "application/rss+xml");
  server.serve("/story", "<html><body><p>x</p></body></html>", "text/html");
  server.start();
  // Without the override the feed itself is off limits.
  expect_failure(poll(server.url("/feed")), "disallowed by robots.txt");
  EXPECT_EQ(server.hits("/feed"), 0);
  EXPECT_EQ(server.hits("/robots.txt"), 1);

  // With it, the feed is read, but its article page still obeys robots.txt:
  // given up at once, never requested.
  const auto row = poll(server.url("/feed"), {}, "ignore_robots = true\n");
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  EXPECT_EQ(server.hits("/feed"), 1);
  EXPECT_EQ(server.hits("/story"), 0);
  EXPECT_EQ(stats_.pages_blocked, 1);
  storage::Statement q(db_->handle(), "SELECT gave_up, last_error, attempts FROM pending_pages");
  auto step = q.step();
  ASSERT_TRUE(step && *step);
  EXPECT_EQ(q.column_int(0), 1);
  EXPECT_EQ(q.column_text(1), "disallowed by robots.txt");
}

TEST_F(FetchFaults, UnreadableRobotsTxtPutsPagesOffWithoutCountingAttempts) {
  TestServer server;
  server.http().Get("/robots.txt",
                    [](const httplib::Request&, httplib::Response& r) { r.status = 500; });
  server.serve("/feed", rss_with(server.url("/story")), "application/rss+xml");
  server.start();
  const auto row = poll(server.url("/feed"), {}, "ignore_robots = true\n");
  EXPECT_EQ(row.consecutive_errors, 0) << row.last_error;
  EXPECT_EQ(stats_.pages_deferred, 1);
  EXPECT_EQ(server.hits("/story"), 0);
  storage::Statement q(db_->handle(),
                       "SELECT gave_up, attempts, last_error, next_attempt_at FROM pending_pages");
  auto step = q.step();
  ASSERT_TRUE(step && *step);
  EXPECT_EQ(q.column_int(0), 0);
  EXPECT_EQ(q.column_int(1), 0);
  EXPECT_NE(q.column_text(2).find("robots.txt of the site could not be read (HTTP 500)"),
            std::string::npos)
      << q.column_text(2);
  EXPECT_GE(parse_utc(q.column_text(3)) - std::time(nullptr), 15 * 60 - 5);
}

TEST_F(FetchFaults, RepeatedFailuresBackOffButNeverGiveUp) {
  TestServer server;
  server.http().Get("/feed", [](const httplib::Request&, httplib::Response& r) { r.status = 500; });
  server.start();
  storage::SourceRow row;
  for (int i = 0; i < 12; ++i) row = poll(server.url("/feed"), {{"max_backoff", "\"2h\""}});
  EXPECT_EQ(row.consecutive_errors, 12);
  EXPECT_EQ(row.total_errors, 12);
  const auto wait = next_attempt_in(row);
  EXPECT_GE(wait, 3600 - 5);  // the ceiling, less at most half of it for jitter
  EXPECT_LE(wait, 7200 + 5);
}

}  // namespace
}  // namespace akhbar::daemon
