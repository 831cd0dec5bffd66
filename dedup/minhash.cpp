#include "dedup/minhash.h"

#include <limits>

#include "dedup/hash64.h"

namespace akhbar::dedup {

namespace {

// Position i hashes shingle x as the high 32 bits of a_i * x + b_i (mod 2^64),
// a_i odd: multiply-shift hashing (Dietzfelbinger et al. 1997) over inputs
// that mix64 has already spread. Seeds come from a fixed SplitMix64 stream.
struct Seeds {
  std::array<std::uint64_t, kMinHashSize> a{};
  std::array<std::uint64_t, kMinHashSize> b{};
  constexpr Seeds() {
    std::uint64_t state = 0x616b68626172ULL;  // "akhbar"
    for (int i = 0; i < kMinHashSize; ++i) {
      a[i] = mix64(state++) | 1;
      b[i] = mix64(state++);
    }
  }
};

constexpr Seeds kSeeds;

}  // namespace

MinHashSignature minhash(const std::vector<std::uint64_t>& shingles) {
  std::array<std::uint32_t, kMinHashSize> mins;
  mins.fill(std::numeric_limits<std::uint32_t>::max());
  for (const std::uint64_t x : shingles) {
    for (int i = 0; i < kMinHashSize; ++i) {
      const auto h = static_cast<std::uint32_t>((kSeeds.a[i] * x + kSeeds.b[i]) >> 32);
      if (h < mins[i]) mins[i] = h;
    }
  }
  // The low bits of a minimum are as uniform as any hash bits; its high bits
  // are mostly zero, so the low 16 are the ones kept.
  MinHashSignature out;
  for (int i = 0; i < kMinHashSize; ++i) out[i] = static_cast<std::uint16_t>(mins[i] & 0xFFFF);
  return out;
}

double estimate_jaccard(const MinHashSignature& a, const MinHashSignature& b) {
  int equal = 0;
  for (int i = 0; i < kMinHashSize; ++i) equal += a[i] == b[i];
  constexpr double kChance = 1.0 / 65536.0;
  const double raw = static_cast<double>(equal) / kMinHashSize;
  const double corrected = (raw - kChance) / (1.0 - kChance);
  return corrected < 0 ? 0.0 : corrected;
}

std::uint64_t band_key(const MinHashSignature& s, int band) {
  std::uint64_t key = 0;
  for (int r = 0; r < kMinHashRows; ++r) key = (key << 16) | s[band * kMinHashRows + r];
  return key;
}

}  // namespace akhbar::dedup
