// StoryClusterer: groups articles about the same event into stories, online
// and in one pass (each article is compared once, when it arrives).
//
// An article is represented by the TF-IDF vector of its title (counted twice)
// and lead (first `lead_words` words of the text): folded, stop words and
// bare numbers dropped, light-stemmed. Document frequencies are updated
// online, before the article's own vector is weighed. The article joins the
// story, among those active in the last `active_seconds` (72 h), whose
// centroid (sum of its members' unit vectors) is most similar by cosine, if
// that similarity reaches `min_similarity`; otherwise it starts a new story
// whose id is the article's own id. Deterministic for a given input order;
// restorable by replaying stored (article, story) pairs. An article never
// joins a story it is told to exclude (template news with other facts: the
// weather of another city is another story). Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dedup/term_ids.h"

namespace akhbar::dedup {

struct StoryOptions {
  std::int64_t active_seconds = 72 * 3600;
  double min_similarity = 0.3;  // docs/dedup.md, "Stories"
  std::size_t lead_words = 60;
  int title_weight = 2;
};

struct StoryArticle {
  std::int64_t id = 0;
  std::int64_t time = 0;  // seconds since the epoch (published, else fetched)
  std::string_view title;
  std::string_view text;
  // Stories this article must not join: those of articles the template guard
  // found to be the same template with other facts (Verdict::different_facts).
  std::vector<std::int64_t> exclude_stories;
};

struct StoryAssignment {
  std::int64_t story_id = 0;
  double similarity = 0;  // to the story joined; 0 for a new story
  bool new_story = true;
};

// The folded, stemmed content words of title (repeated title_weight times)
// and lead that the clusterer weighs.
std::vector<std::string> story_terms(std::string_view title, std::string_view text,
                                     const StoryOptions& options = {});
// The same, from a text already folded (text::fold_for_matching).
std::vector<std::string> story_terms_of_folded(std::string_view title, std::string_view folded_text,
                                               const StoryOptions& options = {});

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryOptions options = {});

  // Assigns the article to a story and records it there. `folded_text` is
  // text::fold_for_matching(article.text) when the caller has it (the store
  // folds each text once); empty: folded here.
  StoryAssignment assign(const StoryArticle& article, std::string_view folded_text = {});

  // Records an assignment made earlier (start-up: replay the stored pairs of
  // the last days in time order). Updates frequencies and centroids exactly
  // as assign() did.
  void restore(const StoryArticle& article, std::int64_t story_id);

  // Stories with an article in (now - active_seconds, now].
  std::size_t active_stories(std::int64_t now) const;

 private:
  // A centroid term: its weight, and where the story's entry in the term's
  // posting list is (kept in step with `weight`).
  struct CentroidTerm {
    std::uint32_t term = 0;
    std::uint32_t posting = 0;
    double weight = 0;
  };
  struct Story {
    std::int64_t id = 0;
    std::int64_t last_time = 0;
    std::vector<CentroidTerm> centroid;  // sorted by term: one array, no node per term
    double norm_squared = 0;
  };
  using Vector = std::vector<std::pair<std::uint32_t, double>>;
  // A story that has the term, with the term's weight in its centroid: a
  // copy, so that reading a posting list reads one array and never chases
  // into the centroids (the cost that dominated assign()). Centroid terms
  // are never erased, so entries stay where they are until
  // retire_inactive() rebuilds every posting.
  struct Posting {
    std::size_t story = 0;
    double weight = 0;
  };
  struct QueryTerm {
    std::uint32_t term = 0;
    double weight = 0;
    const std::vector<Posting>* postings = nullptr;
  };

  Vector vectorize(const StoryArticle& article, std::string_view folded_text = {});
  void add_to_story(std::size_t story, const Vector& v, std::int64_t time);
  std::size_t new_story(std::int64_t id);
  void retire_inactive(std::int64_t now);

  StoryOptions options_;
  TermIds vocabulary_;
  std::vector<std::uint32_t> document_frequency_;
  std::uint64_t documents_ = 0;
  std::vector<Story> stories_;  // active (and recently active) stories
  std::unordered_map<std::int64_t, std::size_t> story_index_;  // story id -> stories_ index
  std::vector<std::vector<Posting>> postings_;                 // term id -> stories that have it
  // term id -> at least the largest weight the term has in a normalised
  // centroid (weight / |centroid|) of a story in stories_. Raised as
  // centroids gain the term; a centroid's other weights only shrink
  // relative to its growing norm, so the bound holds until retire_inactive()
  // recomputes it.
  std::vector<double> max_share_;
  std::uint64_t since_retire_ = 0;
  // assign()'s scratch: dot products by stories_ index (all zero between
  // calls) and the indices made non-zero, kept to avoid allocating per call.
  std::vector<double> dot_;
  std::vector<std::size_t> touched_;
  std::vector<QueryTerm> query_;         // the article's terms that some story has
  std::vector<std::uint32_t> term_ids_;  // vectorize()'s scratch
};

}  // namespace akhbar::dedup
