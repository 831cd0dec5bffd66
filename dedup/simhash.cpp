#include "dedup/simhash.h"

#include <algorithm>
#include <array>

namespace akhbar::dedup {

namespace {

// kSpread[v] has byte j equal to bit j of v: adding kSpread[byte k of h]
// to a counter word counts bits 8k..8k+7 of h in its eight bytes at once.
constexpr std::array<std::uint64_t, 256> make_spread() {
  std::array<std::uint64_t, 256> table{};
  for (std::uint64_t v = 0; v < 256; ++v) {
    for (int j = 0; j < 8; ++j) table[v] |= ((v >> j) & 1) << (8 * j);
  }
  return table;
}
constexpr std::array<std::uint64_t, 256> kSpread = make_spread();

}  // namespace

std::uint64_t simhash(const std::vector<std::uint64_t>& shingles) {
  // ones[k]: how many hashes have bit k set. Counted in byte lanes, which
  // hold up to 255 before they are added into `ones`.
  std::array<std::size_t, 64> ones{};
  for (std::size_t start = 0; start < shingles.size(); start += 255) {
    const std::size_t end = std::min(shingles.size(), start + 255);
    std::array<std::uint64_t, 8> lanes{};
    for (std::size_t i = start; i < end; ++i) {
      const std::uint64_t h = shingles[i];
      for (int k = 0; k < 8; ++k) lanes[k] += kSpread[(h >> (8 * k)) & 0xFF];
    }
    for (int k = 0; k < 8; ++k) {
      for (int j = 0; j < 8; ++j) ones[8 * k + j] += (lanes[k] >> (8 * j)) & 0xFF;
    }
  }
  // A bit is set when its ones outvote its zeros.
  std::uint64_t out = 0;
  for (int k = 0; k < 64; ++k) {
    if (2 * ones[k] > shingles.size()) out |= std::uint64_t{1} << k;
  }
  return out;
}

}  // namespace akhbar::dedup
