// `akhbar serve` as systemd runs it: a real process, real signals.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <fcntl.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "storage/sqlite.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

extern char** environ;

namespace akhbar::testing {
namespace {

class ServeProcess {
 public:
  ServeProcess(const std::string& config, const std::string& log_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {AKHBAR_BINARY, "serve", "--config", config};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, AKHBAR_BINARY, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  void signal(int sig) { kill(pid_, sig); }

  // Exit code once the process ends within `limit`; -1 if it does not.
  int wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  bool running() {
    int status = 0;
    return waitpid(pid_, &status, WNOHANG) == 0;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

// Polls `predicate` every 50 ms for at most `limit`.
template <class F>
bool eventually(F predicate, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return predicate();
}

std::int64_t count_rows(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return -1;
  }
  sqlite3_busy_timeout(db, 1000);
  std::int64_t n = -1;
  {
    storage::Statement q(db, sql);
    auto row = q.step();
    if (row && *row) n = q.column_int(0);
  }
  sqlite3_close_v2(db);
  return n;
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.serve("/rss.xml", std::regex_replace(read_fixture("integration/rss.xml"),
                                                 std::regex("\\{\\{BASE\\}\\}"), server_.base()),
                  "application/rss+xml");
    server_.serve("/atom.xml", std::regex_replace(read_fixture("integration/atom.xml"),
                                                  std::regex("\\{\\{BASE\\}\\}"), server_.base()),
                  "application/atom+xml");
    server_.serve("/ar/politics/summit.html", read_fixture("integration/summit.html"), "text/html");
    server_.serve("/ar/economy/oil.html", read_fixture("integration/oil.html"), "text/html");
    server_.serve("/ar/sport/final.html", read_fixture("integration/final.html"), "text/html");
    server_.serve("/ar/culture/book.html", read_fixture("integration/book-windows-1256.html"), "text/html");
    server_.start();
    db_ = dir_.file("serve.db");
    config_ = dir_.file("serve.toml");
    log_ = dir_.file("serve.log");
  }

  std::string config_text(bool with_atom) {
    std::string text = "database = \"" + db_ + "\"\n[http]\nallow_private_networks = true\n" +
                       "[[sources]]\nname = \"rss\"\nurl = \"" + server_.url("/rss.xml") + "\"\n";
    if (with_atom) text += "[[sources]]\nname = \"atom\"\nurl = \"" + server_.url("/atom.xml") + "\"\n";
    return text;
  }

  std::string log() { return read_file_or_empty(log_); }
  static std::string read_file_or_empty(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  TempDir dir_;
  TestServer server_;
  std::string db_, config_, log_;
};

TEST_F(ServeTest, PollsThenStopsCleanlyOnSigterm) {
  write_file(config_, config_text(false));
  ServeProcess serve(config_, log_);
  ASSERT_GT(serve.pid(), 0);
  ASSERT_TRUE(eventually([&] { return count_rows(db_, "SELECT count(*) FROM articles") == 2; }))
      << log();
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
  EXPECT_NE(log().find("received SIGTERM, stopping"), std::string::npos) << log();
}

TEST_F(ServeTest, SighupAddsASourceAndAnInvalidReloadKeepsRunning) {
  write_file(config_, config_text(false));
  ServeProcess serve(config_, log_);
  ASSERT_TRUE(eventually([&] { return count_rows(db_, "SELECT count(*) FROM articles") == 2; }))
      << log();

  write_file(config_, "database = \"" + db_ + "\"\n[http]\nconcurrency = 0\n");
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return log().find("keeping the running one") != std::string::npos; }))
      << log();
  EXPECT_TRUE(serve.running());

  write_file(config_, config_text(true));
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return count_rows(db_, "SELECT count(*) FROM articles") == 4; }))
      << log();
  EXPECT_EQ(count_rows(db_, "SELECT count(*) FROM sources WHERE enabled = 1"), 2);

  serve.signal(SIGINT);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

TEST_F(ServeTest, UnopenableDatabaseExitsOneWithAMessage) {
  write_file(dir_.file("blocker"), "x");
  write_file(config_, "database = \"" + dir_.file("blocker/sub/a.db") + "\"\n");
  ServeProcess serve(config_, log_);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 1);
  EXPECT_NE(log().find("blocker"), std::string::npos) << log();
}

}  // namespace
}  // namespace akhbar::testing
