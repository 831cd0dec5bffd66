#include "storage/sqlite.h"

#include "storage/database.h"

namespace akhbar::storage {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) { prepare(sql); }

Statement::Statement(Database& db, std::string_view sql) : db_(db.handle()) {
  stmt_ = db.acquire_cached(sql);
  if (stmt_ != nullptr) {
    cache_owner_ = &db;
  } else {
    prepare(sql);  // in use elsewhere, or an error to report
  }
}

void Statement::prepare(std::string_view sql) {
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    prepare_error_ = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

Statement::~Statement() {
  if (cache_owner_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  // A borrowed statement goes back reset: no read transaction left open, no
  // bound text kept alive.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  cache_owner_->release_cached(stmt_);
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  if (stmt_ == nullptr) return make_error("SQL prepare failed: " + prepare_error_);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_error(std::string("SQLite: ") + sqlite3_errmsg(db_));
}

Status Statement::run() {
  auto stepped = step();
  if (!stepped) return make_error(stepped.error());
  while (*stepped) {
    stepped = step();
    if (!stepped) return make_error(stepped.error());
  }
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

std::string Statement::column_blob(int index) const {
  const void* bytes = sqlite3_column_blob(stmt_, index);
  if (bytes == nullptr) return {};
  return std::string(static_cast<const char*>(bytes),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Status exec(sqlite3* db, std::string_view sql) {
  char* message = nullptr;
  const std::string statement(sql);
  if (sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return make_error("SQLite: " + error);
  }
  return {};
}

Transaction::Transaction(sqlite3* db) : db_(db), begun_(exec(db, "BEGIN IMMEDIATE")) {
  open_ = begun_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)exec(db_, "ROLLBACK");
}

Status Transaction::commit() {
  if (!open_) return make_error("commit without an open transaction");
  Status status = exec(db_, "COMMIT");
  if (status.ok()) open_ = false;
  return status;
}

}  // namespace akhbar::storage
