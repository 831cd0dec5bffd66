// GET /events on the admin endpoint: Server-Sent Events from the outbox.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "daemon/admin_server.h"

namespace akhbar::daemon {
namespace {

std::vector<storage::EventRow> sample_events() {
  return {{1, "article.new", 1, "t1", R"({"url":"https://a.example/1"})"},
          {2, "article.new", 2, "t2", R"({"url":"https://a.example/2"})"},
          {3, "story.new", std::nullopt, "t3", "{\"lines\":\n1}"}};
}

AdminHooks hooks_with_events() {
  AdminHooks hooks;
  hooks.open_events = []() -> Result<AdminHooks::EventReader> {
    return AdminHooks::EventReader(
        [](std::int64_t after, int limit) -> Result<std::vector<storage::EventRow>> {
          std::vector<storage::EventRow> out;
          for (auto& e : sample_events())
            if (e.id > after && static_cast<int>(out.size()) < limit) out.push_back(e);
          return out;
        });
  };
  return hooks;
}

AdminOptions options(int streams = 4, std::string token = "") {
  AdminOptions o;
  o.port = 0;
  o.token = std::move(token);
  o.max_event_streams = streams;
  o.event_poll = std::chrono::milliseconds(20);
  o.keep_alive = std::chrono::milliseconds(100);
  return o;
}

// Reads the stream until `until` appears in it; returns what was read.
std::string read_until(int port, const httplib::Headers& headers, const std::string& path,
                       const std::string& until) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  std::string got;
  client.Get(path, headers, [&](const char* data, std::size_t size) {
    got.append(data, size);
    return got.find(until) == std::string::npos;
  });
  return got;
}

TEST(EventStreamHttp, ResumesAfterLastEventId) {
  auto admin = AdminServer::start(options(), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  const std::string got =
      read_until((*admin)->port(), {{"Last-Event-ID", "1"}}, "/events", "id: 3\n");
  EXPECT_EQ(got.substr(0, got.find("id: 3")),
            "id: 2\nevent: article.new\ndata: {\"url\":\"https://a.example/2\"}\n\n");
}

TEST(EventStreamHttp, SinceParameterAndMultiLineData) {
  auto admin = AdminServer::start(options(), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  const std::string got = read_until((*admin)->port(), {}, "/events?since=2", "1}\n\n");
  EXPECT_EQ(got, "id: 3\nevent: story.new\ndata: {\"lines\":\ndata: 1}\n\n");
  // Last-Event-ID wins over since.
  const std::string header_wins =
      read_until((*admin)->port(), {{"Last-Event-ID", "2"}}, "/events?since=0", "\n\n");
  EXPECT_EQ(header_wins.substr(0, 6), "id: 3\n");
}

TEST(EventStreamHttp, KeepAliveCommentsWhileIdle) {
  auto admin = AdminServer::start(options(), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  EXPECT_EQ(read_until((*admin)->port(), {}, "/events?since=3", "\n\n"), ": keep-alive\n\n");
}

TEST(EventStreamHttp, BadStartIsABadRequest) {
  auto admin = AdminServer::start(options(), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  httplib::Client client("127.0.0.1", (*admin)->port());
  EXPECT_EQ(client.Get("/events?since=abc")->status, 400);
  EXPECT_EQ(client.Get("/events", {{"Last-Event-ID", "-1"}})->status, 400);
}

TEST(EventStreamHttp, TokenRequired) {
  auto admin = AdminServer::start(options(4, "s3cret"), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  httplib::Client client("127.0.0.1", (*admin)->port());
  EXPECT_EQ(client.Get("/events")->status, 401);
  const std::string got =
      read_until((*admin)->port(), {{"Authorization", "Bearer s3cret"}}, "/events?since=2", "\n\n");
  EXPECT_EQ(got.substr(0, 6), "id: 3\n");
}

TEST(EventStreamHttp, StreamsBeyondTheLimitAreRefusedAndHealthStillAnswers) {
  auto admin = AdminServer::start(options(1), hooks_with_events());
  ASSERT_TRUE(admin) << admin.error();
  const int port = (*admin)->port();
  std::atomic<bool> holding{false}, release{false};
  std::thread first([&] {
    httplib::Client client("127.0.0.1", port);
    client.Get("/events?since=3", httplib::Headers{}, [&](const char*, std::size_t) {
      holding = true;
      return !release.load();
    });
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(client.Get("/events")->status, 503);
  EXPECT_EQ(client.Get("/healthz")->status, 200);
  release = true;
  first.join();
  // The slot is free again once the first stream is gone.
  bool reopened = false;
  for (int i = 0; i < 200 && !reopened; ++i) {
    reopened = read_until(port, {}, "/events?since=2", "\n\n").substr(0, 6) == "id: 3\n";
    if (!reopened) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(reopened);
}

}  // namespace
}  // namespace akhbar::daemon
