// Word shingles of folded text: the sets whose Jaccard similarity defines a
// near duplicate. Input is text already passed through
// text::fold_for_matching (words separated by single spaces).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace akhbar::dedup {

inline constexpr int kShingleWords = 5;

// The words of folded text, in order.
std::vector<std::string_view> split_words(std::string_view folded);

// The sorted, distinct 64-bit hashes of every run of `words` consecutive
// words. A text with fewer words than that gives one shingle of all its
// words; an empty text gives none.
std::vector<std::uint64_t> shingle_hashes(std::string_view folded, int words = kShingleWords);

// |A ∩ B| / |A ∪ B| of two sorted distinct sets; 0 when both are empty.
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

}  // namespace akhbar::dedup
