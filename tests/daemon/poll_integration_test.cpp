// End to end: a real HTTP server on 127.0.0.1 serves an RSS 2.0 and an Atom
// feed and their Arabic article pages; the real akhbar binary polls them into
// a real SQLite file, which the test then reads.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>

#include "storage/database.h"
#include "storage/sqlite.h"
#include "tests/child_process.h"
#include "tests/integration_site.h"
#include "tests/sqlite_query.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

struct StoredArticle {
  std::string url, canonical_url, site, title, author, published_at, language, text;
};

class PollIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = server_.base();
    const std::string rss = integration_feed("rss.xml", base);
    // The RSS feed supports conditional GET, as real feeds do.
    server_.http().Get("/rss.xml", [rss](const httplib::Request& q, httplib::Response& r) {
      r.set_header("ETag", "\"rss-v1\"");
      if (q.get_header_value("If-None-Match") == "\"rss-v1\"") {
        r.status = 304;
        return;
      }
      r.set_content(rss, "application/rss+xml; charset=utf-8");
    });
    server_.serve("/atom.xml", integration_feed("atom.xml", base), "application/atom+xml");
    server_.serve("/broken.xml", "<html><body>Service temporarily replaced</body></html>",
                  "text/html; charset=utf-8");
    server_.serve("/ar/politics/summit.html", read_fixture("integration/summit.html"),
                  "text/html; charset=utf-8");
    server_.serve("/ar/economy/oil.html", read_fixture("integration/oil.html"),
                  "text/html; charset=utf-8");
    server_.serve("/ar/sport/final.html", read_fixture("integration/final.html"), "text/html");
    // No charset anywhere: bytes are windows-1256.
    server_.serve("/ar/culture/book.html", read_fixture("integration/book-windows-1256.html"),
                  "text/html");
    server_.start();

    config_path_ = dir_.file("akhbar.toml");
    db_path_ = dir_.file("state/akhbar.db");
    write_file(config_path_, "database = \"" + db_path_ +
                                 "\"\n"
                                 "[http]\n"
                                 "allow_private_networks = true\nper_site_delay = 0\n"
                                 "timeout = \"10s\"\n"
                                 "[[sources]]\n"
                                 "name = \"rss-news\"\n"
                                 "url = \"" +
                                 server_.url("/rss.xml") +
                                 "\"\n"
                                 "kind = \"feed\"\n"
                                 "[[sources]]\n"
                                 "name = \"atom-news\"\n"
                                 "url = \"" +
                                 server_.url("/atom.xml") +
                                 "\"\n"
                                 "kind = \"feed\"\n"
                                 "[[sources]]\n"
                                 "name = \"broken\"\n"
                                 "url = \"" +
                                 server_.url("/broken.xml") +
                                 "\"\n"
                                 "kind = \"feed\"\n");
  }

  CommandResult poll() { return run_akhbar({"poll", "--once", "--config", config_path_}); }

  std::map<std::string, StoredArticle> articles() {
    std::map<std::string, StoredArticle> out;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    {
      storage::Statement q(
          db,
          "SELECT url, canonical_url, site, title, coalesce(author, ''), "
          "coalesce(published_at, ''), coalesce(language, ''), text FROM articles");
      while (q.step().value()) {
        StoredArticle a{q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3),
                        q.column_text(4), q.column_text(5), q.column_text(6), q.column_text(7)};
        out[a.url.substr(server_.base().size())] = a;
      }
    }
    sqlite3_close_v2(db);
    return out;
  }

  std::int64_t scalar(const std::string& sql) { return query_int(db_path_, sql); }
  std::string text_of(const std::string& sql) { return query_text(db_path_, sql); }

  TempDir dir_;
  TestServer server_;
  std::string config_path_;
  std::string db_path_;
};

