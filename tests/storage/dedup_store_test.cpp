// store_article with deduplication: copies from other outlets, revisions of
// one page, template news, stories, and the state rebuilt after a restart,
// on a real SQLite file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>

#include "base/time.h"
#include "dedup/content_hash.h"
#include "dedup/fingerprint.h"
#include "storage/article_store.h"
#include "storage/sqlite.h"
#include "tests/test_support.h"
#include "text/normalize.h"

namespace akhbar::storage {
namespace {

// A wire report of about 90 words.
const std::string kWire =
    "أعلنت وزارة الصحة في بيان صدر صباح اليوم عن افتتاح مستشفى جديد في مدينة الزرقاء بسعة "
    "مئتي سرير لخدمة سكان المحافظة والمناطق المجاورة لها.\n"
    "وقال الوزير خلال حفل الافتتاح إن المستشفى يضم أقساما للطوارئ والجراحة والأطفال وأمراض "
    "القلب وإن الكوادر الطبية العاملة فيه تلقت تدريبا متخصصا على مدى عام كامل.\n"
    "وأضاف أن المشروع جزء من خطة وطنية لتحسين الخدمات الصحية في المحافظات وتخفيف الضغط عن "
    "مستشفيات العاصمة التي تستقبل أعدادا كبيرة من المرضى يوميا.\n"
    "وأشار إلى أن الحكومة ستفتتح مستشفيين آخرين في الشمال والجنوب خلال العام المقبل ضمن "
    "الخطة نفسها التي بدأ تنفيذها قبل ثلاث سنوات.";

// The same report as another outlet ran it: a dateline, one sentence cut, a
// closing line of its own.
const std::string kWireCopy =
    "عمان (وكالات) - أعلنت وزارة الصحة في بيان صدر صباح اليوم عن افتتاح مستشفى جديد في مدينة "
    "الزرقاء بسعة مئتي سرير لخدمة سكان المحافظة والمناطق المجاورة لها.\n"
    "وقال الوزير خلال حفل الافتتاح إن المستشفى يضم أقساما للطوارئ والجراحة والأطفال وأمراض "
    "القلب وإن الكوادر الطبية العاملة فيه تلقت تدريبا متخصصا على مدى عام كامل.\n"
    "وأضاف أن المشروع جزء من خطة وطنية لتحسين الخدمات الصحية في المحافظات وتخفيف الضغط عن "
    "مستشفيات العاصمة التي تستقبل أعدادا كبيرة من المرضى يوميا.\n"
    "تابعوا آخر الأخبار على موقعنا.";

// A weather bulletin: a long fixed text around one sentence of facts.
std::string weather(const std::string& city, const std::string& high, const std::string& low) {
  return "توقعت الهيئة العامة للأرصاد الجوية أن يكون الطقس اليوم مشمسا بوجه عام مع ظهور بعض "
         "السحب المتوسطة على المرتفعات الجبلية ونشاط في الرياح السطحية المثيرة للأتربة والغبار "
         "على الطرق الصحراوية المفتوحة.\n"
         "وتبلغ درجة الحرارة العظمى في " +
         city + " " + high + " درجة والصغرى " + low +
         " درجة.\n"
         "ودعت الهيئة السائقين إلى توخي الحذر على الطرق السريعة بسبب تدني مدى الرؤية الأفقية "
         "في بعض الأوقات ونصحت المواطنين بمتابعة النشرات الجوية الصادرة عنها أولا بأول عبر "
         "موقعها الرسمي وحساباتها على وسائل التواصل الاجتماعي وتجنب الخروج إلى المناطق "
         "المكشوفة في أوقات الذروة حفاظا على سلامتهم.";
}

// Times of the test's articles: minutes after a base two hours ago. The
// near-duplicate window and story activity count back from now, so fixed
// dates would age out of them (they did, two weeks after they were written).
std::string at_minute(int minutes) {
  static const std::time_t base = std::time(nullptr) / 60 * 60 - 2 * 3600;
  return format_utc(base + minutes * 60);
}

class DedupStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    store_.reset();
    db_.reset();
    auto opened = Database::open(dir_.file("store.db"));
    ASSERT_TRUE(opened) << opened.error();
    db_ = std::move(*opened);
    store_ = std::make_unique<ArticleStore>(*db_);
  }

