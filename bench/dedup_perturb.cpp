// dedup_perturb [CORPUS_DIR] OUT_DIR [--variants N] [--seed S]: builds the
// perturbation suite from the real Arabic gold texts of
// CORPUS_DIR/extraction/arabic/gold (default ../shared/corpus) and writes
// OUT_DIR/articles.jsonl and OUT_DIR/pairs.jsonl for dedup_eval; prints how
// many pairs of each kind it labelled.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bench/dedup_suite.h"

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  akhbar::bench::PerturbOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--variants" || arg == "--seed") && i + 1 < argc) {
      const long v = std::strtol(argv[++i], nullptr, 10);
      if (v <= 0) {
        std::fprintf(stderr, "%s needs a positive number\n", arg.c_str());
        return 2;
      }
      if (arg == "--variants") {
        options.variants = static_cast<int>(v);
      } else {
        options.seed = static_cast<std::uint32_t>(v);
      }
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty() || positional.size() > 2) {
    std::fprintf(stderr, "usage: %s [CORPUS_DIR] OUT_DIR [--variants N] [--seed S]\n", argv[0]);
    return 2;
  }
  const std::string corpus = positional.size() == 2 ? positional[0] : "../shared/corpus";
  const std::string out = positional.back();
  const auto sources = akhbar::bench::read_arabic_gold(corpus + "/extraction/arabic/gold");
  if (!sources) {
    std::fprintf(stderr, "%s\n", sources.error().c_str());
    return 1;
  }
  const akhbar::bench::Suite suite = akhbar::bench::build_perturbation_suite(*sources, options);
  if (const auto s = akhbar::bench::write_suite(out, suite.articles, suite.pairs); !s) {
    std::fprintf(stderr, "%s\n", s.error().c_str());
    return 1;
  }
  std::map<std::string, int> kinds;
  for (const auto& p : suite.pairs) ++kinds[p.kind];
  std::printf("%zu sources, %zu articles, %zu pairs, %d copies skipped (Jaccard < 0.5)\n",
              sources->size(), suite.articles.size(), suite.pairs.size(), suite.skipped_below_half);
  for (const auto& [kind, n] : kinds) std::printf("  %-18s %d\n", kind.c_str(), n);
  return 0;
}
