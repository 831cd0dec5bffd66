// Deduplication through the real Poller: two outlets (127.0.0.1 and
// localhost, one test server) publish the same wire report, an article is
// updated in place, template news for two cities; the state is rebuilt from
// SQLite by each new Poller (as `poll --once` does); `akhbar stories --json`
// reads the result.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "base/time.h"
#include "daemon/config.h"
#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "fetchers/robots.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "tests/sqlite_query.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::daemon {
namespace {

using testing::TempDir;
using testing::TestServer;

const char* const kHospital[] = {
    "أعلنت وزارة الصحة في بيان صدر صباح اليوم عن افتتاح مستشفى جديد في مدينة الزرقاء بسعة "
    "مئتي سرير لخدمة سكان المحافظة والمناطق المجاورة لها.",
    "وقال الوزير خلال حفل الافتتاح إن المستشفى يضم أقساما للطوارئ والجراحة والأطفال وأمراض "
    "القلب وإن الكوادر الطبية العاملة فيه تلقت تدريبا متخصصا على مدى عام كامل.",
    "وأضاف أن المشروع جزء من خطة وطنية لتحسين الخدمات الصحية في المحافظات وتخفيف الضغط عن "
    "مستشفيات العاصمة التي تستقبل أعدادا كبيرة من المرضى يوميا.",
    "وأشار إلى أن الحكومة ستفتتح مستشفيين آخرين في الشمال والجنوب خلال العام المقبل ضمن "
    "الخطة نفسها التي بدأ تنفيذها قبل ثلاث سنوات.",
};

std::string page(const std::string& title, const std::vector<std::string>& paragraphs,
                 const std::string& canonical = "", const std::string& amphtml = "") {
  std::string html =
      "<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>" + title + "</title>";
  if (!canonical.empty()) html += "<link rel=\"canonical\" href=\"" + canonical + "\">";
  if (!amphtml.empty()) html += "<link rel=\"amphtml\" href=\"" + amphtml + "\">";
  html += "</head><body><main><article><h1>" + title + "</h1>";
  for (const auto& p : paragraphs) html += "<p>" + p + "</p>";
  return html + "</article></main></body></html>";
}

std::vector<std::string> weather(const std::string& city, const std::string& high,
                                 const std::string& low) {
  return {
      "توقعت الهيئة العامة للأرصاد الجوية أن يكون الطقس اليوم مشمسا بوجه عام مع ظهور بعض "
      "السحب المتوسطة على المرتفعات الجبلية ونشاط في الرياح السطحية المثيرة للأتربة.",
      "وتبلغ درجة الحرارة العظمى في " + city + " " + high + " درجة والصغرى " + low + " درجة.",
      "ودعت الهيئة السائقين إلى توخي الحذر على الطرق السريعة بسبب تدني مدى الرؤية الأفقية "
      "في بعض الأوقات ونصحت المواطنين بمتابعة النشرات الجوية الصادرة عنها أولا بأول عبر "
      "موقعها الرسمي وحساباتها على وسائل التواصل الاجتماعي."};
}

// An RSS feed; `updated` gives an entry an atom:updated stamp (link -> UTC).
std::string rss(const std::vector<std::string>& links,
                const std::map<std::string, std::string>& updated = {}) {
  std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
      "<channel><title>t</title>";
  for (const auto& link : links) {
    xml += "<item><title>خبر</title><link>" + link + "</link>";
    if (auto it = updated.find(link); it != updated.end()) {
      xml += "<atom:updated>" + it->second + "</atom:updated>";
    }
    xml += "</item>";
  }
  return xml + "</channel></rss>";
}

class DedupPollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.http().Get("/a/feed", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(rss(feed_a_, updated_a_), "application/rss+xml");
    });
    server_.http().Get("/b/feed", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(rss(feed_b_), "application/rss+xml");
    });
    server_.http().Get(R"(/(a|b)/(.*\.html))",
                       [this](const httplib::Request& q, httplib::Response& r) {
                         auto it = pages_.find(q.path);
                         if (it == pages_.end()) {
                           r.status = 404;
                           return;
                         }
                         r.set_content(it->second, "text/html; charset=utf-8");
                       });
    server_.start();
    a_ = server_.base();
    b_ = "http://localhost:" + std::to_string(server_.port());
    config_text_ = "database = \"" + dir_.file("a.db") +
                   "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                   "timeout = \"5s\"\n"
                   "[[sources]]\nname = \"outlet-a\"\nurl = \"" +
                   a_ + "/a/feed\"\n[[sources]]\nname = \"outlet-b\"\nurl = \"" + b_ +
                   "/b/feed\"\n";
    testing::write_file(dir_.file("akhbar.toml"), config_text_);
  }

  // One poll by a fresh Poller over a fresh connection, as `poll --once` runs.
  PollStats poll() {
    auto config = parse_config(config_text_, "test");
    EXPECT_TRUE(config) << config.error();
    auto db = storage::Database::open(dir_.file("a.db"));
    EXPECT_TRUE(db) << db.error();
    storage::ArticleStore store(**db);
    EXPECT_TRUE(store.sync_sources(source_specs(*config)));
    fetchers::HttpClient http(http_options_from(config->http));
    fetchers::RobotsCache robots(robots_token(config->http.user_agent));
    Poller poller(*config, store, http, robots);
    return poller.poll(store.list_sources().value());
  }

  std::int64_t scalar(const std::string& sql) { return testing::query_int(dir_.file("a.db"), sql); }

  TempDir dir_;
  TestServer server_;
  std::string a_, b_, config_text_;
  std::vector<std::string> feed_a_, feed_b_;
  std::map<std::string, std::string> updated_a_;  // atom:updated stamps in feed a
  std::map<std::string, std::string> pages_;
};

