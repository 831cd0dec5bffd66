#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/sqlite.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

using akhbar::testing::TempDir;

int user_version(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  int version = -1;
  {
    Statement q(db, "PRAGMA user_version");
    auto row = q.step();
    if (row && *row) version = static_cast<int>(q.column_int(0));
  }
  sqlite3_close_v2(db);
  return version;
}

bool has_table(sqlite3* db, const std::string& name) {
  Statement q(db, "SELECT 1 FROM sqlite_master WHERE name = ?1");
  q.bind(1, name);
  auto row = q.step();
  return row && *row;
}

// Writes a "version 0" file: a valid SQLite database that akhbar never touched.
void make_v0_database(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(exec(db,
                   "CREATE TABLE operator_notes (note TEXT); "
                   "INSERT INTO operator_notes VALUES ('kept');")
                  .ok());
  sqlite3_close_v2(db);
}

TEST(Migrations, UpgradesAVersionZeroDatabaseAndReopens) {
  TempDir dir;
  const std::string path = dir.file("akhbar.db");
  make_v0_database(path);
  ASSERT_EQ(user_version(path), 0);
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ((*db)->schema_version(), current_schema_version());
    for (const char* table : {"sources", "articles", "article_urls", "events", "articles_fts"}) {
      EXPECT_TRUE(has_table((*db)->handle(), table)) << table;
    }
    EXPECT_TRUE(has_table((*db)->handle(), "operator_notes"));  // untouched
    ASSERT_TRUE(exec((*db)->handle(),
                     "INSERT INTO sources (name, url, kind, interval_seconds, created_at) "
                     "VALUES ('s', 'http://x.example/', 'feed', 60, '2026-01-01T00:00:00Z')")
                    .ok());
  }
  EXPECT_EQ(user_version(path), current_schema_version());
  auto reopened = Database::open(path);
  ASSERT_TRUE(reopened) << reopened.error();
  Statement q((*reopened)->handle(), "SELECT count(*) FROM sources");
  ASSERT_TRUE(q.step().value());
  EXPECT_EQ(q.column_int(0), 1);  // migrations did not run twice or wipe data
}

TEST(Migrations, TurnsOnWalAndForeignKeys) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db) << db.error();
  Statement journal((*db)->handle(), "PRAGMA journal_mode");
  ASSERT_TRUE(journal.step().value());
  EXPECT_EQ(journal.column_text(0), "wal");
  Statement fk((*db)->handle(), "PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step().value());
  EXPECT_EQ(fk.column_int(0), 1);
}

TEST(Migrations, RefusesADatabaseFromANewerVersion) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  {
    sqlite3* raw = nullptr;
    sqlite3_open(path.c_str(), &raw);
    ASSERT_TRUE(exec(raw, "PRAGMA user_version = 999").ok());
    sqlite3_close_v2(raw);
  }
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("newer"), std::string::npos) << db.error();
  EXPECT_EQ(user_version(path), 999);
}

TEST(Migrations, AFailedMigrationLeavesTheFileAsItWas) {
  TempDir dir;
  const std::string path = dir.file("conflict.db");
  {
    sqlite3* raw = nullptr;
    sqlite3_open(path.c_str(), &raw);
    // A table in the way of migration 1.
    ASSERT_TRUE(exec(raw, "CREATE TABLE articles (x); INSERT INTO articles VALUES (1);").ok());
    sqlite3_close_v2(raw);
  }
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("migration to schema version 1 failed"), std::string::npos)
      << db.error();
  EXPECT_EQ(user_version(path), 0);
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  EXPECT_FALSE(has_table(raw, "sources"));  // rolled back whole
  sqlite3_close_v2(raw);
}

TEST(Migrations, ConcurrentFirstOpensAllSucceed) {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  std::vector<std::thread> openers;
  std::vector<std::string> errors(6);
  for (size_t i = 0; i < errors.size(); ++i) {
    openers.emplace_back([&, i] {
      auto db = Database::open(path);
      if (!db) errors[i] = db.error();
    });
  }
  for (auto& t : openers) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(user_version(path), current_schema_version());
}

TEST(Migrations, ReportsAnUnopenablePath) {
  auto db = Database::open("/proc/akhbar-cannot-exist/x.db");
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("/proc/akhbar-cannot-exist"), std::string::npos) << db.error();
}

TEST(Migrations, RejectsAFileThatIsNotADatabase) {
  TempDir dir;
  const std::string path = dir.file("garbage.db");
  akhbar::testing::write_file(path, std::string(8192, 'x'));
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("garbage.db"), std::string::npos) << db.error();
}

}  // namespace
}  // namespace akhbar::storage