TEST_F(PollIntegrationTest, StoresExactlyTheNewArticlesOnceWithEvents) {
  const auto first = poll();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("4 new articles"), std::string::npos) << first.out;

  const auto stored = articles();
  ASSERT_EQ(stored.size(), 4u);
  // Titles and first sentences as written in tests/fixtures/integration.
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"/ar/politics/summit.html",
       {"قمة عربية طارئة في القاهرة لبحث الأزمة الإنسانية",
        "افتتح القادة العرب صباح اليوم في القاهرة قمة طارئة"}},
      {"/ar/economy/oil.html",
       {"أسعار النفط ترتفع مع تراجع المخزونات الأمريكية", "ارتفعت أسعار النفط في تعاملات اليوم"}},
      {"/ar/sport/final.html",
       {"المنتخب يتأهل إلى نهائي البطولة بعد فوز مثير", "حجز المنتخب الوطني مقعده في نهائي"}},
      {"/ar/culture/book.html",
       {"معرض الكتاب يستقبل آلاف الزوار في يومه الأول",
        "استقبل معرض الكتاب الدولي في يومه الأول آلاف الزوار"}},
  };
  for (const auto& [path, title_and_lead] : expected) {
    ASSERT_TRUE(stored.count(path)) << path;
    const StoredArticle& a = stored.at(path);
    EXPECT_EQ(a.title, title_and_lead.first) << path;
    EXPECT_NE(a.text.find(title_and_lead.second), std::string::npos) << path << "\n" << a.text;
    EXPECT_EQ(a.language, "ar") << path;
    EXPECT_EQ(a.site, "127.0.0.1") << path;
    EXPECT_EQ(a.published_at, "2026-11-20T06:30:00Z") << path;  // +03:00 on the page
    // Boilerplate on every page that must not reach the store.
    for (const char* noise :
         {"الأكثر قراءة", "التعليقات مغلقة", "أسعار الذهب تقفز", "جميع الحقوق محفوظة", "ليس نصا"}) {
      EXPECT_EQ(a.text.find(noise), std::string::npos) << path << " kept: " << noise;
    }
  }
  // utm_* parameters were dropped from the stored URL; the relative canonical resolved.
  EXPECT_EQ(stored.at("/ar/economy/oil.html").canonical_url, server_.url("/ar/economy/oil.html"));

  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type = 'article.new'"), 4);
  // Every event (4 article.new, 4 story events) names a stored article.
  EXPECT_EQ(scalar("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id"), 8);
  // The summit page appeared in both feeds (once with #comments): fetched once.
  EXPECT_EQ(server_.hits("/ar/politics/summit.html"), 1);

  // Failures are recorded on their source, and did not stop the others.
  EXPECT_EQ(scalar("SELECT consecutive_errors FROM sources WHERE name = 'broken'"), 1);
  EXPECT_NE(
      text_of("SELECT last_error FROM sources WHERE name = 'broken'").find("not a usable feed"),
      std::string::npos);
  EXPECT_EQ(scalar("SELECT consecutive_errors FROM sources WHERE name = 'rss-news'"), 0);
  // The summit page is in both feeds; whichever source got it, each article counts once.
  EXPECT_EQ(scalar("SELECT sum(articles_stored) FROM sources"), 4);
  EXPECT_GE(scalar("SELECT articles_stored FROM sources WHERE name = 'atom-news'"), 2);
  EXPECT_GE(scalar("SELECT articles_stored FROM sources WHERE name = 'rss-news'"), 1);
  EXPECT_EQ(text_of("SELECT etag FROM sources WHERE name = 'rss-news'"), "\"rss-v1\"");

  // The page that failed waits in the queue with its error; stored ones left it.
  EXPECT_EQ(scalar("SELECT count(*) FROM pending_pages"), 1);
  EXPECT_EQ(text_of("SELECT last_error FROM pending_pages WHERE url LIKE '%/ar/missing.html'"),
            "HTTP 404");

  // Second poll: nothing new, no new event, the RSS feed answers 304, and the
  // failed page is not due yet (backoff).
  const auto second = poll();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 new articles"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("1 not modified"), std::string::npos) << second.out;
  EXPECT_EQ(articles().size(), 4u);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type LIKE 'article.%'"), 4);
  EXPECT_EQ(server_.hits("/ar/missing.html"), 1);
  EXPECT_EQ(server_.hits("/ar/politics/summit.html"), 1);
  EXPECT_EQ(scalar("SELECT consecutive_errors FROM sources WHERE name = 'broken'"), 2);

  // Once due, it is tried again even though the feed itself is unchanged (304).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(
      storage::exec(db, "UPDATE pending_pages SET next_attempt_at = '2000-01-01T00:00:00Z'").ok());
  sqlite3_close_v2(db);
  ASSERT_EQ(poll().exit_code, 0);
  EXPECT_EQ(server_.hits("/ar/missing.html"), 2);
  EXPECT_EQ(scalar("SELECT attempts FROM pending_pages WHERE url LIKE '%/ar/missing.html'"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type LIKE 'article.%'"), 4);
}

TEST_F(PollIntegrationTest, EntriesBeyondThePerPollCapAreFetchedByLaterPolls) {
  write_file(config_path_, "database = \"" + db_path_ +
                               "\"\nmax_articles_per_poll = 1\n[http]\nallow_private_networks = "
                               "true\nper_site_delay = 0\n"
                               "[[sources]]\nname = \"rss-news\"\nurl = \"" +
                               server_.url("/rss.xml") + "\"\n");
  ASSERT_EQ(poll().exit_code, 0);
  EXPECT_EQ(articles().size(), 1u);
  // Later polls see 304 from the feed, yet the queued entries still arrive.
  int polls = 1;
  for (; polls < 5 && articles().size() < 2; ++polls) {
    const auto r = poll();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("1 not modified"), std::string::npos) << r.out;
  }
  EXPECT_EQ(articles().size(), 2u);
  EXPECT_EQ(server_.hits("/rss.xml"), polls);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE type LIKE 'article.%'"), 2);
}

