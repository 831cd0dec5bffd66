#include "dedup/content_hash.h"

#include <cstdint>
#include <cstdio>

#include "dedup/hash64.h"
#include "text/normalize.h"

namespace akhbar::dedup {

std::string content_hash(std::string_view text) {
  return content_hash_of_folded(text::fold_for_matching(text));
}

std::string content_hash_of_folded(std::string_view folded) {
  const std::uint64_t hash = fnv1a64(folded);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace akhbar::dedup
