// The dispatcher against real receivers on 127.0.0.1 and real commands.
#include "notify/dispatcher.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/metrics.h"
#include "notify/sink.h"
#include "storage/delivery_store.h"
#include "tests/child_process.h"
#include "tests/notify/notify_fixture.h"
#include "tests/notify/webhook_receiver.h"
#include "tests/sqlite_query.h"

namespace akhbar::testing {
namespace {

using notify::Dispatcher;
using notify::DispatcherOptions;
using notify::SinkSpec;

std::vector<std::int64_t> event_ids(const std::string& body) {
  std::vector<std::int64_t> ids;
  const auto json = nlohmann::json::parse(body);
  for (const auto& e : json["events"]) ids.push_back(e["id"]);
  return ids;
}

std::vector<std::int64_t> accepted_ids(WebhookReceiver& receiver) {
  std::vector<std::int64_t> ids;
  for (const auto& post : receiver.accepted()) {
    for (auto id : event_ids(post.body)) ids.push_back(id);
  }
  return ids;
}

SinkSpec webhook(const std::string& name, const std::string& url) {
  SinkSpec spec;
  spec.name = name;
  spec.kind = "webhook";
  spec.url = url;
  spec.secret = "top secret";
  spec.timeout_ms = 1000;
  spec.retry_delay_seconds = 1;
  spec.max_retry_delay_seconds = 2;
  spec.max_attempts = 10;
  return spec;
}

class DispatcherTest : public NotifyFixture {
 protected:
  DispatcherOptions options(std::vector<SinkSpec> sinks) {
    DispatcherOptions o;
    o.database_path = path_;
    o.sinks = std::move(sinks);
    o.idle_poll = std::chrono::milliseconds(50);
    return o;
  }
  std::int64_t cursor(const std::string& sink) {
    return query_int(
        path_,
        "SELECT coalesce((SELECT last_event_id FROM sink_cursors WHERE sink = '" + sink + "'), 0)");
  }
  // Each stored article also writes a story event: sinks that compare ids
  // below take article.new only, and are done at the newest event.
  std::int64_t last_event() { return query_int(path_, "SELECT max(id) FROM events"); }
  std::vector<std::int64_t> add_articles(int n) {
    std::vector<std::int64_t> ids;
    for (int i = 1; i <= n; ++i) ids.push_back(add_article("a.example", "ar", i));
    return ids;
  }
};

TEST_F(DispatcherTest, WebhookSurvivesFailuresTimeoutAnd500InOrderWithValidSignatures) {
  auto ids = add_articles(5);
  WebhookReceiver receiver({{500, {}}, {200, std::chrono::milliseconds(2500)}, {500, {}}});
  SinkSpec spec = webhook("hook", receiver.url());
  spec.batch_size = 2;
  spec.event_types = {"article.new"};
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(
        eventually([&] { return accepted_ids(receiver).size() >= 5; }, std::chrono::seconds(30)));
    ids.push_back(add_article("a.example", "ar", 6));
    ASSERT_TRUE(
        eventually([&] { return cursor("hook") == last_event(); }, std::chrono::seconds(30)));
  }
  EXPECT_EQ(accepted_ids(receiver), ids);
  const auto posts = receiver.posts();
  ASSERT_GE(posts.size(), 7u);  // 3 failed attempts, then 3 batches
  // The failed attempts and the accepted retry are one batch: one delivery id.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(posts[i].delivery, notify::delivery_id("hook", ids[0], ids[1])) << i;
    EXPECT_EQ(event_ids(posts[i].body), (std::vector<std::int64_t>{ids[0], ids[1]}));
  }
  EXPECT_EQ(posts[0].answered, 500);
  EXPECT_EQ(posts[1].answered, 0);  // hung past the timeout
  EXPECT_EQ(posts[3].answered, 200);
  for (const auto& post : receiver.accepted()) {
    EXPECT_TRUE(shell_verifies("top secret", post)) << post.delivery;
    EXPECT_FALSE(shell_verifies("wrong secret", post));
    EXPECT_EQ(post.event_type, "article.new");
    EXPECT_EQ(post.event_types, "article.new");
    EXPECT_EQ(nlohmann::json::parse(post.body)["delivery_id"], post.delivery);
  }
  EXPECT_EQ(receiver.accepted()[1].delivery,
            "hook." + std::to_string(ids[2]) + "-" + std::to_string(ids[3]));
  EXPECT_EQ(query_int(path_, "SELECT count(*) FROM dead_letters"), 0);
}

