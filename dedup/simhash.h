// 64-bit SimHash (Charikar 2002) of a shingle set: close texts give hashes a
// few bits apart. Kept for every article of the archive (8 bytes) so that a
// copy of an old article is recognised after its MinHash has expired.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace akhbar::dedup {

// Bit k is set when more than half of the shingle hashes have bit k set
// (every shingle weighs 1). 0 for an empty set.
std::uint64_t simhash(const std::vector<std::uint64_t>& shingles);

constexpr int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace akhbar::dedup
