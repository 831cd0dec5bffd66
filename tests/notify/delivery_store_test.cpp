#include "storage/delivery_store.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/sink.h"
#include "tests/notify/notify_fixture.h"
#include "tests/sqlite_query.h"

namespace akhbar::testing {
namespace {

using storage::DeliveryStore;

class DeliveryStoreTest : public NotifyFixture {};

TEST_F(DeliveryStoreTest, CursorStartsAtZeroAndPersists) {
  DeliveryStore store(*db_);
  EXPECT_EQ(*store.cursor("hook"), 0);
  ASSERT_TRUE(store.set_cursor("hook", 7));
  ASSERT_TRUE(store.set_cursor("hook", 9));
  EXPECT_EQ(*store.cursor("hook"), 9);
  EXPECT_EQ(*store.cursor("other"), 0);
}

TEST_F(DeliveryStoreTest, InFlightMarkLastsUntilTheCursorMoves) {
  DeliveryStore store(*db_);
  EXPECT_FALSE(store.in_flight("hook").value());
  // A sink never seen gets its row with the mark, its cursor still 0.
  ASSERT_TRUE(store.set_in_flight("hook", 4));
  EXPECT_EQ(*store.cursor("hook"), 0);
  EXPECT_EQ(store.in_flight("hook").value(), std::optional<std::int64_t>(4));
  EXPECT_FALSE(store.in_flight("other").value());
  ASSERT_TRUE(store.set_cursor("hook", 4));
  EXPECT_FALSE(store.in_flight("hook").value());
  ASSERT_TRUE(store.set_in_flight("hook", 9));
  // Dead letters move the cursor too: the batch they end is done with.
  ASSERT_TRUE(store.bury("hook", {}, 3, "HTTP 500", 9));
  EXPECT_EQ(*store.cursor("hook"), 9);
  EXPECT_FALSE(store.in_flight("hook").value());
}

TEST_F(DeliveryStoreTest, EventsAfterJoinTheTextOnlyWhenAsked) {
  const auto first = add_article("a.example", "ar", 1);
  const auto second = add_article("a.example", "ar", 2);
  DeliveryStore store(*db_);
  // Every event in id order (story events come with the articles).
  const auto all = query_int(path_, "SELECT count(*) FROM events");
  auto plain = store.events_after(0, 100, false);
  ASSERT_TRUE(plain) << plain.error();
  ASSERT_EQ(static_cast<std::int64_t>(plain->size()), all);
  for (std::size_t i = 1; i < plain->size(); ++i)
    EXPECT_LT(plain->at(i - 1).event.id, plain->at(i).event.id);
  for (const auto& e : *plain) EXPECT_FALSE(e.text);
  auto after_first = store.events_after(first, 100, false);
  ASSERT_EQ(static_cast<std::int64_t>(after_first->size()),
            query_int(path_, "SELECT count(*) FROM events WHERE id > " + std::to_string(first)));
  EXPECT_GT(after_first->front().event.id, first);
  auto limited = store.events_after(0, 1, false);
  ASSERT_EQ(limited->size(), 1u);
  auto with_text = store.events_after(0, 100, true);
  ASSERT_TRUE(with_text) << with_text.error();
  for (const auto& e : *with_text) {
    if (e.event.id == first) {
      EXPECT_EQ(e.text.value_or(""), "نص الخبر رقم 1");
      EXPECT_NE(notify::event_json(e).find("\"text\":\"نص الخبر رقم 1\""), std::string::npos);
    }
    if (e.event.id == second) {
      EXPECT_EQ(e.text.value_or(""), "نص الخبر رقم 2");
    }
  }
}

TEST_F(DeliveryStoreTest, BuryMovesTheCursorWithTheDeadLettersAndRetryQueuesThem) {
  const auto e1 = add_article("a.example", "ar", 1);
  const auto e2 = add_article("a.example", "ar", 2);
  DeliveryStore store(*db_);
  ASSERT_TRUE(store.bury("hook", {e1, e2}, 5, "HTTP 500", e2));
  EXPECT_EQ(*store.cursor("hook"), e2);
  auto dead = store.dead_letters();
  ASSERT_TRUE(dead) << dead.error();
  ASSERT_EQ(dead->size(), 2u);
  EXPECT_EQ(dead->at(0).sink, "hook");
  EXPECT_EQ(dead->at(0).event_id, e1);
  EXPECT_EQ(dead->at(0).event_type, "article.new");
  EXPECT_EQ(dead->at(0).attempts, 5);
  EXPECT_EQ(dead->at(0).last_error, "HTTP 500");
  EXPECT_TRUE(store.queued_retries("hook", 10, false)->empty());

  EXPECT_EQ(*store.retry_dead("other"), 0);
  EXPECT_EQ(*store.retry_dead("hook"), 2);
  auto queued = store.queued_retries("hook", 10, false);
  ASSERT_EQ(queued->size(), 2u);
  EXPECT_EQ(queued->at(1).event.id, e2);
  ASSERT_TRUE(store.forget("hook", {e1}));
  EXPECT_EQ(store.dead_letters("hook")->size(), 1u);
  // Failing again: the row goes back to dead, the cursor stays where it is.
  ASSERT_TRUE(store.bury("hook", {e2}, 3, "timeout", std::nullopt));
  EXPECT_EQ(store.dead_letters("hook")->at(0).attempts, 3);
  EXPECT_TRUE(store.queued_retries("hook", 10, false)->empty());
  EXPECT_EQ(*store.cursor("hook"), e2);
}

TEST(SinkFilters, SitesLanguagesAndTypes) {
  storage::EventRow event{1, "article.new", 1, "2026-11-22T10:00:00Z",
                          R"({"site":"a.example","language":"ar"})"};
  notify::SinkSpec spec;
  EXPECT_TRUE(notify::passes_filters(spec, event));
  spec.sites = {"b.example", "a.example"};
  EXPECT_TRUE(notify::passes_filters(spec, event));
  spec.languages = {"en"};
  EXPECT_FALSE(notify::passes_filters(spec, event));
  spec.languages = {"ar"};
  spec.event_types = {"story.new"};
  EXPECT_FALSE(notify::passes_filters(spec, event));
  spec.event_types = {"article.new"};
  EXPECT_TRUE(notify::passes_filters(spec, event));
  // No language in the payload: a language filter rejects it.
  event.payload = R"({"site":"a.example","language":null})";
  EXPECT_FALSE(notify::passes_filters(spec, event));
  event.payload = "not json";
  EXPECT_FALSE(notify::passes_filters(spec, event));
}

TEST(SinkBatch, JsonCarriesTheDeliveryIdAndEventsInOrder) {
  notify::DeliveryBatch batch;
  batch.sink = "hook";
  batch.delivery_id = notify::delivery_id("hook", 3, 9);
  EXPECT_EQ(batch.delivery_id, "hook.3-9");
  batch.events.push_back({{3, "article.new", 1, "t", R"({"a":1})"}, std::nullopt});
  batch.events.push_back({{9, "article.new", std::nullopt, "t", R"({"a":2})"}, "x"});
  const auto json = nlohmann::json::parse(notify::batch_json(batch));
  EXPECT_EQ(json["delivery_id"], "hook.3-9");
  EXPECT_EQ(json["sink"], "hook");
  ASSERT_EQ(json["events"].size(), 2u);
  EXPECT_EQ(json["events"][0]["id"], 3);
  EXPECT_EQ(json["events"][1]["article_id"], nullptr);
  EXPECT_EQ(json["events"][1]["payload"]["text"], "x");
  EXPECT_FALSE(json["events"][0]["payload"].contains("text"));
}

}  // namespace
}  // namespace akhbar::testing