TEST_F(PollIntegrationTest, SearchEventsAndSourcesCommandsReadTheStore) {
  ASSERT_EQ(poll().exit_code, 0);

  const auto search = run_akhbar({"articles", "search", "النفط", "--config", config_path_});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("أسعار النفط ترتفع مع تراجع المخزونات الأمريكية"), std::string::npos)
      << search.out;
  EXPECT_EQ(search.out.find("معرض الكتاب"), std::string::npos);

  // Hamza and harakat variants find the same article.
  const auto variant =
      run_akhbar({"articles", "search", "اسعار النِّفط", "--config", config_path_, "--json"});
  ASSERT_EQ(variant.exit_code, 0) << variant.err;
  EXPECT_NE(variant.out.find("/ar/economy/oil.html"), std::string::npos) << variant.out;

  const auto events = run_akhbar({"events", "--config", config_path_});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  // Each article's event and the story event that follows it.
  EXPECT_EQ(std::count(events.out.begin(), events.out.end(), '\n'), 8);
  EXPECT_NE(events.out.find("\"type\":\"article.new\""), std::string::npos) << events.out;

  const auto since = run_akhbar({"events", "--since", "7", "--config", config_path_});
  ASSERT_EQ(since.exit_code, 0) << since.err;
  EXPECT_EQ(std::count(since.out.begin(), since.out.end(), '\n'), 1);
  EXPECT_NE(since.out.find("{\"id\":8,"), std::string::npos) << since.out;

  const auto sources = run_akhbar({"sources", "list", "--config", config_path_});
  ASSERT_EQ(sources.exit_code, 0) << sources.err;
  EXPECT_NE(sources.out.find("broken"), std::string::npos);
  EXPECT_NE(sources.out.find("failing"), std::string::npos);
  EXPECT_NE(sources.out.find("last error: not a usable feed"), std::string::npos) << sources.out;
}

