// `akhbar events`: --follow with --since; --dead / --retry-dead usage rules
// and empty stores.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/child_process.h"
#include "tests/notify/notify_fixture.h"

namespace akhbar::testing {
namespace {

class EventsCliTest : public NotifyFixture {
 protected:
  void SetUp() override {
    NotifyFixture::SetUp();
    config_ = dir_.file("akhbar.toml");
    write_file(config_, "database = \"" + path_ + "\"\n");
  }
  std::string config_;
};

TEST_F(EventsCliTest, FollowSinceStartsAfterNThenPrintsNewEventsAsTheyCommit) {
  add_article("a.example", "ar", 1);
  const auto since = add_article("a.example", "ar", 2);  // its story event comes after it
  const std::string out = dir_.file("follow.out");
  ChildProcess follow({"events", "--follow", "--since", std::to_string(since), "--config", config_},
                      dir_.file("follow.err"), out);
  const auto printed_ids = [&] {
    std::vector<std::int64_t> ids;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) {
      const auto json = nlohmann::json::parse(line, nullptr, false);
      ids.push_back(json.is_object() ? json.value("id", std::int64_t{-1}) : -1);
    }
    return ids;
  };
  const std::vector<std::int64_t> backlog = {since + 1};
  ASSERT_TRUE(eventually([&] { return printed_ids() == backlog; })) << printed_ids().size();
  const auto later = add_article("b.example", "ar", 3);
  const std::vector<std::int64_t> all = {since + 1, later, later + 1};
  EXPECT_TRUE(eventually([&] { return printed_ids() == all; })) << printed_ids().size();
  EXPECT_TRUE(follow.running());
  follow.signal(SIGINT);
  EXPECT_EQ(follow.wait_exit(std::chrono::seconds(10)), 0);
}

TEST_F(EventsCliTest, DeadAndRetryGoAlone) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"events", "--dead", "--follow"},
                                             {"events", "--dead", "--since", "3"},
                                             {"events", "--dead", "--retry-dead", "hook"},
                                             {"events", "--retry-dead", "hook", "--json"},
                                             {"events", "--json"}}) {
    auto with_config = args;
    with_config.insert(with_config.end(), {"--config", config_});
    const auto result = run_akhbar(with_config);
    EXPECT_EQ(result.exit_code, 2) << args.back() << ": " << result.err;
  }
}

TEST_F(EventsCliTest, NoDeadLetters) {
  const auto json = run_akhbar({"events", "--dead", "--json", "--config", config_});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, "[]\n");
  const auto table = run_akhbar({"events", "--dead", "--config", config_});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_EQ(table.err, "no dead letters\n");
}

TEST_F(EventsCliTest, RetryOfAnUnconfiguredSinkWarnsAndAMissingDatabaseFails) {
  const auto retry = run_akhbar({"events", "--retry-dead", "gone", "--config", config_});
  EXPECT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_EQ(retry.out, "queued 0 dead letters of sink gone for delivery\n");
  EXPECT_NE(retry.err.find("no enabled sink 'gone'"), std::string::npos) << retry.err;
  write_file(config_, "database = \"" + dir_.file("missing.db") + "\"\n");
  const auto missing = run_akhbar({"events", "--retry-dead", "gone", "--config", config_});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such database"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace akhbar::testing
