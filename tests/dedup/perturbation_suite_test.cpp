#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "bench/dedup_suite.h"

namespace akhbar::bench {
namespace {

const std::string kArticles = std::string(AKHBAR_FIXTURES_DIR) + "/dedup/articles.jsonl";

TEST(PerturbationSuite, MeetsTheTargetsOnTheCommittedArticles) {
  const auto sources = read_articles_jsonl(kArticles);
  ASSERT_TRUE(sources.ok()) << sources.error();
  ASSERT_EQ(sources->size(), 4u);
  const Suite suite = build_perturbation_suite(*sources, {.seed = 6, .variants = 5});
  int positives = 0, negatives = 0;
  for (const LabelledPair& p : suite.pairs) {
    (p.duplicate ? positives : negatives)++;
    if (p.duplicate) {
      EXPECT_GE(p.jaccard, 0.5) << p.kind;
    }
  }
  EXPECT_GE(positives, 100);
  EXPECT_GE(negatives, 20);
  const Evaluation e = evaluate(suite.articles, suite.pairs);
  EXPECT_GE(e.duplicates.recall(), 0.95);
  EXPECT_GE(e.duplicates.precision(), 0.99);
  for (const std::string& line : e.errors) ADD_FAILURE() << line;
  EXPECT_TRUE(e.errors.empty());
  // Template negatives are all kept apart.
  EXPECT_EQ(e.duplicates_by_kind.at("template").fp, 0);
  EXPECT_EQ(e.duplicates_by_kind.at("template-numbers").fp, 0);
}

TEST(PerturbationSuite, IsDeterministic) {
  const auto sources = read_articles_jsonl(kArticles);
  ASSERT_TRUE(sources.ok());
  const Suite a = build_perturbation_suite(*sources, {.seed = 3, .variants = 2});
  const Suite b = build_perturbation_suite(*sources, {.seed = 3, .variants = 2});
  ASSERT_EQ(a.articles.size(), b.articles.size());
  for (std::size_t i = 0; i < a.articles.size(); ++i)
    EXPECT_EQ(a.articles[i].text, b.articles[i].text);
}

TEST(PerturbationSuite, JsonlRoundTripAndRevisionByUrl) {
  const std::string dir = ::testing::TempDir() + "/dedup_suite_rt";
  std::vector<SuiteArticle> articles = {
      {1, "عنوان", "نص أول عن الاجتماع الوزاري في القاهرة اليوم وما تقرر فيه", "a.example",
       "2026-01-01T00:00:00Z", "https://a.example/n?id=1&utm_source=x"},
      {2, "عنوان", "نص معدل عن الاجتماع الوزاري في القاهرة اليوم وما تقرر فيه من قرارات",
       "a.example", "2026-01-01T01:00:00Z", "https://A.example/n?id=1#top"},
  };
  std::vector<LabelledPair> pairs = {{1, 2, true, true, "revision", -1}};
  ASSERT_TRUE(write_suite(dir, articles, pairs).ok());
  const auto a = read_articles_jsonl(dir + "/articles.jsonl");
  const auto p = read_pairs_jsonl(dir + "/pairs.jsonl");
  ASSERT_TRUE(a.ok() && p.ok());
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ((*a)[1].url, "https://A.example/n?id=1#top");
  EXPECT_EQ((*a)[0].text, articles[0].text);
  // Same canonical URL: a revision, linked to the first article.
  const Evaluation e = evaluate(*a, *p);
  EXPECT_EQ(e.duplicates.tp, 1);
}

TEST(PerturbationSuite, BadInputIsAnError) {
  EXPECT_FALSE(read_articles_jsonl("/nonexistent/articles.jsonl").ok());
  const std::string path = ::testing::TempDir() + "/bad_pairs.jsonl";
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("{\"a\": 1, \"b\": 2, \"duplicate\": true}\n{\"a\": 1}\n", f);
  std::fclose(f);
  const auto r = read_pairs_jsonl(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(":2:"), std::string::npos) << r.error();
  EXPECT_FALSE(read_arabic_gold("/nonexistent").ok());
}

}  // namespace
}  // namespace akhbar::bench
