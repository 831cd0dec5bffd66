#include "dedup/stories.h"
#include "text/normalize.h"

#include <gtest/gtest.h>

#include "tests/dedup/dedup_fixture.h"

namespace akhbar::dedup {
namespace {

constexpr std::int64_t kT0 = 1'780'000'000;
constexpr std::int64_t kHour = 3600;

// Two outlets on one event (written for this test, after youm7's story in
// tests/fixtures/dedup/articles.jsonl), and an unrelated sports item.
constexpr const char* kTitleA = "وزير الري يشهد توقيع عقد دراسة الخزانات الجوفية مع جامعة القاهرة";
constexpr const char* kLeadA =
    "شهد وزير الموارد المائية والري مراسم توقيع عقد المرحلة الثانية من دراسة تحديد السحب الآمن "
    "للخزانات الجوفية مع كلية الهندسة بجامعة القاهرة.";
constexpr const char* kTitleB =
    "توقيع عقد المرحلة الثانية لدراسة الخزانات الجوفية بين وزارة الري وهندسة القاهرة";
constexpr const char* kLeadB =
    "وقعت وزارة الموارد المائية والري وكلية الهندسة في جامعة القاهرة عقد المرحلة الثانية من "
    "دراسة الإمكانات والسحب الآمن المستدام للخزانات الجوفية بحضور الوزير.";
constexpr const char* kTitleC = "الأهلي يفوز على الزمالك بهدفين في نهائي كأس مصر";
constexpr const char* kLeadC =
    "حقق النادي الأهلي فوزا ثمينا على غريمه الزمالك بهدفين دون رد في المباراة النهائية لبطولة "
    "كأس مصر لكرة القدم التي أقيمت على استاد القاهرة الدولي.";

TEST(StoryTerms, FoldedStemmedContentWords) {
  StoryOptions o;
  o.title_weight = 1;
  o.lead_words = 0;
  // "في" is a stop word, "2026" a bare number; ال and ات are stripped, and the
  // final ي of الاسري (الأسرى folded) since 3 letters remain.
  const std::vector<std::string> expected = {"مفاوض", "دوح", "اسر"};
  EXPECT_EQ(story_terms("المفاوضات في الدوحة 2026 الأسرى", "", o), expected);
}

// The store hands the clusterer the text it has folded already: the terms,
// and so every decision, are the same as from the raw text.
TEST(StoryTerms, FromFoldedTextAreTheSameAsFromRawText) {
  const std::string text = std::string(kLeadC) + " وَأَعْلَنَ الْمُـدَرِّبُ، بعد المباراة، رحيله.";
  const auto raw = story_terms("الأهلي يتوج بكأس مصر", text);
  EXPECT_EQ(story_terms_of_folded("الأهلي يتوج بكأس مصر", text::fold_for_matching(text)), raw);
  EXPECT_GT(raw.size(), 10u);

  StoryClusterer from_raw, from_folded;
  const auto articles = testing::fixture_articles();
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto id = static_cast<std::int64_t>(i + 1);
    const std::string folded = text::fold_for_matching(articles[i].text);
    const StoryArticle a{id, kT0, articles[i].title, articles[i].text, {}};
    const StoryAssignment x = from_raw.assign(a);
    const StoryAssignment y = from_folded.assign(a, folded);
    EXPECT_EQ(x.story_id, y.story_id);
    EXPECT_EQ(x.similarity, y.similarity);
  }
}

TEST(StoryClusterer, SameEventFromTwoOutletsIsOneStory) {
  StoryClusterer c;
  // Background articles so that document frequencies mean something.
  const auto articles = testing::fixture_articles();
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (i == 1) continue;  // youm7: the event below
    c.assign({static_cast<std::int64_t>(100 + i), kT0, articles[i].title, articles[i].text, {}});
  }
  const StoryAssignment a = c.assign({1, kT0 + kHour, kTitleA, kLeadA, {}});
  const StoryAssignment sports = c.assign({2, kT0 + kHour, kTitleC, kLeadC, {}});
  const StoryAssignment b = c.assign({3, kT0 + 2 * kHour, kTitleB, kLeadB, {}});
  EXPECT_TRUE(a.new_story);
  EXPECT_EQ(a.story_id, 1);
  EXPECT_TRUE(sports.new_story);
  EXPECT_EQ(sports.story_id, 2);
  EXPECT_FALSE(b.new_story);
  EXPECT_EQ(b.story_id, 1);
  EXPECT_GE(b.similarity, 0.3);
}

TEST(StoryClusterer, StoriesOlderThan72HoursAreClosed) {
  StoryClusterer c;
  EXPECT_EQ(c.assign({1, kT0, kTitleA, kLeadA, {}}).story_id, 1);
  EXPECT_EQ(c.active_stories(kT0 + kHour), 1u);
  EXPECT_EQ(c.active_stories(kT0 + 73 * kHour), 0u);
  const StoryAssignment late = c.assign({2, kT0 + 73 * kHour, kTitleB, kLeadB, {}});
  EXPECT_TRUE(late.new_story);
  EXPECT_EQ(late.story_id, 2);
}

TEST(StoryClusterer, RestoreReplaysToTheSameState) {
  const auto articles = testing::fixture_articles();
  std::vector<StoryArticle> input;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    input.push_back({static_cast<std::int64_t>(10 + i),
                     kT0 + static_cast<std::int64_t>(i),
                     articles[i].title,
                     articles[i].text,
                     {}});
  }
  input.push_back({20, kT0 + 10, kTitleA, kLeadA, {}});
  input.push_back({21, kT0 + 11, kTitleC, kLeadC, {}});

  StoryClusterer online, restored;
  for (const StoryArticle& a : input) restored.restore(a, online.assign(a).story_id);
  const StoryArticle next{30, kT0 + 20, kTitleB, kLeadB, {}};
  const StoryAssignment x = online.assign(next), y = restored.assign(next);
  EXPECT_EQ(x.story_id, y.story_id);
  // The fixture's youm7 article (id 11) reports this very event.
  EXPECT_EQ(x.story_id, 11);
  EXPECT_DOUBLE_EQ(x.similarity, y.similarity);
}

TEST(StoryClusterer, EmptyArticleStartsItsOwnStory) {
  StoryClusterer c;
  c.assign({1, kT0, kTitleA, kLeadA, {}});
  const StoryAssignment e = c.assign({2, kT0, "", "", {}});
  EXPECT_TRUE(e.new_story);
  EXPECT_EQ(e.story_id, 2);
}

}  // namespace
}  // namespace akhbar::dedup

namespace akhbar::dedup {
namespace {

TEST(StoryClusterer, ExcludedStoriesAreNotJoined) {
  StoryClusterer c;
  EXPECT_EQ(c.assign({1, kT0, kTitleA, kLeadA, {}}).story_id, 1);
  // The same words, but the template guard said: other facts, other event.
  const StoryAssignment other = c.assign({2, kT0 + 60, kTitleA, kLeadA, {1}});
  EXPECT_TRUE(other.new_story);
  EXPECT_EQ(other.story_id, 2);
  EXPECT_EQ(c.assign({3, kT0 + 120, kTitleA, kLeadA, {}}).story_id, 1);  // best: 1 (older on ties)
}

}  // namespace
}  // namespace akhbar::dedup
