// 64-bit hashing helpers shared by the fingerprints. Values are part of the
// stored fingerprint format, so these functions must never change output.
#pragma once

#include <cstdint>
#include <string_view>

namespace akhbar::dedup {

// FNV-1a 64 (offset basis and prime from the FNV reference,
// isthe.com/chongo/tech/comp/fnv).
constexpr std::uint64_t fnv1a64(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The SplitMix64 finaliser (Steele, Lea, Flood 2014): spreads every input
// bit over every output bit, which FNV alone does poorly for short inputs.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace akhbar::dedup
