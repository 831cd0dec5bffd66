#include "dedup/content_hash.h"

#include <cstdint>
#include <cstdio>

#include "dedup/hash64.h"
#include "text/normalize.h"

namespace akhbar::dedup {

std::string content_hash(std::string_view text) {
  const std::uint64_t hash = fnv1a64(text::fold_for_matching(text));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace akhbar::dedup
