#include "dedup/minhash.h"

#include <limits>

#include "dedup/hash64.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

namespace {

// The low bits of a minimum are as uniform as any hash bits; its high bits
// are mostly zero, so the low 16 are the ones kept.
MinHashSignature low_bits_of(const std::array<std::uint32_t, kMinHashSize>& mins) {
  MinHashSignature out;
  for (int i = 0; i < kMinHashSize; ++i) out[i] = static_cast<std::uint16_t>(mins[i] & 0xFFFF);
  return out;
}

#if defined(__x86_64__)
// Eight positions at a time in two vectors of four 64-bit lanes, over every
// shingle; each lane computes exactly what minhash_reference() does.
// AVX2 multiplies only 32 x 32 bits, so a * x mod 2^64 is put together as
// a_lo * x_lo + ((a_hi * x_lo + a_lo * x_hi) << 32). Lane values stay below
// 2^32, so the signed 64-bit comparison orders them as unsigned.
#define AKHBAR_AVX2 __attribute__((target("avx2"), always_inline)) inline

AKHBAR_AVX2 __m256i load4(const std::uint64_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// The high halves of a * x + b, x given as x_lo (x in every lane) and x_hi
// (x >> 32 in every lane).
AKHBAR_AVX2 __m256i hash4(__m256i a, __m256i a_hi, __m256i b, __m256i x_lo, __m256i x_hi) {
  const __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(a_hi, x_lo), _mm256_mul_epu32(a, x_hi));
  const __m256i sum = _mm256_add_epi64(
      _mm256_add_epi64(_mm256_mul_epu32(a, x_lo), _mm256_slli_epi64(cross, 32)), b);
  return _mm256_srli_epi64(sum, 32);
}

AKHBAR_AVX2 __m256i min4(__m256i m, __m256i h) {
  return _mm256_blendv_epi8(m, h, _mm256_cmpgt_epi64(m, h));
}

__attribute__((target("avx2"))) MinHashSignature minhash_avx2(
    const std::vector<std::uint64_t>& shingles) {
  std::array<std::uint32_t, kMinHashSize> mins;
  for (int block = 0; block < kMinHashSize; block += 8) {
    const __m256i a0 = load4(&kSeeds.a[block]);
    const __m256i a1 = load4(&kSeeds.a[block + 4]);
    const __m256i a0_hi = _mm256_srli_epi64(a0, 32);
    const __m256i a1_hi = _mm256_srli_epi64(a1, 32);
    const __m256i b0 = load4(&kSeeds.b[block]);
    const __m256i b1 = load4(&kSeeds.b[block + 4]);
    __m256i min0 = _mm256_set1_epi64x(0xFFFFFFFF);
    __m256i min1 = min0;
    for (const std::uint64_t x : shingles) {
      const __m256i x_lo = _mm256_set1_epi64x(static_cast<long long>(x));
      const __m256i x_hi = _mm256_srli_epi64(x_lo, 32);
      min0 = min4(min0, hash4(a0, a0_hi, b0, x_lo, x_hi));
      min1 = min4(min1, hash4(a1, a1_hi, b1, x_lo, x_hi));
    }
    alignas(32) std::array<std::uint64_t, 8> lanes;
    _mm256_store_si256(reinterpret_cast<__m256i*>(&lanes[0]), min0);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&lanes[4]), min1);
    for (int i = 0; i < 8; ++i) mins[block + i] = static_cast<std::uint32_t>(lanes[i]);
  }
  return low_bits_of(mins);
}
#undef AKHBAR_AVX2
#endif

}  // namespace

MinHashSignature minhash_reference(const std::vector<std::uint64_t>& shingles) {
  std::array<std::uint32_t, kMinHashSize> mins;
  mins.fill(std::numeric_limits<std::uint32_t>::max());
  for (const std::uint64_t x : shingles) {
    for (int i = 0; i < kMinHashSize; ++i) {
      const auto h = static_cast<std::uint32_t>((kSeeds.a[i] * x + kSeeds.b[i]) >> 32);
      if (h < mins[i]) mins[i] = h;
    }
  }
  return low_bits_of(mins);
}

MinHashSignature minhash(const std::vector<std::uint64_t>& shingles) {
#if defined(__x86_64__)
  // Stored signatures must not depend on the machine: both paths give the
  // same bits (tests/dedup/fingerprint_test.cpp compares them).
  if (__builtin_cpu_supports("avx2")) return minhash_avx2(shingles);
#endif
  return minhash_reference(shingles);
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
