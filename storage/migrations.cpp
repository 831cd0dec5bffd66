// Forward-only schema migrations. Migration N takes a database at
// user_version N-1 to N; each runs in its own transaction together with the
// user_version bump, so a failed one leaves the file as it was.
// docs/schema.md documents the resulting schema for consumers.
#include <array>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "storage/migration_functions.h"
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

// Version 2: deduplication and stories (near-duplicate fingerprints,
// duplicate_of, revisions, story ids), event delivery state per sink, and
// the read-only views consumers should prefer to the tables.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN story_id INTEGER;
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN updated_at TEXT;
-- dedup::serialize_fingerprint (MinHash + SimHash); NULL for articles
-- stored before version 2 until they are fingerprinted.
ALTER TABLE articles ADD COLUMN fingerprint BLOB;
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
CREATE INDEX articles_fetched_at ON articles (fetched_at);

-- Earlier texts of articles updated in place (same canonical URL, changed
-- text); the current one stays in articles. text is NULL once the retention
-- policy has dropped it.
CREATE TABLE article_revisions (
  article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  revision     INTEGER NOT NULL,
  title        TEXT NOT NULL,
  text         TEXT,
  content_hash TEXT NOT NULL,
  fetched_at   TEXT NOT NULL,
  replaced_at  TEXT NOT NULL,
  PRIMARY KEY (article_id, revision)
) WITHOUT ROWID;

-- Coverage of one event across articles and outlets; the id is the id of
-- the article that started it.
CREATE TABLE stories (
  id            INTEGER PRIMARY KEY,
  title         TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_last_seen ON stories (last_seen_at);

-- Per notification sink: the last event delivered (at-least-once: events
-- after it are delivered again after a crash).
CREATE TABLE sink_cursors (
  sink          TEXT PRIMARY KEY,
  last_event_id INTEGER NOT NULL DEFAULT 0,
  updated_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Events a sink gave up on after its attempts; `akhbar events --dead` lists
-- them and `akhbar events --retry-dead SINK` queues them again.
CREATE TABLE dead_letters (
  sink       TEXT NOT NULL,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  attempts   INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  failed_at  TEXT NOT NULL,
  PRIMARY KEY (sink, event_id)
) WITHOUT ROWID;

CREATE VIEW v_articles AS
SELECT a.id, a.url, a.canonical_url, a.site, s.name AS source, a.title, a.author,
       a.published_at, a.fetched_at, a.updated_at, a.language, a.story_id,
       a.duplicate_of, a.duplicate_of IS NOT NULL AS is_duplicate, a.revision, a.text
FROM articles a LEFT JOIN sources s ON s.id = a.source_id;

CREATE VIEW v_stories AS
SELECT st.id, st.title, st.first_seen_at, st.last_seen_at, st.article_count,
       (SELECT count(DISTINCT a.site) FROM articles a WHERE a.story_id = st.id) AS outlet_count
FROM stories st;
)sql";

// Version 3: text::fold_for_matching now folds ؤ → و and ئ → ي, so content
// hashes, the search index and fingerprints of stored rows are recomputed
// with the current code (migration_functions.h). This is also the one-off
// pass that fingerprints articles stored before version 2. Rows whose text
// retention already dropped ('' / NULL) keep their hash: it cannot be
// recomputed, and the hash of nothing would match every other such row.
constexpr std::string_view kVersion3 = R"sql(
UPDATE articles SET content_hash = akhbar_content_hash(text), fingerprint = akhbar_fingerprint(text)
  WHERE text != '';
UPDATE article_revisions SET content_hash = akhbar_content_hash(text)
  WHERE text IS NOT NULL AND text != '';
DELETE FROM articles_fts;
INSERT INTO articles_fts (rowid, title, body)
  SELECT id, akhbar_fold(title), akhbar_fold(text) FROM articles;
)sql";

// Version 4: when a stored page was last fetched again because its source
// said the entry changed (ArticleStore::needs_recheck), so that an entry whose
// page turned out unchanged is not fetched again on every poll.
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE articles ADD COLUMN checked_at TEXT;
)sql";

// Version 5: the events a sink's in-flight batch was built from, so that a
// batch interrupted by a restart is rebuilt exactly, under the same delivery
// id, even if newer events arrived meanwhile (notify/dispatcher.cpp).
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE sink_cursors ADD COLUMN in_flight_through INTEGER;
)sql";

// Version 6: the search index merges its segments 16 at a time instead of
// FTS5's default 4. Every batch the writer commits adds a segment; merging
// them four at a time rewrote each indexed word about log4(N) times over the
// life of the index, sixteen at a time about half as often, at the price of
// more segments for a query to read (bench/ingest, 100,000 articles: 9 %
// more articles a second, search p99 unchanged; docs/benchmarks.md). The
// setting lives in the index's own config table, so it holds for any writer.
constexpr std::string_view kVersion6 = R"sql(
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
)sql";

constexpr std::array<std::string_view, 6> kMigrations = {kVersion1, kVersion2, kVersion3,
                                                         kVersion4, kVersion5, kVersion6};

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

Status migrate(sqlite3* db, int target) {
  if (target < 0 || target > current_schema_version()) target = current_schema_version();
  auto version = read_user_version(db);
  if (!version) return make_error(version.error());
  if (*version < target) {
    if (Status registered = register_migration_functions(db); !registered) return registered;
  }
  for (int next = *version + 1; next <= target; ++next) {
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
