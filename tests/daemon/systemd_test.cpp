// `akhbar serve` under the systemd protocol: a NOTIFY_SOCKET datagram socket
// made by the test receives READY, STATUS, WATCHDOG and STOPPING; and one
// database is written by one process only.
#include <gtest/gtest.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "storage/sqlite.h"
#include "tests/child_process.h"
#include "tests/integration_site.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

// The receiving end of sd_notify(3).
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot bind notify socket " + path);
    }
  }
  ~NotifySocket() { ::close(fd_); }

  // Every datagram received within `limit`, or until `until` matches one.
  std::vector<std::string> receive(std::chrono::milliseconds limit, const std::string& until = "") {
    std::vector<std::string> messages;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      messages.emplace_back(buffer, static_cast<size_t>(n));
      if (!until.empty() && messages.back().find(until) != std::string::npos) break;
    }
    return messages;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

int count_containing(const std::vector<std::string>& messages, const std::string& needle) {
  int n = 0;
  for (const auto& m : messages) n += m.find(needle) != std::string::npos;
  return n;
}

class SystemdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    serve_integration_site(server_);
    server_.start();
    db_ = dir_.file("s.db");
    config_ = dir_.file("s.toml");
    write_file(config_, "database = \"" + db_ +
                            "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n" +
                            "[admin]\nlisten = \"\"\n[[sources]]\nname = \"rss\"\nurl = \"" +
                            server_.url("/rss.xml") + "\"\n");
  }

  std::string log() {
    std::ifstream in(dir_.file("serve.log"));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  TempDir dir_;
  TestServer server_;
  std::string db_, config_;
};

TEST_F(SystemdTest, ReadyStatusWatchdogAndStopping) {
  NotifySocket notify(dir_.file("notify.sock"));
  ChildProcess serve({"serve", "--config", config_}, dir_.file("serve.log"), "/dev/null",
                     {"NOTIFY_SOCKET=" + dir_.file("notify.sock"), "WATCHDOG_USEC=400000"});
  const auto startup = notify.receive(std::chrono::seconds(20), "READY=1");
  ASSERT_EQ(count_containing(startup, "READY=1"), 1) << log();
  EXPECT_EQ(count_containing(startup, "STATUS=serving 1 sources"), 1);

  // Half the 0.4 s interval between pings: several within 1.5 s, with the
  // status of the first poll among the messages.
  const auto running = notify.receive(std::chrono::milliseconds(1500));
  EXPECT_GE(count_containing(running, "WATCHDOG=1"), 3);
  EXPECT_GE(
      count_containing(running, "STATUS=last poll") + count_containing(running, "STATUS=polling"),
      1);

  serve.signal(SIGTERM);
  const auto stopping = notify.receive(std::chrono::seconds(10), "STOPPING=1");
  EXPECT_EQ(count_containing(stopping, "STOPPING=1"), 1);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

TEST_F(SystemdTest, WatchdogStopsWhileTheWriterIsWedged) {
  NotifySocket notify(dir_.file("notify.sock"));
  ChildProcess serve({"serve", "--config", config_}, dir_.file("serve.log"), "/dev/null",
                     {"NOTIFY_SOCKET=" + dir_.file("notify.sock"), "WATCHDOG_USEC=1000000"});
  ASSERT_EQ(count_containing(notify.receive(std::chrono::seconds(20), "READY=1"), "READY=1"), 1);
  ASSERT_TRUE(eventually([&] { return log().find("last poll") != std::string::npos; })) << log();

  // Hold the database's write lock, then make the service write (SIGHUP
  // re-syncs sources): its loop blocks on the lock for the busy timeout (5 s).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(storage::exec(db, "BEGIN EXCLUSIVE").ok());
  notify.receive(std::chrono::milliseconds(100));  // drain
  serve.signal(SIGHUP);
  notify.receive(std::chrono::milliseconds(1500));  // pings may go on until 1 s of silence
  const auto wedged = notify.receive(std::chrono::milliseconds(2000));
  EXPECT_EQ(count_containing(wedged, "WATCHDOG=1"), 0);
  EXPECT_NE(log().find("withholding the watchdog ping"), std::string::npos) << log();

  ASSERT_TRUE(storage::exec(db, "ROLLBACK").ok());
  sqlite3_close_v2(db);
  // Alive again: pings resume.
  EXPECT_GE(count_containing(notify.receive(std::chrono::seconds(8)), "WATCHDOG=1"), 1);
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0) << log();
}

TEST_F(SystemdTest, ASecondInstanceOnTheSameDatabaseRefusesToStart) {
  ChildProcess first({"serve", "--config", config_}, dir_.file("serve.log"));
  ASSERT_TRUE(eventually([&] { return log().find("akhbar serving") != std::string::npos; }))
      << log();

  const auto second = run_akhbar({"poll", "--once", "--config", config_});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("another akhbar process (pid " + std::to_string(first.pid()) +
                            ") is already using " + db_),
            std::string::npos)
      << second.err;
  ChildProcess third({"serve", "--config", config_}, dir_.file("third.log"));
  EXPECT_EQ(third.wait_exit(std::chrono::seconds(20)), 1);

  first.signal(SIGTERM);
  ASSERT_EQ(first.wait_exit(std::chrono::seconds(20)), 0);
  // The lock went with the process: polling works again.
  EXPECT_EQ(run_akhbar({"poll", "--once", "--config", config_}).exit_code, 0);
}

TEST_F(SystemdTest, AKilledInstanceLeavesNoStaleLock) {
  ChildProcess first({"serve", "--config", config_}, dir_.file("serve.log"));
  ASSERT_TRUE(eventually([&] { return log().find("akhbar serving") != std::string::npos; }))
      << log();
  first.signal(SIGKILL);
  EXPECT_EQ(first.wait_exit(std::chrono::seconds(10)), 128 + SIGKILL);
  const auto next = run_akhbar({"poll", "--once", "--config", config_});
  EXPECT_EQ(next.exit_code, 0) << next.err;
}

}  // namespace
}  // namespace akhbar::testing
