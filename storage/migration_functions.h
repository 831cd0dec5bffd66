// SQL functions the migrations call to recompute derived columns with the
// current C++ code (so a change of text::fold_for_matching or of the
// fingerprint reaches rows stored before it):
//   akhbar_fold(text)         -> text::fold_for_matching(text)
//   akhbar_content_hash(text) -> dedup::content_hash(text)
//   akhbar_fingerprint(text)  -> dedup::serialize_fingerprint(fingerprint_text(text)), a BLOB
// NULL in gives NULL out. Registered on the connection by migrate().
#pragma once

#include <sqlite3.h>

#include "base/result.h"

namespace akhbar::storage {

Status register_migration_functions(sqlite3* db);

}  // namespace akhbar::storage
