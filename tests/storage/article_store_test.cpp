#include "storage/article_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/sqlite.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

TEST(AllUrls, EachUrlOnceInOrderWithoutEmptyOnes) {
  NewArticle a;
  a.url = "https://a.example/1";
  a.canonical_url = "https://a.example/1";
  EXPECT_EQ(all_urls(a), std::vector<std::string>{"https://a.example/1"});
  a.aliases = {"https://a.example/old", "", "https://a.example/1", "https://a.example/old"};
  a.canonical_url = "https://a.example/canonical";
  EXPECT_EQ(all_urls(a), (std::vector<std::string>{"https://a.example/old", "https://a.example/1",
                                                   "https://a.example/canonical"}));
  a.canonical_url.clear();
  EXPECT_EQ(all_urls(a),
            (std::vector<std::string>{"https://a.example/old", "https://a.example/1"}));
}

class ArticleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.file("store.db"));
    ASSERT_TRUE(opened) << opened.error();
    db_ = std::move(*opened);
    store_ = std::make_unique<ArticleStore>(*db_);
    ASSERT_TRUE(store_->sync_sources({{"feed-a", "http://a.example/rss", "feed", 600, true}}).ok());
    source_id_ = store_->source_by_name("feed-a").value().id;
  }

  NewArticle article(const std::string& url, const std::string& text) {
    NewArticle a;
    a.source_id = source_id_;
    a.url = url;
    a.canonical_url = url;
    a.site = "a.example";
    a.title = "عنوان " + url;
    a.fetched_at = "2026-11-22T10:00:00Z";
    a.language = "ar";
    a.text = text;
    return a;
  }

  std::int64_t count(const std::string& table) {
    Statement q(db_->handle(), "SELECT count(*) FROM " + table);
    EXPECT_TRUE(q.step().value());
    return q.column_int(0);
  }

  akhbar::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ArticleStore> store_;
  DedupState dedup_;
  std::int64_t source_id_ = 0;
};

TEST_F(ArticleStoreTest, StoresArticleWithItsEventInOneGo) {
  auto stored = store_->store_article(article("http://a.example/1", "نص الخبر الأول"), dedup_);
  ASSERT_TRUE(stored) << stored.error();
  EXPECT_EQ(stored->outcome, StoreOutcome::kInserted);
  EXPECT_GT(stored->event_id, 0);
  auto events = store_->events_after(0, 10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);  // the article and the story it starts
  EXPECT_EQ((*events)[0].type, "article.new");
  EXPECT_EQ((*events)[1].type, "story.new");
  EXPECT_EQ((*events)[0].article_id, stored->article_id);
  const auto payload = nlohmann::json::parse((*events)[0].payload);
  EXPECT_EQ(payload["url"], "http://a.example/1");
  EXPECT_EQ(payload["title"], "عنوان http://a.example/1");
  EXPECT_EQ(payload["source_id"], source_id_);
  EXPECT_EQ(store_->source_by_name("feed-a").value().articles_stored, 1);
}

TEST_F(ArticleStoreTest, KnownUrlOrAliasWithTheSameTextAddsNothing) {
  auto first = article("http://a.example/1", "نص");
  first.aliases = {"http://a.example/amp/1"};
  const auto id = store_->store_article(first, dedup_).value().article_id;

  // Same text up to harakat and punctuation: the same content hash.
  auto again = article("http://a.example/amp/1", "نَصّ.");
  auto stored = store_->store_article(again, dedup_);
  ASSERT_TRUE(stored) << stored.error();
  EXPECT_EQ(stored->outcome, StoreOutcome::kDuplicateUrl);
  EXPECT_EQ(stored->article_id, id);
  EXPECT_EQ(count("articles"), 1);
  EXPECT_EQ(count("events"), 2);  // article.new and story.new of the first
  EXPECT_EQ(store_->find_by_url("http://a.example/amp/1").value(), id);
}

