#include "storage/maintenance.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "base/time.h"
#include "storage/article_store.h"
#include "storage/sqlite.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

class Maintenance : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("a.db"));
    ASSERT_TRUE(db) << db.error();
    db_ = std::move(*db);
    store_ = std::make_unique<ArticleStore>(*db_);
  }
  std::int64_t add(const std::string& url, const std::string& title, const std::string& text,
                   const std::string& fetched_at = utc_now()) {
    NewArticle a;
    a.url = a.canonical_url = url;
    a.site = "x.example";
    a.title = title;
    a.fetched_at = fetched_at;
    a.text = text;
    auto stored = store_->store_article(a, dedup_);
    EXPECT_TRUE(stored) << stored.error();
    return stored ? stored->article_id : 0;
  }
  std::int64_t scalar(const std::string& sql) {
    Statement q(db_->handle(), sql);
    auto row = q.step();
    return row && *row ? q.column_int(0) : -1;
  }
  std::vector<std::string> problems() {
    auto report = check_store(*db_);
    EXPECT_TRUE(report) << report.error();
    return report ? report->problems : std::vector<std::string>{"no report"};
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ArticleStore> store_;
  DedupState dedup_;
};

TEST_F(Maintenance, ASoundStorePassesTheCheck) {
  add("https://x.example/1", "قمة عربية", "انعقدت القمة العربية في الرياض");
  add("https://x.example/2", "أسعار النفط", "ارتفعت أسعار النفط اليوم");
  auto report = check_store(*db_);
  ASSERT_TRUE(report) << report.error();
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_EQ(report->articles, 2);
  EXPECT_EQ(report->events, 4);  // article.new and story.new each
}

