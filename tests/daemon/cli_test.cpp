// The akhbar binary as a user runs it: exit codes, help, and error messages.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

TEST(Cli, NoArgumentsIsAUsageError) {
  const auto r = run_akhbar({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Usage: akhbar COMMAND"), std::string::npos) << r.err;
}

TEST(Cli, UnknownCommandAndOptionAreUsageErrors) {
  EXPECT_EQ(run_akhbar({"frobnicate"}).exit_code, 2);
  const auto r = run_akhbar({"extract", "x.html", "--colour"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option --colour"), std::string::npos) << r.err;
  EXPECT_EQ(run_akhbar({"extract"}).exit_code, 2);            // missing FILE
  EXPECT_EQ(run_akhbar({"extract", "a", "b"}).exit_code, 2);  // one FILE only
  EXPECT_EQ(run_akhbar({"events", "--since", "abc"}).exit_code, 2);
  EXPECT_EQ(run_akhbar({"events", "--log-level", "loud"}).exit_code, 2);
  EXPECT_EQ(run_akhbar({"sources", "frob"}).exit_code, 2);
}

TEST(Cli, PollWithoutOnceIsAUsageError) {
  const auto r = run_akhbar({"poll"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--once"), std::string::npos) << r.err;
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const std::vector<std::string>& command : {std::vector<std::string>{"serve"},
                                                  {"poll"},
                                                  {"extract"},
                                                  {"parse-feed"},
                                                  {"sources", "list"},
                                                  {"articles", "search"},
                                                  {"events"}}) {
    auto args = command;
    args.push_back("--help");
    const auto r = run_akhbar(args);
    EXPECT_EQ(r.exit_code, 0) << command[0];
    EXPECT_NE(r.out.find("Usage: akhbar " + command[0]), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--config FILE"), std::string::npos) << r.out;
  }
  EXPECT_EQ(run_akhbar({"--help"}).exit_code, 0);
}

TEST(Cli, RuntimeFailuresExitOneAndSayWhat) {
  TempDir dir;
  const auto missing_config = run_akhbar({"sources", "list", "--config", dir.file("none.toml")});
  EXPECT_EQ(missing_config.exit_code, 1);
  EXPECT_NE(missing_config.err.find("none.toml"), std::string::npos) << missing_config.err;

  write_file(dir.file("bad.toml"), "database = \"x.db\"\n[http]\nconcurrency = 0\n");
  const auto bad_config = run_akhbar({"poll", "--once", "--config", dir.file("bad.toml")});
  EXPECT_EQ(bad_config.exit_code, 1);
  EXPECT_NE(bad_config.err.find("bad.toml:3:"), std::string::npos) << bad_config.err;

  const auto missing_file = run_akhbar({"extract", dir.file("nope.html")});
  EXPECT_EQ(missing_file.exit_code, 1);
  EXPECT_NE(missing_file.err.find("nope.html"), std::string::npos) << missing_file.err;

  write_file(dir.file("not-a-feed.xml"), "<html><body>hello</body></html>");
  const auto not_feed = run_akhbar({"parse-feed", dir.file("not-a-feed.xml")});
  EXPECT_EQ(not_feed.exit_code, 1);
  EXPECT_NE(not_feed.err.find("not-a-feed.xml"), std::string::npos) << not_feed.err;

  write_file(dir.file("ok.toml"), "database = \"" + dir.file("db/a.db") + "\"\n");
  write_file(dir.file("db"), "a file where a directory should be");
  const auto bad_db = run_akhbar({"poll", "--once", "--config", dir.file("ok.toml")});
  EXPECT_EQ(bad_db.exit_code, 1);
  EXPECT_NE(bad_db.err.find("db"), std::string::npos) << bad_db.err;
}

TEST(Cli, ParseFeedPrintsJson) {
  const std::string fixture = std::string(AKHBAR_FIXTURES_DIR) + "/feeds/rss20_arabic.xml";
  const auto r = run_akhbar({"parse-feed", fixture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"format\": \"rss20\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"entries\""), std::string::npos);

  // --json: the neutral feed-oracle/1 schema.
  const auto j = run_akhbar({"parse-feed", fixture, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"schema\": \"feed-oracle/1\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"bozo\": false"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"enclosures\""), std::string::npos) << j.out;

  // --batch mirrors relative paths; a file that is not a feed is reported
  // with its path and counted, and the batch goes on.
  TempDir dir;
  std::filesystem::create_directories(dir.file("in/sub"));
  std::filesystem::copy_file(fixture, dir.file("in/sub/a.xml"));
  write_file(dir.file("in/bad.xml"), "<html><body>no</body></html>");
  write_file(dir.file("in/a.xml.expected.json"), "{}");
  const auto b = run_akhbar({"parse-feed", "--batch", dir.file("in"), dir.file("out")});
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/sub/a.xml.json")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/bad.xml.json")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/a.xml.expected.json.json")));
  EXPECT_NE(b.err.find("bad.xml"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("2 files, 1 feeds"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("files/s"), std::string::npos) << b.err;

  EXPECT_EQ(run_akhbar({"parse-feed", "--batch", dir.file("in")}).exit_code, 2);
  EXPECT_EQ(run_akhbar({"parse-feed", fixture, dir.file("x")}).exit_code, 2);
}

}  // namespace
}  // namespace akhbar::testing