TEST_F(DispatcherTest, FiltersAndIncludeTextPerSink) {
  add_article("a.example", "ar", 1);
  const auto e2 = add_article("b.example", "ar", 2);
  const auto e3 = add_article("b.example", "en", 3);
  const auto e4 = add_article("a.example", "en", 4);
  const auto last = last_event();
  WebhookReceiver by_site, by_language;
  SinkSpec site = webhook("site", by_site.url());
  site.sites = {"b.example"};
  site.include_text = true;
  site.event_types = {"article.new"};
  SinkSpec language = webhook("language", by_language.url());
  language.languages = {"en"};
  language.event_types = {"article.new"};
  {
    Dispatcher dispatcher(options({site, language}));
    ASSERT_TRUE(eventually([&] { return cursor("site") == last && cursor("language") == last; }));
  }
  EXPECT_EQ(accepted_ids(by_site), (std::vector<std::int64_t>{e2, e3}));
  EXPECT_EQ(accepted_ids(by_language), (std::vector<std::int64_t>{e3, e4}));
  const auto body = nlohmann::json::parse(by_site.accepted().at(0).body);
  EXPECT_EQ(body["events"][0]["payload"]["text"], "نص الخبر رقم 2");
  const auto plain = nlohmann::json::parse(by_language.accepted().at(0).body);
  EXPECT_FALSE(plain["events"][0]["payload"].contains("text"));
}

TEST_F(DispatcherTest, LanguageFilterPassesStoryEventsOfThatLanguageOnly) {
  // Each article event is followed by its story event.
  const auto ar1 = add_article("a.example", "ar", 1) + 1;
  const auto en = add_article("b.example", "en", 2) + 1;
  const auto ar2 = add_article("c.example", "ar", 3) + 1;
  for (auto id : {ar1, en, ar2}) {
    EXPECT_EQ(
        query_text(path_, "SELECT type FROM events WHERE id = " + std::to_string(id)).substr(0, 6),
        "story.")
        << id;
  }
  const auto last = last_event();
  WebhookReceiver receiver;
  SinkSpec spec = webhook("stories", receiver.url());
  spec.languages = {"ar"};
  spec.event_types = {"story.new", "story.updated"};
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(eventually([&] { return cursor("stories") == last; }));
  }
  EXPECT_EQ(accepted_ids(receiver), (std::vector<std::int64_t>{ar1, ar2}));
  for (const auto& post : receiver.accepted()) {
    // Named: a range-for over a member of a temporary would outlive it.
    const nlohmann::json body = nlohmann::json::parse(post.body);
    for (const auto& e : body["events"]) EXPECT_EQ(e["payload"]["language"], "ar");
  }
  EXPECT_EQ(query_text(path_, "SELECT json_extract(payload, '$.language') FROM events WHERE id = " +
                                  std::to_string(en)),
            "en");
}