TEST_F(Maintenance, EachBrokenInvariantIsNamedWithItsCount) {
  const auto a = add("https://x.example/1", "قمة", "نص أول");
  const auto b = add("https://x.example/2", "نفط", "نص ثان");
  add("https://x.example/3", "طقس", "نص ثالث");
  ASSERT_TRUE(exec(db_->handle(), "DELETE FROM events WHERE article_id = " + std::to_string(a)));
  ASSERT_TRUE(exec(db_->handle(), "DELETE FROM articles_fts WHERE rowid = " + std::to_string(b)));
  // Article 3's own URL made to point at article 1.
  ASSERT_TRUE(exec(db_->handle(), "UPDATE article_urls SET article_id = " + std::to_string(a) +
                                      " WHERE url = 'https://x.example/3'"));
  const auto found = problems();
  const auto has = [&](const std::string& text) {
    for (const auto& p : found) {
      if (p == text) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("1 articles without an event"));
  EXPECT_TRUE(has("1 articles missing from the full-text index"));
  EXPECT_TRUE(has("1 URLs that are one article's own and another's alias"));
  EXPECT_EQ(found.size(), 3u);
}

TEST_F(Maintenance, BackupIsAConsistentCopyWhileAWriterGoesOn) {
  for (int i = 0; i < 200; ++i) {
    add("https://x.example/" + std::to_string(i), "عنوان " + std::to_string(i),
        "نص الخبر رقم " + std::to_string(i));
  }
  // A second connection keeps writing during the backup.
  std::atomic<bool> done{false};
  std::thread writer([&] {
    auto other = Database::open(dir_.file("a.db"));
    ASSERT_TRUE(other);
    ArticleStore store(**other);
    DedupState dedup;
    for (int i = 0; i < 200 && !done; ++i) {
      NewArticle a;
      a.url = a.canonical_url = "https://y.example/" + std::to_string(i);
      a.site = "y.example";
      a.title = "t";
      a.fetched_at = utc_now();
      a.text = "نص متزامن " + std::to_string(i);
      (void)store.store_article(a, dedup);
    }
  });
  const std::string copy = dir_.file("copy.db");
  const Status backed_up = backup_store(*db_, copy);
  done = true;
  writer.join();
  ASSERT_TRUE(backed_up) << backed_up.error();
  auto restored = Database::open(copy);
  ASSERT_TRUE(restored) << restored.error();
  auto report = check_store(**restored);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_GE(report->articles, 200);
  // A snapshot: each article with its article and story events.
  EXPECT_EQ(2 * report->articles, report->events);
}

TEST_F(Maintenance, BackupToAnUnwritablePathIsAnError) {
  const Status st = backup_store(*db_, dir_.file("no/such/dir/copy.db"));
  EXPECT_FALSE(st);
}

TEST_F(Maintenance, RetentionDropsOldTextsButKeepsTitlesAndEvents) {
  const auto old_id = add("https://x.example/old", "زلزال في المغرب", "ضرب زلزال قوي جبال الأطلس",
                          format_utc(std::time(nullptr) - 40 * 86400));
  const auto new_id = add("https://x.example/new", "مهرجان الفيلم", "افتتح مهرجان الفيلم في قرطاج");
  auto trimmed = apply_retention(*db_, {30}, 1);  // batches of one: the loop is exercised
  ASSERT_TRUE(trimmed) << trimmed.error();
  EXPECT_EQ(trimmed->articles_trimmed, 1);
  EXPECT_EQ(scalar("SELECT length(text) FROM articles WHERE id = " + std::to_string(old_id)), 0);
  EXPECT_GT(scalar("SELECT length(text) FROM articles WHERE id = " + std::to_string(new_id)), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 4);
  // Search still finds the old article by its title, not by its dropped text.
  auto by_title = store_->search("زلزال المغرب", {});
  ASSERT_TRUE(by_title) << by_title.error();
  EXPECT_EQ(by_title->size(), 1u);
  auto by_text = store_->search("جبال الأطلس", {});
  ASSERT_TRUE(by_text) << by_text.error();
  EXPECT_TRUE(by_text->empty());
  EXPECT_TRUE(problems().empty());
  // A second pass has nothing left to do; 0 days keeps everything.
  EXPECT_EQ(apply_retention(*db_, {30})->articles_trimmed, 0);
  EXPECT_EQ(apply_retention(*db_, {0})->articles_trimmed, 0);
}

TEST_F(Maintenance, VacuumKeepsEverything) {
  add("https://x.example/1", "قمة", "نص");
  // The writer keeps savepoint journals in memory (2 = MEMORY); VACUUM's
  // copy of the whole database goes to a file (1 = FILE).
  EXPECT_EQ(scalar("PRAGMA temp_store"), 2);
  ASSERT_TRUE(vacuum_store(*db_));
  EXPECT_EQ(scalar("PRAGMA temp_store"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 1);
  EXPECT_TRUE(problems().empty());
}

TEST_F(Maintenance, ACheckpointEmptiesTheWalUnlessAReaderHoldsAnOldSnapshot) {
  for (int i = 0; i < 20; ++i)
    add("https://x.example/" + std::to_string(i), "قمة", "نص " + std::to_string(i));
  const std::string wal = dir_.file("a.db") + "-wal";
  ASSERT_GT(std::filesystem::file_size(wal), 0u);
  ASSERT_TRUE(checkpoint_wal(*db_));
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);

  // A reader in the middle of a read keeps its snapshot: the checkpoint
  // says so and nothing is lost.
  auto reader = Database::open(dir_.file("a.db"), {.read_only = true});
  ASSERT_TRUE(reader) << reader.error();
  Statement open_read((*reader)->handle(), "SELECT id FROM articles");
  ASSERT_TRUE(*open_read.step());
  add("https://x.example/late", "قمة", "نص متأخر");
  const Status busy = checkpoint_wal(*db_);
  EXPECT_FALSE(busy);
  EXPECT_NE(busy.error().find("older snapshot"), std::string::npos) << busy.error();
  open_read.reset();
  EXPECT_TRUE(checkpoint_wal(*db_));
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 21);
}

}  // namespace
}  // namespace akhbar::storage