TEST_F(DedupPollTest, CopiesRevisionsTemplatesAndStoriesEndToEnd) {
  const std::vector<std::string> wire(std::begin(kHospital), std::end(kHospital));
  // Outlet b ran the report with a dateline and its own closing line.
  std::vector<std::string> edited = wire;
  edited[0] = "الزرقاء (وكالات) - " + edited[0];
  edited[3] = "تابعوا آخر الأخبار على موقعنا.";
  pages_["/a/hospital.html"] = page("افتتاح مستشفى في الزرقاء", wire);
  pages_["/a/weather.html"] = page("طقس اليوم", weather("الرياض", "35", "22"));
  pages_["/b/weather.html"] = page("طقس اليوم", weather("جدة", "38", "29"));
  feed_a_ = {a_ + "/a/hospital.html", a_ + "/a/weather.html"};
  feed_b_ = {b_ + "/b/weather.html"};
  const PollStats first = poll();
  EXPECT_EQ(first.articles_stored, 3);
  EXPECT_EQ(first.duplicates, 0);
  // Template news: two originals, two stories.
  EXPECT_EQ(scalar("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"), 3);
  EXPECT_EQ(scalar("SELECT count(DISTINCT story_id) FROM articles"), 3);

  // Second run (a new process: the state is rebuilt from the file): outlet b
  // publishes the copy; outlet a's page is reached under a new URL whose
  // canonical is the stored one, with an added paragraph.
  pages_["/b/hospital.html"] = page("الصحة تفتتح مستشفى جديدا", edited);
  std::vector<std::string> updated = wire;
  updated.push_back("وفي وقت لاحق أعلن الوزير عن تعيين مدير للمستشفى.");
  pages_["/a/hospital-v2.html"] =
      page("افتتاح مستشفى في الزرقاء (محدث)", updated, a_ + "/a/hospital.html");
  feed_a_.push_back(a_ + "/a/hospital-v2.html");
  feed_b_.push_back(b_ + "/b/hospital.html");
  const PollStats second = poll();
  EXPECT_EQ(second.articles_stored, 0);
  EXPECT_EQ(second.duplicates, 1);
  EXPECT_EQ(second.articles_updated, 1);

  const std::string original = "(SELECT id FROM articles WHERE url = '" + a_ + "/a/hospital.html')";
  EXPECT_EQ(scalar("SELECT duplicate_of = " + original + " FROM articles WHERE url = '" + b_ +
                   "/b/hospital.html'"),
            1);
  EXPECT_EQ(scalar("SELECT story_id = " + original + " FROM articles WHERE url = '" + b_ +
                   "/b/hospital.html'"),
            1);
  EXPECT_EQ(scalar("SELECT revision FROM articles WHERE id = " + original), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM article_revisions WHERE revision = 1 AND article_id = " +
                   original + " AND text NOT LIKE '%تعيين مدير%'"),
            1);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'article.new'"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'article.duplicate'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'article.updated'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'story.new'"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'story.updated'"), 1);

  // `akhbar stories --json`, as a user runs it.
  const auto listed = testing::run_akhbar(
      {"stories", "--json", "--since", "1h", "--config", dir_.file("akhbar.toml")});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto stories = nlohmann::json::parse(listed.out);
  ASSERT_EQ(stories.size(), 3u);
  const nlohmann::json* hospital = nullptr;
  for (const auto& s : stories) {
    if (s["article_count"] == 2) hospital = &s;
  }
  ASSERT_NE(hospital, nullptr) << listed.out;
  EXPECT_EQ((*hospital)["title"], "افتتاح مستشفى في الزرقاء");
  EXPECT_EQ((*hospital)["outlets"], nlohmann::json({"127.0.0.1", "localhost"}));
  ASSERT_EQ((*hospital)["articles"].size(), 2u);
  EXPECT_EQ((*hospital)["articles"][0]["duplicate"], false);
  EXPECT_EQ((*hospital)["articles"][0]["url"], a_ + "/a/hospital.html");
  EXPECT_EQ((*hospital)["articles"][1]["duplicate"], true);
  EXPECT_EQ((*hospital)["articles"][1]["duplicate_of"], (*hospital)["articles"][0]["id"]);
  EXPECT_EQ((*hospital)["articles"][1]["site"], "localhost");
  // --limit and bad values.
  const auto one = testing::run_akhbar(
      {"stories", "--json", "--limit", "1", "--config", dir_.file("akhbar.toml")});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out).size(), 1u);
  EXPECT_EQ(
      testing::run_akhbar({"stories", "--since", "soon", "--config", dir_.file("akhbar.toml")})
          .exit_code,
      2);
  EXPECT_EQ(
      testing::run_akhbar({"stories", "extra", "--config", dir_.file("akhbar.toml")}).exit_code, 2);
  const auto text = testing::run_akhbar({"stories", "--config", dir_.file("akhbar.toml")});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("2 articles, 2 outlets: 127.0.0.1 localhost"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("[copy of "), std::string::npos) << text.out;
}

