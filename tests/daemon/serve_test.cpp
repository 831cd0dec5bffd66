// `akhbar serve` as systemd runs it: a real process, real signals.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include "tests/loopback_socket.h"
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
    // The RSS feed under a second address, for a source a reload repoints.
    server_.serve("/moved/rss.xml", integration_feed("rss.xml", server_.base()),
                  "application/rss+xml");
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

// A reload that drops one source and gives another a new URL: the dropped
// one is disabled (kept, with its articles), the repointed one is polled at
// its new address at once, without a restart.
TEST_F(ServeTest, SighupRemovesASourceAndRepointsAnother) {
  write_file(config_, config_text(true));
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] { return query_int(db_, "SELECT count(*) FROM articles") == 4; }))
      << log();
  const int atom_hits = server_.hits("/atom.xml");
  EXPECT_EQ(server_.hits("/moved/rss.xml"), 0);

  std::string text = config_text(false);
  const std::string old_url = server_.url("/rss.xml");
  text.replace(text.find(old_url), old_url.size(), server_.url("/moved/rss.xml"));
  write_file(config_, text);
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return server_.hits("/moved/rss.xml") >= 1; })) << log();
  EXPECT_EQ(query_int(db_, "SELECT enabled FROM sources WHERE name = 'atom'"), 0);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM sources WHERE name = 'rss' AND url = '" +
                               server_.url("/moved/rss.xml") + "'"),
            1);
  // Same entries under the new address: nothing stored twice.
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM articles"), 4);
  EXPECT_EQ(server_.hits("/atom.xml"), atom_hits);
  const auto list = run_akhbar({"sources", "list", "--config", config_});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("disabled"), std::string::npos) << list.out;

  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

// Offline: no source answers (a refused connection, and a 404). Each
// failure is logged and recorded on its own source, and the service keeps
// running and keeps serving the others' backoff until it is stopped.
TEST_F(ServeTest, UnreachableSourcesAreRecordedAndTheServiceKeepsRunning) {
  const LoopbackSocket closed(LoopbackSocket::Mode::kRefusing);
  const int closed_port = closed.port();
  write_file(config_, "database = \"" + db_ +
                          "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                          "[admin]\nlisten = \"\"\n[[sources]]\nname = \"down\"\nurl = "
                          "\"http://127.0.0.1:" +
                          std::to_string(closed_port) +
                          "/feed.xml\"\n[[sources]]\nname = \"gone\"\nurl = \"" +
                          server_.url("/no-such-feed.xml") + "\"\n");
  ChildProcess serve({"serve", "--config", config_}, log_);
  ASSERT_TRUE(eventually([&] {
    return query_int(db_, "SELECT count(*) FROM sources WHERE consecutive_errors >= 1") == 2;
  })) << log();
  // Refused at its robots.txt, which is asked first.
  EXPECT_NE(log().find("source down: robots.txt of the site could not be read"), std::string::npos)
      << log();
  EXPECT_NE(log().find("source gone: fetch failed: HTTP 404"), std::string::npos) << log();
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM sources WHERE next_attempt_at IS NOT NULL"), 2);
  EXPECT_TRUE(serve.running());
  serve.signal(SIGTERM);
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
