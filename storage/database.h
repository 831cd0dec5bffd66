// Database: one open akhbar SQLite file, with WAL, a busy timeout and foreign
// keys on, migrated to the current schema version (PRAGMA user_version)
// before it is handed out. Opening a file written by a newer akhbar fails
// rather than guess at its schema.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

namespace akhbar::storage {

struct DatabaseOptions {
  int busy_timeout_ms = 5000;
  bool create_parent_directory = true;
  bool read_only = false;  // no migrations; for consumers-style reads
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  int schema_version() const;
  int busy_timeout_ms() const { return busy_timeout_ms_; }

  // The statement cache behind Statement(Database&, sql): the store's hot
  // statements are compiled once per connection, not once per article.
  // acquire_cached() returns nullptr when `sql`'s cached statement is in use
  // (the caller then prepares its own) or does not compile.
  sqlite3_stmt* acquire_cached(std::string_view sql);
  void release_cached(sqlite3_stmt* stmt);

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, CachedStatement> cache_;
  int busy_timeout_ms_ = 0;
};

// The schema version this build writes.
int current_schema_version();

// Brings `db` from its user_version to `target` (by default
// current_schema_version()), one migration per transaction. Exposed for
// tests, which build databases of every earlier version.
Status migrate(sqlite3* db, int target = -1);

}  // namespace akhbar::storage