  static NewArticle article(const std::string& url, const std::string& title,
                            const std::string& text, const std::string& fetched_at = at_minute(0)) {
    NewArticle a;
    a.url = url;
    a.canonical_url = url;
    a.site = url.substr(url.find("//") + 2, url.find('/', url.find("//") + 2) - url.find("//") - 2);
    a.title = title;
    a.fetched_at = fetched_at;
    a.language = "ar";
    a.text = text;
    return a;
  }

  StoreResult store(const NewArticle& a) {
    auto stored = store_->store_article(a, dedup_);
    EXPECT_TRUE(stored) << stored.error();
    return stored ? *stored : StoreResult{};
  }

  std::vector<EventRow> events() { return store_->events_after(0, 100).value(); }

  // Makes the store refuse the event rows, and so everything, of the article at `url`.
  void refuse_article(const std::string& url) {
    const Status made = exec(db_->handle(),
                             "CREATE TRIGGER refuse_article BEFORE INSERT ON events "
                             "WHEN json_extract(NEW.payload, '$.url') = '" +
                                 url + "' BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    ASSERT_TRUE(made) << made.error();
  }

  std::int64_t scalar(const std::string& sql) {
    Statement q(db_->handle(), sql);
    auto row = q.step();
    EXPECT_TRUE(row && *row) << sql;
    return q.column_int(0);
  }

  akhbar::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ArticleStore> store_;
  DedupState dedup_;
};

TEST_F(DedupStoreTest, AnotherOutletsCopyIsStoredAsADuplicateInTheSameStory) {
  const auto first = store(article("http://a.example/news/1", "افتتاح مستشفى في الزرقاء", kWire));
  EXPECT_EQ(first.outcome, StoreOutcome::kInserted);
  EXPECT_FALSE(first.duplicate_of);
  EXPECT_EQ(first.story_id, first.article_id);  // a story is named after its first article

  const auto copy = store(article("http://b.example/2", "الصحة تفتتح مستشفى جديدا", kWireCopy));
  EXPECT_EQ(copy.outcome, StoreOutcome::kDuplicate);
  EXPECT_NE(copy.article_id, first.article_id);
  EXPECT_EQ(copy.duplicate_of, first.article_id);
  EXPECT_EQ(copy.story_id, first.story_id);
  EXPECT_EQ(copy.reason, "near");

  const auto all = events();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].type, "article.new");
  EXPECT_EQ(all[1].type, "story.new");
  EXPECT_EQ(all[2].type, "article.duplicate");
  EXPECT_EQ(all[3].type, "story.updated");
  const auto dup = nlohmann::json::parse(all[2].payload);
  EXPECT_EQ(dup["article_id"], copy.article_id);
  EXPECT_EQ(dup["duplicate_of"], first.article_id);
  EXPECT_EQ(dup["story_id"], first.article_id);
  EXPECT_EQ(dup["revision"], 1);
  EXPECT_TRUE(nlohmann::json::parse(all[0].payload)["duplicate_of"].is_null());
  const auto story = nlohmann::json::parse(all[3].payload);
  EXPECT_EQ(story["story_id"], first.article_id);
  EXPECT_EQ(story["article_count"], 2);
  EXPECT_EQ(story["title"], "افتتاح مستشفى في الزرقاء");
  // A story event is about the article that joined: its id, site and language.
  EXPECT_EQ(all[3].article_id.value_or(0), copy.article_id);
  EXPECT_EQ(story["article_id"], copy.article_id);
  EXPECT_EQ(story["site"], "b.example");
  EXPECT_EQ(story["language"], "ar");

  EXPECT_EQ(
      scalar("SELECT article_count FROM stories WHERE id = " + std::to_string(first.article_id)),
      2);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles WHERE fingerprint IS NOT NULL AND "
                   "length(fingerprint) = " +
                   std::to_string(dedup::kFingerprintBlobSize)),
            2);
  EXPECT_EQ(scalar("SELECT outlet_count FROM v_stories"), 2);
}

