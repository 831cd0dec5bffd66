#include "dedup/simhash.h"

#include <array>

namespace akhbar::dedup {

std::uint64_t simhash(const std::vector<std::uint64_t>& shingles) {
  std::array<int, 64> votes{};
  for (const std::uint64_t h : shingles) {
    for (int k = 0; k < 64; ++k) votes[k] += (h >> k) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int k = 0; k < 64; ++k) {
    if (votes[k] > 0) out |= std::uint64_t{1} << k;
  }
  return out;
}

}  // namespace akhbar::dedup
