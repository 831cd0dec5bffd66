#include "dedup/stories.h"

#include <algorithm>
#include <cmath>

#include "dedup/arabic_words.h"
#include "dedup/shingles.h"
#include "text/normalize.h"

namespace akhbar::dedup {

namespace {

bool all_digits(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void append_terms(std::vector<std::string>& out, std::string_view folded, std::size_t limit) {
  std::size_t taken = 0;
  for (const std::string_view w : split_words(folded)) {
    if (taken++ == limit) break;
    if (is_stopword(w) || all_digits(w)) continue;
    std::string stem = light_stem(w);
    if (stem.size() >= 2) out.push_back(std::move(stem));
  }
}

// Retiring stories rebuilds the postings; doing it every this many
// assignments keeps the cost per article small.
constexpr std::uint64_t kRetireEvery = 512;

// A suffix term's posting list is read whole when it is at most this many
// times longer than the candidate list; past that, a binary search in each
// candidate's centroid is cheaper. Either way gives the same sums. Profiled
// on bench/ingest: a search costs about ten postings read in sequence (4
// had sent a quarter of assign()'s time into searches).
constexpr std::size_t kScanFactor = 10;

}  // namespace

std::vector<std::string> story_terms_of_folded(std::string_view title, std::string_view folded_text,
                                               const StoryOptions& options) {
  std::vector<std::string> out;
  const std::string folded_title = text::fold_for_matching(title);
  for (int i = 0; i < options.title_weight; ++i) append_terms(out, folded_title, SIZE_MAX);
  append_terms(out, folded_text, options.lead_words);
  return out;
}

std::vector<std::string> story_terms(std::string_view title, std::string_view text,
                                     const StoryOptions& options) {
  return story_terms_of_folded(title, text::fold_for_matching(text), options);
}

StoryClusterer::StoryClusterer(StoryOptions options) : options_(options) {}

StoryClusterer::Vector StoryClusterer::vectorize(const StoryArticle& article,
                                                 std::string_view folded_text) {
  const std::vector<std::string> terms =
      folded_text.empty() ? story_terms(article.title, article.text, options_)
                          : story_terms_of_folded(article.title, folded_text, options_);
  term_ids_.clear();
  for (const std::string& term : terms) {
    const std::uint32_t id = vocabulary_.id_of(term);
    if (id == document_frequency_.size()) document_frequency_.push_back(0);  // a new term
    term_ids_.push_back(id);
  }
  // Term frequencies by sorting the ids: each run of one id is a term.
  std::sort(term_ids_.begin(), term_ids_.end());
  ++documents_;
  postings_.resize(document_frequency_.size());
  max_share_.resize(document_frequency_.size());
  Vector v;
  double norm = 0;
  for (std::size_t i = 0; i < term_ids_.size();) {
    const std::uint32_t term = term_ids_[i];
    std::size_t count = 0;
    for (; i < term_ids_.size() && term_ids_[i] == term; ++i) ++count;
    ++document_frequency_[term];
    // Smoothed idf (as in scikit-learn's TfidfVectorizer) and sublinear tf.
    const double idf =
        std::log((1.0 + static_cast<double>(documents_)) / (1.0 + document_frequency_[term])) + 1.0;
    const double w = (1.0 + std::log(static_cast<double>(count))) * idf;
    v.emplace_back(term, w);
    norm += w * w;  // in term order: the same sum whatever order the words came in
  }
  norm = std::sqrt(norm);
  for (auto& [term, w] : v) w /= norm;
  return v;
}

std::size_t StoryClusterer::new_story(std::int64_t id) {
  const auto found = story_index_.find(id);
  if (found != story_index_.end()) return found->second;
  stories_.push_back(Story{id, 0, {}, 0});
  story_index_[id] = stories_.size() - 1;
  return stories_.size() - 1;
}

void StoryClusterer::add_to_story(std::size_t index, const Vector& v, std::int64_t time) {
  Story& s = stories_[index];
  s.last_time = std::max(s.last_time, time);
  // v and the centroid are both sorted by term: merged in one pass, the
  // norm updated term by term in v's order.
  std::vector<CentroidTerm> merged;
  merged.reserve(s.centroid.size() + v.size());
  auto old = s.centroid.begin();
  for (const auto& [term, w] : v) {
    while (old != s.centroid.end() && old->term < term) merged.push_back(*old++);
    CentroidTerm c{term, 0, 0};
    if (old != s.centroid.end() && old->term == term) {
      c = *old++;
    } else {
      c.posting = static_cast<std::uint32_t>(postings_[term].size());
      postings_[term].push_back({index, 0});
    }
    s.norm_squared += (c.weight + w) * (c.weight + w) - c.weight * c.weight;
    c.weight += w;
    postings_[term][c.posting].weight = c.weight;
    merged.push_back(c);
  }
  merged.insert(merged.end(), old, s.centroid.end());
  s.centroid = std::move(merged);
  // Only the terms of v gained weight; the others' shares fell with the norm.
  const double norm = std::sqrt(s.norm_squared);
  auto c = s.centroid.begin();
  for (const auto& [term, w] : v) {
    while (c->term < term) ++c;
    max_share_[term] = std::max(max_share_[term], c->weight / norm);
  }
}

void StoryClusterer::retire_inactive(std::int64_t now) {
  const std::int64_t cutoff = now - options_.active_seconds;
  // Inactive stories cost only skipped postings until they are many: the
  // rebuild below reads every posting, so it waits until at least a third
  // of the stories are inactive, which keeps its cost per article constant.
  const auto inactive = static_cast<std::size_t>(std::count_if(
      stories_.begin(), stories_.end(), [&](const Story& s) { return s.last_time < cutoff; }));
  if (inactive * 3 < stories_.size()) return;
  // Every posting list that may hold a story is emptied (keeping its
  // capacity), then refilled from the stories kept.
  for (const Story& s : stories_) {
    for (const CentroidTerm& c : s.centroid) {
      postings_[c.term].clear();
      max_share_[c.term] = 0;
    }
  }
  std::vector<Story> kept;
  for (Story& s : stories_) {
    if (s.last_time >= cutoff) kept.push_back(std::move(s));
  }
  stories_ = std::move(kept);
  story_index_.clear();
  for (std::size_t i = 0; i < stories_.size(); ++i) {
    story_index_[stories_[i].id] = i;
    const double norm = std::sqrt(stories_[i].norm_squared);
    for (CentroidTerm& c : stories_[i].centroid) {
      c.posting = static_cast<std::uint32_t>(postings_[c.term].size());
      postings_[c.term].push_back({i, c.weight});
      max_share_[c.term] = std::max(max_share_[c.term], c.weight / norm);
    }
  }
}

StoryAssignment StoryClusterer::assign(const StoryArticle& article, std::string_view folded_text) {
  if (++since_retire_ >= kRetireEvery) {
    since_retire_ = 0;
    retire_inactive(article.time);
  }
  const Vector v = vectorize(article, folded_text);
  const std::int64_t cutoff = article.time - options_.active_seconds;
  dot_.resize(stories_.size());

  // Exact prefix filtering (Bayardo, Ma, Srikant, "Scaling up all pairs
  // similarity search", WWW 2007). For the terms S of a suffix of v, a
  // story's centroid c gains from them sum_S v_t c_t / |c|, which is at most
  // |v restricted to S| (Cauchy-Schwarz, |c_S| <= |c|) and at most
  // sum_S v_t max_share_t. The suffix takes the longest posting lists
  // (common words) while the smaller bound stays under min_similarity: a
  // story sharing only suffix terms cannot reach the threshold, and one
  // below it is never joined, so only stories sharing a prefix term are
  // candidates, and a candidate whose prefix sum plus the bound falls short
  // is dropped before the suffix lists are read.
  query_.clear();
  for (const auto& [term, w] : v) {
    if (!postings_[term].empty()) query_.push_back({term, w, &postings_[term]});
  }
  std::sort(query_.begin(), query_.end(), [](const QueryTerm& a, const QueryTerm& b) {
    if (a.postings->size() != b.postings->size()) return a.postings->size() > b.postings->size();
    return a.term < b.term;
  });
  // The slack absorbs the rounding of the computed cosine (and of the
  // centroid's running norm), so a story left out would have computed below
  // min_similarity too, not merely in exact arithmetic.
  constexpr double kSlack = 1e-6;
  const double threshold = options_.min_similarity * (1 - kSlack);
  std::size_t suffix_size = 0;
  double suffix_squared = 0;
  double suffix_linear = 0;
  double suffix_bound = 0;
  for (; suffix_size < query_.size(); ++suffix_size) {
    const QueryTerm& t = query_[suffix_size];
    const double squared = suffix_squared + t.weight * t.weight;
    const double linear = suffix_linear + t.weight * max_share_[t.term];
    const double bound = std::min(std::sqrt(squared), linear);
    if (bound >= threshold) break;
    suffix_squared = squared;
    suffix_linear = linear;
    suffix_bound = bound;
  }
  // Each sum runs prefix terms then suffix terms, each in term order, so it
  // does not depend on how the candidates were found.
  const auto by_term = [](const QueryTerm& a, const QueryTerm& b) { return a.term < b.term; };
  const auto suffix_end = query_.begin() + static_cast<std::ptrdiff_t>(suffix_size);
  std::sort(query_.begin(), suffix_end, by_term);
  std::sort(suffix_end, query_.end(), by_term);

  for (auto t = suffix_end; t != query_.end(); ++t) {
    for (const Posting& p : *t->postings) {
      double& d = dot_[p.story];
      // Every product is positive, so a zero sum means "not touched yet".
      if (d == 0) touched_.push_back(p.story);
      d += t->weight * p.weight;
    }
  }
  // Stories not retired yet but inactive are not candidates, nor are those
  // the suffix cannot lift to the threshold: checked once each here rather
  // than per posting.
  std::erase_if(touched_, [&](std::size_t story) {
    const Story& s = stories_[story];
    if (s.last_time >= cutoff &&
        dot_[story] / std::sqrt(s.norm_squared) + suffix_bound >= threshold) {
      return false;
    }
    dot_[story] = 0;
    return true;
  });
  for (auto t = query_.begin(); t != suffix_end; ++t) {
    // Read the posting list when it is short next to the candidates, else
    // look the term up in each candidate; the sums are the same either way.
    if (t->postings->size() <= kScanFactor * touched_.size()) {
      for (const Posting& p : *t->postings) {
        double& d = dot_[p.story];
        if (d != 0) d += t->weight * p.weight;
      }
    } else {
      for (const std::size_t story : touched_) {
        const auto& centroid = stories_[story].centroid;
        const auto found = std::lower_bound(
            centroid.begin(), centroid.end(), t->term,
            [](const CentroidTerm& c, std::uint32_t term) { return c.term < term; });
        if (found != centroid.end() && found->term == t->term) {
          dot_[story] += t->weight * found->weight;
        }
      }
    }
  }

  StoryAssignment best;
  std::size_t best_index = 0;
  for (const std::size_t story : touched_) {
    const double d = dot_[story];
    dot_[story] = 0;
    if (std::find(article.exclude_stories.begin(), article.exclude_stories.end(),
                  stories_[story].id) != article.exclude_stories.end()) {
      continue;
    }
    const double cosine = d / std::sqrt(stories_[story].norm_squared);
    // Ties go to the older story id, so the outcome does not depend on the visiting order.
    if (cosine > best.similarity ||
        (cosine == best.similarity && !best.new_story && stories_[story].id < best.story_id)) {
      best = StoryAssignment{stories_[story].id, cosine, false};
      best_index = story;
    }
  }
  touched_.clear();
  if (best.new_story || best.similarity < options_.min_similarity) {
    best = StoryAssignment{article.id, 0, true};
    best_index = new_story(article.id);
  }
  add_to_story(best_index, v, article.time);
  return best;
}

void StoryClusterer::restore(const StoryArticle& article, std::int64_t story_id) {
  if (++since_retire_ >= kRetireEvery) {
    since_retire_ = 0;
    retire_inactive(article.time);
  }
  const Vector v = vectorize(article);
  add_to_story(new_story(story_id), v, article.time);
}

std::size_t StoryClusterer::active_stories(std::int64_t now) const {
  return static_cast<std::size_t>(
      std::count_if(stories_.begin(), stories_.end(), [&](const Story& s) {
        return s.last_time > now - options_.active_seconds && s.last_time <= now;
      }));
}

}  // namespace akhbar::dedup
