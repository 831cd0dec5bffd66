// The deduplication verdict for one fetched article, combining the layers in
// the order of docs/dedup.md:
//   1. an article already stored under the same canonical URL: same content
//      hash → kUnchanged; other text → kRevision of it (article.updated, the
//      previous text kept by the store);
//   2. an article with the same content hash anywhere in the archive →
//      kDuplicate of it (exact);
//   3. a NearDuplicateIndex candidate whose shingle Jaccard reaches the
//      threshold and whose facts agree with the candidate's and with its
//      first copy's (template guard) → kDuplicate of the first copy
//      (article.duplicate);
//   4. otherwise kNew (article.new).
// The caller answers the store look-ups (1, 2, and the texts of candidates),
// then stores the article and adds Verdict::fingerprint to the index.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/near_duplicates.h"
#include "dedup/template_guard.h"

namespace akhbar::dedup {

struct StoredArticleRef {
  std::int64_t id = 0;
  std::string content_hash;
};

struct ArticleToClassify {
  std::string_view text;                          // the article body as stored
  std::int64_t time = 0;                          // fetch time, seconds since the epoch
  std::optional<StoredArticleRef> same_url;       // stored under the same canonical URL
  std::optional<std::int64_t> same_content_hash;  // an article with content_hash(text)
  std::optional<std::string_view> folded;         // fold_for_matching(text), if already made
};

enum class VerdictKind { kNew, kUnchanged, kRevision, kDuplicate };

struct Verdict {
  VerdictKind kind = VerdictKind::kNew;
  std::int64_t of = 0;  // the revised article, or the first copy duplicated
  double jaccard = 0;   // near duplicates: the similarity that decided
  std::string reason;   // "same url", "exact", "near", or why a candidate was refused
  std::string content_hash;
  Fingerprint fingerprint;  // to store (serialize_fingerprint) and add to the index
  // Candidates refused by the template guard (and their first copies): the
  // same template with other facts, hence another event. Their stories are
  // what StoryArticle::exclude_stories is for.
  std::vector<std::int64_t> different_facts;
};

struct ClassifyOptions {
  double min_jaccard = 0.5;  // confirmed pairs need this shingle Jaccard
  // Candidates examined at most (best first): bounds the text look-ups when
  // many stored copies of one template all share bands with the article.
  std::size_t max_candidates = 8;
  TemplateGuardOptions guard;
};

// Text of a stored article by id; nullopt when it is gone. Used only to
// confirm candidates (rare), never for every article.
using TextLookup = std::function<std::optional<std::string>(std::int64_t id)>;

Verdict classify(const ArticleToClassify& article, const NearDuplicateIndex& index,
                 const TextLookup& text_of, const ClassifyOptions& options = {});

const char* verdict_name(VerdictKind kind);

}  // namespace akhbar::dedup
