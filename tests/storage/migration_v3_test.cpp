// Migration 3: content hashes, search index and fingerprints recomputed with
// the current folding (ؤ → و, ئ → ي), from version 1 and version 2 files
// with data in them.
#include <gtest/gtest.h>

#include "dedup/content_hash.h"
#include "dedup/fingerprint.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/sqlite.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

// ؤ in مسؤول and ئ in رئيس: folded differently before version 3.
const std::string kText =
    "قال مسؤول في الحكومة إن رئيس الوزراء سيزور المدينة غدا لافتتاح مشروع المياه الجديد "
    "الذي تأخر تنفيذه أكثر من عامين بسبب نقص التمويل.";

// A database at `version` holding one article as an older akhbar wrote it:
// a stale hash and a search row folded without ؤ → و / ئ → ي.
void make_database(const std::string& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(migrate(db, version).ok());
  ASSERT_TRUE(exec(db,
                   "INSERT INTO articles (id, url, canonical_url, site, title, fetched_at, text, "
                   "content_hash) VALUES (7, 'http://a.example/1', 'http://a.example/1', "
                   "'a.example', 'رئيس الوزراء', '2026-11-20T10:00:00Z', '" +
                       kText +
                       "', 'stale');"
                       "INSERT INTO articles_fts (rowid, title, body) VALUES (7, 'رئيس الوزراء', "
                       "'مسؤول رئيس');"
                       // An old article whose text retention dropped: its hash stays.
                       "INSERT INTO articles (id, url, canonical_url, site, title, fetched_at, "
                       "text, content_hash) VALUES (8, 'http://a.example/old', "
                       "'http://a.example/old', 'a.example', 'قديم', '2025-01-01T00:00:00Z', '', "
                       "'0123456789abcdef');"
                       "INSERT INTO articles_fts (rowid, title, body) VALUES (8, 'قديم', '');")
                  .ok());
  sqlite3_close_v2(db);
}

class MigrationV3 : public ::testing::TestWithParam<int> {};

TEST_P(MigrationV3, RecomputesHashesSearchAndFingerprints) {
  akhbar::testing::TempDir dir;
  const std::string path = dir.file("old.db");
  make_database(path, GetParam());
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ((*db)->schema_version(), current_schema_version());  // through 3 and beyond
  Statement q((*db)->handle(), "SELECT content_hash, fingerprint FROM articles WHERE id = 7");
  ASSERT_TRUE(q.step().value());
  EXPECT_EQ(q.column_text(0), dedup::content_hash(kText));
  EXPECT_EQ(q.column_blob(1), dedup::serialize_fingerprint(dedup::fingerprint_text(kText)));
  q.reset();
  Statement trimmed((*db)->handle(),
                    "SELECT content_hash, fingerprint IS NULL FROM articles WHERE id = 8");
  ASSERT_TRUE(trimmed.step().value());
  EXPECT_EQ(trimmed.column_text(0), "0123456789abcdef");
  EXPECT_EQ(trimmed.column_int(1), 1);
  trimmed.reset();

  ArticleStore store(**db);
  // Found by the new folding only (مسوول, رييس), and by its whole text.
  for (const char* query : {"مسؤول", "مسوول", "رئيس", "رييس", "مشروع المياه"}) {
    auto hits = store.search(query, {});
    ASSERT_TRUE(hits) << hits.error();
    ASSERT_EQ(hits->size(), 1u) << query;
    EXPECT_EQ((*hits)[0].article_id, 7);
  }
  // The article stored before fingerprints existed is found as the original
  // of another outlet's copy.
  DedupState dedup;
  auto loaded = store.load_dedup_state(dedup);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->fingerprints, 1);
  NewArticle copy;
  copy.url = copy.canonical_url = "http://b.example/9";
  copy.site = "b.example";
  copy.title = "زيارة";
  copy.fetched_at = "2026-11-20T11:00:00Z";
  copy.text = kText;
  auto stored = store.store_article(copy, dedup);
  ASSERT_TRUE(stored) << stored.error();
  EXPECT_EQ(stored->outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(stored->duplicate_of, 7);
}

INSTANTIATE_TEST_SUITE_P(FromVersions, MigrationV3, ::testing::Values(1, 2));

}  // namespace
}  // namespace akhbar::storage
