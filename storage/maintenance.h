// Keeping the store healthy, for `akhbar db check | backup | vacuum` and the
// service's retention pass. Each function works on an open Database and
// never leaves it half-changed: checks only read, the backup copies a
// consistent snapshot while writers go on (SQLite's online backup API), and
// retention runs in short transactions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/database.h"

namespace akhbar::storage {

struct CheckReport {
  std::vector<std::string> problems;  // empty: the store is sound
  std::int64_t articles = 0;
  std::int64_t events = 0;
};

// PRAGMA integrity_check and foreign_key_check, then akhbar's own
// invariants: every article has the event that announced it and every
// article event its article; no URL is both an article's and another's
// alias; the full-text index has exactly one row per article; duplicate_of
// and story_id point at rows that exist; revisions are numbered below the
// article's current one.
Result<CheckReport> check_store(Database& db);

// Copies the database to `path` (a new file; an existing one is replaced)
// while other connections keep reading and writing. Pages are copied in
// steps, so a busy writer is never blocked for long.
Status backup_store(Database& db, const std::string& path);

// VACUUM (rebuilds the file, returning free pages to the file system) and
// a WAL checkpoint that truncates the log.
// Checkpoints the WAL into the database and truncates it to zero bytes. It
// waits at most 100 ms for readers: while one holds an old snapshot the checkpoint stops
// short and says so (SQLite's auto-checkpoints never shrink the file; the
// service runs this hourly so the WAL cannot grow without bound).
Status checkpoint_wal(Database& database);

Status vacuum_store(Database& db);

struct RetentionPolicy {
  // Texts of articles fetched more than this many days ago, and of their
  // earlier revisions, are dropped (title, URLs, dates, hashes and events
  // stay, and so does search on titles); 0 keeps every text.
  std::int64_t full_text_days = 0;
};

struct RetentionResult {
  std::int64_t articles_trimmed = 0;
  std::int64_t revisions_trimmed = 0;
};

// Applies `policy` to what is due, in batches of at most `batch` articles
// per transaction.
Result<RetentionResult> apply_retention(Database& db, const RetentionPolicy& policy,
                                        int batch = 500);

}  // namespace akhbar::storage
