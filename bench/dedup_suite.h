// The deduplication evaluation suite, shared by bench/dedup_perturb,
// bench/dedup_eval and tests/dedup/perturbation_suite_test.cpp:
//  - JSONL readers and writers for articles and labelled pairs (formats in
//    docs/dedup.md, "Evaluation");
//  - a perturbation generator that derives copies (positives) and template
//    variants (negatives) from real article texts, labelling a copy a
//    duplicate only when its true 5-gram shingle Jaccard is at least 0.5;
//  - the evaluation: every article through classify() and the story
//    clusterer in time order, then precision and recall over the pairs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace akhbar::bench {

struct SuiteArticle {
  std::int64_t id = 0;
  std::string title;
  std::string text;  // paragraphs separated by '\n'
  std::string site;
  std::string published_at;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string url;           // optional; same canonical URL = revision
};

struct LabelledPair {
  std::int64_t a = 0, b = 0;
  bool duplicate = false;
  bool same_story = false;
  std::string kind;  // how the pair was made (generator only; optional)
  double jaccard = -1;
};

Result<std::vector<SuiteArticle>> read_articles_jsonl(const std::string& path);
Result<std::vector<LabelledPair>> read_pairs_jsonl(const std::string& path);
Status write_suite(const std::string& dir, const std::vector<SuiteArticle>& articles,
                   const std::vector<LabelledPair>& pairs);

// Every ar-*.json of a gold directory in the layout of
// ../shared/corpus/extraction/arabic/gold (title, body, site, published).
Result<std::vector<SuiteArticle>> read_arabic_gold(const std::string& gold_dir);

struct PerturbOptions {
  std::uint32_t seed = 6;
  int variants = 10;  // copies per source and positive kind
};

struct Suite {
  std::vector<SuiteArticle> articles;
  std::vector<LabelledPair> pairs;
  int skipped_below_half = 0;  // generated copies with true Jaccard < 0.5, not labelled
};

Suite build_perturbation_suite(const std::vector<SuiteArticle>& sources,
                               const PerturbOptions& options = {});

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
};

struct Evaluation {
  Counts duplicates;
  Counts stories;
  std::map<std::string, Counts> duplicates_by_kind;
  std::map<std::string, Counts> stories_by_kind;
  std::vector<std::string> errors;  // one line per wrong duplicate verdict
  double micros_per_article = 0;    // classify + index + story, texts folded each time
};

Evaluation evaluate(const std::vector<SuiteArticle>& articles,
                    const std::vector<LabelledPair>& pairs);

}  // namespace akhbar::bench
