#include "notify/exec_sink.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace akhbar::notify {
namespace {

using testing::TempDir;
using testing::write_file;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::atomic<bool> kNoStop{false};

TEST(RunCommand, PassesStdinAndCapturesOutputAndExitStatus) {
  TempDir dir;
  const std::string script = dir.file("s.sh");
  write_file(script, "cat > \"$1\"; echo out; echo err >&2; exit 3\n");
  const auto result =
      run_command({"sh", script, dir.file("in")}, "{\"x\":1}", CommandOptions{}, kNoStop);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.error, "exit status 3");
  EXPECT_EQ(result.output, "out\nerr\n");
  EXPECT_EQ(slurp(dir.file("in")), "{\"x\":1}");
}

TEST(RunCommand, ZeroIsSuccessAndNoShellIsInvolved) {
  // An argument with shell syntax reaches the program as it is.
  const auto result = run_command({"printf", "%s", "$(id) ; x"}, "", CommandOptions{}, kNoStop);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.output, "$(id) ; x");
}

TEST(RunCommand, ACommandThatHangsIsKilledAtTheTimeout) {
  CommandOptions options;
  options.timeout_ms = 300;
  const auto result = run_command({"sleep", "30"}, "", options, kNoStop);
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_EQ(result.error, "timed out after 300 ms");
}

TEST(RunCommand, ACommandIgnoringSigtermGetsSigkill) {
  TempDir dir;
  write_file(dir.file("s.sh"), "trap '' TERM\nwhile :; do sleep 1; done\n");
  CommandOptions options;
  options.timeout_ms = 200;
  const auto result = run_command({"sh", dir.file("s.sh")}, "", options, kNoStop);
  EXPECT_EQ(result.error, "timed out after 200 ms");
}

TEST(RunCommand, ACommandThatDoesNotReadItsInputStillCounts) {
  // Bigger than a pipe buffer, and the command never reads it: EPIPE, not SIGPIPE.
  const auto result = run_command({"true"}, std::string(1 << 20, 'x'), CommandOptions{}, kNoStop);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.error, "");
}

TEST(RunCommand, ABackgroundChildHoldingTheOutputDoesNotHideTheExit) {
  CommandOptions options;
  options.timeout_ms = 20'000;
  const auto result = run_command({"sh", "-c", "sleep 3 & echo started"}, "", options, kNoStop);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.output, "started\n");
}

TEST(RunCommand, AMissingProgramIsAnError) {
  const auto result = run_command({"/nonexistent/akhbar-hook"}, "", CommandOptions{}, kNoStop);
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_NE(result.error.find("/nonexistent/akhbar-hook"), std::string::npos) << result.error;
}

TEST(RunCommand, StoppingKillsTheCommand) {
  const std::atomic<bool> stop{true};
  const auto result = run_command({"sleep", "30"}, "", CommandOptions{}, stop);
  EXPECT_EQ(result.error, "stopped");
}

TEST(ExecSink, PerEventRunsOncePerEventWithItsJsonLine) {
  TempDir dir;
  write_file(dir.file("s.sh"), "n=$(ls \"$1\" | wc -l); cat > \"$1/$n\"\n");
  std::filesystem::create_directory(dir.file("got"));
  SinkSpec spec;
  spec.name = "cmd";
  spec.kind = "exec";
  spec.per_event = true;
  spec.command = {"sh", dir.file("s.sh"), dir.file("got")};
  ExecSink sink(spec);
  DeliveryBatch batch;
  batch.sink = "cmd";
  batch.delivery_id = "cmd.4-5";
  batch.events.push_back({{4, "article.new", 1, "t", R"({"site":"a"})"}, std::nullopt});
  batch.events.push_back({{5, "article.new", 2, "t", R"({"site":"b"})"}, std::nullopt});
  EXPECT_TRUE(sink.deliver(batch, kNoStop).delivered);
  const auto first = nlohmann::json::parse(slurp(dir.file("got/0")));
  const auto second = nlohmann::json::parse(slurp(dir.file("got/1")));
  EXPECT_EQ(first["id"], 4);
  EXPECT_EQ(second["id"], 5);
  EXPECT_EQ(second["payload"]["site"], "b");
}

}  // namespace
}  // namespace akhbar::notify