TEST_F(DispatcherTest, ABatchInterruptedByARestartIsResentWholeUnderItsIdDespiteNewerEvents) {
  const auto first = add_article("a.example", "ar", 1);
  const auto first_batch_end = last_event();
  WebhookReceiver receiver(std::deque<WebhookReceiver::Step>{{500, {}}});
  SinkSpec spec = webhook("hook", receiver.url());
  // No retry before the stop: the next attempt is the one after the restart.
  spec.retry_delay_seconds = 60;
  spec.max_retry_delay_seconds = 60;
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(eventually([&] { return receiver.arrived() == 1; }));
  }
  const auto interrupted = receiver.posts().at(0);
  EXPECT_EQ(interrupted.answered, 500);
  EXPECT_EQ(interrupted.delivery, notify::delivery_id("hook", first, first_batch_end));
  EXPECT_EQ(cursor("hook"), 0);
  EXPECT_EQ(query_int(path_, "SELECT in_flight_through FROM sink_cursors WHERE sink = 'hook'"),
            first_batch_end);
  // Committed while no dispatcher runs; a batch read afresh would take them in.
  add_article("a.example", "ar", 2);
  add_article("a.example", "ar", 3);
  const auto last = last_event();
  ASSERT_GT(last, first_batch_end);
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(eventually([&] { return cursor("hook") == last; }));
  }
  const auto posts = receiver.posts();
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[1].delivery, interrupted.delivery);
  EXPECT_EQ(posts[1].body, interrupted.body);
  EXPECT_EQ(posts[1].answered, 200);
  EXPECT_EQ(posts[2].delivery, notify::delivery_id("hook", first_batch_end + 1, last));
  std::vector<std::int64_t> all;
  for (std::int64_t id = first; id <= last; ++id) all.push_back(id);
  EXPECT_EQ(accepted_ids(receiver), all);
  EXPECT_EQ(query_int(path_, "SELECT count(*) FROM sink_cursors WHERE in_flight_through IS NULL"),
            1);
}

TEST_F(DispatcherTest, AStuckSinkOnlyGrowsItsOwnBacklogWhileArticlesKeepCommitting) {
  add_article("a.example", "ar", 1);
  // Every attempt hangs past the sink's timeout; 50 of them outlast the test.
  WebhookReceiver stuck_receiver(std::deque<WebhookReceiver::Step>(
      50, WebhookReceiver::Step{200, std::chrono::milliseconds(1500)}));
  WebhookReceiver healthy_receiver;
  SinkSpec stuck = webhook("stuck", stuck_receiver.url());
  stuck.timeout_ms = 500;
  stuck.max_attempts = 1000;
  SinkSpec healthy = webhook("healthy", healthy_receiver.url());
  const auto backlog_line = [&] {
    daemon::MetricsSnapshot snapshot;
    snapshot.store = store_->counts().value();
    snapshot.sinks = {{"stuck", cursor("stuck"), 0}};
    const std::string text = daemon::render_prometheus(snapshot);
    const auto at = text.find("akhbar_sink_backlog{sink=\"stuck\"} ");
    return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
  };
  Dispatcher dispatcher(options({stuck, healthy}));
  ASSERT_TRUE(eventually([&] { return stuck_receiver.arrived() >= 1; }));
  const auto backlog_before = last_event();
  EXPECT_EQ(backlog_line(),
            "akhbar_sink_backlog{sink=\"stuck\"} " + std::to_string(backlog_before));
  for (int n = 2; n <= 21; ++n) {
    const auto before = last_event();
    // Committed: another connection sees it.
    EXPECT_GT(add_article("b.example", "ar", n), before);
    EXPECT_GT(last_event(), before);
  }
  const auto last = last_event();
  EXPECT_EQ(last, backlog_before + 40);  // an article event and a story event each
  EXPECT_EQ(cursor("stuck"), 0);
  EXPECT_TRUE(stuck_receiver.accepted().empty());
  EXPECT_EQ(backlog_line(), "akhbar_sink_backlog{sink=\"stuck\"} " + std::to_string(last));
  // The other sink goes on.
  EXPECT_TRUE(eventually([&] { return cursor("healthy") == last; }));
  EXPECT_EQ(cursor("stuck"), 0);
}