TEST_F(ArticleStoreTest, SameTextUnderAnotherUrlOfTheSameSiteIsAnAlias) {
  const auto id =
      store_->store_article(article("http://a.example/1", "نص واحد"), dedup_).value().article_id;
  auto stored = store_->store_article(article("http://a.example/news/x", "نص واحد"), dedup_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->outcome, StoreOutcome::kDuplicateContent);
  EXPECT_EQ(stored->article_id, id);
  EXPECT_EQ(store_->find_by_url("http://a.example/news/x").value(), id);
  EXPECT_EQ(count("articles"), 1);
  EXPECT_EQ(count("events"), 2);
}

TEST_F(ArticleStoreTest, AFailedInsertLeavesNeitherArticleNorEvent) {
  // A trigger makes the event insert fail after the article insert succeeded.
  ASSERT_TRUE(exec(db_->handle(),
                   "CREATE TRIGGER fail_events BEFORE INSERT ON events "
                   "BEGIN SELECT RAISE(ABORT, 'events unavailable'); END;")
                  .ok());
  auto stored = store_->store_article(article("http://a.example/1", "نص"), dedup_);
  ASSERT_FALSE(stored);
  EXPECT_NE(stored.error().find("events unavailable"), std::string::npos) << stored.error();
  EXPECT_EQ(count("articles"), 0);
  EXPECT_EQ(count("article_urls"), 0);
  EXPECT_EQ(count("articles_fts"), 0);
  EXPECT_EQ(store_->source_by_name("feed-a").value().articles_stored, 0);
}

TEST_F(ArticleStoreTest, SyncSourcesUpdatesKeepsStateAndDisablesRemoved) {
  FetchOutcome ok;
  ok.success = true;
  ok.http_status = 200;
  ok.etag = "\"v1\"";
  ASSERT_TRUE(store_->record_fetch(source_id_, ok).ok());
  FetchOutcome failed;
  failed.http_status = 503;
  failed.error = "fetch failed: HTTP 503";
  failed.next_attempt_at = "2999-01-01T00:00:00Z";
  ASSERT_TRUE(store_->record_fetch(source_id_, failed).ok());
  // Same URL, new interval: the validators and the backoff stay.
  ASSERT_TRUE(store_->sync_sources({{"feed-a", "http://a.example/rss", "feed", 60, true}}).ok());
  EXPECT_EQ(store_->source_by_name("feed-a").value().etag, "\"v1\"");
  EXPECT_EQ(store_->source_by_name("feed-a").value().consecutive_errors, 1);
  EXPECT_EQ(store_->source_by_name("feed-a").value().next_attempt_at, "2999-01-01T00:00:00Z");
  ASSERT_TRUE(store_
                  ->sync_sources({{"feed-a", "http://a.example/new-rss", "feed", 300, true},
                                  {"feed-b", "http://b.example/atom", "feed", 900, true}})
                  .ok());
  auto a = store_->source_by_name("feed-a").value();
  EXPECT_EQ(a.spec.url, "http://a.example/new-rss");
  EXPECT_EQ(a.spec.interval_seconds, 300);
  EXPECT_EQ(a.etag, "");  // validators of the old URL do not carry over to the new one
  // Nor does its backoff: the new URL is due at once.
  EXPECT_EQ(a.consecutive_errors, 0);
  EXPECT_EQ(a.last_error, "");
  EXPECT_EQ(a.next_attempt_at, "");
  EXPECT_EQ(a.total_errors, 1);  // the history stays
  ASSERT_TRUE(store_->sync_sources({{"feed-b", "http://b.example/atom", "feed", 900, true}}).ok());
  EXPECT_FALSE(store_->source_by_name("feed-a").value().spec.enabled);
  EXPECT_EQ(store_->list_sources().value().size(), 2u);
}

TEST_F(ArticleStoreTest, FailuresAreCountedAndASuccessClearsThem) {
  FetchOutcome failed;
  failed.http_status = 503;
  failed.error = "fetch failed: HTTP 503";
  ASSERT_TRUE(store_->record_fetch(source_id_, failed).ok());
  ASSERT_TRUE(store_->record_fetch(source_id_, failed).ok());
  auto row = store_->source_by_name("feed-a").value();
  EXPECT_EQ(row.consecutive_errors, 2);
  EXPECT_EQ(row.total_errors, 2);
  EXPECT_EQ(row.last_status, 503);
  EXPECT_EQ(row.last_error, "fetch failed: HTTP 503");
  FetchOutcome ok;
  ok.success = true;
  ok.http_status = 200;
  ASSERT_TRUE(store_->record_fetch(source_id_, ok).ok());
  row = store_->source_by_name("feed-a").value();
  EXPECT_EQ(row.consecutive_errors, 0);
  EXPECT_EQ(row.total_errors, 2);
  EXPECT_EQ(row.last_error, "");
  EXPECT_FALSE(row.last_success_at.empty());
}

