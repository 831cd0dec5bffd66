#include "storage/migration_functions.h"

#include <string>
#include <string_view>

#include "dedup/content_hash.h"
#include "dedup/fingerprint.h"
#include "text/normalize.h"

namespace akhbar::storage {

namespace {

std::string_view text_argument(sqlite3_value* value) {
  const auto* bytes = sqlite3_value_text(value);
  if (bytes == nullptr) return {};
  return {reinterpret_cast<const char*>(bytes), static_cast<size_t>(sqlite3_value_bytes(value))};
}

template <std::string (*Compute)(std::string_view), bool kBlob>
void call(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const std::string out = Compute(text_argument(argv[0]));
  if (kBlob) {
    sqlite3_result_blob(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  }
}

std::string fingerprint_blob(std::string_view text) {
  return dedup::serialize_fingerprint(dedup::fingerprint_text(text));
}

}  // namespace

Status register_migration_functions(sqlite3* db) {
  struct Function {
    const char* name;
    void (*call)(sqlite3_context*, int, sqlite3_value**);
  };
  const Function functions[] = {
      {"akhbar_fold", call<&text::fold_for_matching, false>},
      {"akhbar_content_hash", call<&dedup::content_hash, false>},
      {"akhbar_fingerprint", call<&fingerprint_blob, true>},
  };
  for (const auto& f : functions) {
    const int rc = sqlite3_create_function_v2(db, f.name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                              nullptr, f.call, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      return make_error(std::string("cannot register SQL function ") + f.name + ": " +
                        sqlite3_errmsg(db));
    }
  }
  return {};
}

}  // namespace akhbar::storage
