// `akhbar serve` delivering events: SIGKILL in the middle of a delivery and a
// restart lose nothing and re-send the interrupted batch as it was; /events
// resumes from Last-Event-ID.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/dedup_state.h"
#include "tests/child_process.h"
#include "tests/integration_site.h"
#include "tests/notify/webhook_receiver.h"
#include "tests/sqlite_query.h"

namespace akhbar::testing {
namespace {

class ServeDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    serve_integration_site(site_);
    site_.start();
    db_ = dir_.file("serve.db");
    config_ = dir_.file("serve.toml");
    log_ = dir_.file("serve.log");
  }

  std::string config_text(const std::string& hook_url, const std::string& admin_listen) {
    return "database = \"" + db_ +
           "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n" +
           "[admin]\nlisten = \"" + admin_listen + "\"\n[[sources]]\nname = \"rss\"\nurl = \"" +
           site_.url("/rss.xml") + "\"\n[[sinks]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"" +
           hook_url + "\"\nsecret = \"k\"\ntimeout = \"20s\"\nretry_delay = \"1s\"\n";
  }

  std::string log() {
    std::ifstream in(log_);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  TempDir dir_;
  TestServer site_;
  std::string db_, config_, log_;
};

TEST_F(ServeDeliveryTest, SigkillMidDeliveryThenRestartLosesNoEvent) {
  // The first delivery hangs: the daemon is killed while it waits.
  WebhookReceiver receiver({{200, std::chrono::milliseconds(3000)}});
  write_file(config_, config_text(receiver.url(), ""));
  {
    ChildProcess serve({"serve", "--config", config_}, log_);
    ASSERT_TRUE(eventually([&] { return receiver.arrived() >= 1; })) << log();
    serve.signal(SIGKILL);
    ASSERT_EQ(serve.wait_exit(std::chrono::seconds(10)), 128 + SIGKILL);
  }
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM sink_cursors WHERE last_event_id > 0"), 0);
  const auto interrupted = receiver.posts();
  ASSERT_EQ(interrupted.size(), 1u);
  // Events committed before the restart must not join the interrupted batch.
  const auto newest_before = query_int(db_, "SELECT max(id) FROM events");
  {
    auto db = storage::Database::open(db_);
    ASSERT_TRUE(db) << db.error();
    storage::ArticleStore store(**db);
    storage::DedupState dedup;
    storage::NewArticle late;
    late.url = "https://late.example/news/1";
    late.canonical_url = late.url;
    late.site = "late.example";
    late.title = "خبر متأخر";
    late.fetched_at = "2026-11-22T10:00:00Z";
    late.language = "ar";
    late.text = "نص خبر وصل بين توقف الخدمة وعودتها";
    auto stored = store.store_article(late, dedup);
    ASSERT_TRUE(stored) << stored.error();
  }
  ASSERT_GT(query_int(db_, "SELECT max(id) FROM events"), newest_before);
  ChildProcess serve({"serve", "--config", config_}, log_);
  const auto all_delivered = [&] {
    const auto events = query_int(db_, "SELECT count(*) FROM events");
    return events >= 2 &&
           query_int(db_, "SELECT coalesce(max(last_event_id), 0) FROM sink_cursors") ==
               query_int(db_, "SELECT max(id) FROM events");
  };
  ASSERT_TRUE(eventually(all_delivered, std::chrono::seconds(30))) << log();
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();

  // The first delivery after the restart is the interrupted one, whole.
  const auto posts = receiver.posts();
  ASSERT_GE(posts.size(), 2u);
  EXPECT_EQ(posts[1].delivery, interrupted[0].delivery);
  EXPECT_EQ(posts[1].body, interrupted[0].body);
  std::set<std::int64_t> delivered;
  std::map<std::string, std::string> body_of_delivery;
  for (const auto& post : receiver.posts()) {
    EXPECT_TRUE(shell_verifies("k", post)) << post.delivery;
    // A repeat carries the same delivery id and the same events.
    const auto json = nlohmann::json::parse(post.body);
    std::string ids;
    for (const auto& e : json["events"]) {
      ids += std::to_string(e["id"].get<std::int64_t>()) + ",";
      if (post.answered == 200) delivered.insert(e["id"].get<std::int64_t>());
    }
    auto [it, fresh] = body_of_delivery.emplace(post.delivery, ids);
    if (!fresh) {
      EXPECT_EQ(it->second, ids) << post.delivery;
    }
  }
  std::set<std::int64_t> stored;
  for (std::int64_t id = 1; id <= query_int(db_, "SELECT max(id) FROM events"); ++id)
    stored.insert(id);
  EXPECT_EQ(delivered, stored);
}

TEST_F(ServeDeliveryTest, SigtermDuringAHangingDeliveryStopsAndKeepsTheCursor) {
  WebhookReceiver receiver({{200, std::chrono::milliseconds(15000)}});
  write_file(config_, config_text(receiver.url(), ""));
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return receiver.arrived() >= 1; })) << log();
  serve.signal(SIGTERM);
  // Well before the receiver answers: the attempt is abandoned, not awaited.
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(10)), 0) << log();
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM sink_cursors WHERE last_event_id > 0"), 0);
}

TEST_F(ServeDeliveryTest, EventsEndpointResumesFromLastEventId) {
  WebhookReceiver receiver;
  write_file(config_, config_text(receiver.url(), "127.0.0.1:0"));
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM events") >= 2; }))
      << log();
  std::smatch port;
  const std::string text = log();
  ASSERT_TRUE(
      std::regex_search(text, port, std::regex("admin endpoint on http://127.0.0.1:(\\d+)/")))
      << text;
  httplib::Client client("127.0.0.1", std::stoi(port[1]));
  client.set_read_timeout(10, 0);
  std::string got;
  client.Get("/events", {{"Last-Event-ID", "1"}}, [&](const char* data, std::size_t size) {
    got.append(data, size);
    return got.find("\n\n") == std::string::npos;
  });
  ASSERT_EQ(got.substr(0, got.find("data: ")),
            "id: 2\nevent: " + query_text(db_, "SELECT type FROM events WHERE id = 2") + "\n")
      << got;
  const auto data = got.find("data: ");
  ASSERT_NE(data, std::string::npos);
  const auto payload = nlohmann::json::parse(got.substr(data + 6, got.find('\n', data) - data - 6));
  EXPECT_EQ(payload,
            nlohmann::json::parse(query_text(db_, "SELECT payload FROM events WHERE id = 2")));
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

}  // namespace
}  // namespace akhbar::testing