namespace akhbar::storage {
namespace {

// Writes a database at schema `version` holding what `statements` insert,
// each statement run in its own transaction.
void make_database_at(const std::string& path, int version,
                      const std::vector<std::string>& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(migrate(db, version).ok());
  for (const std::string& sql : statements) {
    const Status ran = exec(db, sql);
    EXPECT_TRUE(ran) << ran.error();
  }
  sqlite3_close_v2(db);
  ASSERT_EQ(user_version(path), version);
}

TEST(Migrations, UpgradesAVersionOneDatabaseKeepingItsData) {
  testing::TempDir dir;
  const std::string path = dir.file("v1.db");
  make_database_at(path, 1,
                   {"INSERT INTO sources (id, name, url, kind, interval_seconds, created_at) "
                    "VALUES (1, 'wire', 'http://x.example/f', 'feed', 60, '2026-01-01T00:00:00Z');"
                    "INSERT INTO articles (id, source_id, url, canonical_url, site, title, "
                    "fetched_at, text, content_hash) VALUES (7, 1, 'http://x.example/a', "
                    "'http://x.example/a', 'x.example', 'عنوان', '2026-01-02T00:00:00Z', "
                    "'نص الخبر', '0123456789abcdef');"
                    "INSERT INTO events (type, article_id, created_at, payload) VALUES "
                    "('article.new', 7, '2026-01-02T00:00:00Z', '{}');"});
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ((*db)->schema_version(), current_schema_version());
  for (const char* table : {"article_revisions", "stories", "sink_cursors", "dead_letters"}) {
    EXPECT_TRUE(has_table((*db)->handle(), table)) << table;
  }
  Statement q((*db)->handle(),
              "SELECT source, title, is_duplicate, revision, story_id IS NULL, text "
              "FROM v_articles WHERE id = 7");
  ASSERT_TRUE(q.step().value());
  EXPECT_EQ(q.column_text(0), "wire");
  EXPECT_EQ(q.column_text(1), "عنوان");
  EXPECT_EQ(q.column_int(2), 0);
  EXPECT_EQ(q.column_int(3), 1);
  EXPECT_EQ(q.column_int(4), 1);
  EXPECT_EQ(q.column_text(5), "نص الخبر");
  Statement events((*db)->handle(), "SELECT count(*) FROM events WHERE article_id = 7");
  ASSERT_TRUE(events.step().value());
  EXPECT_EQ(events.column_int(0), 1);
}

TEST(Migrations, VersionFiveAddsTheInFlightMarkAndKeepsCursors) {
  testing::TempDir dir;
  const std::string path = dir.file("v4.db");
  make_database_at(path, 4,
                   {"INSERT INTO sink_cursors (sink, last_event_id, updated_at) VALUES "
                    "('hook', 41, '2026-11-22T10:00:00Z');"});
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ((*db)->schema_version(), current_schema_version());
  Statement q((*db)->handle(),
              "SELECT last_event_id, updated_at, in_flight_through IS NULL FROM sink_cursors "
              "WHERE sink = 'hook'");
  ASSERT_TRUE(q.step().value());
  EXPECT_EQ(q.column_int(0), 41);
  EXPECT_EQ(q.column_text(1), "2026-11-22T10:00:00Z");
  EXPECT_EQ(q.column_int(2), 1);
}

TEST(Migrations, VersionSixMergesSearchSegmentsSixteenAtATimeAndKeepsTheIndex) {
  testing::TempDir dir;
  const std::string path = dir.file("v5.db");
  // Rows written in separate transactions, so the index has several segments.
  std::vector<std::string> rows;
  for (int id = 1; id <= 6; ++id) {
    rows.push_back("INSERT INTO articles_fts (rowid, title, body) VALUES (" + std::to_string(id) +
                   ", 'عنوان', 'طالبان طاجيكستان " + std::to_string(id) + "')");
  }
  make_database_at(path, 5, rows);
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ((*db)->schema_version(), current_schema_version());
  Statement config((*db)->handle(), "SELECT v FROM articles_fts_config WHERE k = 'automerge'");
  ASSERT_TRUE(config.step().value());
  EXPECT_EQ(config.column_int(0), 16);
  Statement found((*db)->handle(),
                  "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'طالبان'");
  ASSERT_TRUE(found.step().value());
  EXPECT_EQ(found.column_int(0), 6);
  Statement check((*db)->handle(),
                  "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)");
  const auto checked = check.step();
  EXPECT_TRUE(checked) << checked.error();
}

}  // namespace
}  // namespace akhbar::storage
