// `akhbar sources add | import | export` as an operator runs them: the real
// binary, a site on 127.0.0.1, a configuration file that is edited in place.
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "parsers/opml.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

const std::string kFeed =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>أخبار اليوم</title>"
    "<item><title>خبر</title><link>http://x.example/a</link></item></channel></rss>";

class SourcesCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.file("akhbar.toml");
    // A comment the edit must keep.
    original_ = "# my sources\ndatabase = \"" + dir_.file("a.db") +
                "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                "[[sources]]\nname = \"old\"\nurl = \"https://old.example/feed\"\n";
    write_file(config_, original_);
  }
  CommandResult akhbar(std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back(config_);
    return run_akhbar(args);
  }
  std::string config_text() { return read_file_or_empty(config_); }
  static std::string read_file_or_empty(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  daemon::Config parsed() {
    auto config = daemon::load_config(config_);
    EXPECT_TRUE(config) << config.error();
    return config ? *config : daemon::Config{};
  }

  TempDir dir_;
  TestServer server_;
  std::string config_, original_;
};

TEST_F(SourcesCommands, AddsAFeedUnderItsTitleKeepingTheFile) {
  server_.serve("/rss.xml", kFeed, "application/rss+xml");
  server_.start();
  const auto r = akhbar({"sources", "add", server_.url("/rss.xml"), "--interval", "10m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(config_text().rfind(original_, 0), 0u);  // appended; comment and order kept
  const auto config = parsed();
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[1].name, "أخبار اليوم");
  EXPECT_EQ(config.sources[1].url, server_.url("/rss.xml"));
  EXPECT_EQ(config.sources[1].kind, "feed");
  EXPECT_EQ(config.sources[1].interval_seconds, 600);
  // The same URL again is refused and changes nothing.
  const std::string before = config_text();
  const auto again = akhbar({"sources", "add", server_.url("/rss.xml")});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already configured"), std::string::npos) << again.err;
  EXPECT_EQ(config_text(), before);
}

TEST_F(SourcesCommands, FindsTheFeedAPageAdvertises) {
  server_.serve("/",
                "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                "href=\"/feeds/all.xml\"></head><body>home</body></html>",
                "text/html");
  server_.serve("/feeds/all.xml", kFeed, "text/xml");
  server_.start();
  const auto r = akhbar({"sources", "add", server_.url("/"), "--name", "site"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto config = parsed();
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[1].name, "site");
  EXPECT_EQ(config.sources[1].url, server_.url("/feeds/all.xml"));
  EXPECT_NE(r.err.find("link rel=alternate"), std::string::npos) << r.err;
}

TEST_F(SourcesCommands, FallsBackToAConventionalSitemap) {
  server_.serve("/", "<html><body><p>no feed here</p></body></html>", "text/html");
  server_.serve("/sitemap.xml",
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/"
                "sitemap/0.9\"><url><loc>" +
                    server_.url("/a/1") + "</loc></url></urlset>",
                "application/xml");
  server_.start();
  const auto r = akhbar({"sources", "add", server_.url("/")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto config = parsed();
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[1].kind, "sitemap");
  EXPECT_EQ(config.sources[1].url, server_.url("/sitemap.xml"));
  EXPECT_EQ(config.sources[1].name, "127.0.0.1");
}

TEST_F(SourcesCommands, APageOfArticleLinksBecomesAListing) {
  std::string page = "<html><body><main>";
  for (int i = 1; i <= 6; ++i) {
    page += "<h2><a href=\"/news/2026/11/21/10000" + std::to_string(i) +
            "\">عنوان خبر طويل بما يكفي رقم " + std::to_string(i) + "</a></h2>";
  }
  page += "</main></body></html>";
  server_.serve("/section", page, "text/html; charset=utf-8");
  server_.start();
  const auto r = akhbar({"sources", "add", server_.url("/section")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parsed().sources.at(1).kind, "listing");
}

TEST_F(SourcesCommands, FailuresAndDryRunLeaveTheFileAlone) {
  server_.serve("/rss.xml", kFeed, "application/rss+xml");
  server_.start();
  const auto missing = akhbar({"sources", "add", server_.url("/nothing")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("HTTP 404"), std::string::npos) << missing.err;
  const auto dry = akhbar({"sources", "add", server_.url("/rss.xml"), "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("[[sources]]"), std::string::npos) << dry.out;
  const auto bad_kind = akhbar({"sources", "add", server_.url("/x"), "--kind", "podcast"});
  EXPECT_EQ(bad_kind.exit_code, 1);
  const auto taken = akhbar({"sources", "add", server_.url("/rss.xml"), "--name", "old"});
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("already configured"), std::string::npos);
  EXPECT_EQ(config_text(), original_);
}

TEST_F(SourcesCommands, ImportAndExportOpml) {
  const std::string opml = dir_.file("list.opml");
  write_file(opml,
             "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>"
             "<outline text=\"عربي\"><outline type=\"rss\" text=\"الجزيرة\" "
             "xmlUrl=\"https://www.aljazeera.net/aljazeerarss\"/>"
             "<outline type=\"rss\" text=\"قديم\" xmlUrl=\"https://old.example/feed\"/>"
             "<outline type=\"rss\" text=\"old\" xmlUrl=\"https://other.example/rss\"/>"
             "</outline></body></opml>");
  const auto imported = akhbar({"sources", "import", opml});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("2 new, 1 already configured"), std::string::npos) << imported.err;
  const auto config = parsed();
  ASSERT_EQ(config.sources.size(), 3u);
  EXPECT_EQ(config.sources[1].name, "الجزيرة");
  EXPECT_EQ(config.sources[2].name, "old-2");  // "old" was taken

  const auto exported = akhbar({"sources", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto back = parsers::parse_opml(exported.out);
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->sources.size(), 3u);
  EXPECT_EQ(back->sources[1].url, "https://www.aljazeera.net/aljazeerarss");
  EXPECT_EQ(back->sources[1].name, "الجزيرة");

  write_file(opml, "<opml><body><outline");
  const auto broken = akhbar({"sources", "import", opml});
  EXPECT_EQ(broken.exit_code, 1);
}

}  // namespace
}  // namespace akhbar::testing
