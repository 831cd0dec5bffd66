// HttpClient's politeness against a real server on 127.0.0.1. Two host
// names reach it, "127.0.0.1" and "localhost", and count as two sites.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "fetchers/http_client.h"
#include "tests/test_server.h"

namespace akhbar::fetchers {
namespace {

using akhbar::testing::TestServer;
using std::chrono::milliseconds;

HttpOptions options_with(PolitenessOptions politeness, int concurrency) {
  HttpOptions options;
  options.allow_private_networks = true;
  options.connect_timeout_ms = 2000;
  options.total_timeout_ms = 10'000;
  options.concurrency = concurrency;
  options.politeness = politeness;
  return options;
}

std::string other_site(const TestServer& server, const std::string& path) {
  return "http://localhost:" + std::to_string(server.port()) + path;
}

// Counts requests in flight at once on the server.
struct InFlight {
  std::atomic<int> now{0};
  std::atomic<int> most{0};
  void enter() {
    const int n = ++now;
    int seen = most.load();
    while (n > seen && !most.compare_exchange_weak(seen, n)) {
    }
  }
};

TEST(Politeness, PerSiteCapHoldsAndOtherSitesAreNotStarved) {
  TestServer server;
  InFlight slow;
  server.http().Get("/slow", [&](const httplib::Request&, httplib::Response& r) {
    slow.enter();
    std::this_thread::sleep_for(milliseconds(300));
    --slow.now;
    r.set_content("slow", "text/plain");
  });
  server.serve("/fast", "fast", "text/plain");
  server.start();
  HttpClient client(options_with({1, 0}, 4));

  std::mutex mutex;
  std::vector<std::string> finished;  // in completion order
  std::atomic<int> remaining{8};
  const auto record = [&](FetchResponse r) {
    std::lock_guard lock(mutex);
    finished.push_back(r.body);
    --remaining;
  };
  for (int i = 0; i < 4; ++i) client.submit({server.url("/slow"), "", ""}, record);
  for (int i = 0; i < 4; ++i) client.submit({other_site(server, "/fast"), "", ""}, record);
  for (int i = 0; i < 400 && remaining > 0; ++i) std::this_thread::sleep_for(milliseconds(10));
  ASSERT_EQ(remaining.load(), 0);
  EXPECT_EQ(slow.most.load(), 1);  // never two at once on one site
  // The other site's four requests did not wait behind the slow site's queue:
  // all of them were done before the second slow answer.
  std::lock_guard lock(mutex);
  const auto second_slow =
      std::find(std::find(finished.begin(), finished.end(), "slow") + 1, finished.end(), "slow");
  EXPECT_EQ(std::count(finished.begin(), second_slow, "fast"), 4);
}

TEST(Politeness, GlobalCapHolds) {
  TestServer server;
  InFlight all;
  server.http().Get(R"(/p/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    all.enter();
    std::this_thread::sleep_for(milliseconds(50));
    --all.now;
    r.set_content("x", "text/plain");
  });
  server.start();
  HttpClient client(options_with({0, 0}, 3));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i) requests.push_back({server.url("/p/" + std::to_string(i)), "", ""});
  for (const auto& r : client.fetch_all(requests)) EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(all.most.load(), 3);
}

TEST(Politeness, MinimumDelayBetweenRequestsToOneSite) {
  TestServer server;
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> arrivals;
  server.http().Get("/d", [&](const httplib::Request&, httplib::Response& r) {
    std::lock_guard lock(mutex);
    arrivals.push_back(std::chrono::steady_clock::now());
    r.set_content("x", "text/plain");
  });
  server.start();
  HttpClient client(options_with({0, 250}, 8));
  const auto responses = client.fetch_all(
      {{server.url("/d"), "", ""}, {server.url("/d"), "", ""}, {server.url("/d"), "", ""}});
  for (const auto& r : responses) EXPECT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(arrivals.size(), 3u);
  // A lower bound (requests cannot come sooner), so machine load cannot break it.
  for (size_t i = 1; i < arrivals.size(); ++i) {
    EXPECT_GE(std::chrono::duration_cast<milliseconds>(arrivals[i] - arrivals[i - 1]).count(), 240);
  }
}

