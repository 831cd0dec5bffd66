// DedupState: the in-memory half of deduplication that lives across polls —
// the near-duplicate index over stored fingerprints and the story clusterer.
// ArticleStore::load_dedup_state() rebuilds it from SQLite (every stored
// fingerprint; the story assignments of the last 72 hours replayed in time
// order) and ArticleStore::store_article() keeps it in step with what it
// commits. One owner, not thread-safe: the service's poll loop keeps one for
// its life, `poll --once` builds one per run.
#pragma once

#include <cstdint>

#include "dedup/classify.h"
#include "dedup/near_duplicates.h"
#include "dedup/stories.h"

namespace akhbar::storage {

struct DedupOptions {
  dedup::NearDuplicateOptions index;
  dedup::StoryOptions stories;
  dedup::ClassifyOptions classify;
};

struct DedupState {
  explicit DedupState(DedupOptions options = {})
      : options(options), index(options.index), stories(options.stories) {}

  DedupOptions options;
  dedup::NearDuplicateIndex index;
  dedup::StoryClusterer stories;
  bool loaded = false;  // set by ArticleStore::load_dedup_state
};

// What a rebuild read, for the start-up log line and the bench.
struct DedupLoadStats {
  std::int64_t fingerprints = 0;      // index entries rebuilt
  std::int64_t stories_restored = 0;  // articles replayed into the clusterer
  std::int64_t bad_fingerprints = 0;  // BLOBs that did not parse (skipped)
  double seconds = 0;
};

}  // namespace akhbar::storage
