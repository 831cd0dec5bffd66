#include "dedup/classify.h"

#include "dedup/content_hash.h"
#include "dedup/shingles.h"
#include "text/normalize.h"

namespace akhbar::dedup {

const char* verdict_name(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kNew:
      return "new";
    case VerdictKind::kUnchanged:
      return "unchanged";
    case VerdictKind::kRevision:
      return "revision";
    case VerdictKind::kDuplicate:
      return "duplicate";
  }
  return "new";
}

Verdict classify(const ArticleToClassify& article, const NearDuplicateIndex& index,
                 const TextLookup& text_of, const ClassifyOptions& options) {
  const std::string folded =
      article.folded ? std::string(*article.folded) : text::fold_for_matching(article.text);
  Verdict v;
  v.content_hash = content_hash_of_folded(folded);
  v.fingerprint = fingerprint_folded(folded);

  if (article.same_url) {
    const bool same = article.same_url->content_hash == v.content_hash;
    v.kind = same ? VerdictKind::kUnchanged : VerdictKind::kRevision;
    v.of = article.same_url->id;
    v.reason = "same url";
    return v;
  }
  if (article.same_content_hash) {
    v.kind = VerdictKind::kDuplicate;
    v.of = *article.same_content_hash;
    v.jaccard = 1;
    v.reason = "exact";
    return v;
  }

  std::vector<std::uint64_t> shingles;  // computed once, only if a candidate has text
  std::size_t examined = 0;
  for (const Candidate& c : index.candidates(v.fingerprint, article.time)) {
    if (examined++ == options.max_candidates) break;
    double j = c.estimated_jaccard;
    const std::optional<std::string> other = text_of ? text_of(c.id) : std::nullopt;
    std::string other_folded;
    if (other) {
      // The exact Jaccard replaces the estimate (and the SimHash guess of
      // archive candidates) whenever the text is at hand.
      if (shingles.empty()) shingles = shingle_hashes(folded);
      other_folded = text::fold_for_matching(*other);
      j = jaccard(shingles, shingle_hashes(other_folded));
    } else if (!c.in_window) {
      continue;  // a SimHash neighbour alone is not proof enough
    }
    if (j < options.min_jaccard) continue;
    if (other) {
      const FactCheck facts = compare_facts(folded, other_folded, j, options.guard);
      if (!facts.same_facts) {
        v.reason = facts.reason;
        v.different_facts.push_back(c.id);
        if (c.first_copy != c.id) v.different_facts.push_back(c.first_copy);
        continue;
      }
    }
    // The link goes to the first copy, so its facts must agree too: a copy
    // that dropped the sentence with a number must not bridge two reports.
    if (c.first_copy != c.id) {
      if (const auto first = text_of ? text_of(c.first_copy) : std::nullopt) {
        if (shingles.empty()) shingles = shingle_hashes(folded);
        const std::string first_folded = text::fold_for_matching(*first);
        const double jf = jaccard(shingles, shingle_hashes(first_folded));
        const FactCheck facts = compare_facts(folded, first_folded, jf, options.guard);
        if (!facts.same_facts) {
          v.reason = facts.reason + " (first copy)";
          v.different_facts.push_back(c.first_copy);
          continue;
        }
      }
    }
    v.kind = VerdictKind::kDuplicate;
    v.of = c.first_copy;
    v.jaccard = j;
    v.reason = "near";
    return v;
  }
  v.kind = VerdictKind::kNew;
  return v;
}

}  // namespace akhbar::dedup