// A page updated in place under the same URL: the feed's updated stamp sends
// the poller back to it once; a changed text becomes a revision, an
// unchanged one is remembered as checked and not fetched again.
TEST_F(DedupPollTest, AnEntryMarkedUpdatedIsFetchedAgainOnce) {
  const std::vector<std::string> wire(std::begin(kHospital), std::end(kHospital));
  const std::string url = a_ + "/a/hospital.html";
  pages_["/a/hospital.html"] = page("افتتاح مستشفى", wire);
  feed_a_ = {url};
  const std::time_t now = std::time(nullptr);
  updated_a_[url] = format_utc(now - 3 * 3600);  // before we store it
  EXPECT_EQ(poll().articles_stored, 1);
  EXPECT_EQ(poll().pages_rechecked, 0);  // stamped before our fetch: nothing to see
  // Two hours pass (the stored times are moved back instead).
  const auto age = [&](const std::string& column, std::time_t seconds) {
    ASSERT_TRUE(testing::exec_sql(dir_.file("a.db"), "UPDATE articles SET " + column + " = '" +
                                                         format_utc(now - seconds) + "'"));
  };
  age("fetched_at", 2 * 3600);

  // The outlet corrects the article and stamps the entry.
  std::vector<std::string> corrected = wire;
  corrected[0] += " وبلغت كلفة المشروع خمسين مليون دينار.";
  pages_["/a/hospital.html"] = page("افتتاح مستشفى", corrected);
  updated_a_[url] = format_utc(now - 3600);
  const PollStats revised = poll();
  EXPECT_EQ(revised.pages_rechecked, 1);
  EXPECT_EQ(revised.articles_updated, 1);
  EXPECT_EQ(scalar("SELECT revision FROM articles"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'article.updated'"), 1);
  EXPECT_EQ(poll().pages_rechecked, 0);  // the revision is newer than the stamp

  // A new stamp without a new text: fetched once, then remembered.
  age("updated_at", 1800);
  updated_a_[url] = format_utc(now - 600);
  const PollStats unchanged = poll();
  EXPECT_EQ(unchanged.pages_rechecked, 1);
  EXPECT_EQ(unchanged.articles_updated, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles WHERE checked_at IS NOT NULL"), 1);
  EXPECT_EQ(poll().pages_rechecked, 0);
  EXPECT_EQ(scalar("SELECT revision FROM articles"), 2);
  // A stamp far in the future (a wrong clock or zone) is not believed.
  updated_a_[url] = format_utc(now + 86400);
  EXPECT_EQ(poll().pages_rechecked, 0);
  // Nor is one on an article stored more than a week ago.
  age("fetched_at", 8 * 86400);
  age("updated_at", 8 * 86400);
  ASSERT_TRUE(testing::exec_sql(dir_.file("a.db"), "UPDATE articles SET checked_at = NULL"));
  updated_a_[url] = format_utc(now - 60);
  EXPECT_EQ(poll().pages_rechecked, 0);
}

// A listing that stamps every entry with its generation time would send the
// poller back to every page each poll: such dates are not followed.
TEST_F(DedupPollTest, ASourceStampingEveryEntryUpdatedIsNotFollowed) {
  for (int i = 0; i < 8; ++i) {
    const std::string path = "/a/w" + std::to_string(i) + ".html";
    pages_[path] = page("طقس " + std::to_string(i),
                        weather("مدينة" + std::to_string(i), std::to_string(20 + i), "10"));
    feed_a_.push_back(a_ + path);
  }
  EXPECT_EQ(poll().pages_fetched, 8);
  const std::time_t now = std::time(nullptr);
  ASSERT_TRUE(testing::exec_sql(
      dir_.file("a.db"), "UPDATE articles SET fetched_at = '" + format_utc(now - 7200) + "'"));
  for (const auto& link : feed_a_) updated_a_[link] = format_utc(now - 60);
  const PollStats churn = poll();
  EXPECT_EQ(churn.pages_rechecked, 0);
  EXPECT_EQ(churn.pages_fetched, 0);
  // One entry stamped alone is followed.
  updated_a_.clear();
  updated_a_[feed_a_[3]] = format_utc(now - 30);
  EXPECT_EQ(poll().pages_rechecked, 1);
}

// A page names its AMP twin (rel=amphtml): the twin becomes an alias, so a
// feed that lists it later leads to the stored article without a fetch. An
// AMP page names its regular page as canonical: listing that one later is
// the same article too. A twin on another site is not believed.
TEST_F(DedupPollTest, AmpTwinsAreAliasesOfOneArticle) {
  const std::vector<std::string> wire(std::begin(kHospital), std::end(kHospital));
  int amp_requests = 0;
  server_.http().Get("/a/amp/hospital.html", [&](const httplib::Request&, httplib::Response& r) {
    ++amp_requests;
    r.set_content(page("افتتاح مستشفى", wire, "/a/hospital.html"), "text/html; charset=utf-8");
  });
  pages_["/a/hospital.html"] = page("افتتاح مستشفى", wire, "", "amp/hospital.html");
  feed_a_ = {a_ + "/a/hospital.html"};
  ASSERT_EQ(poll().articles_stored, 1);
  const std::string id = "(SELECT id FROM articles WHERE url = '" + a_ + "/a/hospital.html')";
  EXPECT_EQ(scalar("SELECT article_id = " + id + " FROM article_urls WHERE url = '" + a_ +
                   "/a/amp/hospital.html'"),
            1);

  feed_a_.push_back(a_ + "/a/amp/hospital.html");
  const PollStats again = poll();
  EXPECT_EQ(again.pages_fetched, 0);
  EXPECT_EQ(again.articles_stored, 0);
  EXPECT_EQ(amp_requests, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type LIKE 'article.%'"), 1);

  // The other way round: outlet b's feed lists only the AMP page, whose
  // canonical is the regular page; that one, listed next, is known already.
  std::vector<std::string> weather_text = weather("جدة", "38", "29");
  pages_["/b/amp/weather.html"] = page("طقس جدة", weather_text, "/b/weather.html");
  pages_["/b/weather.html"] = page("طقس جدة", weather_text);
  feed_b_ = {b_ + "/b/amp/weather.html"};
  EXPECT_EQ(poll().articles_stored, 1);
  feed_b_.push_back(b_ + "/b/weather.html");
  EXPECT_EQ(poll().pages_fetched, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 2);

  // A twin on another site (outlet b claiming an outlet-a URL) is ignored.
  pages_["/b/report.html"] =
      page("تقرير", {kHospital[2], kHospital[3]}, "", a_ + "/a/amp/report.html");
  feed_b_.push_back(b_ + "/b/report.html");
  EXPECT_EQ(poll().articles_stored, 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM article_urls WHERE url LIKE '%/a/amp/report.html'"), 0);
}

TEST_F(DedupPollTest, StoriesWithoutADatabaseFailsClearly) {
  const auto r = testing::run_akhbar({"stories", "--config", dir_.file("akhbar.toml")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("does not exist yet"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace akhbar::daemon
