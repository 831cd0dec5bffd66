// dedup_eval ARTICLES.jsonl PAIRS.jsonl [--errors]: runs every article
// through the deduplication verdict and the story clusterer in time order and
// prints precision and recall for duplicates (overall and per pair kind) and
// pairwise precision and recall for stories over the labelled pairs.
// Formats: docs/dedup.md, "Evaluation".
#include <cstdio>
#include <cstring>

#include "bench/dedup_suite.h"

using akhbar::bench::Counts;

namespace {

void print(const char* what, const Counts& c) {
  std::printf("%-22s precision %.4f  recall %.4f  (tp %d fp %d fn %d tn %d)\n", what, c.precision(),
              c.recall(), c.tp, c.fp, c.fn, c.tn);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ARTICLES.jsonl PAIRS.jsonl [--errors]\n", argv[0]);
    return 2;
  }
  const auto articles = akhbar::bench::read_articles_jsonl(argv[1]);
  if (!articles) {
    std::fprintf(stderr, "%s\n", articles.error().c_str());
    return 1;
  }
  const auto pairs = akhbar::bench::read_pairs_jsonl(argv[2]);
  if (!pairs) {
    std::fprintf(stderr, "%s\n", pairs.error().c_str());
    return 1;
  }
  const akhbar::bench::Evaluation e = akhbar::bench::evaluate(*articles, *pairs);
  std::printf("%zu articles, %zu labelled pairs; %.1f µs per article (verdict, index, story)\n",
              articles->size(), pairs->size(), e.micros_per_article);
  print("duplicates", e.duplicates);
  for (const auto& [kind, c] : e.duplicates_by_kind) print(("  " + kind).c_str(), c);
  print("stories (pairwise)", e.stories);
  for (const auto& [kind, c] : e.stories_by_kind) print(("  " + kind).c_str(), c);
  if (argc > 3 && std::strcmp(argv[3], "--errors") == 0) {
    for (const std::string& line : e.errors) std::printf("%s\n", line.c_str());
  } else if (!e.errors.empty()) {
    std::printf("%zu wrong duplicate verdicts (--errors lists them)\n", e.errors.size());
  }
  return 0;
}
