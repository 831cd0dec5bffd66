// `akhbar serve` as systemd runs it: a real process, real signals.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <atomic>
#include <chrono>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "storage/sqlite.h"
#include "tests/child_process.h"
#include "tests/integration_site.h"
#include "tests/sqlite_query.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    serve_integration_site(server_);
    server_.http().Get("/slow.xml", [this](const httplib::Request&, httplib::Response& r) {
      slow_requested_ = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(3000));
      r.set_content("<rss/>", "application/rss+xml");
    });
    server_.start();
    db_ = dir_.file("serve.db");
    config_ = dir_.file("serve.toml");
    log_ = dir_.file("serve.log");
  }

  std::string config_text(bool with_atom) {
    std::string text = "database = \"" + db_ +
                       "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n" +
                       "[admin]\nlisten = \"\"\n[[sources]]\nname = \"rss\"\nurl = \"" +
                       server_.url("/rss.xml") + "\"\n";
    if (with_atom)
      text += "[[sources]]\nname = \"atom\"\nurl = \"" + server_.url("/atom.xml") + "\"\n";
    return text;
  }

  std::string log() { return read_file_or_empty(log_); }
  static std::string read_file_or_empty(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::atomic<bool> slow_requested_{false};
  TempDir dir_;
  TestServer server_;
  std::string db_, config_, log_;
};

TEST_F(ServeTest, PollsThenStopsCleanlyOnSigterm) {
  write_file(config_, config_text(false));
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_GT(serve.pid(), 0);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM articles") == 2; }))
      << log();
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
  EXPECT_NE(log().find("received SIGTERM, stopping"), std::string::npos) << log();
}

TEST_F(ServeTest, SighupAddsASourceAndAnInvalidReloadKeepsRunning) {
  write_file(config_, config_text(false));
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM articles") == 2; }))
      << log();

  write_file(config_, "database = \"" + db_ + "\"\n[http]\nconcurrency = 0\n");
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return log().find("keeping the running one") != std::string::npos;
  })) << log();
  EXPECT_TRUE(serve.running());

  write_file(config_, config_text(true));
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM articles") == 4; }))
      << log();
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM sources WHERE enabled = 1"), 2);

  serve.signal(SIGINT);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

TEST_F(ServeTest, SigtermDuringASlowFetchStopsWithoutWaitingForIt) {
  write_file(
      config_,
      "database = \"" + db_ +
          "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
          "timeout = \"60s\"\n[admin]\nlisten = \"\"\n[[sources]]\nname = \"slow\"\nurl = \"" +
          server_.url("/slow.xml") + "\"\n");
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return slow_requested_.load(); })) << log();
  serve.signal(SIGTERM);
  // Well before the 3 s reply: the transfer was abandoned, not awaited.
  EXPECT_EQ(serve.wait_exit(std::chrono::milliseconds(2500)), 0) << log();
  // An interrupted poll is not a failure of the source.
  EXPECT_EQ(query_int(db_, "SELECT consecutive_errors FROM sources WHERE name = 'slow'"), 0);
}

TEST_F(ServeTest, ASourceIsNeverPolledInATightLoop) {
  // A 1 s interval asks for more than the service's 30 s floor between polls.
  write_file(config_,
             "database = \"" + db_ +
                 "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                 "[admin]\nlisten = \"\"\n[[sources]]\nname = \"rss\"\ninterval = 1\nurl = \"" +
                 server_.url("/rss.xml") + "\"\n");
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM articles") == 2; }))
      << log();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(server_.hits("/rss.xml"), 1);
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

TEST_F(ServeTest, UnopenableDatabaseExitsOneWithAMessage) {
  write_file(dir_.file("blocker"), "x");
  write_file(config_, "database = \"" + dir_.file("blocker/sub/a.db") + "\"\n");
  ChildProcess serve({"serve", "--config", config_}, log_);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 1);
  EXPECT_NE(log().find("blocker"), std::string::npos) << log();
}

}  // namespace
}  // namespace akhbar::testing
