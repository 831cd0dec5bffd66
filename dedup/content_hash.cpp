#include "dedup/content_hash.h"

#include <cstdint>
#include <cstdio>

#include "text/normalize.h"

namespace akhbar::dedup {

std::string content_hash(std::string_view text) {
  // FNV-1a 64 (offset basis and prime from the FNV reference, isthe.com/chongo/tech/comp/fnv).
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text::fold_for_matching(text)) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace akhbar::dedup
