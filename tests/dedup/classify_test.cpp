#include "dedup/classify.h"

#include <gtest/gtest.h>

#include <map>

#include "dedup/content_hash.h"
#include "dedup/fingerprint.h"
#include "tests/dedup/dedup_fixture.h"
#include "text/normalize.h"

namespace akhbar::dedup {
namespace {

constexpr std::int64_t kT0 = 1'780'000'000;

struct Store {
  std::map<std::int64_t, std::string> texts;
  NearDuplicateIndex index;
  TextLookup lookup() {
    return [this](std::int64_t id) -> std::optional<std::string> {
      const auto it = texts.find(id);
      if (it == texts.end()) return std::nullopt;
      return it->second;
    };
  }
  void put(std::int64_t id, std::int64_t first, const std::string& text, std::int64_t time) {
    texts[id] = text;
    index.add({id, first, time, fingerprint_text(text)});
  }
};

TEST(Classify, SameUrlSameTextIsUnchangedOtherTextIsRevision) {
  Store s;
  const std::string text = testing::fixture_articles().at(0).text;
  s.put(1, 1, text, kT0);
  ArticleToClassify a{text, kT0 + 60, StoredArticleRef{1, content_hash(text)}, std::nullopt,
                      std::nullopt};
  Verdict v = classify(a, s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kUnchanged);
  EXPECT_EQ(v.of, 1);
  const std::string updated = text + "\nتحديث: ارتفع عدد الإصابات.";
  a.text = updated;
  v = classify(a, s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kRevision);
  EXPECT_EQ(v.of, 1);
  EXPECT_EQ(v.content_hash, content_hash(updated));
}

TEST(Classify, SameContentHashIsAnExactDuplicate) {
  Store s;
  const Verdict v = classify({"نص", kT0, std::nullopt, 42, std::nullopt}, s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kDuplicate);
  EXPECT_EQ(v.of, 42);
  EXPECT_EQ(v.reason, "exact");
}

TEST(Classify, EditedWireCopyIsANearDuplicateOfTheFirstCopy) {
  Store s;
  const auto articles = testing::fixture_articles();
  s.put(1, 1, articles[0].text, kT0);
  s.put(2, 2, articles[1].text, kT0);
  s.put(3, 1, "(سبوتنيك) " + articles[0].text, kT0 + 10);  // an earlier copy of 1
  // Reordered paragraphs and a footer: a copy of article 1.
  std::string first_para = articles[0].text.substr(0, articles[0].text.find('\n'));
  std::string rest = articles[0].text.substr(articles[0].text.find('\n') + 1);
  const std::string copy = rest + "\n" + first_para + "\nجميع الحقوق محفوظة";
  const Verdict v =
      classify({copy, kT0 + 3600, std::nullopt, std::nullopt, std::nullopt}, s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kDuplicate);
  EXPECT_EQ(v.of, 1);
  EXPECT_EQ(v.reason, "near");
  EXPECT_GT(v.jaccard, 0.9);
}

TEST(Classify, SameTemplateWithOtherNumbersIsNew) {
  Store s;
  const std::string text = testing::fixture_articles().at(0).text;
  s.put(1, 1, text, kT0);
  // The next day's count: every "30" and "196" changed.
  std::string next = text;
  for (const auto& [from, to] : {std::pair{"30 حالة", "44 حالة"}, {"196", "240"}}) {
    for (auto at = next.find(from); at != std::string::npos; at = next.find(from, at + 1)) {
      next.replace(at, std::string(from).size(), to);
    }
  }
  const Verdict v =
      classify({next, kT0 + 86400, std::nullopt, std::nullopt, std::nullopt}, s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kNew) << v.reason;
  EXPECT_NE(v.reason.find("different numbers"), std::string::npos) << v.reason;
}

TEST(Classify, WithoutTheCandidateTextTheEstimateDecides) {
  Store s;
  const std::string text = testing::fixture_articles().at(1).text;
  s.index.add({5, 5, kT0, fingerprint_text(text)});  // text not available
  const Verdict v =
      classify({text + " المصدر: وكالات", kT0 + 1, std::nullopt, std::nullopt, std::nullopt},
               s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kDuplicate);
  EXPECT_EQ(v.of, 5);
}

TEST(Classify, UnrelatedArticleIsNew) {
  Store s;
  const auto articles = testing::fixture_articles();
  s.put(1, 1, articles[0].text, kT0);
  const Verdict v = classify({articles[2].text, kT0 + 5, std::nullopt, std::nullopt, std::nullopt},
                             s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kNew);
  EXPECT_EQ(v.fingerprint, fingerprint_text(articles[2].text));
  EXPECT_STREQ(verdict_name(v.kind), "new");
}

TEST(Classify, ArchivedCopyNeedsItsTextToConfirm) {
  Store s;
  s.index = NearDuplicateIndex({.window_seconds = 3600});
  const std::string text = testing::fixture_articles().at(1).text;
  s.put(1, 1, text, kT0);
  s.index.expire(kT0 + 7200);
  const Verdict v = classify({text + " ", kT0 + 7200, std::nullopt, std::nullopt, std::nullopt},
                             s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kDuplicate);
  EXPECT_EQ(v.of, 1);
  s.texts.clear();  // gone from the store: a SimHash neighbour alone does not decide
  EXPECT_EQ(
      classify({text, kT0 + 7200, std::nullopt, std::nullopt, std::nullopt}, s.index, s.lookup())
          .kind,
      VerdictKind::kNew);
}

}  // namespace
}  // namespace akhbar::dedup

