// Template guard: keeps apart two texts that share most of their words but
// report different facts — weather bulletins for two cities, prayer times of
// two days, condolence cables to two families, a daily case count.
//
// The rule (docs/dedup.md, "Template guard"): align the two folded texts word
// by word (longest common subsequence) and look at the places where a short
// run of words (at most 6 on each side: a full name) was replaced by another, with at
// least 2 aligned words on each side (or the text's edge) so that stray
// matches of common words inside moved or rewritten paragraphs do not count.
//  - a replacement where both sides hold a number and the numbers differ is a
//    different fact at any similarity: "35 درجه" against "38 درجه";
//  - below `names_checked_below` (a borderline pair), any replacement of a
//    word that is not a stop word is a different name: "الرياض" against "جده".
// Insertions, deletions and moved paragraphs never count: they are what
// republished wire copy looks like.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::dedup {

struct TemplateGuardOptions {
  double names_checked_below = 0.8;  // Jaccard under which replaced names count
  int max_replaced_words = 6;  // "محمد بن فهد بن عبدالله القحطاني" is 5
  int min_anchor_words = 2;
  std::size_t max_words = 2000;  // longer texts are compared on their first words
};

struct FactCheck {
  bool same_facts = true;
  std::string reason;  // when not: the first differing pair, "35 -> 38"
};

// `folded_a` and `folded_b` are text::fold_for_matching output; `jaccard` is
// their shingle similarity (estimated or exact).
FactCheck compare_facts(std::string_view folded_a, std::string_view folded_b, double jaccard,
                        const TemplateGuardOptions& options = {});

}  // namespace akhbar::dedup
