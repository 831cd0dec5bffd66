// The near-duplicate fingerprint of one article text and its storage form.
// The BLOB written by serialize_fingerprint is what the store keeps per
// article (269 bytes); NearDuplicateIndex is rebuilt from those BLOBs at
// start-up without re-reading any text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "dedup/minhash.h"

namespace akhbar::dedup {

struct Fingerprint {
  std::uint32_t shingle_count = 0;  // 0: no text, never a duplicate of anything
  std::uint64_t simhash = 0;
  MinHashSignature minhash{};

  bool operator==(const Fingerprint&) const = default;
};

// Fingerprint of an article's text (folded here with text::fold_for_matching).
Fingerprint fingerprint_text(std::string_view text);

// Fingerprint of text already folded.
Fingerprint fingerprint_folded(std::string_view folded);

// Storage form: version byte 1, shingle_count (u32), simhash (u64), then the
// 128 signature values (u16), all little-endian: 269 bytes.
inline constexpr std::size_t kFingerprintBlobSize = 1 + 4 + 8 + 2 * kMinHashSize;
std::string serialize_fingerprint(const Fingerprint& f);
Result<Fingerprint> deserialize_fingerprint(std::string_view blob);

}  // namespace akhbar::dedup