TEST_F(DispatcherTest, GivesUpIntoDeadLettersThenRedeliversThemOnRetry) {
  const auto ids = add_articles(3);
  const auto last = last_event();
  WebhookReceiver receiver({{500, {}}, {503, {}}});
  SinkSpec spec = webhook("hook", receiver.url());
  spec.max_attempts = 2;
  spec.event_types = {"article.new"};
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(eventually([&] { return cursor("hook") == last; }));
  }
  EXPECT_TRUE(receiver.accepted().empty());
  // The operator's view, through the CLI.
  const std::string config = dir_.file("akhbar.toml");
  write_file(config, "database = \"" + path_ +
                         "\"\n[[sinks]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"" +
                         receiver.url() + "\"\n");
  const auto dead = run_akhbar({"events", "--dead", "--json", "--config", config});
  ASSERT_EQ(dead.exit_code, 0) << dead.err;
  const auto letters = nlohmann::json::parse(dead.out);
  ASSERT_EQ(letters.size(), 3u);
  EXPECT_EQ(letters[0]["sink"], "hook");
  EXPECT_EQ(letters[0]["event_id"], ids[0]);
  EXPECT_EQ(letters[2]["event_id"], ids[2]);
  EXPECT_EQ(letters[0]["attempts"], 2);
  EXPECT_EQ(letters[0]["last_error"], "HTTP 503");
  const auto table = run_akhbar({"events", "--dead", "--config", config});
  EXPECT_NE(table.out.find("HTTP 503"), std::string::npos) << table.out;

  const auto retry = run_akhbar({"events", "--retry-dead", "hook", "--config", config});
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_EQ(retry.out, "queued 3 dead letters of sink hook for delivery\n");
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(
        eventually([&] { return query_int(path_, "SELECT count(*) FROM dead_letters") == 0; }));
  }
  EXPECT_EQ(accepted_ids(receiver), ids);
  EXPECT_EQ(cursor("hook"), last);
}

TEST_F(DispatcherTest, ExecSinkRetriesAFailingCommandAndBuriesAHangingOne) {
  const auto ids = add_articles(3);
  const auto last = last_event();
  // Fails its first run, then keeps every batch it is given.
  write_file(dir_.file("flaky.sh"),
             "n=$(cat \"$1/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$1/count\"\n"
             "cat > \"$1/batch.$n\"; echo \"run $n\"; [ $n -ge 2 ]\n");
  SinkSpec flaky;
  flaky.name = "flaky";
  flaky.kind = "exec";
  flaky.command = {"sh", dir_.file("flaky.sh"), dir_.path().string()};
  flaky.retry_delay_seconds = 1;
  flaky.event_types = {"article.new"};
  SinkSpec hang = flaky;
  hang.name = "hang";
  hang.command = {"sleep", "60"};
  hang.timeout_ms = 300;
  hang.max_attempts = 1;
  {
    Dispatcher dispatcher(options({flaky, hang}));
    ASSERT_TRUE(eventually([&] { return cursor("flaky") == last && cursor("hang") == last; }));
  }
  std::ifstream in(dir_.file("batch.2"));
  std::ostringstream body;
  body << in.rdbuf();
  EXPECT_EQ(event_ids(body.str()), ids);
  EXPECT_EQ(query_int(path_, "SELECT count(*) FROM dead_letters WHERE sink = 'flaky'"), 0);
  EXPECT_EQ(query_int(path_, "SELECT count(*) FROM dead_letters WHERE sink = 'hang'"), 3);
  EXPECT_EQ(query_text(path_, "SELECT last_error FROM dead_letters WHERE sink = 'hang' LIMIT 1"),
            "timed out after 300 ms");
}

TEST_F(DispatcherTest, StoppingMidDeliveryLeavesTheCursorForTheRetry) {
  add_article("a.example", "ar", 1);
  WebhookReceiver receiver({{200, std::chrono::milliseconds(1500)}});
  SinkSpec spec = webhook("hook", receiver.url());
  spec.timeout_ms = 10'000;
  {
    Dispatcher dispatcher(options({spec}));
    ASSERT_TRUE(eventually([&] { return receiver.arrived() == 1; }));
  }
  EXPECT_EQ(cursor("hook"), 0);
}

}  // namespace
}  // namespace akhbar::testing
