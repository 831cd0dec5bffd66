// Forward-only schema migrations. Migration N takes a database at
// user_version N-1 to N; each runs in its own transaction together with the
// user_version bump, so a failed one leaves the file as it was.
// docs/schema.md documents the resulting schema for consumers.
#include <array>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "storage/sqlite.h"

namespace akhbar::storage {

namespace {

constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE sources (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  url                TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap', 'listing')),
  interval_seconds   INTEGER NOT NULL CHECK (interval_seconds > 0),
  enabled            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  etag               TEXT,
  last_modified      TEXT,
  last_attempt_at    TEXT,
  last_success_at    TEXT,
  last_status        INTEGER,
  last_error         TEXT,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  total_errors       INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    TEXT,
  articles_stored    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  url            TEXT NOT NULL UNIQUE,
  canonical_url  TEXT NOT NULL,
  site           TEXT NOT NULL,
  title          TEXT NOT NULL,
  author         TEXT,
  published_at   TEXT,
  fetched_at     TEXT NOT NULL,
  language       TEXT,
  text           TEXT NOT NULL,
  content_hash   TEXT NOT NULL
);
CREATE INDEX articles_canonical_url ON articles (canonical_url);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_source ON articles (source_id);

CREATE TABLE article_urls (
  url        TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  added_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_urls_article ON article_urls (article_id);

CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  type       TEXT NOT NULL,
  article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  payload    TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id);

-- Article URLs found in a source but not stored yet: fetched when due,
-- retried with backoff on failure, deleted when the article is stored.
CREATE TABLE pending_pages (
  url               TEXT PRIMARY KEY,
  source_id         INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  feed_title        TEXT,
  feed_published_at TEXT,
  discovered_at     TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  next_attempt_at   TEXT NOT NULL,
  gave_up           INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX pending_pages_due ON pending_pages (source_id, gave_up, next_attempt_at);

-- Folded (harakat, tatweel and hamza forms removed) title and text, for search.
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kVersion1};

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

namespace {

Result<int> read_user_version(sqlite3* db) {
  Statement query(db, "PRAGMA user_version");
  auto row = query.step();
  if (!row) return make_error("cannot read schema version: " + row.error());
  return static_cast<int>(query.column_int(0));
}

}  // namespace

Status migrate(sqlite3* db) {
  auto version = read_user_version(db);
  if (!version) return make_error(version.error());
  for (int next = *version + 1; next <= current_schema_version(); ++next) {
    Transaction transaction(db);
    if (!transaction.begin_status()) return transaction.begin_status();
    // Another process may have migrated while we waited for the write lock.
    auto now = read_user_version(db);
    if (!now) return make_error(now.error());
    if (*now >= next) {
      next = *now;
      continue;
    }
    if (Status applied = exec(db, kMigrations[static_cast<size_t>(next - 1)]); !applied) {
      return make_error("migration to schema version " + std::to_string(next) +
                        " failed: " + applied.error());
    }
    if (Status bumped = exec(db, "PRAGMA user_version = " + std::to_string(next)); !bumped) {
      return bumped;
    }
    if (Status committed = transaction.commit(); !committed) return committed;
  }
  if (*version > current_schema_version()) {
    return make_error("database schema version " + std::to_string(*version) +
                      " is newer than this akhbar supports (" +
                      std::to_string(current_schema_version()) + "); upgrade akhbar");
  }
  return {};
}

}  // namespace akhbar::storage
