#include "storage/maintenance.h"

#include <sqlite3.h>

#include <cstdio>
#include <ctime>

#include "base/time.h"
#include "storage/sqlite.h"

namespace akhbar::storage {

namespace {

Result<std::int64_t> count(sqlite3* db, const std::string& sql) {
  Statement q(db, sql);
  auto row = q.step();
  if (!row) return make_error(row.error());
  return *row ? q.column_int(0) : 0;
}

// One invariant: a query counting the rows that break it.
struct Invariant {
  const char* what;
  const char* violations;
};

constexpr Invariant kInvariants[] = {
    {"articles without an event",
     "SELECT count(*) FROM articles a WHERE NOT EXISTS "
     "(SELECT 1 FROM events e WHERE e.article_id = a.id)"},
    {"article events whose article is missing",
     "SELECT count(*) FROM events e WHERE e.type LIKE 'article.%' AND NOT EXISTS "
     "(SELECT 1 FROM articles a WHERE a.id = e.article_id)"},
    {"URLs that are one article's own and another's alias",
     "SELECT count(*) FROM article_urls u JOIN articles a ON a.url = u.url "
     "WHERE a.id != u.article_id"},
    {"articles missing from the full-text index",
     "SELECT count(*) FROM articles a WHERE NOT EXISTS "
     "(SELECT 1 FROM articles_fts f WHERE f.rowid = a.id)"},
    {"full-text rows without their article",
     "SELECT count(*) FROM articles_fts f WHERE NOT EXISTS "
     "(SELECT 1 FROM articles a WHERE a.id = f.rowid)"},
    {"articles in a story that does not exist",
     "SELECT count(*) FROM articles a WHERE a.story_id IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM stories s WHERE s.id = a.story_id)"},
    {"articles marked duplicates of themselves",
     "SELECT count(*) FROM articles WHERE duplicate_of = id"},
    {"revisions not below their article's current one",
     "SELECT count(*) FROM article_revisions r JOIN articles a ON a.id = r.article_id "
     "WHERE r.revision >= a.revision"},
    {"pending pages already stored",
     "SELECT count(*) FROM pending_pages p WHERE EXISTS "
     "(SELECT 1 FROM articles a WHERE a.url = p.url)"},
};

}  // namespace

Result<CheckReport> check_store(Database& database) {
  sqlite3* db = database.handle();
  CheckReport report;
  // Reads only, but in one snapshot so the counts agree with each other.
  if (Status st = exec(db, "BEGIN"); !st) return make_error(st.error());
  {
    Statement integrity(db, "PRAGMA integrity_check");
    for (;;) {
      auto row = integrity.step();
      if (!row) {
        report.problems.push_back("integrity_check failed: " + row.error());
        break;
      }
      if (!*row) break;
      const std::string line = integrity.column_text(0);
      if (line != "ok") report.problems.push_back("integrity_check: " + line);
    }
    Statement foreign(db, "PRAGMA foreign_key_check");
    for (;;) {
      auto row = foreign.step();
      if (!row || !*row) break;
      report.problems.push_back("foreign key broken: table " + foreign.column_text(0) + " rowid " +
                                foreign.column_text(1) + " -> " + foreign.column_text(2));
    }
    for (const Invariant& invariant : kInvariants) {
      auto broken = count(db, invariant.violations);
      if (!broken) {
        report.problems.push_back(std::string("cannot check ") + invariant.what + ": " +
                                  broken.error());
      } else if (*broken > 0) {
        report.problems.push_back(std::to_string(*broken) + " " + invariant.what);
      }
    }
    if (auto n = count(db, "SELECT count(*) FROM articles")) report.articles = *n;
    if (auto n = count(db, "SELECT count(*) FROM events")) report.events = *n;
  }
  (void)exec(db, "COMMIT");
  return report;
}

Status backup_store(Database& database, const std::string& path) {
  std::remove(path.c_str());
  sqlite3* target = nullptr;
  if (sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string why = target ? sqlite3_errmsg(target) : "out of memory";
    sqlite3_close_v2(target);
    return make_error("cannot create " + path + ": " + why);
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", database.handle(), "main");
  if (backup == nullptr) {
    const std::string why = sqlite3_errmsg(target);
    sqlite3_close_v2(target);
    return make_error("cannot start the backup: " + why);
  }
  int rc = SQLITE_OK;
  // 256 pages a step, pausing when a writer holds the lock: the service goes on.
  for (int waits = 0; waits < 6000;) {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) continue;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    ++waits;
    sqlite3_sleep(10);
  }
  sqlite3_backup_finish(backup);
  const std::string why = sqlite3_errmsg(target);
  sqlite3_close_v2(target);
  if (rc != SQLITE_DONE) {
    std::remove(path.c_str());
    return make_error("backup to " + path + " failed: " + why);
  }
  return {};
}

Status checkpoint_wal(Database& database) {
  int wal_frames = 0;
  int checkpointed = 0;
  // A truncating checkpoint waits for readers through the busy handler; the
  // writer must not stall for long on a slow reader, so it waits briefly.
  sqlite3_busy_timeout(database.handle(), 100);
  const int rc = sqlite3_wal_checkpoint_v2(database.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           &wal_frames, &checkpointed);
  sqlite3_busy_timeout(database.handle(), database.busy_timeout_ms());
  if (rc == SQLITE_BUSY) {
    return make_error("WAL checkpoint: a reader holds an older snapshot (" +
                      std::to_string(checkpointed) + " of " + std::to_string(wal_frames) +
                      " frames copied); trying again later");
  }
  if (rc != SQLITE_OK) {
    return make_error(std::string("WAL checkpoint: ") + sqlite3_errmsg(database.handle()));
  }
  return {};
}

Status vacuum_store(Database& database) {
  // The copy VACUUM builds is as large as the database: on disk, not in the
  // memory the writer's temp_store setting would put it in.
  if (Status st = exec(database.handle(), "PRAGMA temp_store = FILE; VACUUM"); !st) return st;
  return exec(database.handle(), "PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<RetentionResult> apply_retention(Database& database, const RetentionPolicy& policy,
                                        int batch) {
  RetentionResult result;
  if (policy.full_text_days <= 0) return result;
  sqlite3* db = database.handle();
  const std::string cutoff = format_utc(std::time(nullptr) - policy.full_text_days * 86400);
  for (;;) {
    Transaction transaction(db);
    if (!transaction.begin_status()) return make_error(transaction.begin_status().error());
    Statement due(db,
                  "SELECT id FROM articles WHERE fetched_at < ?1 AND text != '' ORDER BY id "
                  "LIMIT ?2");
    due.bind(1, cutoff).bind(2, std::int64_t{batch});
    std::vector<std::int64_t> ids;
    for (;;) {
      auto row = due.step();
      if (!row) return make_error(row.error());
      if (!*row) break;
      ids.push_back(due.column_int(0));
    }
    for (std::int64_t id : ids) {
      Statement text(db, "UPDATE articles SET text = '' WHERE id = ?1");
      Statement fts(db, "UPDATE articles_fts SET body = '' WHERE rowid = ?1");
      if (Status st = text.bind(1, id).run(); !st) return make_error(st.error());
      if (Status st = fts.bind(1, id).run(); !st) return make_error(st.error());
    }
    result.articles_trimmed += static_cast<std::int64_t>(ids.size());
    Statement revisions(db,
                        "UPDATE article_revisions SET text = NULL WHERE text IS NOT NULL AND "
                        "fetched_at < ?1");
    revisions.bind(1, cutoff);
    if (Status st = revisions.run(); !st) return make_error(st.error());
    result.revisions_trimmed += sqlite3_changes(db);
    if (Status st = transaction.commit(); !st) return make_error(st.error());
    if (static_cast<int>(ids.size()) < batch) break;
  }
  return result;
}

}  // namespace akhbar::storage