TEST_F(ArticleStoreTest, SearchFindsVowelledAndHamzaVariants) {
  ASSERT_TRUE(store_
                  ->store_article(article("http://a.example/1",
                                          "وصل وفد طالبان إلى طاجيكستان لإجراء محادثات.\n"
                                          "وقال مسؤول إن المحادثات تناولت أمن الحدود."),
                                  dedup_)
                  .ok());
  ASSERT_TRUE(
      store_->store_article(article("http://a.example/2", "ارتفعت أسعار النفط اليوم."), dedup_)
          .ok());
  for (const char* query : {"طالبان طاجيكستان", "طَالِبَان", "طالبـــان", "الي طاجيكستان"}) {
    auto hits = store_->search(query, {});
    ASSERT_TRUE(hits) << hits.error();
    ASSERT_EQ(hits->size(), 1u) << query;
    EXPECT_EQ((*hits)[0].url, "http://a.example/1");
    EXPECT_NE((*hits)[0].snippet.find("طالبان"), std::string::npos);
  }
  EXPECT_EQ(store_->search("اسعار", {}).value().size(), 1u);
  EXPECT_TRUE(store_->search("غزة", {}).value().empty());
}

TEST_F(ArticleStoreTest, PendingPagesAreQueuedOnceRetriedAndLeaveWhenStored) {
  ASSERT_TRUE(store_
                  ->enqueue_pages({{"http://a.example/1", source_id_, "عنوان ١", "", 0},
                                   {"http://a.example/2", source_id_, "عنوان ٢", "", 0}})
                  .ok());
  // Queuing again keeps the existing rows (and their attempt counts).
  ASSERT_TRUE(
      store_->page_failed("http://a.example/2", "HTTP 500", "2000-01-01T00:00:00Z", false).ok());
  ASSERT_TRUE(store_->enqueue_pages({{"http://a.example/2", source_id_, "", "", 0}}).ok());
  auto due = store_->due_pages(source_id_, 10);
  ASSERT_TRUE(due) << due.error();
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[1].url, "http://a.example/2");
  EXPECT_EQ((*due)[1].attempts, 1);
  EXPECT_EQ((*due)[0].feed_title, "عنوان ١");
  EXPECT_EQ(store_->due_pages(source_id_, 1).value().size(), 1u);

  // Not due before its next attempt; never again once given up.
  ASSERT_TRUE(
      store_->page_failed("http://a.example/2", "HTTP 500", "2999-01-01T00:00:00Z", false).ok());
  EXPECT_EQ(store_->due_pages(source_id_, 10).value().size(), 1u);
  ASSERT_TRUE(
      store_->page_failed("http://a.example/1", "no text", "2000-01-01T00:00:00Z", true).ok());
  EXPECT_TRUE(store_->due_pages(source_id_, 10).value().empty());
  EXPECT_EQ(count("pending_pages"), 2);

  // Storing the article takes its URL off the queue in the same transaction.
  auto a = article("http://a.example/2", "نص الخبر");
  ASSERT_TRUE(store_->store_article(a, dedup_).ok());
  EXPECT_EQ(count("pending_pages"), 1);
}

TEST_F(ArticleStoreTest, SearchTreatsQuerySyntaxAsText) {
  ASSERT_TRUE(
      store_->store_article(article("http://a.example/1", "خبر عن NEAR و OR AND"), dedup_).ok());
  auto hits = store_->search("\"OR\" AND (NEAR", {});
  ASSERT_TRUE(hits) << hits.error();
  EXPECT_EQ(hits->size(), 1u);
  EXPECT_FALSE(store_->search("،؟!", {}));  // no words at all: a clear error
}

}  // namespace
}  // namespace akhbar::storage
