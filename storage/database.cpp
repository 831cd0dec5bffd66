#include "storage/database.h"

#include <filesystem>
#include <mutex>

#include "storage/sqlite.h"

namespace akhbar::storage {

namespace {

// Process-wide settings, which SQLite takes only before its first use.
// Memory statistics off: with them on, every allocation SQLite makes (some
// 750 per stored article) locks a global mutex to count it, and akhbar reads
// no such counts. SQLITE_MISUSE (something opened a database first) leaves
// SQLite's defaults, which work too.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path,
                                                 const DatabaseOptions& options) {
  if (options.create_parent_directory && !options.read_only) {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return make_error("cannot create directory " + parent.string() + ": " + ec.message());
  }
  configure_sqlite_once();
  sqlite3* raw = nullptr;
  const int flags =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Database> db(new Database(raw, path));
  if (rc != SQLITE_OK) {
    return make_error("cannot open database " + path + ": " +
                      (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  db->busy_timeout_ms_ = options.busy_timeout_ms;
  sqlite3_extended_result_codes(raw, 1);
  // The writer keeps 32 MiB of pages cached (SQLite's default is 2 MiB): an
  // article touches a dozen B-trees, and with the small cache their inner
  // pages were read back from the OS on every insert (bench/ingest, 20,000
  // articles: 17 % less CPU time). It checkpoints the WAL every 8,192 pages
  // (32 MiB at 4 KiB a page) rather than SQLite's 1,000: index pages that
  // many commits touch are copied into the database once per checkpoint,
  // and each checkpoint is a sync, so fewer of them is less writing and
  // less waiting. Temporary storage is in memory: each article is stored
  // inside its own savepoint, whose journal (the pages as they were before
  // the article, some 25 of them) SQLite otherwise spills to a temporary
  // file past 64 KiB; that file took two thirds of the bytes the writer
  // wrote (bench/ingest, 30,000 articles: 3.6 GB written before, 1.2 GB
  // after, 24 % more articles a second). VACUUM, which builds a copy of the
  // whole database in temporary storage, switches back to files first
  // (vacuum_store).
  const char* pragmas = options.read_only
                            ? "PRAGMA foreign_keys = ON;"
                            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              "PRAGMA cache_size = -32768; PRAGMA foreign_keys = ON;"
                              "PRAGMA wal_autocheckpoint = 8192; PRAGMA temp_store = MEMORY;";
  // Switching a new file to WAL needs a moment of exclusive access, which the
  // busy handler does not wait for: retry while another process holds it.
  Status set = exec(raw, pragmas);
  for (int waited_ms = 0;
       !set && waited_ms < options.busy_timeout_ms && (sqlite3_errcode(raw) & 0xFF) == SQLITE_BUSY;
       waited_ms += 20) {
    sqlite3_sleep(20);
    set = exec(raw, pragmas);
  }
  if (!set) return make_error("cannot configure database " + path + ": " + set.error());
  if (!options.read_only) {
    if (Status migrated = migrate(raw); !migrated) {
      return make_error("database " + path + ": " + migrated.error());
    }
  } else if (db->schema_version() != current_schema_version()) {
    return make_error("database " + path + " has schema version " +
                      std::to_string(db->schema_version()) + ", expected " +
                      std::to_string(current_schema_version()));
  }
  return db;
}

Database::~Database() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

sqlite3_stmt* Database::acquire_cached(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return nullptr;
    }
    it = cache_.emplace(std::string(sql), CachedStatement{stmt, false}).first;
  }
  if (it->second.in_use) return nullptr;
  it->second.in_use = true;
  return it->second.stmt;
}

void Database::release_cached(sqlite3_stmt* stmt) {
  // Few statements are cached (those of the store's hot paths): a scan is
  // cheaper than a second map.
  for (auto& [sql, cached] : cache_) {
    if (cached.stmt == stmt) {
      cached.in_use = false;
      return;
    }
  }
}

int Database::schema_version() const {
  Statement query(db_, "PRAGMA user_version");
  auto row = query.step();
  return row && *row ? static_cast<int>(query.column_int(0)) : -1;
}

}  // namespace akhbar::storage