TEST_F(DedupStoreTest, ExactCopyFromAnotherOutletIsADuplicateAndFromTheSameSiteAnAlias) {
  const auto first = store(article("http://a.example/1", "خبر", kWire));
  const auto other = store(article("http://b.example/x", "خبر", kWire));
  EXPECT_EQ(other.outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(other.duplicate_of, first.article_id);
  EXPECT_EQ(other.reason, "exact");
  // A copy of the copy links to the first copy.
  const auto third = store(article("http://c.example/y", "خبر", kWire));
  EXPECT_EQ(third.duplicate_of, first.article_id);
  const auto same_site = store(article("http://b.example/category/x", "خبر", kWire));
  EXPECT_EQ(same_site.outcome, StoreOutcome::kDuplicateContent);
  EXPECT_EQ(same_site.article_id, other.article_id);  // the same site's page
  EXPECT_EQ(same_site.event_id, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 3);
}

TEST_F(DedupStoreTest, ChangedTextUnderTheSameUrlIsANewRevision) {
  const auto first = store(article("http://a.example/1", "عنوان أول", kWire));
  const std::string edited = kWire + "\nوفي وقت لاحق أعلن الوزير عن تعيين مدير للمستشفى.";
  auto update = article("http://a.example/1", "عنوان معدل", edited, at_minute(60));
  const auto revised = store(update);
  EXPECT_EQ(revised.outcome, StoreOutcome::kRevision);
  EXPECT_EQ(revised.article_id, first.article_id);
  EXPECT_EQ(revised.revision, 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(scalar("SELECT revision FROM articles"), 2);
  {
    Statement q(db_->handle(),
                "SELECT r.revision, r.title, r.text, r.content_hash, r.fetched_at, a.title, "
                "a.text, a.updated_at IS NOT NULL FROM article_revisions r JOIN articles a "
                "ON a.id = r.article_id");
    ASSERT_TRUE(q.step().value());
    EXPECT_EQ(q.column_int(0), 1);
    EXPECT_EQ(q.column_text(1), "عنوان أول");
    EXPECT_EQ(q.column_text(2), kWire);
    EXPECT_EQ(q.column_text(3), dedup::content_hash(kWire));
    EXPECT_EQ(q.column_text(4), at_minute(0));
    EXPECT_EQ(q.column_text(5), "عنوان معدل");
    EXPECT_EQ(q.column_text(6), edited);
    EXPECT_EQ(q.column_int(7), 1);
  }
  // The search index follows the new text.
  EXPECT_EQ(store_->search("تعيين مدير", {}).value().size(), 1u);
  const auto all = events();
  ASSERT_EQ(all.size(), 3u);  // article.new, story.new, article.updated
  EXPECT_EQ(all[2].type, "article.updated");
  const auto payload = nlohmann::json::parse(all[2].payload);
  EXPECT_EQ(payload["revision"], 2);
  EXPECT_EQ(payload["story_id"], first.story_id);
  EXPECT_EQ(payload["title"], "عنوان معدل");

  // Fetched again unchanged: nothing new.
  const auto again = store(update);
  EXPECT_EQ(again.outcome, StoreOutcome::kDuplicateUrl);
  EXPECT_EQ(events().size(), 3u);
  // A third text: revision 3, two earlier texts kept.
  store(article("http://a.example/1", "عنوان", edited + "\nتحديث ثان.", at_minute(120)));
  EXPECT_EQ(scalar("SELECT revision FROM articles"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM article_revisions"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM article_revisions WHERE revision = 2 AND "
                   "fetched_at = '" +
                   at_minute(60) + "' AND replaced_at = '" + at_minute(120) + "'"),
            1);
}

TEST_F(DedupStoreTest, TemplateNewsForTwoCitiesAreTwoOriginalsInTwoStories) {
  const auto riyadh =
      store(article("http://a.example/w1", "طقس اليوم", weather("الرياض", "35", "22")));
  const auto jeddah =
      store(article("http://b.example/w2", "طقس اليوم", weather("جدة", "38", "29")));
  EXPECT_EQ(riyadh.outcome, StoreOutcome::kInserted);
  EXPECT_EQ(jeddah.outcome, StoreOutcome::kInserted);
  EXPECT_FALSE(jeddah.duplicate_of);
  EXPECT_NE(jeddah.story_id, riyadh.story_id);
  EXPECT_EQ(scalar("SELECT count(*) FROM stories"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'story.new'"), 2);
}

TEST_F(DedupStoreTest, DuplicatesAreStillFoundAfterARestart) {
  const auto first = store(article("http://a.example/1", "افتتاح مستشفى", kWire));
  open();  // a new process: new connection, new state
  dedup_ = DedupState();
  auto loaded = store_->load_dedup_state(dedup_);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->fingerprints, 1);
  EXPECT_EQ(loaded->bad_fingerprints, 0);
  const auto copy = store(article("http://b.example/2", "مستشفى جديد", kWireCopy));
  EXPECT_EQ(copy.outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(copy.duplicate_of, first.article_id);
  EXPECT_EQ(copy.story_id, first.story_id);
}

TEST_F(DedupStoreTest, AStateNeverLoadedIsRebuiltOnFirstUse) {
  const auto first = store(article("http://a.example/1", "افتتاح مستشفى", kWire));
  DedupState fresh;
  auto copy = store_->store_article(article("http://b.example/2", "مستشفى", kWireCopy), fresh);
  ASSERT_TRUE(copy) << copy.error();
  EXPECT_TRUE(fresh.loaded);
  EXPECT_EQ(copy->duplicate_of, first.article_id);
}

TEST_F(DedupStoreTest, ACopyOfAnArticleWhoseTextRetentionDroppedIsJudgedOnItsFingerprint) {
  const auto first = store(article("http://a.example/1", "خبر", kWire));
  ASSERT_TRUE(exec(db_->handle(), "UPDATE articles SET text = ''").ok());  // as retention does
  const auto copy = store(article("http://b.example/2", "خبر", kWireCopy));
  EXPECT_EQ(copy.outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(copy.duplicate_of, first.article_id);
}

TEST_F(DedupStoreTest, AnUnreadableFingerprintIsSkippedAtLoad) {
  store(article("http://a.example/1", "خبر", kWire));
  ASSERT_TRUE(exec(db_->handle(), "UPDATE articles SET fingerprint = x'0102'").ok());
  DedupState fresh;
  auto loaded = store_->load_dedup_state(fresh);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->fingerprints, 0);
  EXPECT_EQ(loaded->bad_fingerprints, 1);
}

TEST_F(DedupStoreTest, RecentStoriesListArticlesAndOutlets) {
  const auto first = store(article("http://a.example/1", "افتتاح مستشفى", kWire));
  store(article("http://b.example/2", "مستشفى جديد", kWireCopy, at_minute(5)));
  store(article("http://c.example/3", "طقس اليوم", weather("الرياض", "35", "22"), at_minute(10)));
  auto stories = store_->recent_stories(at_minute(-600), 10);
  ASSERT_TRUE(stories) << stories.error();
  ASSERT_EQ(stories->size(), 2u);
  const StoryRow& hospital = (*stories)[1];  // older last_seen_at: second
  EXPECT_EQ(hospital.id, first.story_id);
  EXPECT_EQ(hospital.article_count, 2);
  EXPECT_EQ(hospital.first_seen_at, at_minute(0));
  EXPECT_EQ(hospital.last_seen_at, at_minute(5));
  EXPECT_EQ(hospital.outlets, (std::vector<std::string>{"a.example", "b.example"}));
  ASSERT_EQ(hospital.articles.size(), 2u);
  EXPECT_FALSE(hospital.articles[0].duplicate_of);
  EXPECT_EQ(hospital.articles[1].duplicate_of, first.article_id);
  EXPECT_EQ(store_->recent_stories(at_minute(7), 10).value().size(), 1u);
  EXPECT_EQ(store_->recent_stories(at_minute(-600), 1).value().size(), 1u);
}

TEST_F(DedupStoreTest, AFailedEventLeavesNoArticleNoStoryAndNoIndexEntry) {
  store(article("http://a.example/1", "خبر", kWire));
  ASSERT_TRUE(exec(db_->handle(),
                   "CREATE TRIGGER fail_events BEFORE INSERT ON events "
                   "BEGIN SELECT RAISE(ABORT, 'events unavailable'); END;")
                  .ok());
  auto failed = store_->store_article(article("http://b.example/2", "خبر", kWireCopy), dedup_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(scalar("SELECT article_count FROM stories"), 1);
  ASSERT_TRUE(exec(db_->handle(), "DROP TRIGGER fail_events").ok());
  const auto retried = store(article("http://b.example/2", "خبر", kWireCopy));
  EXPECT_EQ(retried.outcome, StoreOutcome::kDuplicate);
}

// Group commit: one transaction for a batch, a savepoint per article.
TEST_F(DedupStoreTest, ABatchCatchesACopyOfAnEarlierArticleOfTheSameBatch) {
  const std::vector<NewArticle> batch = {
      article("http://a.example/news/1", "افتتاح مستشفى في الزرقاء", kWire),
      article("http://c.example/3", "طقس اليوم", weather("عمان", "31", "19")),
      article("http://b.example/2", "الصحة تفتتح مستشفى جديدا", kWireCopy),
  };
  const auto stored = store_->store_articles(batch, dedup_);
  ASSERT_EQ(stored.size(), 3u);
  for (const auto& r : stored) ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(stored[0]->outcome, StoreOutcome::kInserted);
  EXPECT_EQ(stored[1]->outcome, StoreOutcome::kInserted);
  EXPECT_EQ(stored[2]->outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(stored[2]->duplicate_of, stored[0]->article_id);
  EXPECT_EQ(stored[2]->story_id, stored[0]->story_id);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 3);
  // Events in batch order: each article's event, then its story's.
  const auto all = events();
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].type, "article.new");
  EXPECT_EQ(all[0].article_id, stored[0]->article_id);
  EXPECT_EQ(all[4].type, "article.duplicate");
  EXPECT_EQ(all[4].article_id, stored[2]->article_id);
}

TEST_F(DedupStoreTest, AnArticleThatFailsInABatchIsUndoneAloneAndTheOthersCommit) {
  // Rows of the second article (and only those) are refused.
  refuse_article("http://c.example/3");
  const std::vector<NewArticle> batch = {
      article("http://a.example/news/1", "افتتاح مستشفى في الزرقاء", kWire),
      article("http://c.example/3", "طقس اليوم", weather("عمان", "31", "19")),
      article("http://d.example/4", "طقس الغد", weather("إربد", "27", "15")),
  };
  const auto stored = store_->store_articles(batch, dedup_);
  ASSERT_EQ(stored.size(), 3u);
  ASSERT_TRUE(stored[0]) << stored[0].error();
  ASSERT_FALSE(stored[1]);
  EXPECT_NE(stored[1].error().find("refused"), std::string::npos) << stored[1].error();
  ASSERT_TRUE(stored[2]) << stored[2].error();
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles WHERE url = 'http://c.example/3'"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 4);  // two articles, two stories
  EXPECT_EQ(scalar("SELECT count(*) FROM stories"), 2);
  // The failed article may have touched the in-memory state: it is rebuilt
  // from the store before the next store, and then agrees with it.
  EXPECT_FALSE(dedup_.loaded);
  ASSERT_TRUE(exec(db_->handle(), "DROP TRIGGER refuse_article").ok());
  const auto retried =
      store(article("http://c.example/3", "طقس اليوم", weather("عمان", "31", "19")));
  EXPECT_EQ(retried.outcome, StoreOutcome::kInserted);
  EXPECT_TRUE(dedup_.loaded);
  const auto copy = store(article("http://b.example/2", "الصحة تفتتح مستشفى جديدا", kWireCopy));
  EXPECT_EQ(copy.outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(copy.duplicate_of, stored[0]->article_id);
}

TEST_F(DedupStoreTest, AFailureLateInTheBatchStoresTheEarlierArticlesOnce) {
  // The batch is first written without a savepoint per article; the last
  // article's failure rolls that attempt back and the batch is written again
  // article by article. Nothing of the first attempt may remain.
  refuse_article("http://d.example/4");
  const std::vector<NewArticle> batch = {
      article("http://a.example/news/1", "افتتاح مستشفى في الزرقاء", kWire),
      article("http://b.example/2", "الصحة تفتتح مستشفى جديدا", kWireCopy),
      article("http://d.example/4", "طقس الغد", weather("إربد", "27", "15")),
  };
  const auto stored = store_->store_articles(batch, dedup_);
  ASSERT_EQ(stored.size(), 3u);
  ASSERT_TRUE(stored[0]) << stored[0].error();
  ASSERT_TRUE(stored[1]) << stored[1].error();
  ASSERT_FALSE(stored[2]);
  EXPECT_EQ(stored[0]->outcome, StoreOutcome::kInserted);
  EXPECT_EQ(stored[1]->outcome, StoreOutcome::kDuplicate);
  EXPECT_EQ(stored[1]->duplicate_of, stored[0]->article_id);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 2);
  // article.new, story.new, article.duplicate, story.updated: once each.
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 4);
  EXPECT_EQ(scalar("SELECT count(*) FROM stories"), 1);
  EXPECT_EQ(scalar("SELECT article_count FROM stories"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM article_urls WHERE url LIKE 'http://d.example/%'"), 0);
}

TEST_F(DedupStoreTest, AFailedCommitFailsEveryArticleOfTheBatchAndLosesNothingStored) {
  store(article("http://a.example/news/1", "افتتاح مستشفى في الزرقاء", kWire));
  // A deferred foreign key fails only at COMMIT: the whole batch is refused.
  ASSERT_TRUE(exec(db_->handle(),
                   "CREATE TABLE commit_guard (article_id INTEGER REFERENCES articles(id) "
                   "DEFERRABLE INITIALLY DEFERRED);"
                   "CREATE TRIGGER guard AFTER INSERT ON articles "
                   "BEGIN INSERT INTO commit_guard VALUES (-1); END;")
                  .ok());
  const std::vector<NewArticle> batch = {
      article("http://c.example/3", "طقس اليوم", weather("عمان", "31", "19")),
      article("http://b.example/2", "الصحة تفتتح مستشفى جديدا", kWireCopy),
  };
  const auto stored = store_->store_articles(batch, dedup_);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_FALSE(stored[0]);
  EXPECT_FALSE(stored[1]);
  EXPECT_FALSE(dedup_.loaded);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 2);
  ASSERT_TRUE(exec(db_->handle(), "DROP TRIGGER guard").ok());
  const auto again = store_->store_articles(batch, dedup_);
  ASSERT_TRUE(again[0] && again[1]);
  EXPECT_EQ(again[1]->outcome, StoreOutcome::kDuplicate);
}

}  // namespace
}  // namespace akhbar::storage
