// StoryClusterer's candidate search (prefix filtering, dense sums) against a
// brute-force reference: the same TF-IDF vectors compared by full cosine
// with every active story. The decisions must be the same for every article.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "dedup/stories.h"

namespace akhbar::dedup {
namespace {

// The clusterer's model written the plain way (docs/dedup.md, "Stories").
class ReferenceClusterer {
 public:
  explicit ReferenceClusterer(StoryOptions options) : options_(options) {}

  std::int64_t assign(const StoryArticle& a) {
    std::map<std::string, int> tf;
    for (const auto& term : story_terms(a.title, a.text, options_)) ++tf[term];
    ++documents_;
    for (const auto& [term, count] : tf) ++df_[term];
    std::map<std::string, double> v;
    double norm = 0;
    for (const auto& [term, count] : tf) {
      const double idf = std::log((1.0 + documents_) / (1.0 + df_[term])) + 1.0;
      v[term] = (1.0 + std::log(static_cast<double>(count))) * idf;
      norm += v[term] * v[term];
    }
    for (auto& [term, w] : v) w /= std::sqrt(norm);
    std::int64_t best = 0;
    double best_cosine = 0;
    for (auto& [id, s] : stories_) {
      if (s.last_time < a.time - options_.active_seconds) continue;
      double dot = 0, c2 = 0;
      for (const auto& [term, c] : s.centroid) {
        c2 += c * c;
        if (auto it = v.find(term); it != v.end()) dot += it->second * c;
      }
      const double cosine = c2 > 0 ? dot / std::sqrt(c2) : 0;
      if (cosine > best_cosine) {
        best_cosine = cosine;
        best = id;
      }
    }
    const std::int64_t story = best_cosine >= options_.min_similarity ? best : a.id;
    Story& s = stories_[story];
    s.last_time = std::max(s.last_time, a.time);
    for (const auto& [term, w] : v) s.centroid[term] += w;
    return story;
  }

 private:
  struct Story {
    std::int64_t last_time = 0;
    std::map<std::string, double> centroid;
  };
  StoryOptions options_;
  std::map<std::string, int> df_;
  std::uint64_t documents_ = 0;
  std::map<std::int64_t, Story> stories_;
};

TEST(StoryClustererReference, DecidesLikeTheBruteForceModelOnThousandsOfArticles) {
  // Events: each has its own key words; articles mix an event's words with
  // words common to all news, so that many join and the common words fill
  // long posting lists (the case prefix filtering skips).
  std::mt19937 random(11);
  std::vector<std::string> common, rare;
  const std::vector<std::string> letters = {"ب", "ت", "ج", "د", "ر", "س",
                                            "ع", "ف", "ق", "ك", "م", "ن"};
  std::uniform_int_distribution<size_t> letter(0, letters.size() - 1);
  const auto word = [&](int n) {
    std::string w;
    for (int i = 0; i < n; ++i) w += letters[letter(random)];
    return w;
  };
  for (int i = 0; i < 40; ++i) common.push_back(word(4));
  for (int i = 0; i < 3000; ++i) rare.push_back(word(6));
  std::uniform_int_distribution<size_t> pick_common(0, common.size() - 1);
  std::uniform_int_distribution<size_t> pick_rare(0, rare.size() - 1);
  std::uniform_int_distribution<int> pick_event(0, 299);
  std::vector<std::vector<std::string>> events(300);
  for (auto& e : events) {
    for (int i = 0; i < 8; ++i) e.push_back(rare[pick_rare(random)]);
  }

  StoryOptions options;
  StoryClusterer fast(options);
  ReferenceClusterer reference(options);
  int joined = 0;
  for (int i = 1; i <= 3000; ++i) {
    const auto& e = events[static_cast<size_t>(pick_event(random))];
    std::string title, text;
    for (int w = 0; w < 6; ++w)
      title += (w % 2 ? common[pick_common(random)] : e[random() % e.size()]) + " ";
    for (int w = 0; w < 50; ++w) {
      text += (w % 3 == 0 ? e[random() % e.size()] : common[pick_common(random)]) + " ";
    }
    // 40 minutes apart: stories close after 72 hours, so some expire.
    const StoryArticle article{i, 1'700'000'000 + i * 2400L, title, text, {}};
    const StoryAssignment got = fast.assign(article);
    ASSERT_EQ(got.story_id, reference.assign(article)) << "article " << i;
    if (!got.new_story) ++joined;
  }
  // Not vacuous: both decisions are common (896 of 3,000 join with seed 11).
  EXPECT_GT(joined, 500);
  EXPECT_LT(joined, 2500);
}

}  // namespace
}  // namespace akhbar::dedup
