// Search filters: since, site, language, duplicates; folding of the query.
#include <gtest/gtest.h>

#include "base/time.h"
#include "storage/article_store.h"
#include "storage/dedup_state.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

class SearchFilters : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("s.db"));
    ASSERT_TRUE(db) << db.error();
    db_ = std::move(*db);
    store_ = std::make_unique<ArticleStore>(*db_);
    const std::time_t now = std::time(nullptr);
    add("https://a.example/1", "a.example", "ar", format_utc(now - 10 * 86400),
        "طالبان تفاوض طاجيكستان حول الحدود المشتركة في اجتماع مطول عقد في دوشنبه أمس");
    add("https://www.b.example/2", "www.b.example", "ar", format_utc(now - 3600),
        "وفد من طالبان يزور طاجيكستان لبحث التجارة والطاقة مع المسؤولين هناك هذا الأسبوع");
    add("https://c.example/3", "c.example", "en", format_utc(now - 3600),
        "طالبان و طاجيكستان: a note in English about the Taliban and Tajikistan border talks");
  }
  void add(const std::string& url, const std::string& site, const std::string& language,
           const std::string& published, const std::string& text) {
    NewArticle a;
    a.url = a.canonical_url = url;
    a.site = site;
    a.title = "خبر";
    a.language = language;
    a.published_at = published;
    a.fetched_at = utc_now();
    a.text = text;
    auto stored = store_->store_article(a, dedup_);
    ASSERT_TRUE(stored) << stored.error();
  }
  std::vector<std::string> urls(const SearchOptions& options, const std::string& query) {
    auto hits = store_->search(query, options);
    EXPECT_TRUE(hits) << hits.error();
    std::vector<std::string> found;
    if (hits) {
      for (const auto& h : *hits) found.push_back(h.url);
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ArticleStore> store_;
  DedupState dedup_;
};

TEST_F(SearchFilters, EachFilterNarrowsTheHits) {
  const std::string q = "طالبان طاجيكستان";
  EXPECT_EQ(urls({}, q).size(), 3u);
  SearchOptions recent;
  recent.since = format_utc(std::time(nullptr) - 7 * 86400);
  EXPECT_EQ(urls(recent, q),
            (std::vector<std::string>{"https://c.example/3", "https://www.b.example/2"}));
  SearchOptions site;
  site.site = "b.example";  // matches www.b.example too
  EXPECT_EQ(urls(site, q), (std::vector<std::string>{"https://www.b.example/2"}));
  site.site = "www.b.example";
  EXPECT_EQ(urls(site, q), (std::vector<std::string>{"https://www.b.example/2"}));
  SearchOptions english;
  english.language = "en";
  EXPECT_EQ(urls(english, q), (std::vector<std::string>{"https://c.example/3"}));
  SearchOptions all;
  all.site = "a.example";
  all.language = "ar";
  all.since = recent.since;
  EXPECT_TRUE(urls(all, q).empty());
}

TEST_F(SearchFilters, VowelledAndHamzaVariantsFindEachOther) {
  // طالبانُ with a damma, and a tatweel in طاجيـكستان.
  EXPECT_EQ(urls({}, "طالبانُ طاجيـكستان").size(), 3u);
}

TEST_F(SearchFilters, FunctionWordsInAQueryOfOtherWordsAreIgnored) {
  // "في" and "مع" are absent from the third article; only the content
  // words have to match.
  EXPECT_EQ(urls({}, "طالبان في طاجيكستان مع"), urls({}, "طالبان طاجيكستان"));
  EXPECT_EQ(urls({}, "طالبان في طاجيكستان مع").size(), 3u);
  // A query of function words only is searched as it is.
  EXPECT_EQ(urls({}, "في"), (std::vector<std::string>{"https://a.example/1"}));
  EXPECT_EQ(urls({}, "مع هذا"), (std::vector<std::string>{"https://www.b.example/2"}));
}

TEST_F(SearchFilters, DuplicatesOnlyWhenAsked) {
  // A near copy from another outlet: stored, linked, left out by default.
  add("https://d.example/4", "d.example", "ar", utc_now(),
      "وفد من طالبان يزور طاجيكستان لبحث التجارة والطاقة مع المسؤولين هناك هذا الأسبوع");
  const std::string q = "وفد طالبان";
  EXPECT_EQ(urls({}, q), (std::vector<std::string>{"https://www.b.example/2"}));
  SearchOptions with;
  with.include_duplicates = true;
  EXPECT_EQ(urls(with, q),
            (std::vector<std::string>{"https://d.example/4", "https://www.b.example/2"}));
}

TEST_F(SearchFilters, TheLimitIsFilledFromMatchesPastTheFilteredOutBestOnes) {
  // Eight more matches on e.example, each naming طالبان more often than any
  // article above, so they rank first; a site filter must skip all of them
  // and still fill the limit, best first.
  for (int i = 0; i < 8; ++i) {
    std::string text = "مقال رقم " + std::to_string(i) + " عن حركة";
    for (int j = 0; j < 6; ++j) text += " طالبان وطاجيكستان طالبان طاجيكستان";
    add("https://e.example/" + std::to_string(i), "e.example", "ar", utc_now(), text);
  }
  auto ranked = store_->search("طالبان طاجيكستان", {});
  ASSERT_TRUE(ranked) << ranked.error();
  ASSERT_EQ(ranked->size(), 11u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ((*ranked)[i].site, "e.example") << i;
  }
  SearchOptions two;
  two.limit = 2;
  EXPECT_EQ(store_->search("طالبان طاجيكستان", two)->size(), 2u);
  SearchOptions others = two;
  others.language = "ar";
  others.since = format_utc(std::time(nullptr) - 7 * 86400);
  // Of the Arabic articles of the last week, only www.b.example/2 is not on e.example.
  auto filtered = store_->search("طالبان طاجيكستان", others);
  ASSERT_TRUE(filtered) << filtered.error();
  ASSERT_EQ(filtered->size(), 2u);
  others.site = "b.example";
  filtered = store_->search("طالبان طاجيكستان", others);
  ASSERT_TRUE(filtered) << filtered.error();
  ASSERT_EQ(filtered->size(), 1u);
  EXPECT_EQ(filtered->front().url, "https://www.b.example/2");
  others.site = "a.example";  // older than a week
  EXPECT_TRUE(store_->search("طالبان طاجيكستان", others)->empty());
}

}  // namespace
}  // namespace akhbar::storage
