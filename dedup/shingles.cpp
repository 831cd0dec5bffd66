#include "dedup/shingles.h"

#include <algorithm>

#include "dedup/hash64.h"

namespace akhbar::dedup {

std::vector<std::string_view> split_words(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::vector<std::uint64_t> shingle_hashes(std::string_view folded, int words) {
  const std::vector<std::string_view> w = split_words(folded);
  std::vector<std::uint64_t> out;
  if (w.empty() || words < 1) return out;
  const size_t n = std::min(w.size(), static_cast<size_t>(words));
  out.reserve(w.size() - n + 1);
  for (size_t i = 0; i + n <= w.size(); ++i) {
    std::uint64_t h = fnv1a64(w[i]);
    for (size_t j = i + 1; j < i + n; ++j) h = fnv1a64(w[j], fnv1a64(" ", h));
    out.push_back(mix64(h));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  const size_t total = a.size() + b.size() - common;
  return total == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(total);
}

}  // namespace akhbar::dedup