TEST_F(PollIntegrationTest, EventsFollowPrintsEventsAsTheyCommit) {
  ASSERT_TRUE(storage::Database::open(db_path_).ok());  // the daemon's database, still empty
  const std::string out = dir_.file("follow.out");
  ChildProcess follow({"events", "--follow", "--config", config_path_}, dir_.file("follow.err"),
                      out);
  const auto lines = [&] {
    std::ifstream in(out);
    return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(lines(), 0);
  ASSERT_EQ(poll().exit_code, 0);
  EXPECT_TRUE(eventually([&] { return lines() == 8; })) << lines();  // 4 articles, 4 story events
  EXPECT_TRUE(follow.running());
  follow.signal(SIGINT);
  EXPECT_EQ(follow.wait_exit(std::chrono::seconds(10)), 0);
}

TEST_F(PollIntegrationTest, ReadingCommandsNeitherCreateNorChangeTheStore) {
  const auto before = run_akhbar({"sources", "list", "--config", config_path_});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.out.find("rss-news"), std::string::npos);  // from the configuration
  EXPECT_NE(before.out.find("new"), std::string::npos);
  const auto search = run_akhbar({"articles", "search", "النفط", "--config", config_path_});
  EXPECT_EQ(search.exit_code, 1);
  EXPECT_NE(search.err.find("does not exist yet"), std::string::npos) << search.err;
  EXPECT_FALSE(std::filesystem::exists(db_path_));

  ASSERT_EQ(poll().exit_code, 0);
  // Another configuration naming none of these sources, used only to look.
  const std::string other = dir_.file("other.toml");
  write_file(other, "database = \"" + db_path_ +
                        "\"\n[[sources]]\nname = \"x\"\nurl = \"https://x.example/\"\n");
  const auto listed = run_akhbar({"sources", "list", "--config", other});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("disabled"), std::string::npos)
      << listed.out;  // shown as not configured
  ASSERT_EQ(run_akhbar({"events", "--config", other}).exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM sources WHERE enabled = 1"), 3);  // unchanged
  EXPECT_EQ(scalar("SELECT count(*) FROM sources WHERE name = 'x'"), 0);
}

TEST_F(PollIntegrationTest, AFrontPageCanonicalDoesNotMergeDifferentArticles) {
  TestServer site;
  const std::string to_front = "<link rel=\"canonical\" href=\"/\">\n  <title>";
  auto with_front_canonical = [&](const std::string& html) {
    return std::regex_replace(html, std::regex("<title>"), to_front);
  };
  site.serve("/feed.xml",
             "<rss version=\"2.0\"><channel><title>t</title>"
             "<item><title>a</title><link>" +
                 site.url("/a.html") +
                 "</link></item>"
                 "<item><title>b</title><link>" +
                 site.url("/b.html") +
                 "</link></item>"
                 "</channel></rss>",
             "application/rss+xml");
  site.serve("/a.html", with_front_canonical(read_fixture("integration/summit.html")), "text/html");
  site.serve("/b.html", with_front_canonical(read_fixture("integration/final.html")), "text/html");
  site.start();
  write_file(config_path_, "database = \"" + db_path_ +
                               "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                               "[[sources]]\nname = \"s\"\nurl = \"" +
                               site.url("/feed.xml") + "\"\n");
  ASSERT_EQ(poll().exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM articles WHERE canonical_url = url"), 2);
}

TEST_F(PollIntegrationTest, PrivateAddressesAreRefusedByDefault) {
  write_file(config_path_, "database = \"" + db_path_ +
                               "\"\n[[sources]]\nname = \"local\"\nurl = \"" +
                               server_.url("/rss.xml") + "\"\n");
  const auto r = poll();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(server_.hits("/rss.xml"), 0);
  EXPECT_NE(
      text_of("SELECT last_error FROM sources WHERE name = 'local'").find("private or loopback"),
      std::string::npos);
}

}  // namespace
}  // namespace akhbar::testing
