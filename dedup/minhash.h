// MinHash signatures of shingle sets (Broder 1997) in 16-bit form (b-bit
// minwise hashing, Li and König 2010): two signatures agree in a position
// with probability ≈ the Jaccard similarity of the sets. 128 positions, read
// as 32 LSH bands of 4 rows: a pair with Jaccard J shares at least one band
// with probability 1 - (1 - J^4)^32 (0.87 at J = 0.5, 0.994 at J = 0.6).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace akhbar::dedup {

inline constexpr int kMinHashBands = 32;
inline constexpr int kMinHashRows = 4;
inline constexpr int kMinHashSize = kMinHashBands * kMinHashRows;

using MinHashSignature = std::array<std::uint16_t, kMinHashSize>;

// The signature of a set of 64-bit shingle hashes. Deterministic: fixed seeds,
// no dependence on order or platform. An empty set gives all 0xFFFF.
// Computed with AVX2 where the CPU has it.
MinHashSignature minhash(const std::vector<std::uint64_t>& shingles);
// The same signature, one position and one shingle at a time: the
// definition the vectorised path is tested against.
MinHashSignature minhash_reference(const std::vector<std::uint64_t>& shingles);

// Fraction of positions where the signatures agree, corrected for the 2^-16
// chance that two different minima agree in their low 16 bits.
double estimate_jaccard(const MinHashSignature& a, const MinHashSignature& b);

// A 64-bit key for band `band` (0..kMinHashBands-1): equal keys for equal rows.
std::uint64_t band_key(const MinHashSignature& s, int band);

}  // namespace akhbar::dedup