namespace akhbar::dedup {
namespace {

TEST(Classify, ACopyWithoutTheFactDoesNotBridgeToOtherFacts) {
  Store s;
  const std::string fact = "وبلغ عدد المصابين 196 حالة حتى مساء اليوم بحسب بيان الوزارة.";
  const std::string body = testing::fixture_articles().at(1).text;
  s.put(1, 1, body + "\n" + fact, kT0);
  s.put(2, 1, body, kT0 + 60);  // a copy of 1 that dropped the figure
  std::string other_fact = fact;
  other_fact.replace(other_fact.find("196"), 3, "240");
  const Verdict v =
      classify({body + "\n" + other_fact, kT0 + 120, std::nullopt, std::nullopt, std::nullopt},
               s.index, s.lookup());
  EXPECT_EQ(v.kind, VerdictKind::kNew) << v.reason;
  EXPECT_NE(v.reason.find("(first copy)"), std::string::npos) << v.reason;
  ASSERT_FALSE(v.different_facts.empty());
  EXPECT_EQ(v.different_facts.back(), 1);
}

}  // namespace
}  // namespace akhbar::dedup

namespace akhbar::dedup {
namespace {

TEST(Classify, ExaminesAtMostMaxCandidates) {
  Store s;
  const std::string text = testing::fixture_articles().at(1).text;
  s.put(1, 1, text, kT0);
  ClassifyOptions none;
  none.max_candidates = 0;
  EXPECT_EQ(classify({text + " ", kT0 + 1, std::nullopt, std::nullopt, std::nullopt}, s.index,
                     s.lookup(), none)
                .kind,
            VerdictKind::kNew);
  EXPECT_EQ(
      classify({text + " ", kT0 + 1, std::nullopt, std::nullopt, std::nullopt}, s.index, s.lookup())
          .kind,
      VerdictKind::kDuplicate);
}

// The store folds each text once and hands the folded form in: the verdict
// must be the one classify() reaches folding by itself.
TEST(Classify, AFoldedTextGivenIsTheSameAsFoldingHere) {
  const std::string body = "أعلنَت الوزارةُ افتتاح المستشفى الجديد في المدينة اليوم";
  const std::string folded = akhbar::text::fold_for_matching(body);
  NearDuplicateIndex index;
  const Verdict by_itself =
      classify({body, kT0, std::nullopt, std::nullopt, std::nullopt}, index, nullptr);
  const Verdict given = classify({body, kT0, std::nullopt, std::nullopt, folded}, index, nullptr);
  EXPECT_EQ(given.content_hash, by_itself.content_hash);
  EXPECT_EQ(given.content_hash, content_hash(body));
  EXPECT_EQ(serialize_fingerprint(given.fingerprint), serialize_fingerprint(by_itself.fingerprint));
}

}  // namespace
}  // namespace akhbar::dedup
