// A store with articles (and so article.new events) for delivery tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/dedup_state.h"
#include "tests/test_support.h"

namespace akhbar::testing {

class NotifyFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("notify.db");
    auto db = storage::Database::open(path_);
    ASSERT_TRUE(db) << db.error();
    db_ = std::move(*db);
    store_ = std::make_unique<storage::ArticleStore>(*db_);
  }

  // Stores an article; returns its article.new event id.
  std::int64_t add_article(const std::string& site, const std::string& language, int n) {
    storage::NewArticle a;
    a.url = "https://" + site + "/news/" + std::to_string(n);
    a.canonical_url = a.url;
    a.site = site;
    a.title = "خبر " + std::to_string(n);
    a.fetched_at = "2026-11-22T10:00:00Z";
    a.language = language;
    a.text = "نص الخبر رقم " + std::to_string(n);
    auto stored = store_->store_article(a, dedup_);
    EXPECT_TRUE(stored) << stored.error();
    return stored ? stored->event_id : 0;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ArticleStore> store_;
  storage::DedupState dedup_;
};

}  // namespace akhbar::testing