TEST(Politeness, TooManyRequestsPausesTheSiteAndDefersItsQueue) {
  TestServer server;
  server.http().Get("/busy", [](const httplib::Request&, httplib::Response& r) {
    r.status = 429;
    r.set_header("Retry-After", "120");
  });
  server.serve("/page", "ok", "text/plain");
  server.start();
  HttpClient client(options_with({0, 0}, 1));
  const auto first = client.fetch({server.url("/busy"), "", ""});
  EXPECT_EQ(first.status, 429);
  ASSERT_TRUE(first.retry_after_seconds);
  EXPECT_EQ(*first.retry_after_seconds, 120);

  const auto deferred = client.fetch({server.url("/page"), "", ""});
  EXPECT_EQ(deferred.error_kind, FetchErrorKind::kDeferred);
  EXPECT_FALSE(deferred.ok());
  ASSERT_TRUE(deferred.retry_after_seconds);
  EXPECT_GT(*deferred.retry_after_seconds, 100);
  EXPECT_LE(*deferred.retry_after_seconds, 120);
  EXPECT_EQ(server.hits("/page"), 0);  // the paused site was not asked

  const auto elsewhere = client.fetch({other_site(server, "/page"), "", ""});
  EXPECT_TRUE(elsewhere.ok()) << elsewhere.error;

  // The deferral is counted as an error of its kind; only the 429 reached
  // the server, so it alone is a request with a status class.
  const SiteCounters paused = client.counters().at("127.0.0.1");
  EXPECT_EQ(paused.requests, 1u);
  EXPECT_EQ(paused.status_classes[4], 1u);
  ASSERT_TRUE(paused.errors.count("deferred"));
  EXPECT_EQ(paused.errors.at("deferred"), 1u);
}

TEST(Politeness, ServiceUnavailableWithRetryAfterDatePausesTheSite) {
  TestServer server;
  server.http().Get("/down", [](const httplib::Request&, httplib::Response& r) {
    r.status = 503;
    // Far in the future: the pause is capped at an hour.
    r.set_header("Retry-After", "Fri, 31 Dec 2099 23:59:59 GMT");
  });
  server.serve("/page", "ok", "text/plain");
  server.start();
  HttpClient client(options_with({0, 0}, 2));
  const auto down = client.fetch({server.url("/down"), "", ""});
  EXPECT_EQ(down.status, 503);
  ASSERT_TRUE(down.retry_after_seconds);
  EXPECT_GT(*down.retry_after_seconds, 365LL * 86'400);
  const auto deferred = client.fetch({server.url("/page"), "", ""});
  EXPECT_EQ(deferred.error_kind, FetchErrorKind::kDeferred);
  ASSERT_TRUE(deferred.retry_after_seconds);
  EXPECT_LE(*deferred.retry_after_seconds, 3600);
}

TEST(Politeness, PlainServiceUnavailableDoesNotPauseTheSite) {
  TestServer server;
  server.http().Get("/broken",
                    [](const httplib::Request&, httplib::Response& r) { r.status = 503; });
  server.serve("/page", "ok", "text/plain");
  server.start();
  HttpClient client(options_with({0, 0}, 2));
  EXPECT_EQ(client.fetch({server.url("/broken"), "", ""}).status, 503);
  EXPECT_TRUE(client.fetch({server.url("/page"), "", ""}).ok());
}

TEST(Politeness, CountersPerSite) {
  TestServer server;
  server.serve("/ok", std::string(1000, 'x'), "text/plain");
  server.http().Get("/missing",
                    [](const httplib::Request&, httplib::Response& r) { r.status = 404; });
  server.start();
  HttpClient client(options_with({0, 0}, 4));
  client.fetch_all({{server.url("/ok"), "", ""},
                    {server.url("/ok"), "", ""},
                    {server.url("/missing"), "", ""},
                    {other_site(server, "/ok"), "", ""},
                    {"http://127.0.0.1:1/closed", "", ""}});
  const auto counters = client.counters();
  ASSERT_TRUE(counters.count("127.0.0.1"));
  ASSERT_TRUE(counters.count("localhost"));
  const SiteCounters& a = counters.at("127.0.0.1");
  EXPECT_EQ(a.requests, 4u);
  EXPECT_EQ(a.bytes, 2000u);
  EXPECT_EQ(a.status_classes[2], 2u);
  EXPECT_EQ(a.status_classes[4], 1u);
  EXPECT_EQ(a.status_classes[0], 1u);  // the refused connection got no response
  EXPECT_EQ(a.errors.at("connect"), 1u);
  std::uint64_t in_buckets = 0;
  for (auto n : a.latency_seconds.buckets()) in_buckets += n;
  EXPECT_EQ(in_buckets, 4u);
  EXPECT_EQ(a.latency_seconds.count(), 4u);
  EXPECT_EQ(counters.at("localhost").requests, 1u);
}

TEST(Politeness, SubmitFromManyThreadsAndStopWithWorkQueued) {
  TestServer server;
  server.serve("/x", "x", "text/plain");
  server.start();
  std::atomic<int> answered{0}, stopped{0};
  {
    HttpClient client(options_with({1, 5000}, 2));  // one request per 5 s: most stay queued
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 5; ++i) {
          client.submit({server.url("/x"), "", ""}, [&](FetchResponse r) {
            ++answered;
            if (r.error == "client stopped") ++stopped;
          });
        }
      });
    }
    for (auto& t : threads) t.join();
  }  // the destructor answers every queued request
  EXPECT_EQ(answered.load(), 20);
  EXPECT_GE(stopped.load(), 18);
}

}  // namespace
}  // namespace akhbar::fetchers
