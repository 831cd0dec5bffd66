// One-value queries against a database file, for tests that check what the
// akhbar binary stored. The file is opened read-only for each query, so the
// test never holds a lock the process under test needs.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

#include "storage/sqlite.h"

namespace akhbar::testing {

// The first column of the first row as text; nullopt when the file cannot
// be opened, the query fails, or it returns no row.
inline std::optional<std::string> query_value(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::optional<std::string> value;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    storage::Statement q(db, sql);
    auto row = q.step();
    if (row && *row) value = q.column_text(0);
  }
  sqlite3_close_v2(db);
  return value;
}

// The first value as a number; -1 when there is none.
inline std::int64_t query_int(const std::string& db_path, const std::string& sql) {
  const auto value = query_value(db_path, sql);
  return value && !value->empty() ? std::stoll(*value) : -1;
}

// The first value as text; "" when there is none.
inline std::string query_text(const std::string& db_path, const std::string& sql) {
  return query_value(db_path, sql).value_or("");
}

// Runs `sql` (no results) read-write, for tests that set up a state the
// code under test must meet (e.g. times moved back); false on failure.
inline bool exec_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = false;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    ok = storage::exec(db, sql).ok();
  }
  sqlite3_close_v2(db);
  return ok;
}

}  // namespace akhbar::testing
