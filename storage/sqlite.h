// Thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed binds/columns, and a scoped transaction. Errors are values that
// carry SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace akhbar::storage {

class Database;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  // Borrows `db`'s cached statement for `sql` (Database::acquire_cached),
  // reset and handed back on destruction; prepares its own when the cached
  // one is in use.
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool valid() const { return stmt_ != nullptr; }
  const std::string& prepare_error() const { return prepare_error_; }

  // Binds are 1-based, as in SQLite. Empty optionals bind NULL.
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_optional(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);

  // Returns true while a row is available; errors become an error Status via done().
  Result<bool> step();
  // Runs to completion, for statements without result rows.
  Status run();
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;  // "" for NULL
  std::string column_blob(int index) const;  // the bytes of a BLOB; "" for NULL
  bool column_is_null(int index) const;

 private:
  void prepare(std::string_view sql);

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  Database* cache_owner_ = nullptr;  // set when stmt_ is borrowed from its cache
  std::string prepare_error_;
};

// Executes one or more statements without results.
Status exec(sqlite3* db, std::string_view sql);

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begin_status() const { return begun_; }
  Status commit();

 private:
  sqlite3* db_;
  Status begun_;
  bool open_ = false;
};

}  // namespace akhbar::storage
