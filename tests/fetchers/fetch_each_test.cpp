// HttpClient::fetch_each: answers handed over one at a time on the calling
// thread, never more than a window of requests outstanding.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "fetchers/http_client.h"
#include "tests/test_server.h"

namespace akhbar::fetchers {
namespace {

using testing::TestServer;

HttpOptions local_options() {
  HttpOptions options;
  options.allow_private_networks = true;
  options.concurrency = 16;
  options.politeness.per_site_concurrency = 16;
  options.politeness.per_site_delay_ms = 0;
  return options;
}

TEST(FetchEach, KeepsAtMostAWindowOutstandingAndHandlesEachOnTheCallersThread) {
  TestServer server;
  std::atomic<int> in_flight{0}, most_in_flight{0};
  server.http().Get(R"(/doc/(\d+))", [&](const httplib::Request& q, httplib::Response& r) {
    const int now = ++in_flight;
    int seen = most_in_flight.load();
    while (now > seen && !most_in_flight.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --in_flight;
    r.set_content("body of " + q.matches[1].str(), "text/plain");
  });
  server.start();
  HttpClient client(local_options());
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 24; ++i) requests.push_back({server.url("/doc/" + std::to_string(i))});

  std::set<std::size_t> handled;
  std::size_t most_outstanding = 0;
  const auto caller = std::this_thread::get_id();
  bool all_on_caller = true;
  client.fetch_each(requests, 3, [&](std::size_t i, FetchResponse response) {
    all_on_caller = all_on_caller && std::this_thread::get_id() == caller;
    EXPECT_TRUE(response.ok()) << response.describe_failure();
    EXPECT_EQ(response.url, requests[i].url);
    EXPECT_EQ(response.body, "body of " + std::to_string(i));
    EXPECT_TRUE(handled.insert(i).second) << "handled twice: " << i;
    most_outstanding = std::max(most_outstanding, handled.size());
  });
  EXPECT_EQ(handled.size(), requests.size());
  EXPECT_TRUE(all_on_caller);
  // The client could run 16 at once; the window allows 3.
  EXPECT_LE(most_in_flight.load(), 3);
  EXPECT_GE(most_in_flight.load(), 1);
}

TEST(FetchEach, AnEmptyListReturnsAtOnceAndAllStillAnswersInOrder) {
  HttpClient client(local_options());
  int calls = 0;
  client.fetch_each({}, 4, [&](std::size_t, FetchResponse) { ++calls; });
  EXPECT_EQ(calls, 0);

  TestServer server;
  server.serve("/a", "A", "text/plain");
  server.serve("/b", "B", "text/plain");
  server.start();
  const auto responses = client.fetch_all({{server.url("/b")}, {server.url("/a")}});
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].body, "B");
  EXPECT_EQ(responses[1].body, "A");
}

// A stop abandons what is outstanding: every request is still handed over
// once, those cut off as cancelled.
TEST(FetchEach, CancelAnswersTheRestAsCancelled) {
  TestServer server;
  std::atomic<bool> cancel{false};
  server.http().Get(R"(/slow/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    cancel = true;  // the first request to arrive stops the batch
    for (int i = 0; i < 100 && server.http().is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    r.set_content("late", "text/plain");
  });
  server.start();
  HttpClient client(local_options());
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 10; ++i) requests.push_back({server.url("/slow/" + std::to_string(i))});
  int cancelled = 0, handled = 0;
  FetchHooks hooks;
  hooks.cancel = &cancel;
  client.fetch_each(
      requests, 2,
      [&](std::size_t, FetchResponse response) {
        ++handled;
        if (response.error_kind == FetchErrorKind::kCancelled) ++cancelled;
      },
      hooks);
  EXPECT_EQ(handled, 10);
  EXPECT_EQ(cancelled, 10);
}

}  // namespace
}  // namespace akhbar::fetchers
